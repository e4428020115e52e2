import type { PlanNoticeDue } from './plan-owner-events';
import { Injectable } from '@nestjs/common';
import { assignmentsSql } from '../../../database/assignments-sql';
import { readsOn } from '../../../database/reads-on';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { findingCoveredSql, planStateSql, planStateSqlWithParams } from './action-plan-states';
import type { PlanMoment, PlanStateSql } from './action-plan-states';
import { ActionPlanFilters, ActionPlanSort, ActionPlanView, TargetView } from './action-plan.dto';
import { ACTIVE_STATUSES, ActionPlan, ActionPlanFinding, ActionPlanTarget, Effect, Health } from './action-plan.entity';

const SORT_COLUMNS: Record<string, string> = {
  dueDate: '"plan"."due_date"',
  updatedAt: '"plan"."updated_at"',
  createdAt: '"plan"."created_at"',
  title: 'lower("plan"."title")',
  priority: `CASE "plan"."priority" WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END`,
  progress: '"plan"."progress"',
};

/**
 * Sorted by due date, open plans come first: a completed or cancelled plan's deadline no longer
 * asks anything of anyone, and its past date would otherwise head the list.
 */
const CLOSED_PLANS_LAST = `"plan"."status" IN ('completed', 'cancelled')`;

function orderBySql(sort: ActionPlanSort): string {
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  const column = sort.replace(/^-/, '');
  return `${column === 'dueDate' ? `${CLOSED_PLANS_LAST} ASC, ` : ''}${SORT_COLUMNS[column]} ${direction}, "plan"."id" ASC`;
}

interface PlanRow {
  id: string;
  title: string;
  description: string | null;
  owner_id: string;
  unit: string | null;
  start_date: string | null;
  due_date: string;
  status: ActionPlanView['status'];
  health: ActionPlanView['health'];
  progress: number;
  priority: ActionPlanView['priority'];
  expected_effect: string | null;
  completed_at: Date | null;
  last_update_at: Date | null;
  latest_comment: string | null;
  cancellation_reason: string | null;
  cancelled_at: Date | null;
  cancelled_by_id: string | null;
  effect: ActionPlanView['effect'];
  effect_comment: string | null;
  effect_set_by_id: string | null;
  effect_set_at: Date | null;
  overdue: boolean;
  due_soon: boolean;
  stale: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * A plan as its own tables hold it: people and findings by id. The service adds their names and
 * texts from the identity and evaluations modules to make the view.
 */
export type PlanRecord = Omit<ActionPlanView, 'owner' | 'cancellation' | 'effectSetBy' | 'findings'> & {
  ownerId: string;
  cancellation: { reason: string | null; at: Date | null; byId: string | null } | null;
  effectSetById: string | null;
  findingIds: string[];
};

/** A plan without its links to findings and its targets: what a list that names plans needs. */
export type PlanBriefRecord = Omit<PlanRecord, 'findingIds' | 'targets'>;

/** How many of an owner's plans have each reason to be in their digest, and how many have any. */
export interface OwnerAttentionTotals {
  overdue: number;
  dueSoon: number;
  stale: number;
  all: number;
}

/**
 * The list's filters with the finding criteria resolved by the evaluations module to finding ids,
 * and its days ("completed from 2 March") to the instants they start at in the municipality.
 */
export type PlanRecordFilters = Omit<ActionPlanFilters, 'areaNumber' | 'evaluationId' | 'findingId' | 'completedFrom' | 'cancelledFrom' | 'createdFrom'> & {
  /** Only plans linked to one of these findings (none when empty). */
  linkedToFindings?: string[];
  /** Completed at or after this time. */
  completedSince?: Date;
  /** Cancelled at or after this time. */
  cancelledSince?: Date;
  /** Created at or after this time. */
  createdSince?: Date;
};

/** A plan's columns as the entity names them (a date as its YYYY-MM-DD text, as the entity holds it). */
const PLAN_ENTITY_COLUMNS = `"id", "municipality_id" AS "municipalityId", "title", "description", "owner_id" AS "ownerId", "unit", to_char("start_date", 'YYYY-MM-DD') AS "startDate", to_char("due_date", 'YYYY-MM-DD') AS "dueDate", "status", "health", "progress", "priority", "expected_effect" AS "expectedEffect", "completed_at" AS "completedAt", "cancellation_reason" AS "cancellationReason", "cancelled_by_id" AS "cancelledById", "cancelled_at" AS "cancelledAt", "last_update_at" AS "lastUpdateAt", "effect", "effect_comment" AS "effectComment", "effect_set_by_id" AS "effectSetById", "effect_set_at" AS "effectSetAt", "version", "created_by_id" AS "createdById", "created_at" AS "createdAt", "updated_at" AS "updatedAt"`;
/** The plan every change (a progress update above all) locks first: a fixed statement. */
const LOCK_PLAN_SQL = `SELECT ${PLAN_ENTITY_COLUMNS} FROM "action_plan" WHERE "id" = $1 AND "municipality_id" = $2 FOR UPDATE`;

/**
 * The conditions of the plan list's filters over "plan", each value appended to `params`. Plan
 * lists are read on most requests, so their statements are written out here rather than built by
 * TypeORM on each.
 */
function filteredPlansSql(municipalityId: string, states: PlanStateSql, filters: PlanRecordFilters, params: unknown[]): string {
  const value = (given: unknown) => `$${params.push(given)}`;
  const conditions = [`"plan"."municipality_id" = ${value(municipalityId)}`];
  if (filters.status?.length) conditions.push(`"plan"."status" IN (${filters.status.map(value).join(', ')})`);
  if (filters.health?.length) conditions.push(`"plan"."health" IN (${filters.health.map(value).join(', ')})`);
  if (filters.ownerId) conditions.push(`"plan"."owner_id" = ${value(filters.ownerId)}`);
  if (filters.dueBefore) conditions.push(`"plan"."due_date" <= ${value(filters.dueBefore)}`);
  if (filters.dueAfter) conditions.push(`"plan"."due_date" >= ${value(filters.dueAfter)}`);
  for (const [flag, sql] of [
    [filters.overdue, states.overdue],
    [filters.dueSoon, states.dueSoon],
    [filters.stale, states.stale],
  ] as const) {
    if (flag !== undefined) conditions.push(flag ? sql : `NOT ${sql}`);
  }
  if (filters.needsAttention) conditions.push(`(${states.overdue} OR ${states.dueSoon} OR ${states.stale})`);
  if (filters.linkedToFindings) {
    conditions.push(
      `EXISTS (SELECT 1 FROM "action_plan_finding" "link" WHERE "link"."action_plan_id" = "plan"."id" AND "link"."finding_id" = ANY(${value(filters.linkedToFindings)}::uuid[]))`,
    );
  }
  if (filters.completedSince) conditions.push(`"plan"."completed_at" >= ${value(filters.completedSince.toISOString())}`);
  if (filters.cancelledSince) conditions.push(`"plan"."cancelled_at" >= ${value(filters.cancelledSince.toISOString())}`);
  if (filters.createdSince) conditions.push(`"plan"."created_at" >= ${value(filters.createdSince.toISOString())}`);
  if (filters.q) {
    const pattern = value(`%${filters.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
    conditions.push(`("plan"."title" ILIKE ${pattern} OR "plan"."description" ILIKE ${pattern})`);
  }
  return conditions.join(' AND ');
}

/** The columns of a plan as a list shows it, with its derived states and its latest comment. */
function planColumnsSql(states: PlanStateSql): string {
  return `"plan"."id" AS id, "plan"."title" AS title, "plan"."description" AS description, "plan"."owner_id" AS owner_id, "plan"."unit" AS unit,
    to_char("plan"."start_date", 'YYYY-MM-DD') AS start_date, to_char("plan"."due_date", 'YYYY-MM-DD') AS due_date, "plan"."status" AS status,
    "plan"."health" AS health, "plan"."progress" AS progress, "plan"."priority" AS priority, "plan"."expected_effect" AS expected_effect,
    "plan"."completed_at" AS completed_at, "plan"."last_update_at" AS last_update_at, "plan"."cancellation_reason" AS cancellation_reason,
    "plan"."cancelled_at" AS cancelled_at, "plan"."cancelled_by_id" AS cancelled_by_id, "plan"."effect" AS effect, "plan"."effect_comment" AS effect_comment,
    "plan"."effect_set_by_id" AS effect_set_by_id, "plan"."effect_set_at" AS effect_set_at, "plan"."version" AS version,
    "plan"."created_at" AS created_at, "plan"."updated_at" AS updated_at,
    ${states.overdue} AS overdue, ${states.dueSoon} AS due_soon, ${states.stale} AS stale,
    (SELECT "u"."comment" FROM "progress_update" "u" WHERE "u"."action_plan_id" = "plan"."id" AND "u"."comment" IS NOT NULL
      ORDER BY "u"."created_at" DESC LIMIT 1) AS latest_comment`;
}

/**
 * Reads of action plans: a page of plans costs three statements (rows with their total, finding
 * links, targets) whatever its size. The derived states come from the one SQL definition.
 */
@Injectable()
export class ActionPlansRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(
    municipalityId: string,
    at: PlanMoment,
    filters: PlanRecordFilters,
    page: { limit: number; offset: number; sort: ActionPlanSort },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ items: PlanRecord[]; total: number }> {
    const { rows, total } = await this.pageRows(municipalityId, at, filters, page, manager);
    return { items: await this.withLinks(manager, rows), total };
  }

  /** The same page in brief, in its one statement: without links to findings and targets. */
  async briefPage(
    municipalityId: string,
    at: PlanMoment,
    filters: PlanRecordFilters,
    page: { limit: number; offset: number; sort: ActionPlanSort },
  ): Promise<{ items: PlanBriefRecord[]; total: number }> {
    const { rows, total } = await this.pageRows(municipalityId, at, filters, page, this.dataSource.manager);
    return {
      items: rows.map((row) => {
        const { findingIds: _findingIds, targets: _targets, ...brief } = recordOf(row, [], []);
        return brief;
      }),
      total,
    };
  }

  /**
   * An owner's plans that need attention, for their digest, in one statement: the first `limit`
   * by due date of each reason (overdue, due soon, stale; a plan can have two), each plan once and
   * by due date, and how many plans have each reason and how many need attention at all. Each
   * reason is ranked on its own, so many stale plans never crowd out the overdue ones.
   */
  async ownerAttention(
    municipalityId: string,
    at: PlanMoment,
    ownerId: string,
    limit: number,
  ): Promise<{ items: PlanBriefRecord[]; totals: OwnerAttentionTotals }> {
    const params: unknown[] = [];
    const states = planStateSqlWithParams('plan', at, params);
    const where = filteredPlansSql(municipalityId, states, { ownerId, needsAttention: true }, params);
    const order = '"plan"."due_date" ASC, "plan"."id" ASC';
    const rank = (state: string) => `CASE WHEN ${state} THEN row_number() OVER (PARTITION BY ${state} ORDER BY ${order}) END`;
    const max = `$${params.push(limit)}`;
    // The ranks and counts are taken over every plan that needs attention; the plan's columns
    // (and its latest comment) are read only for the plans shown.
    const sql = `SELECT ${planColumnsSql(states)},
        "ranked"."overdue_total", "ranked"."due_soon_total", "ranked"."stale_total", "ranked"."total"
      FROM (
        SELECT "plan"."id",
          ${rank(states.overdue)} AS "overdue_rank", ${rank(states.dueSoon)} AS "due_soon_rank", ${rank(states.stale)} AS "stale_rank",
          (count(*) FILTER (WHERE ${states.overdue}) OVER ())::int AS "overdue_total",
          (count(*) FILTER (WHERE ${states.dueSoon}) OVER ())::int AS "due_soon_total",
          (count(*) FILTER (WHERE ${states.stale}) OVER ())::int AS "stale_total",
          (count(*) OVER ())::int AS "total"
        FROM "action_plan" "plan" WHERE ${where}
      ) "ranked" JOIN "action_plan" "plan" ON "plan"."id" = "ranked"."id"
      WHERE "ranked"."overdue_rank" <= ${max} OR "ranked"."due_soon_rank" <= ${max} OR "ranked"."stale_rank" <= ${max}
      ORDER BY ${order}`;
    type Row = PlanRow & { overdue_total: number; due_soon_total: number; stale_total: number; total: number };
    const rows = await this.dataSource.query<Row[]>(sql, params);
    // Every plan that needs attention has a reason, and the first of each reason is shown: no row, no plan.
    const first = rows[0];
    return {
      items: rows.map((row) => {
        const { findingIds: _findingIds, targets: _targets, ...brief } = recordOf(row, [], []);
        return brief;
      }),
      totals: first
        ? { overdue: first.overdue_total, dueSoon: first.due_soon_total, stale: first.stale_total, all: first.total }
        : { overdue: 0, dueSoon: 0, stale: 0, all: 0 },
    };
  }

  private async pageRows(
    municipalityId: string,
    at: PlanMoment,
    filters: PlanRecordFilters,
    page: { limit: number; offset: number; sort: ActionPlanSort },
    manager: EntityManager,
  ): Promise<{ rows: PlanRow[]; total: number }> {
    const params: unknown[] = [];
    const states = planStateSqlWithParams('plan', at, params);
    const where = filteredPlansSql(municipalityId, states, filters, params);
    // The total comes with the page (a window count over every plan filtered), saving a round trip.
    const sql = `SELECT ${planColumnsSql(states)}, count(*) OVER ()::int AS "total" FROM "action_plan" "plan" WHERE ${where}
      ORDER BY ${orderBySql(page.sort)} LIMIT $${params.push(page.limit)} OFFSET $${params.push(page.offset)}`;
    const rows = await manager.query<(PlanRow & { total: number })[]>(sql, params);
    // A page past the end has no row to carry the total: the first row of the same statement does.
    const total = rows[0]?.total ?? (page.offset > 0 ? ((await manager.query<{ total: number }[]>(sql, [...params.slice(0, -2), 1, 0]))[0]?.total ?? 0) : 0);
    return { rows, total };
  }

  /** Plans by id within the municipality, in the order of `ids`. */
  async byIds(municipalityId: string, at: PlanMoment, ids: string[], manager: EntityManager = this.dataSource.manager): Promise<PlanRecord[]> {
    if (ids.length === 0) return [];
    const params: unknown[] = [];
    const states = planStateSqlWithParams('plan', at, params);
    const where = filteredPlansSql(municipalityId, states, {}, params);
    const rows = await manager.query<PlanRow[]>(
      `SELECT ${planColumnsSql(states)} FROM "action_plan" "plan" WHERE ${where} AND "plan"."id" IN (${ids.map((id) => `$${params.push(id)}`).join(', ')})`,
      params,
    );
    const records = await this.withLinks(manager, rows);
    return ids.map((id) => records.find((record) => record.id === id)).filter((record): record is PlanRecord => record !== undefined);
  }

  async exists(municipalityId: string, id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM "action_plan" WHERE "id" = $1 AND "municipality_id" = $2`, [id, municipalityId]);
    return rows.length > 0;
  }

  /** For each finding id: whether a plan covers it, and every plan linked to it (cancelled ones too), in one query. */
  async coverageOf(findingIds: string[]): Promise<Map<string, { covered: boolean; actionPlanIds: string[] }>> {
    if (findingIds.length === 0) return new Map();
    const rows: { id: string; covered: boolean; plan_ids: string[] }[] = await this.dataSource.query(
      `SELECT "f"."id", ${findingCoveredSql('"f"."id"')} AS "covered",
              coalesce((SELECT array_agg("l"."action_plan_id" ORDER BY "l"."linked_at", "l"."action_plan_id")
                          FROM "action_plan_finding" "l" WHERE "l"."finding_id" = "f"."id"), '{}') AS "plan_ids"
         FROM unnest($1::uuid[]) AS "f"("id")`,
      [findingIds],
    );
    return new Map(rows.map((row) => [row.id, { covered: row.covered, actionPlanIds: row.plan_ids }]));
  }

  /**
   * A municipality's open plans that call for a notice today, in its own calendar: a reminder
   * from `reminderDays` before the due date until the day before it (for a plan that existed on
   * the first of those days), an overdue notice from the day after the due date for `overdueDays`
   * days (so a worker that was down a few days still sends it, and old plans do not all get one
   * when notices are first turned on).
   */
  async dueForNotice(municipalityId: string, at: PlanMoment, reminderDays: number, overdueDays: number): Promise<PlanNoticeDue[]> {
    const builder = this.dataSource.manager.createQueryBuilder(ActionPlan, 'plan').where('"plan"."municipality_id" = :municipalityId', { municipalityId });
    const states = planStateSql(builder, at);
    const today = 'CAST(:planStateToday AS date)';
    return builder
      .select('"plan"."id"', 'actionPlanId')
      .addSelect('"plan"."municipality_id"', 'municipalityId')
      .addSelect('"plan"."owner_id"', 'ownerId')
      .addSelect(`to_char("plan"."due_date", 'YYYY-MM-DD')`, 'dueDate')
      .addSelect(`CASE WHEN ${states.overdue} THEN 'overdue' ELSE 'reminder' END`, 'notice')
      .andWhere(states.active)
      .andWhere(
        `(("plan"."due_date" < ${today} AND "plan"."due_date" >= ${today} - CAST(:overdueDays AS integer))
          OR ("plan"."due_date" > ${today} AND "plan"."due_date" <= ${today} + CAST(:reminderDays AS integer)
              AND ("plan"."created_at" AT TIME ZONE CAST(:planStateTimezone AS text))::date <= "plan"."due_date" - CAST(:reminderDays AS integer)))`,
      )
      .setParameters({ reminderDays, overdueDays })
      .orderBy('"plan"."due_date"', 'ASC')
      .addOrderBy('"plan"."id"', 'ASC')
      .getRawMany<PlanNoticeDue>();
  }

  private async withLinks(manager: EntityManager, rows: PlanRow[]): Promise<PlanRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [links, targets] = await readsOn(
      manager,
      () =>
        manager.query<{ action_plan_id: string; finding_id: string }[]>(
          `SELECT "action_plan_id", "finding_id" FROM "action_plan_finding" WHERE "action_plan_id" = ANY($1) ORDER BY "linked_at", "finding_id"`,
          [ids],
        ),
      () =>
        manager.query<(TargetView & { action_plan_id: string })[]>(
          `SELECT "action_plan_id", "question_code" AS "questionCode", "expected_points"::float AS "expectedPoints"
             FROM "action_plan_target" WHERE "action_plan_id" = ANY($1) ORDER BY "question_code"`,
          [ids],
        ),
    );
    return rows.map((row) =>
      recordOf(
        row,
        links.filter((link) => link.action_plan_id === row.id).map((link) => link.finding_id),
        targets.filter((target) => target.action_plan_id === row.id).map(({ action_plan_id: _plan, ...target }) => target),
      ),
    );
  }

  /**
   * Plans whose traffic light differs from what it was before `since`: the last update before
   * `since` against the current light. A plan created since has no light from before: its first
   * light is no change, and it is left out.
   */
  async healthChangesSince(municipalityId: string, since: Date): Promise<{ id: string; before: Health | null; after: Health }[]> {
    const rows = await this.dataSource.query<{ id: string; before: Health | null; after: Health }[]>(
      `SELECT "p"."id", "p"."health" AS "after",
              (SELECT "u"."health" FROM "progress_update" "u" WHERE "u"."action_plan_id" = "p"."id" AND "u"."created_at" < $2
                ORDER BY "u"."created_at" DESC LIMIT 1) AS "before"
         FROM "action_plan" "p"
        WHERE "p"."municipality_id" = $1 AND "p"."last_update_at" >= $2 AND "p"."health" IS NOT NULL AND "p"."created_at" < $2
        ORDER BY "p"."last_update_at" DESC, "p"."id"`,
      [municipalityId, since.toISOString()],
    );
    return rows.filter((row) => row.before !== row.after);
  }

  /** Those of `userIds` who own an open (planned or in-progress) plan of the municipality. */
  async ownersOfOpenPlans(municipalityId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('DISTINCT "plan"."owner_id"', 'owner_id')
      .from(ActionPlan, 'plan')
      .where('"plan"."municipality_id" = :municipalityId AND "plan"."owner_id" IN (:...userIds)', { municipalityId, userIds })
      .andWhere('"plan"."status" IN (:...open)', { open: ACTIVE_STATUSES })
      .getRawMany<{ owner_id: string }>();
    return new Set(rows.map((row) => row.owner_id));
  }

  /** The plan, locked for the rest of the transaction. */
  async lock(manager: EntityManager, municipalityId: string, id: string): Promise<ActionPlan | null> {
    const [row] = await manager.query<ActionPlan[]>(LOCK_PLAN_SQL, [id, municipalityId]);
    return row ?? null;
  }

  /** The municipality's plans among `ids`, locked in id order (so two transactions locking some of the same plans cannot deadlock). */
  lockMany(manager: EntityManager, municipalityId: string, ids: string[]): Promise<ActionPlan[]> {
    return manager.find(ActionPlan, {
      where: { municipalityId, id: In(ids) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The user's open (planned or in-progress) plans, due date first, locked. */
  lockOpenOwnedBy(manager: EntityManager, municipalityId: string, ownerId: string): Promise<ActionPlan[]> {
    return manager.find(ActionPlan, {
      where: { municipalityId, ownerId, status: In(ACTIVE_STATUSES) },
      order: { dueDate: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The plan's finding links, oldest first. */
  findingLinks(manager: EntityManager, actionPlanId: string): Promise<ActionPlanFinding[]> {
    return manager.find(ActionPlanFinding, { where: { actionPlanId }, order: { linkedAt: 'ASC' } });
  }

  save(manager: EntityManager, plan: ActionPlan): Promise<ActionPlan> {
    return manager.save(plan);
  }

  /** Sets columns of one plan (its `updatedAt` moves on). */
  async set(manager: EntityManager, id: string, columns: Partial<Pick<ActionPlan, 'status' | 'health' | 'progress' | 'lastUpdateAt' | 'completedAt' | 'version' | 'ownerId'>>): Promise<void> {
    const params: unknown[] = [];
    const assignments = assignmentsSql(manager.connection.getMetadata(ActionPlan), columns, params);
    await manager.query(`UPDATE "action_plan" SET ${[...assignments, '"updated_at" = CURRENT_TIMESTAMP'].join(', ')} WHERE "id" = $${params.push(id)}`, params);
  }


  /** Sets the effect of the municipality's plans among `ids`, each at its next version. */
  async setEffect(manager: EntityManager, municipalityId: string, ids: string[], effect: Effect): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(ActionPlan)
      .set({ effect, version: () => 'version + 1' })
      .where('id IN (:...ids) AND municipality_id = :municipalityId', { ids, municipalityId })
      .execute();
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(ActionPlan, { id });
  }

  /** Links the plan to findings and sub-question targets. */
  async insertLinks(
    manager: EntityManager,
    municipalityId: string,
    actionPlanId: string,
    links: { findingIds: string[]; targets: { questionId: string; questionCode: string; expectedPoints: number }[] },
  ): Promise<void> {
    await manager.insert(ActionPlanFinding, links.findingIds.map((findingId) => ({ actionPlanId, findingId, municipalityId })));
    if (links.targets.length > 0) {
      await manager.insert(
        ActionPlanTarget,
        links.targets.map((target) => ({ actionPlanId, questionId: target.questionId, questionCode: target.questionCode, expectedPoints: target.expectedPoints })),
      );
    }
  }

  /** Removes every finding link and target of the plan. */
  async deleteLinks(manager: EntityManager, actionPlanId: string): Promise<void> {
    await manager.delete(ActionPlanFinding, { actionPlanId });
    await manager.delete(ActionPlanTarget, { actionPlanId });
  }
}

/** A plan's row as the service reads it, with its links to findings and its targets. */
function recordOf(row: PlanRow, findingIds: string[], targets: TargetView[]): PlanRecord {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    ownerId: row.owner_id,
    unit: row.unit,
    startDate: row.start_date,
    dueDate: row.due_date,
    status: row.status,
    health: row.health,
    progress: row.progress,
    cancellation: row.status === 'cancelled' ? { reason: row.cancellation_reason, at: row.cancelled_at, byId: row.cancelled_by_id } : null,
    priority: row.priority,
    expectedEffect: row.expected_effect,
    completedAt: row.completed_at,
    lastUpdateAt: row.last_update_at,
    latestComment: row.latest_comment,
    effect: row.effect,
    effectComment: row.effect_comment,
    effectSetById: row.effect_set_by_id,
    effectSetAt: row.effect_set_at,
    overdue: row.overdue,
    dueSoon: row.due_soon,
    stale: row.stale,
    findingIds,
    targets,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
