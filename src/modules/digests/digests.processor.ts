import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.module';
import { DigestDeliverer } from './digest-deliverer.service';
import { DigestsService } from './digests.service';
import { DeliverJobData, DIGEST_JOBS, DIGEST_QUEUE } from './digests.constants';

/**
 * The one worker of the digest queue: ticks fan out, deliveries send. Job data is ids only; the
 * delivery row says what to do, so a repeated or late job does no harm. Deliveries wait mostly
 * on Postgres and SMTP, so several run at once.
 */
@Processor(DIGEST_QUEUE, { concurrency: 8 })
export class DigestsProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DigestsProcessor.name);
  private jobsUnderWay = 0;
  private readonly waitingForIdle: (() => void)[] = [];

  constructor(
    private readonly digests: DigestsService,
    private readonly deliverer: DigestDeliverer,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    super();
  }

  /**
   * Lets the jobs under way finish before anything else shuts down: a digest sent while the
   * database is already closed could not be marked sent, and would be sent again after a restart.
   * BullMQ's graceful close waits for Redis, forever when Redis is down; then no job can be
   * fetched anyway, so the worker stops taking jobs, the ones under way are awaited here, and it
   * is closed without waiting for Redis.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') {
      await this.worker.close();
      return;
    }
    await this.worker.pause(true);
    if (this.jobsUnderWay > 0) await new Promise<void>((resolve) => this.waitingForIdle.push(resolve));
    await this.worker.close(true);
  }

  async process(job: Job): Promise<unknown> {
    this.jobsUnderWay += 1;
    try {
      return await this.run(job);
    } finally {
      this.jobsUnderWay -= 1;
      if (this.jobsUnderWay === 0) this.waitingForIdle.splice(0).forEach((resolve) => resolve());
    }
  }

  private async run(job: Job): Promise<unknown> {
    switch (job.name) {
      case DIGEST_JOBS.tick: {
        const dispatched = await this.digests.tick();
        if (dispatched.length > 0) this.logger.log(`Tick queued digests of ${dispatched.length} municipalities`);
        return dispatched;
      }
      case DIGEST_JOBS.deliver: {
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        return this.deliverer.deliver((job.data as DeliverJobData).deliveryId, lastAttempt);
      }
      default:
        this.logger.warn(`Unknown digest job ${job.name} ignored`);
        return null;
    }
  }
}
