import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ProgressUpdate } from './progress-update.entity';

const UPDATE_COLUMNS = `"id", "municipality_id" AS "municipalityId", "action_plan_id" AS "actionPlanId", "author_id" AS "authorId", "status", "health", "progress", "comment", "created_at" AS "createdAt"`;
/**
 * A page of a plan's history with the number of its updates (a window count, saving a round trip):
 * a fixed statement, since the history is read on every look at a plan.
 */
const HISTORY_PAGE_SQL = `SELECT ${UPDATE_COLUMNS}, count(*) OVER ()::int AS "total" FROM "progress_update" WHERE "action_plan_id" = $1 AND "municipality_id" = $2 ORDER BY "created_at" DESC, "id" DESC LIMIT $3 OFFSET $4`;
/** The number of a plan's updates, for a page past the end (which has no row to carry it). */
const HISTORY_COUNT_SQL = `SELECT count(*)::int AS "total" FROM "progress_update" WHERE "action_plan_id" = $1 AND "municipality_id" = $2`;

/** Appends an update (the id is the table's default): a fixed statement. */
const INSERT_UPDATE_SQL = `INSERT INTO "progress_update" ("municipality_id", "action_plan_id", "author_id", "status", "health", "progress", "comment", "created_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "id"`;

/** Queries of a plan's progress history. */
@Injectable()
export class ProgressUpdatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of the plan's updates, newest first, and how many there are. */
  async page(municipalityId: string, actionPlanId: string, page: { limit: number; offset: number }): Promise<[ProgressUpdate[], number]> {
    const rows = await this.dataSource.query<(ProgressUpdate & { total: number })[]>(HISTORY_PAGE_SQL, [actionPlanId, municipalityId, page.limit, page.offset]);
    if (rows.length === 0 && page.offset > 0) {
      const [{ total }] = await this.dataSource.query<{ total: number }[]>(HISTORY_COUNT_SQL, [actionPlanId, municipalityId]);
      return [[], total];
    }
    return [rows.map(({ total: _total, ...update }) => update), rows[0]?.total ?? 0];
  }

  /** The plan's latest update, if it has any. */
  latest(manager: EntityManager, actionPlanId: string): Promise<ProgressUpdate | null> {
    return manager.findOne(ProgressUpdate, { where: { actionPlanId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  hasAny(manager: EntityManager, actionPlanId: string): Promise<boolean> {
    return manager.existsBy(ProgressUpdate, { actionPlanId });
  }

  async insert(manager: EntityManager, update: Omit<ProgressUpdate, 'id'>): Promise<ProgressUpdate> {
    const [{ id }] = await manager.query<{ id: string }[]>(INSERT_UPDATE_SQL, [
      update.municipalityId,
      update.actionPlanId,
      update.authorId,
      update.status,
      update.health,
      update.progress,
      update.comment,
      update.createdAt,
    ]);
    return { ...update, id };
  }
}
