import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, In, LessThan } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors/domain-error';
import { Page } from '../../common/pagination/pagination.dto';
import { AppConfig } from '../../config';
import { Municipality } from '../identity/municipalities/municipality.entity';
import { DeliveryStatus, DigestDelivery, DigestDispatch, DigestKind, DIGEST_KINDS } from './digest-delivery.entity';
import { digestIsDue, digestPeriodKey } from './digest-period';
import { DeliverJobData, DIGEST_JOBS, DIGEST_QUEUE, STUCK_DELIVERY_MINUTES } from './digests.constants';
import { DeliveryQuery } from './digests.dto';

export interface DispatchResult {
  periodKey: string;
  /** Deliveries recorded now. */
  created: number;
  /** Failed deliveries of the period queued again. */
  retried: number;
  /** Deliveries of the period already sent or skipped, left alone. */
  alreadyDone: number;
}

/**
 * Records the week's deliveries (one per recipient and kind, unique) and queues a job for each.
 * Running it twice in a week queues nothing new; failed deliveries are queued again only when
 * asked to (sending "now").
 */
@Injectable()
export class DigestsService {
  private readonly logger = new Logger(DigestsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(DIGEST_QUEUE) private readonly queue: Queue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** POST /api/digests/send and the send-digests command. */
  sendNow(actor: Pick<Actor, 'municipalityId'>, kinds: DigestKind[] = [...DIGEST_KINDS]): Promise<DispatchResult> {
    return this.dispatch(actor.municipalityId, this.clock.now(), kinds, { retryFailed: true });
  }

  /** The scheduler's hourly tick: the municipalities whose digest hour has come, once a week each. */
  async tick(now = this.clock.now()): Promise<string[]> {
    const municipalities = await this.dataSource.getRepository(Municipality).find();
    const dispatched: string[] = [];
    for (const municipality of municipalities) {
      if (!digestIsDue(now, municipality)) continue;
      const periodKey = digestPeriodKey(now, municipality.timezone);
      const marked = await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(DigestDispatch)
        .values({ municipalityId: municipality.id, periodKey })
        .orIgnore()
        .returning(['id'])
        .execute();
      if ((marked.raw as unknown[]).length === 0) continue;
      await this.dispatch(municipality.id, now, [...DIGEST_KINDS], { retryFailed: false });
      dispatched.push(municipality.code);
    }
    await this.requeueStuck(now);
    return dispatched;
  }

  async deliveries(actor: Actor, query: DeliveryQuery): Promise<Page<DigestDelivery>> {
    const where = {
      municipalityId: actor.municipalityId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.periodKey ? { periodKey: query.periodKey } : {}),
      ...(query.userId ? { userId: query.userId } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
    };
    const [items, total] = await this.dataSource.getRepository(DigestDelivery).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items, total };
  }

  private async dispatch(municipalityId: string, now: Date, kinds: DigestKind[], options: { retryFailed: boolean }): Promise<DispatchResult> {
    const municipality = await this.dataSource.getRepository(Municipality).findOneBy({ id: municipalityId });
    if (!municipality) throw new NotFoundError('municipality');
    const periodKey = digestPeriodKey(now, municipality.timezone);

    const { created, retried } = await this.dataSource.transaction(async (manager) => {
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO "digest_delivery" ("municipality_id", "user_id", "kind", "period_key")
         SELECT $1, "u"."id", 'leadership', $2 FROM "app_user" "u"
          WHERE 'leadership' = ANY($3) AND "u"."municipality_id" = $1 AND "u"."active" AND "u"."leadership_digest"
         UNION ALL
         SELECT $1, "u"."id", 'owner', $2 FROM "app_user" "u"
          WHERE 'owner' = ANY($3) AND "u"."municipality_id" = $1 AND "u"."active" AND "u"."owner_digest"
            AND EXISTS (SELECT 1 FROM "action_plan" "p" WHERE "p"."owner_id" = "u"."id" AND "p"."status" IN ('planned', 'in_progress'))
         ON CONFLICT ON CONSTRAINT "UQ_digest_delivery_user_kind_period" DO NOTHING
         RETURNING "id"`,
        [municipalityId, periodKey, kinds],
      );
      const requeued = options.retryFailed
        ? await manager.update(DigestDelivery, { municipalityId, periodKey, kind: In(kinds), status: 'failed' }, { status: 'queued' })
        : { affected: 0 };
      return { created: inserted.length, retried: requeued.affected ?? 0 };
    });

    const queued = await this.dataSource.getRepository(DigestDelivery).findBy({ municipalityId, periodKey, kind: In(kinds), status: 'queued' });
    await this.enqueue(queued);
    const done = await this.dataSource.getRepository(DigestDelivery).countBy({ municipalityId, periodKey, kind: In(kinds), status: In<DeliveryStatus>(['sent', 'skipped']) });
    this.logger.log(`Digests ${periodKey} of municipality ${municipalityId}: ${created} recorded, ${retried} retried, ${queued.length} queued`);
    return { periodKey, created, retried, alreadyDone: done };
  }

  /**
   * One job per queued delivery. The job id names the delivery and its attempt count, so queueing
   * the same delivery again while its job waits adds nothing, and a retry after failure is a new job.
   */
  private async enqueue(deliveries: DigestDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.queue.addBulk(
      deliveries.map((delivery) => ({
        name: DIGEST_JOBS.deliver,
        data: { deliveryId: delivery.id } satisfies DeliverJobData,
        opts: {
          jobId: `delivery-${delivery.id}-${delivery.attempts}`,
          attempts: this.config.digestSendAttempts,
          backoff: { type: 'exponential', delay: this.config.digestRetryDelayMs },
          removeOnComplete: { age: 7 * 86_400 },
          removeOnFail: { age: 30 * 86_400 },
        },
      })),
    );
  }

  /** Deliveries recorded but never picked up (a crash between recording and queueing). */
  private async requeueStuck(now: Date): Promise<void> {
    const stuck = await this.dataSource.getRepository(DigestDelivery).findBy({
      status: 'queued',
      updatedAt: LessThan(new Date(now.getTime() - STUCK_DELIVERY_MINUTES * 60_000)),
    });
    await this.enqueue(stuck);
  }
}
