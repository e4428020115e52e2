import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.module';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config';
import { NotificationDeliverer, NotificationFailedError } from './notification-deliverer.service';
import { NotificationsService } from './notifications.service';
import { NOTIFICATION_JOBS, NOTIFICATION_QUEUE, type NotificationJobData } from './notifications.constants';

const TICK_SCHEDULER_ID = 'notification-tick';

/**
 * The worker of the notification queue: the tick finds reminders and overdue notices, a deliver
 * job sends one notification. Job data is ids only; the notification row says what to do.
 */
@Processor(NOTIFICATION_QUEUE)
export class NotificationsProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly notifications: NotificationsService,
    private readonly deliverer: NotificationDeliverer,
    private readonly config: AppConfig,
    @InjectQueue(NOTIFICATION_QUEUE) private readonly queue: Queue,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    super();
  }

  /**
   * Registers the tick (idempotent), without holding the start up: BullMQ keeps the command while
   * Redis is away and sends it when Redis is back, so the API serves meanwhile.
   */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.digestConcurrency;
    const pattern = this.config.notificationTickPattern;
    const registering = pattern
      ? this.queue.upsertJobScheduler(TICK_SCHEDULER_ID, { pattern }, { name: NOTIFICATION_JOBS.tick, data: {} })
      : this.queue.removeJobScheduler(TICK_SCHEDULER_ID);
    void registering.catch((error: Error) => this.logger.warn(`Notification tick not registered: ${error.message}`));
  }

  /**
   * Lets sends under way finish (at most SHUTDOWN_GRACE_MS); one cut short is sent again after
   * its lease, with the same Message-ID. BullMQ's graceful close waits for Redis, forever when
   * Redis is down, so without Redis it closes at once, and every close is bounded.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const graceful = this.redis.status === 'ready';
    await bounded(this.worker.close(!graceful), graceful ? this.config.shutdownGraceMs : 2000);
    if (graceful) await bounded(this.worker.close(true), 2000);
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case NOTIFICATION_JOBS.tick:
        return this.notifications.tick();
      case NOTIFICATION_JOBS.deliver: {
        const { notificationId } = job.data as NotificationJobData;
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        try {
          return await this.deliverer.deliver(notificationId, lastAttempt);
        } catch (error) {
          if (error instanceof NotificationFailedError && error.permanent) throw new UnrecoverableError(error.message);
          throw error;
        }
      }
      default:
        this.logger.warn(`Unknown notification job ${job.name} ignored`);
        return null;
    }
  }
}

/** Waits for `work` at most `ms`; what is left of it goes on without being waited for. */
async function bounded(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}
