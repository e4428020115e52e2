import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../../config';
import { DIGEST_JOBS, DIGEST_QUEUE, DIGEST_TICK_SCHEDULER_ID } from './digests.constants';

/**
 * Registers the hourly tick at every start. upsertJobScheduler is idempotent, so any number of
 * processes starting any number of times keep exactly one scheduler.
 */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(DigestScheduler.name);

  constructor(
    @InjectQueue(DIGEST_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  /**
   * Not awaited: the service starts (and its health check says so) while Redis is away; the
   * registration goes through when Redis answers.
   */
  onApplicationBootstrap(): void {
    void this.register().catch((error: Error) => this.logger.error(`Digest tick not scheduled: ${error.message}`));
  }

  private async register(): Promise<void> {
    if (!this.config.digestTickPattern) {
      await this.queue.removeJobScheduler(DIGEST_TICK_SCHEDULER_ID);
      return;
    }
    await this.queue.upsertJobScheduler(DIGEST_TICK_SCHEDULER_ID, { pattern: this.config.digestTickPattern }, { name: DIGEST_JOBS.tick, data: {} });
    this.logger.log(`Digest tick scheduled: ${this.config.digestTickPattern}`);
  }
}
