import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { derivedStateSql, findingCoveredSql } from './action-plan-states';
import { ActionPlanFilters, ActionPlanSort, ActionPlanView, LinkedFindingView, TargetView } from './action-plan.dto';
import { ACTIVE_STATUSES, ActionPlan, Health } from './action-plan.entity';

const SORT_COLUMNS: Record<string, string> = {
  dueDate: '"plan"."due_date"',
  updatedAt: '"plan"."updated_at"',
  createdAt: '"plan"."created_at"',
  title: 'lower("plan"."title")',
  priority: `CASE "plan"."priority" WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END`,
  progress: '"plan"."progress"',
};

interface PlanRow {
  id: string;
  title: string;
  description: string | null;
  owner_id: string;
  owner_name: string;
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
  cancelled_by_name: string | null;
  effect: ActionPlanView['effect'];
  effect_comment: string | null;
  effect_set_by_id: string | null;
  effect_set_by_name: string | null;
  effect_set_at: Date | null;
  overdue: boolean;
  due_soon: boolean;
  stale: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * Reads of action plans: a page of plans costs four queries (count, rows, findings, targets)
 * whatever its size. The derived states come from the one SQL definition.
 */
@Injectable()
export class ActionPlansRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(
    municipalityId: string,
    now: Date,
    filters: ActionPlanFilters,
    page: { limit: number; offset: number; sort: ActionPlanSort },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ items: ActionPlanView[]; total: number }> {
    const filtered = this.filtered(manager, municipalityId, now, filters);
    const direction = page.sort.startsWith('-') ? 'DESC' : 'ASC';
    // The total comes with the page (a window count), saving a round trip per request.
    const rows = await this.selectColumns(filtered)
      .addSelect('count(*) OVER ()::int', 'total')
      .orderBy(SORT_COLUMNS[page.sort.replace(/^-/, '')], direction)
      .addOrderBy('"plan"."id"', 'ASC')
      .limit(page.limit)
      .offset(page.offset)
      .getRawMany<PlanRow & { total: number }>();
    // A page past the end has no row to carry the total.
    const total = rows[0]?.total ?? (page.offset > 0 ? await filtered.clone().getCount() : 0);
    return { items: await this.withLinks(manager, rows), total };
  }

  /** Plans by id within the municipality, in the order of `ids`. */
  async byIds(municipalityId: string, now: Date, ids: string[], manager: EntityManager = this.dataSource.manager): Promise<ActionPlanView[]> {
    if (ids.length === 0) return [];
    const rows = await this.selectColumns(this.filtered(manager, municipalityId, now, {}).andWhere('"plan"."id" IN (:...ids)', { ids })).getRawMany<PlanRow>();
    const views = await this.withLinks(manager, rows);
    return ids.map((id) => views.find((view) => view.id === id)).filter((view): view is ActionPlanView => view !== undefined);
  }

  /** For each finding id: whether a plan covers it, and every plan linked to it (cancelled ones too), in one query. */
  async coverageOf(findingIds: string[]): Promise<Map<string, { covered: boolean; actionPlanIds: string[] }>> {
    if (findingIds.length === 0) return new Map();
    const rows: { id: string; covered: boolean; plan_ids: string[] }[] = await this.dataSource.query(
      `SELECT "f"."id", ${findingCoveredSql('f')} AS "covered",
              coalesce((SELECT array_agg("l"."action_plan_id" ORDER BY "l"."linked_at", "l"."action_plan_id")
                          FROM "action_plan_finding" "l" WHERE "l"."finding_id" = "f"."id"), '{}') AS "plan_ids"
         FROM unnest($1::uuid[]) AS "f"("id")`,
      [findingIds],
    );
    return new Map(rows.map((row) => [row.id, { covered: row.covered, actionPlanIds: row.plan_ids }]));
  }

  private filtered(manager: EntityManager, municipalityId: string, now: Date, filters: ActionPlanFilters): SelectQueryBuilder<ActionPlan> {
    const states = derivedStateSql();
    const builder = manager
      .createQueryBuilder(ActionPlan, 'plan')
      .innerJoin('municipality', 'm', '"m"."id" = "plan"."municipality_id"')
      .where('"plan"."municipality_id" = :municipalityId', { municipalityId })
      .setParameter('now', now.toISOString());
    if (filters.status?.length) builder.andWhere('"plan"."status" IN (:...statuses)', { statuses: filters.status });
    if (filters.health?.length) builder.andWhere('"plan"."health" IN (:...healths)', { healths: filters.health });
    if (filters.ownerId) builder.andWhere('"plan"."owner_id" = :ownerId', { ownerId: filters.ownerId });
    if (filters.dueBefore) builder.andWhere('"plan"."due_date" <= :dueBefore', { dueBefore: filters.dueBefore });
    if (filters.dueAfter) builder.andWhere('"plan"."due_date" >= :dueAfter', { dueAfter: filters.dueAfter });
    for (const [flag, sql] of [
      [filters.overdue, states.overdue],
      [filters.dueSoon, states.dueSoon],
      [filters.stale, states.stale],
    ] as const) {
      if (flag !== undefined) builder.andWhere(flag ? sql : `NOT ${sql}`);
    }
    if (filters.areaNumber !== undefined || filters.evaluationId || filters.findingId) {
      builder.andWhere(
        new Brackets((linked) => {
          linked.where(
            `EXISTS (SELECT 1 FROM "action_plan_finding" "link" JOIN "finding" "f" ON "f"."id" = "link"."finding_id"
              WHERE "link"."action_plan_id" = "plan"."id"
              AND (CAST(:areaNumber AS smallint) IS NULL OR "f"."area_number" = :areaNumber)
              AND (CAST(:evaluationId AS uuid) IS NULL OR "f"."evaluation_id" = :evaluationId)
              AND (CAST(:findingId AS uuid) IS NULL OR "f"."id" = :findingId))`,
            { areaNumber: filters.areaNumber ?? null, evaluationId: filters.evaluationId ?? null, findingId: filters.findingId ?? null },
          );
        }),
      );
    }
    if (filters.completedSince) builder.andWhere('"plan"."completed_at" >= :completedSince', { completedSince: filters.completedSince.toISOString() });
    if (filters.cancelledSince) builder.andWhere('"plan"."cancelled_at" >= :cancelledSince', { cancelledSince: filters.cancelledSince.toISOString() });
    if (filters.createdSince) builder.andWhere('"plan"."created_at" >= :createdSince', { createdSince: filters.createdSince.toISOString() });
    if (filters.q) {
      const pattern = `%${filters.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      builder.andWhere('("plan"."title" ILIKE :pattern OR "plan"."description" ILIKE :pattern)', { pattern });
    }
    return builder;
  }

  private selectColumns(builder: SelectQueryBuilder<ActionPlan>): SelectQueryBuilder<ActionPlan> {
    const states = derivedStateSql();
    return builder
      .clone()
      .innerJoin('app_user', 'owner', '"owner"."id" = "plan"."owner_id"')
      .select([
        '"plan"."id" AS id',
        '"plan"."title" AS title',
        '"plan"."description" AS description',
        '"plan"."owner_id" AS owner_id',
        '"owner"."name" AS owner_name',
        '"plan"."unit" AS unit',
        `to_char("plan"."start_date", 'YYYY-MM-DD') AS start_date`,
        `to_char("plan"."due_date", 'YYYY-MM-DD') AS due_date`,
        '"plan"."status" AS status',
        '"plan"."health" AS health',
        '"plan"."progress" AS progress',
        '"plan"."priority" AS priority',
        '"plan"."expected_effect" AS expected_effect',
        '"plan"."completed_at" AS completed_at',
        '"plan"."last_update_at" AS last_update_at',
        '"plan"."cancellation_reason" AS cancellation_reason',
        '"plan"."cancelled_at" AS cancelled_at',
        '"plan"."cancelled_by_id" AS cancelled_by_id',
        '(SELECT "canceller"."name" FROM "app_user" "canceller" WHERE "canceller"."id" = "plan"."cancelled_by_id") AS cancelled_by_name',
        '"plan"."effect" AS effect',
        '"plan"."effect_comment" AS effect_comment',
        '"plan"."effect_set_by_id" AS effect_set_by_id',
        '(SELECT "setter"."name" FROM "app_user" "setter" WHERE "setter"."id" = "plan"."effect_set_by_id") AS effect_set_by_name',
        '"plan"."effect_set_at" AS effect_set_at',
        '"plan"."version" AS version',
        '"plan"."created_at" AS created_at',
        '"plan"."updated_at" AS updated_at',
        `${states.overdue} AS overdue`,
        `${states.dueSoon} AS due_soon`,
        `${states.stale} AS stale`,
        `(SELECT "u"."comment" FROM "progress_update" "u" WHERE "u"."action_plan_id" = "plan"."id" AND "u"."comment" IS NOT NULL
           ORDER BY "u"."created_at" DESC LIMIT 1) AS latest_comment`,
      ]);
  }

  private async withLinks(manager: EntityManager, rows: PlanRow[]): Promise<ActionPlanView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [findings, targets] = await Promise.all([
      manager.query<(LinkedFindingView & { action_plan_id: string })[]>(
        `SELECT "link"."action_plan_id", "f"."id", "f"."evaluation_id" AS "evaluationId", "f"."area_number" AS "areaNumber", "f"."kind", "f"."text",
                "f"."question_code" AS "questionCode"
           FROM "action_plan_finding" "link" JOIN "finding" "f" ON "f"."id" = "link"."finding_id"
          WHERE "link"."action_plan_id" = ANY($1)
          ORDER BY "f"."area_number", "f"."kind", "f"."position"`,
        [ids],
      ),
      manager.query<(TargetView & { action_plan_id: string })[]>(
        `SELECT "action_plan_id", "question_code" AS "questionCode", "expected_points"::float AS "expectedPoints"
           FROM "action_plan_target" WHERE "action_plan_id" = ANY($1) ORDER BY "question_code"`,
        [ids],
      ),
    ]);
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      description: row.description,
      owner: { id: row.owner_id, name: row.owner_name },
      unit: row.unit,
      startDate: row.start_date,
      dueDate: row.due_date,
      status: row.status,
      health: row.health,
      progress: row.progress,
      cancellation:
        row.status === 'cancelled'
          ? { reason: row.cancellation_reason, at: row.cancelled_at, by: row.cancelled_by_id ? { id: row.cancelled_by_id, name: row.cancelled_by_name ?? '' } : null }
          : null,
      priority: row.priority,
      expectedEffect: row.expected_effect,
      completedAt: row.completed_at,
      lastUpdateAt: row.last_update_at,
      latestComment: row.latest_comment,
      effect: row.effect,
      effectComment: row.effect_comment,
      effectSetBy: row.effect_set_by_id ? { id: row.effect_set_by_id, name: row.effect_set_by_name ?? '' } : null,
      effectSetAt: row.effect_set_at,
      overdue: row.overdue,
      dueSoon: row.due_soon,
      stale: row.stale,
      findings: findings.filter((finding) => finding.action_plan_id === row.id).map(({ action_plan_id: _plan, ...finding }) => finding),
      targets: targets.filter((target) => target.action_plan_id === row.id).map(({ action_plan_id: _plan, ...target }) => target),
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  /**
   * Plans updated since `since` whose traffic light differs from the one they had before it: the
   * last update before `since` against the current light.
   */
  async healthChangesSince(municipalityId: string, since: Date): Promise<{ id: string; before: Health | null; after: Health }[]> {
    const rows = await this.dataSource.query<{ id: string; before: Health | null; after: Health }[]>(
      `SELECT "p"."id", "p"."health" AS "after",
              (SELECT "u"."health" FROM "progress_update" "u" WHERE "u"."action_plan_id" = "p"."id" AND "u"."created_at" < $2
                ORDER BY "u"."created_at" DESC LIMIT 1) AS "before"
         FROM "action_plan" "p"
        WHERE "p"."municipality_id" = $1 AND "p"."last_update_at" >= $2 AND "p"."health" IS NOT NULL
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
}
