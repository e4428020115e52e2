import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../config';
import { REDIS } from '../../redis/redis.module';
import { DeploymentGuard } from './deployment-guard.service';
import { DIGEST_JOBS, DIGEST_QUEUE, DIGEST_TICK_SCHEDULER_ID } from './digests.constants';

/**
 * Keeps the tick's job scheduler registered in Redis: at start, whenever the connection to Redis
 * is ready again (a restart may have emptied it), and every DIGEST_SCHEDULER_CHECK_MS (a FLUSHALL
 * keeps the connection). upsertJobScheduler is idempotent, so any number of worker processes keep
 * exactly one scheduler.
 */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DigestScheduler.name);
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    @InjectQueue(DIGEST_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly guard: DeploymentGuard,
  ) {}

  /** Not awaited: the service starts (and its health check says so) while Redis is away. */
  onApplicationBootstrap(): void {
    void this.keepRegistered();
    this.timer = setInterval(() => void this.keepRegistered(), this.config.digestSchedulerCheckMs);
    this.timer.unref();
    // The app's own connection reconnects when the queue's does: its `ready` says Redis is back.
    this.redis.on('ready', this.onRedisReady);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.redis.off('ready', this.onRedisReady);
  }

  private readonly onRedisReady = () => void this.keepRegistered();

  /** One check at a time: while Redis is away a check waits for it, and the next ones join it. */
  keepRegistered(): Promise<void> {
    this.checking ??= this.registerIfMissing()
      .catch((error: Error) => this.logger.error(`Digest tick not scheduled: ${error.message}`))
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async registerIfMissing(): Promise<void> {
    // An emptied Redis has also lost the queue's owner; record it again.
    const { ownership } = await this.guard.ownership();
    if (ownership === 'foreign') throw new Error('the digest queue belongs to another deployment; see /api/health');
    const pattern = this.config.digestTickPattern;
    if (!pattern) {
      await this.queue.removeJobScheduler(DIGEST_TICK_SCHEDULER_ID);
      return;
    }
    const existing = await this.queue.getJobScheduler(DIGEST_TICK_SCHEDULER_ID);
    if (existing?.pattern === pattern) return;
    await this.queue.upsertJobScheduler(DIGEST_TICK_SCHEDULER_ID, { pattern }, { name: DIGEST_JOBS.tick, data: {} });
    this.logger.log(`Digest tick scheduled: ${pattern}`);
  }
}
