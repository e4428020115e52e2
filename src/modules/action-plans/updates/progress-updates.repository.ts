import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ProgressUpdate } from './progress-update.entity';

/** Queries of a plan's progress history. */
@Injectable()
export class ProgressUpdatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of the plan's updates, newest first, and how many there are. */
  page(municipalityId: string, actionPlanId: string, page: { limit: number; offset: number }): Promise<[ProgressUpdate[], number]> {
    return this.dataSource.getRepository(ProgressUpdate).findAndCount({
      where: { actionPlanId, municipalityId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  /** The plan's latest update, if it has any. */
  latest(manager: EntityManager, actionPlanId: string): Promise<ProgressUpdate | null> {
    return manager.findOne(ProgressUpdate, { where: { actionPlanId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  hasAny(manager: EntityManager, actionPlanId: string): Promise<boolean> {
    return manager.existsBy(ProgressUpdate, { actionPlanId });
  }

  save(manager: EntityManager, update: ProgressUpdate): Promise<ProgressUpdate> {
    return manager.save(update);
  }
}
