import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../config';
import { REDIS } from '../../redis/redis.module';
import { DeploymentGuard, ForeignQueueError } from './deployment-guard.service';
import { DeliveryFailedError, DeliveryMissingError, DigestDeliverer } from './digest-deliverer.service';
import { DigestsService } from './digests.service';
import { DeliverJobData, DIGEST_JOBS, DIGEST_QUEUE } from './digests.constants';
import { withinTime } from './queue-availability';

/** How often a worker that started while Redis was away tries again to check the queue's owner. */
const OWNERSHIP_RETRY_MS = 1000;

/**
 * The one worker of the digest queue: ticks fan out, deliveries send. Job data is ids only; the
 * delivery row says what to do, so a repeated or late job does no harm. It takes no job before
 * it knows the queue belongs to this deployment, and runs DIGEST_CONCURRENCY jobs at once.
 */
@Processor(DIGEST_QUEUE, { autorun: false })
export class DigestsProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DigestsProcessor.name);
  private jobsUnderWay = 0;
  private readonly waitingForIdle: (() => void)[] = [];
  private stopping = false;

  constructor(
    private readonly digests: DigestsService,
    private readonly deliverer: DigestDeliverer,
    private readonly guard: DeploymentGuard,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    super();
  }

  /**
   * Starts taking jobs once the queue is known to be this deployment's. A queue of another
   * deployment stops the start; while Redis is away the process starts (the API serves) and the
   * worker begins when Redis answers.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = this.config.digestConcurrency;
    try {
      await this.startIfOurs();
    } catch (error) {
      if (error instanceof ForeignQueueError) throw error;
      this.logger.warn(`Digest worker waits for Redis: ${(error as Error).message}`);
      void this.startWhenRedisAnswers();
    }
  }

  /**
   * Lets the jobs under way finish, for at most SHUTDOWN_GRACE_MS, before anything else shuts
   * down: a digest sent while the database is already closed could not be marked sent. A send
   * that outlasts the grace period stays `sending`; its lease ends and another worker sends it
   * again with the same Message-ID. BullMQ's graceful close waits for Redis, forever when Redis
   * is down, so it is bounded too.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.worker.pause(true);
    const idle = this.jobsUnderWay === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.waitingForIdle.push(resolve));
    const finished = await withinTime(idle, this.config.shutdownGraceMs, () => new Error('grace period over')).then(
      () => true,
      () => false,
    );
    if (!finished) this.logger.warn(`Stopping with ${this.jobsUnderWay} digest jobs under way; their deliveries are sent again once their lease ends`);
    const graceful = finished && this.redis.status === 'ready';
    await withinTime(this.worker.close(!graceful), 2000, () => new Error('close timed out')).catch(() => undefined);
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

  private async startIfOurs(): Promise<void> {
    const { ownership, ours, recorded } = await this.guard.ownership();
    if (ownership === 'foreign') {
      const error = new ForeignQueueError(this.config.redisKeyPrefix, ours, recorded);
      this.logger.fatal(error.message);
      throw error;
    }
    if (this.stopping) return;
    void this.worker.run().catch((error: Error) => this.logger.error(`Digest worker stopped: ${error.message}`));
  }

  private async startWhenRedisAnswers(): Promise<void> {
    while (!this.stopping) {
      await new Promise((resolve) => setTimeout(resolve, OWNERSHIP_RETRY_MS));
      try {
        await this.startIfOurs();
        return;
      } catch (error) {
        if (error instanceof ForeignQueueError) return;
      }
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
        const { deliveryId } = job.data as DeliverJobData;
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        try {
          return await this.deliverer.deliver(deliveryId, lastAttempt);
        } catch (error) {
          // Neither a permanent SMTP rejection nor a job without its delivery is worth a retry.
          if (error instanceof DeliveryFailedError && error.permanent) throw new UnrecoverableError(error.message);
          if (error instanceof DeliveryMissingError) {
            this.logger.error(`Digest job ${job.id} names delivery ${deliveryId}, which does not exist`);
            throw new UnrecoverableError(error.message);
          }
          throw error;
        }
      }
      default:
        this.logger.warn(`Unknown digest job ${job.name} ignored`);
        return null;
    }
  }
}
