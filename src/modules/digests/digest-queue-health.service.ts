import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../../config';
import { DeploymentGuard } from './deployment-guard.service';
import { DIGEST_QUEUE, DIGEST_TICK_SCHEDULER_ID } from './digests.constants';
import { withinTime } from './queue-availability';

export interface DigestQueueHealth {
  /** `missing`: Redis lost it and no worker has registered it again yet; weekly digests would stop. */
  scheduler: 'registered' | 'missing' | 'off' | 'unknown';
  /** `foreign`: another database's deployment uses this Redis and key prefix. */
  queueOwner: 'this deployment' | 'not recorded' | 'foreign' | 'unknown';
  redisKeyPrefix: string;
  deploymentId: string;
}

/** What the health check reports of the digest queue; `unknown` while Redis does not answer. */
@Injectable()
export class DigestQueueHealthCheck {
  constructor(
    @InjectQueue(DIGEST_QUEUE) private readonly queue: Queue,
    private readonly guard: DeploymentGuard,
    private readonly config: AppConfig,
  ) {}

  async check(timeoutMs: number): Promise<DigestQueueHealth> {
    const timedOut = () => new Error('timed out');
    const [scheduler, recorded, deploymentId] = await Promise.all([
      this.config.digestTickPattern
        ? withinTime(this.queue.getJobScheduler(DIGEST_TICK_SCHEDULER_ID), timeoutMs, timedOut).then(
            (found) => (found ? ('registered' as const) : ('missing' as const)),
            () => 'unknown' as const,
          )
        : ('off' as const),
      withinTime(this.guard.recorded(), timeoutMs, timedOut).then(
        (id) => id ?? ('not recorded' as const),
        () => 'unknown' as const,
      ),
      withinTime(this.guard.deploymentId(), timeoutMs, timedOut).catch(() => 'unknown'),
    ]);
    const queueOwner =
      recorded === 'unknown' || recorded === 'not recorded' ? recorded : deploymentId === 'unknown' ? 'unknown' : recorded === deploymentId ? 'this deployment' : 'foreign';
    return { scheduler, queueOwner, redisKeyPrefix: this.config.redisKeyPrefix, deploymentId };
  }
}
