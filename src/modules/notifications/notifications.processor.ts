import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
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
  ) {
    super();
  }

  /** Registers the tick (idempotent); while Redis is away the worker starts without it and the next start registers it. */
  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = this.config.digestConcurrency;
    const pattern = this.config.notificationTickPattern;
    try {
      if (pattern) await this.queue.upsertJobScheduler(TICK_SCHEDULER_ID, { pattern }, { name: NOTIFICATION_JOBS.tick, data: {} });
      else await this.queue.removeJobScheduler(TICK_SCHEDULER_ID);
    } catch (error) {
      this.logger.warn(`Notification tick not registered: ${(error as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.race([this.worker.close(), new Promise((resolve) => setTimeout(resolve, this.config.shutdownGraceMs))]);
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
