import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/auth.decorators';
import { DigestQueueHealthCheck, type DigestQueueHealth } from '../modules/digests/digest-queue-health.service';
import { REDIS } from '../redis/redis.module';

const CHECK_TIMEOUT_MS = 1500;

class HealthResponse {
  @ApiProperty({ enum: ['ok', 'down'] }) status: 'ok' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) redis: 'up' | 'down';
  @ApiProperty({ enum: ['registered', 'missing', 'off', 'unknown'], description: "The digest tick's job scheduler in Redis" })
  digestScheduler: DigestQueueHealth['scheduler'];
  @ApiProperty({ enum: ['this deployment', 'not recorded', 'foreign', 'unknown'], description: 'Which deployment the digest queue under this key prefix belongs to' })
  digestQueueOwner: DigestQueueHealth['queueOwner'];
  @ApiProperty({ description: 'Prefix of every Redis key of this deployment' }) redisKeyPrefix: string;
  @ApiProperty({ description: "This database's deployment id" }) deploymentId: string;
  @ApiProperty({ required: false, description: 'What is wrong, in words' }) message?: string;
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref()),
  ]);
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly digestQueue: DigestQueueHealthCheck,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: "Whether the database and Redis answer, and the digest queue's state" })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'The database or Redis is unreachable' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    const [database, redis, queue] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1')).then(() => 'up' as const, () => 'down' as const),
      withTimeout(this.redis.ping()).then(() => 'up' as const, () => 'down' as const),
      this.digestQueue.check(CHECK_TIMEOUT_MS),
    ]);
    const report = {
      database,
      redis,
      digestScheduler: queue.scheduler,
      digestQueueOwner: queue.queueOwner,
      redisKeyPrefix: queue.redisKeyPrefix,
      deploymentId: queue.deploymentId,
    };
    const down = [database === 'down' && 'database', redis === 'down' && 'Redis'].filter(Boolean);
    const problems = [
      down.length > 0 && `Unreachable: ${down.join(' and ')}`,
      queue.scheduler === 'missing' && 'The digest scheduler is missing from Redis (no worker has registered it again)',
      queue.queueOwner === 'foreign' && `The digest queue under prefix "${queue.redisKeyPrefix}" belongs to another deployment`,
    ].filter(Boolean);
    if (problems.length > 0) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'down', ...report, message: problems.join('; ') };
    }
    return { status: 'ok', ...report };
  }
}
