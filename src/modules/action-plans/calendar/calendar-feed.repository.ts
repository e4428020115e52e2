import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ACTIVE_STATUSES, ActionPlan } from '../plans/action-plan.entity';
import type { ActionPlanStatus, Health } from '../plans/action-plan.entity';
import { CalendarFeed } from './calendar-feed.entity';

/** What a calendar event says of a plan. */
export interface CalendarPlanRow {
  id: string;
  title: string;
  dueDate: string;
  status: ActionPlanStatus;
  health: Health | null;
  progress: number;
  version: number;
  updatedAt: Date;
  ownerName: string;
}

@Injectable()
export class CalendarFeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  ofUser(municipalityId: string, userId: string): Promise<CalendarFeed | null> {
    return this.dataSource.getRepository(CalendarFeed).findOneBy({ municipalityId, userId });
  }

  byToken(token: string): Promise<CalendarFeed | null> {
    return this.dataSource.getRepository(CalendarFeed).findOneBy({ token });
  }

  /** Creates the user's feed or gives it a new token (the old address stops working at once). */
  async save(feed: Pick<CalendarFeed, 'userId' | 'municipalityId' | 'token' | 'allPlans'>): Promise<void> {
    await this.dataSource.getRepository(CalendarFeed).upsert(feed, ['userId']);
  }

  async setAllPlans(municipalityId: string, userId: string, allPlans: boolean): Promise<void> {
    await this.dataSource.getRepository(CalendarFeed).update({ municipalityId, userId }, { allPlans });
  }

  async remove(municipalityId: string, userId: string): Promise<void> {
    await this.dataSource.getRepository(CalendarFeed).delete({ municipalityId, userId });
  }

  /** The open (planned or in progress) plans of the municipality, or of one owner, by due date. */
  openPlans(municipalityId: string, ownerId: string | null): Promise<CalendarPlanRow[]> {
    const query = this.dataSource
      .getRepository(ActionPlan)
      .createQueryBuilder('plan')
      .innerJoin('plan.owner', 'owner')
      .select([
        'plan.id AS "id"',
        'plan.title AS "title"',
        `to_char(plan.dueDate, 'YYYY-MM-DD') AS "dueDate"`,
        'plan.status AS "status"',
        'plan.health AS "health"',
        'plan.progress AS "progress"',
        'plan.version AS "version"',
        'plan.updatedAt AS "updatedAt"',
        'owner.name AS "ownerName"',
      ])
      .where('plan.municipalityId = :municipalityId', { municipalityId })
      .andWhere('plan.status IN (:...open)', { open: ACTIVE_STATUSES })
      .orderBy('plan.dueDate', 'ASC')
      .addOrderBy('plan.id', 'ASC');
    if (ownerId) query.andWhere('plan.ownerId = :ownerId', { ownerId });
    return query.getRawMany<CalendarPlanRow>();
  }
}
