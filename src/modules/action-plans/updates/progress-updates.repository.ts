import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
}
