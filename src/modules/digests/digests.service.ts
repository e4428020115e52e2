import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock';
import { Page } from '../../common/pagination/pagination.dto';
import { AppConfig } from '../../config';
import { REDIS } from '../../redis/redis.module';
import { ActionPlansService } from '../action-plans/plans/action-plans.service';
import { MunicipalitiesService } from '../identity/municipalities/municipalities.service';
import { UsersService } from '../identity/users/users.service';
import { DigestDelivery, DigestKind, DIGEST_KINDS } from './digest-delivery.entity';
import { digestIsDue, digestPeriodKey } from './digest-period';
import { DeliverJobData, DIGEST_JOBS, DIGEST_QUEUE } from './digests.constants';
import { QUEUE_TIMEOUT_MS, QueueUnavailableError, withinTime } from './queue-availability';
import { crashHere } from './test-crash-hook';
import { DeliveryQuery } from './digests.dto';
import { DigestDeliveriesRepository } from './digest-deliveries.repository';
import { toDeliveryView } from './digest-delivery-view';
import type { DeliveryView, DispatchResult } from './digest-delivery-view';


/**
 * Records the week's deliveries (one per recipient and kind, unique) and queues a job for each.
 * Running it twice in a week queues nothing new; failed deliveries are queued again only when
 * asked to (sending "now").
 */
@Injectable()
export class DigestsService {
  private readonly logger = new Logger(DigestsService.name);

  constructor(
    private readonly repository: DigestDeliveriesRepository,
    @InjectQueue(DIGEST_QUEUE) private readonly queue: Queue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly municipalities: MunicipalitiesService,
    private readonly users: UsersService,
    private readonly plans: ActionPlansService,
  ) {}

  /**
   * POST /api/digests/send and the send-digests command. Refused (503) at once while Redis is
   * away, before anything is recorded, so the answer says plainly that nothing was queued.
   */
  async sendNow(actor: Pick<Actor, 'municipalityId'>, kinds: DigestKind[] = [...DIGEST_KINDS]): Promise<DispatchResult> {
    await withinTime(this.redis.ping(), QUEUE_TIMEOUT_MS, () => new QueueUnavailableError()).catch(() => {
      throw new QueueUnavailableError();
    });
    return this.dispatch(actor.municipalityId, this.clock.now(), kinds, { retryFailed: true });
  }

  /**
   * The scheduler's tick: the municipalities whose digest hour has come, once a week each; then
   * the deliveries that lost their job (see requeueLost).
   */
  async tick(now = this.clock.now()): Promise<string[]> {
    const municipalities = await this.municipalities.all();
    const dispatched: string[] = [];
    for (const municipality of municipalities) {
      if (!digestIsDue(now, municipality)) continue;
      const result = await this.dispatch(municipality.id, now, [...DIGEST_KINDS], { retryFailed: false, markDispatched: true });
      if (result) dispatched.push(municipality.code);
    }
    await this.requeueLost();
    return dispatched;
  }

  async deliveries(actor: Actor, query: DeliveryQuery): Promise<Page<DeliveryView>> {
    const [items, total] = await this.repository.page(actor.municipalityId, query, query);
    return { items: items.map(toDeliveryView), total };
  }

  /**
   * Records the period's deliveries and queues them. With `markDispatched`, the week's dispatch
   * marker is written in the same transaction as the deliveries, so a crash leaves either both
   * or neither; null when the marker was already there (the week was dispatched before).
   */
  private dispatch(municipalityId: string, now: Date, kinds: DigestKind[], options: { retryFailed: boolean; markDispatched: true }): Promise<DispatchResult | null>;
  private dispatch(municipalityId: string, now: Date, kinds: DigestKind[], options: { retryFailed: boolean; markDispatched?: false }): Promise<DispatchResult>;
  private async dispatch(municipalityId: string, now: Date, kinds: DigestKind[], options: { retryFailed: boolean; markDispatched?: boolean }): Promise<DispatchResult | null> {
    const municipality = await this.municipalities.byId(municipalityId);
    const periodKey = digestPeriodKey(now, municipality.timezone);
    const recipients = await this.recipients(municipalityId, periodKey, kinds);

    const period = { municipalityId, periodKey, kinds };
    const recorded = await this.repository.record(period, recipients, options);
    if (!recorded) return null;
    const { created, retried } = recorded;
    crashHere(this.config, 'after-dispatch');

    const queued = await this.repository.ofPeriod(period, ['queued']);
    await this.enqueue(queued);
    const done = await this.repository.countOfPeriod(period, ['sent', 'skipped']);
    this.logger.log(`Digests ${periodKey} of municipality ${municipalityId}: ${created} recorded, ${retried} retried, ${queued.length} queued`);
    return { periodKey, created, retried, alreadyDone: done };
  }

  /**
   * One delivery per kind for each active user who chose it; owner digests only for those who own
   * an open plan. Users and plans are read through their own modules.
   */
  private async recipients(municipalityId: string, periodKey: string, kinds: DigestKind[]): Promise<Pick<DigestDelivery, 'municipalityId' | 'userId' | 'kind' | 'periodKey'>[]> {
    const subscribers = await this.users.digestSubscribers(municipalityId);
    const owners = kinds.includes('owner')
      ? await this.plans.ownersOfOpenPlans({ municipalityId }, subscribers.filter((user) => user.ownerDigest).map((user) => user.id))
      : new Set<string>();
    return [
      ...(kinds.includes('leadership') ? subscribers.filter((user) => user.leadershipDigest).map((user) => ({ userId: user.id, kind: 'leadership' as const })) : []),
      ...subscribers.filter((user) => owners.has(user.id)).map((user) => ({ userId: user.id, kind: 'owner' as const })),
    ].map((recipient) => ({ municipalityId, periodKey, ...recipient }));
  }

  /**
   * One job per queued delivery, under a job id never used before: BullMQ ignores a job whose id
   * it still keeps, failed or completed, so an id that repeats could leave a delivery queued for
   * good. A delivery queued twice is harmless, since only one worker can claim it.
   * Answers 503 within a few seconds when Redis is away: the deliveries stay recorded as queued,
   * and the scheduler's tick queues them once Redis is back.
   */
  private async enqueue(deliveries: DigestDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const adding = this.queue.addBulk(
      deliveries.map((delivery) => ({
        name: DIGEST_JOBS.deliver,
        data: { deliveryId: delivery.id } satisfies DeliverJobData,
        opts: {
          jobId: `delivery-${delivery.id}-${randomUUID()}`,
          attempts: this.config.digestSendAttempts,
          backoff: { type: 'exponential', delay: this.config.digestRetryDelayMs },
          removeOnComplete: { age: 7 * 86_400 },
          removeOnFail: { age: 30 * 86_400 },
        },
      })),
    );
    await withinTime(adding, QUEUE_TIMEOUT_MS, () => new QueueUnavailableError());
  }

  /**
   * Deliveries whose job is gone: claimed by a worker that died (the lease has ended), or queued
   * and untouched for longer than every retry could take (a crash between recording and
   * queueing, a job BullMQ gave up as stalled, Redis restarted empty). Real time, not the clock:
   * leases are written in real time.
   */
  private async requeueLost(): Promise<void> {
    const lost = await this.repository.lost(this.config.digestStuckAfterMs / 1000);
    if (lost.length > 0) this.logger.warn(`Queueing again ${lost.length} digest deliveries that lost their job`);
    await this.enqueue(lost);
  }
}
