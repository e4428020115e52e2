import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { claimForSending, findLeasedSend, finishSending } from '../../database/leased-send';
import { DeliveryStatus, Deployment, DigestDelivery, DigestDispatch, DigestKind } from './digest-delivery.entity';

type NewDelivery = Pick<DigestDelivery, 'municipalityId' | 'userId' | 'kind' | 'periodKey'>;

/** Queries of the digest tables: deliveries, the weekly dispatch marker, the deployment's identity. */
@Injectable()
export class DigestDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  page(
    municipalityId: string,
    filters: { status?: DeliveryStatus; periodKey?: string; userId?: string; kind?: DigestKind },
    page: { limit: number; offset: number },
  ): Promise<[DigestDelivery[], number]> {
    return this.dataSource.getRepository(DigestDelivery).findAndCount({
      where: {
        municipalityId,
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.periodKey ? { periodKey: filters.periodKey } : {}),
        ...(filters.userId ? { userId: filters.userId } : {}),
        ...(filters.kind ? { kind: filters.kind } : {}),
      },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  /**
   * Records a period's deliveries (those already there are left alone) and, with `retryFailed`,
   * queues the failed ones again, in one transaction. With `markDispatched`, the week's dispatch
   * marker goes in the same transaction, so a crash leaves either both or neither; null when the
   * marker was there already.
   */
  record(
    place: { municipalityId: string; periodKey: string; kinds: DigestKind[] },
    deliveries: NewDelivery[],
    options: { retryFailed: boolean; markDispatched?: boolean },
  ): Promise<{ created: number; retried: number } | null> {
    const { municipalityId, periodKey, kinds } = place;
    return this.dataSource.transaction(async (manager) => {
      if (options.markDispatched) {
        const marked = await manager.createQueryBuilder().insert().into(DigestDispatch).values({ municipalityId, periodKey }).orIgnore().returning(['id']).execute();
        if ((marked.raw as unknown[]).length === 0) return null;
      }
      const inserted =
        deliveries.length === 0
          ? []
          : ((await manager.createQueryBuilder().insert().into(DigestDelivery).values(deliveries).orIgnore().returning(['id']).execute()).raw as { id: string }[]);
      const requeued = options.retryFailed
        ? await manager.update(DigestDelivery, { municipalityId, periodKey, kind: In(kinds), status: 'failed' }, { status: 'queued' })
        : { affected: 0 };
      return { created: inserted.length, retried: requeued.affected ?? 0 };
    });
  }

  ofPeriod({ municipalityId, periodKey, kinds }: { municipalityId: string; periodKey: string; kinds: DigestKind[] }, statuses: DeliveryStatus[]): Promise<DigestDelivery[]> {
    return this.dataSource.getRepository(DigestDelivery).findBy({ municipalityId, periodKey, kind: In(kinds), status: In(statuses) });
  }

  countOfPeriod({ municipalityId, periodKey, kinds }: { municipalityId: string; periodKey: string; kinds: DigestKind[] }, statuses: DeliveryStatus[]): Promise<number> {
    return this.dataSource.getRepository(DigestDelivery).countBy({ municipalityId, periodKey, kind: In(kinds), status: In(statuses) });
  }

  /**
   * Deliveries whose job is gone: claimed by a worker whose lease has ended, or queued and untouched
   * for longer than `stuckSeconds`. Real time, not the clock: leases are written in real time.
   */
  lost(stuckSeconds: number): Promise<DigestDelivery[]> {
    return this.dataSource
      .getRepository(DigestDelivery)
      .createQueryBuilder('delivery')
      .where(`delivery.status = 'sending' AND delivery.lease_until < now()`)
      .orWhere(`delivery.status = 'queued' AND delivery.updated_at < now() - make_interval(secs => :stuckSeconds)`, { stuckSeconds })
      .getMany();
  }

  /** The id of this database's deployment (its one row). */
  async deploymentId(): Promise<string> {
    return (await this.dataSource.getRepository(Deployment).findOneByOrFail({ singleton: true })).id;
  }

  byId(id: string): Promise<DigestDelivery | null> {
    return findLeasedSend(this.dataSource.manager, DigestDelivery, id);
  }

  /** Takes the delivery for a worker (`claimForSending`): the delivery as claimed, or null when another worker holds it or it is done. */
  claim(id: string, leaseSeconds: number): Promise<DigestDelivery | null> {
    return claimForSending(this.dataSource.manager, DigestDelivery, id, leaseSeconds);
  }

  /** Ends a worker's hold, if it still has it (its lease may have ended and passed on). */
  finish(delivery: Pick<DigestDelivery, 'id' | 'leaseUntil'>, changes: Partial<DigestDelivery>): Promise<void> {
    return finishSending(this.dataSource.manager, DigestDelivery, delivery, changes);
  }
}
