/**
 * The floor of `npm run bench:api`: a bare `node:http` + `pg` server that does for each measured
 * route what the API does, without the framework: verifies the same JWT, reads the same user, runs
 * the same SQL statements (the benchmark compares them with the API's, statement by statement) and
 * answers the same JSON (the benchmark compares that too). Pure helpers of the app that shape the
 * JSON (the report's sums, the derived-state SQL, local dates) are shared, so the difference
 * measured is Nest, TypeORM, validation, serialisation and logging.
 *
 *   FLOOR_PORT=… DATABASE_URL=… JWT_SECRET=… node dist/scripts/bench-floor.js
 *
 * FLOOR_LOG_QUERIES=on prints each statement as a JSON line `{ "req", "sql" }` (for the comparison).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { verify } from 'jsonwebtoken';
import { Pool, type PoolClient, types } from 'pg';
import { daysBetween, localDate } from '../src/common/local-date';
import type { SelectQueryBuilder } from 'typeorm';
import { findingCoveredSql, planStateSql } from '../src/modules/action-plans/plans/action-plan-states';
import type { PlanMoment, PlanStateSql } from '../src/modules/action-plans/plans/action-plan-states';
import type { ActionPlan } from '../src/modules/action-plans/plans/action-plan.entity';
import { buildEvaluationReport } from '../src/modules/evaluations/evaluations/evaluation-report';
import type { Evaluation } from '../src/modules/evaluations/evaluations/evaluation.entity';
import type { LoadedFramework } from '../src/modules/evaluations/frameworks/frameworks.service';

const PORT = Number(process.env.FLOOR_PORT ?? 3100);
const SECRET = process.env.JWT_SECRET ?? '';
const LOG_QUERIES = process.env.FLOOR_LOG_QUERIES === 'on';
// A date column reads as its YYYY-MM-DD text, as TypeORM reads it.
types.setTypeParser(types.builtins.DATE, (value) => value);
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });

type Queryable = Pool | PoolClient;
interface Actor {
  userId: string;
  municipalityId: string;
  role: string;
}

class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

let requestId = '';
async function query<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  if (LOG_QUERIES) process.stdout.write(`${JSON.stringify({ req: requestId, sql })}\n`);
  return (await db.query(sql, params)).rows as T[];
}

/* ------------------------------------------------------------------ the SQL, as the API issues it */

const USER_SQL = `SELECT "User"."id" AS "User_id", "User"."municipality_id" AS "User_municipality_id", "User"."role" AS "User_role", "User"."active" AS "User_active", "User"."credentials_version" AS "User_credentials_version" FROM "app_user" "User" WHERE (("User"."id" = $1)) LIMIT 1`;

/**
 * The derived-state fragments as the API writes them (planStateSql, given a stand-in for its query
 * builder), their named parameters appended to `params` as positional ones (a value already
 * there, such as now, is referred to where it is).
 */
function stateSql(at: PlanMoment, params: unknown[]): PlanStateSql {
  const named: Record<string, unknown> = {};
  const standIn = { alias: 'plan', setParameters: (values: Record<string, unknown>) => Object.assign(named, values) };
  const fragments = planStateSql(standIn as unknown as SelectQueryBuilder<ActionPlan>, at);
  const bind = (sql: string) =>
    sql.replace(/:(\.\.\.)?(planState\w+)/g, (_match, spread: string | undefined, name: string) =>
      (spread ? (named[name] as unknown[]) : [named[name]]).map((value) => `$${params.includes(value) ? params.indexOf(value) + 1 : params.push(value)}`).join(', '),
    );
  return { active: bind(fragments.active), overdue: bind(fragments.overdue), dueSoon: bind(fragments.dueSoon), stale: bind(fragments.stale) };
}
const planColumns = (states: PlanStateSql) =>
  `"plan"."id" AS id, "plan"."title" AS title, "plan"."description" AS description, "plan"."owner_id" AS owner_id, "owner"."name" AS owner_name, "plan"."unit" AS unit, to_char("plan"."start_date", 'YYYY-MM-DD') AS start_date, to_char("plan"."due_date", 'YYYY-MM-DD') AS due_date, "plan"."status" AS status, "plan"."health" AS health, "plan"."progress" AS progress, "plan"."priority" AS priority, "plan"."expected_effect" AS expected_effect, "plan"."completed_at" AS completed_at, "plan"."last_update_at" AS last_update_at, "plan"."cancellation_reason" AS cancellation_reason, "plan"."cancelled_at" AS cancelled_at, "plan"."cancelled_by_id" AS cancelled_by_id, (SELECT "canceller"."name" FROM "app_user" "canceller" WHERE "canceller"."id" = "plan"."cancelled_by_id") AS cancelled_by_name, "plan"."effect" AS effect, "plan"."effect_comment" AS effect_comment, "plan"."effect_set_by_id" AS effect_set_by_id, (SELECT "setter"."name" FROM "app_user" "setter" WHERE "setter"."id" = "plan"."effect_set_by_id") AS effect_set_by_name, "plan"."effect_set_at" AS effect_set_at, "plan"."version" AS version, "plan"."created_at" AS created_at, "plan"."updated_at" AS updated_at, ${states.overdue} AS overdue, ${states.dueSoon} AS due_soon, ${states.stale} AS stale, (SELECT "u"."comment" FROM "progress_update" "u" WHERE "u"."action_plan_id" = "plan"."id" AND "u"."comment" IS NOT NULL ORDER BY "u"."created_at" DESC LIMIT 1) AS latest_comment`;
const PLAN_FROM = `FROM "action_plan" "plan" INNER JOIN "app_user" "owner" ON "owner"."id" = "plan"."owner_id"`;

/** The list with a status filter of `statusCount` values and an area: `$1` now, `$2` municipality, then the statuses, then area, evaluation, finding. */
const listSql = (statusCount: number, limit: number, offset: number, states: PlanStateSql) => {
  const statuses = Array.from({ length: statusCount }, (_unused, index) => `$${3 + index}`).join(', ');
  const [area, evaluation, finding] = [3 + statusCount, 4 + statusCount, 5 + statusCount].map((index) => `$${index}`);
  return `SELECT ${planColumns(states)}, count(*) OVER ()::int AS "total" ${PLAN_FROM} WHERE "plan"."municipality_id" = $2 AND "plan"."status" IN (${statuses}) AND (EXISTS (SELECT 1 FROM "action_plan_finding" "link" JOIN "finding" "f" ON "f"."id" = "link"."finding_id" WHERE "link"."action_plan_id" = "plan"."id" AND (CAST(${area} AS smallint) IS NULL OR "f"."area_number" = ${area}) AND (CAST(${evaluation} AS uuid) IS NULL OR "f"."evaluation_id" = ${evaluation}) AND (CAST(${finding} AS uuid) IS NULL OR "f"."id" = ${finding}))) ORDER BY "plan"."due_date" ASC, "plan"."id" ASC LIMIT ${limit} OFFSET ${offset}`;
};
const planByIdSql = (states: PlanStateSql) => `SELECT ${planColumns(states)} ${PLAN_FROM} WHERE "plan"."municipality_id" = $2 AND "plan"."id" IN ($3)`;
const LINKED_FINDINGS_SQL = `SELECT "link"."action_plan_id", "f"."id", "f"."evaluation_id" AS "evaluationId", "f"."area_number" AS "areaNumber", "f"."kind", "f"."text", "f"."question_code" AS "questionCode" FROM "action_plan_finding" "link" JOIN "finding" "f" ON "f"."id" = "link"."finding_id" WHERE "link"."action_plan_id" = ANY($1) ORDER BY "f"."area_number", "f"."kind", "f"."position"`;
const TARGETS_SQL = `SELECT "action_plan_id", "question_code" AS "questionCode", "expected_points"::float AS "expectedPoints" FROM "action_plan_target" WHERE "action_plan_id" = ANY($1) ORDER BY "question_code"`;

const MUNICIPALITY_SQL = `SELECT "Municipality"."id" AS "Municipality_id", "Municipality"."code" AS "Municipality_code", "Municipality"."name" AS "Municipality_name", "Municipality"."timezone" AS "Municipality_timezone", "Municipality"."locale" AS "Municipality_locale", "Municipality"."digest_weekday" AS "Municipality_digest_weekday", "Municipality"."digest_hour" AS "Municipality_digest_hour", "Municipality"."stale_after_days" AS "Municipality_stale_after_days", "Municipality"."due_soon_days" AS "Municipality_due_soon_days", "Municipality"."next_evaluation_date" AS "Municipality_next_evaluation_date", "Municipality"."created_at" AS "Municipality_created_at", "Municipality"."updated_at" AS "Municipality_updated_at" FROM "municipality" "Municipality" WHERE (("Municipality"."id" = $1)) LIMIT 1`;
const EVALUATION_COLUMNS = `"Evaluation"."id" AS "Evaluation_id", "Evaluation"."municipality_id" AS "Evaluation_municipality_id", "Evaluation"."framework_id" AS "Evaluation_framework_id", "Evaluation"."title" AS "Evaluation_title", "Evaluation"."conducted_on" AS "Evaluation_conducted_on", "Evaluation"."previous_evaluation_id" AS "Evaluation_previous_evaluation_id", "Evaluation"."status" AS "Evaluation_status", "Evaluation"."source" AS "Evaluation_source", "Evaluation"."reported_area_totals" AS "Evaluation_reported_area_totals", "Evaluation"."import_warnings" AS "Evaluation_import_warnings", "Evaluation"."published_at" AS "Evaluation_published_at", "Evaluation"."created_at" AS "Evaluation_created_at", "Evaluation"."updated_at" AS "Evaluation_updated_at"`;
const LATEST_EVALUATION_SQL = `SELECT ${EVALUATION_COLUMNS} FROM "evaluation" "Evaluation" WHERE (("Evaluation"."municipality_id" = $1) AND ("Evaluation"."status" = $2)) ORDER BY "Evaluation"."conducted_on" DESC, "Evaluation"."published_at" DESC LIMIT 1`;
const EVALUATION_SQL = `SELECT ${EVALUATION_COLUMNS} FROM "evaluation" "Evaluation" WHERE (("Evaluation"."id" = $1) AND ("Evaluation"."municipality_id" = $2)) LIMIT 1`;
const SCORES_SQL = `SELECT "Score"."id" AS "Score_id", "Score"."municipality_id" AS "Score_municipality_id", "Score"."evaluation_id" AS "Score_evaluation_id", "Score"."question_id" AS "Score_question_id", "Score"."achieved_points" AS "Score_achieved_points", "Score"."reported_percent" AS "Score_reported_percent" FROM "score" "Score" WHERE (("Score"."evaluation_id" = $1))`;
const FINDINGS_SQL = `SELECT "Finding"."id" AS "Finding_id", "Finding"."municipality_id" AS "Finding_municipality_id", "Finding"."evaluation_id" AS "Finding_evaluation_id", "Finding"."area_number" AS "Finding_area_number", "Finding"."kind" AS "Finding_kind", "Finding"."text" AS "Finding_text", "Finding"."position" AS "Finding_position", "Finding"."question_code" AS "Finding_question_code", "Finding"."dismissed_reason" AS "Finding_dismissed_reason", "Finding"."dismissed_by_id" AS "Finding_dismissed_by_id", "Finding"."dismissed_at" AS "Finding_dismissed_at", "Finding"."created_at" AS "Finding_created_at", "Finding"."updated_at" AS "Finding_updated_at" FROM "finding" "Finding" WHERE (("Finding"."evaluation_id" = $1)) ORDER BY "Finding"."area_number" ASC, "Finding"."position" ASC`;
const REFERENCES_SQL = `SELECT "Reference"."id" AS "Reference_id", "Reference"."municipality_id" AS "Reference_municipality_id", "Reference"."evaluation_id" AS "Reference_evaluation_id", "Reference"."area_number" AS "Reference_area_number", "Reference"."referenced_code" AS "Reference_referenced_code", "Reference"."referenced_name" AS "Reference_referenced_name", "Reference"."position" AS "Reference_position", "Reference"."sentence" AS "Reference_sentence" FROM "evaluation_reference" "Reference" WHERE (("Reference"."evaluation_id" = $1)) ORDER BY "Reference"."area_number" ASC, "Reference"."position" ASC`;
const COVERAGE_SQL = `SELECT "f"."area_number", count(*) FILTER (WHERE "f"."dismissed_reason" IS NULL)::int AS "needing", count(*) FILTER (WHERE "f"."dismissed_reason" IS NULL AND ${findingCoveredSql('"f"."id"')})::int AS "covered", count(*) FILTER (WHERE "f"."dismissed_reason" IS NOT NULL)::int AS "dismissed" FROM "finding" "f" WHERE "f"."evaluation_id" = $1 AND "f"."kind" IN ('improvement', 'weakness') GROUP BY "f"."area_number"`;
const PLAN_AREAS = `SELECT DISTINCT "l"."action_plan_id", "f"."area_number" FROM "action_plan_finding" "l" JOIN "finding" "f" ON "f"."id" = "l"."finding_id" WHERE "f"."municipality_id" = $1`;
const AREA_PLANS_SQL = `SELECT "plan_area"."area_number", "p"."status", "p"."health", count(*)::int AS "plans" FROM (${PLAN_AREAS}) "plan_area" JOIN "action_plan" "p" ON "p"."id" = "plan_area"."action_plan_id" GROUP BY "plan_area"."area_number", "p"."status", "p"."health"`;
const SEVERAL_AREAS_SQL = `SELECT count(*)::int AS "plans", count(*) FILTER (WHERE "p"."status" IN ('planned', 'in_progress'))::int AS "active" FROM (SELECT "action_plan_id" FROM (${PLAN_AREAS}) "plan_area" GROUP BY "action_plan_id" HAVING count(*) > 1) "several" JOIN "action_plan" "p" ON "p"."id" = "several"."action_plan_id"`;
const PLAN_COUNTS_SQL = `SELECT NULL AS "area_number", "plan"."status", "plan"."health", count(*)::int AS "plans" FROM "action_plan" "plan" WHERE "plan"."municipality_id" = $1 GROUP BY "plan"."status", "plan"."health"`;
const attentionSql = (states: PlanStateSql) =>
  `SELECT count(*) FILTER (WHERE ${states.active})::int AS "active", count(*) FILTER (WHERE ${states.overdue})::int AS "overdue", count(*) FILTER (WHERE ${states.dueSoon})::int AS "dueSoon", count(*) FILTER (WHERE ${states.stale})::int AS "stale" FROM "action_plan" "plan" WHERE "plan"."municipality_id" = $2`;

const UPDATE_COLUMNS = `"ProgressUpdate"."id" AS "ProgressUpdate_id", "ProgressUpdate"."municipality_id" AS "ProgressUpdate_municipality_id", "ProgressUpdate"."action_plan_id" AS "ProgressUpdate_action_plan_id", "ProgressUpdate"."author_id" AS "ProgressUpdate_author_id", "ProgressUpdate"."status" AS "ProgressUpdate_status", "ProgressUpdate"."health" AS "ProgressUpdate_health", "ProgressUpdate"."progress" AS "ProgressUpdate_progress", "ProgressUpdate"."comment" AS "ProgressUpdate_comment", "ProgressUpdate"."created_at" AS "ProgressUpdate_created_at", "ProgressUpdate__ProgressUpdate_author"."id" AS "ProgressUpdate__ProgressUpdate_author_id", "ProgressUpdate__ProgressUpdate_author"."municipality_id" AS "ProgressUpdate__ProgressUpdate_author_municipality_id", "ProgressUpdate__ProgressUpdate_author"."email" AS "ProgressUpdate__ProgressUpdate_author_email", "ProgressUpdate__ProgressUpdate_author"."name" AS "ProgressUpdate__ProgressUpdate_author_name", "ProgressUpdate__ProgressUpdate_author"."role" AS "ProgressUpdate__ProgressUpdate_author_role", "ProgressUpdate__ProgressUpdate_author"."unit" AS "ProgressUpdate__ProgressUpdate_author_unit", "ProgressUpdate__ProgressUpdate_author"."locale" AS "ProgressUpdate__ProgressUpdate_author_locale", "ProgressUpdate__ProgressUpdate_author"."active" AS "ProgressUpdate__ProgressUpdate_author_active", "ProgressUpdate__ProgressUpdate_author"."leadership_digest" AS "ProgressUpdate__ProgressUpdate_author_leadership_digest", "ProgressUpdate__ProgressUpdate_author"."owner_digest" AS "ProgressUpdate__ProgressUpdate_author_owner_digest", "ProgressUpdate__ProgressUpdate_author"."created_at" AS "ProgressUpdate__ProgressUpdate_author_created_at", "ProgressUpdate__ProgressUpdate_author"."updated_at" AS "ProgressUpdate__ProgressUpdate_author_updated_at" FROM "progress_update" "ProgressUpdate" LEFT JOIN "app_user" "ProgressUpdate__ProgressUpdate_author" ON "ProgressUpdate__ProgressUpdate_author"."id"="ProgressUpdate"."author_id"`;
const historyIdsSql = (limit: number, offset: number) =>
  `SELECT DISTINCT "distinctAlias"."ProgressUpdate_id" AS "ids_ProgressUpdate_id", "distinctAlias"."ProgressUpdate_created_at", "distinctAlias"."ProgressUpdate_id" FROM (SELECT ${UPDATE_COLUMNS} WHERE (("ProgressUpdate"."action_plan_id" = $1) AND ("ProgressUpdate"."municipality_id" = $2))) "distinctAlias" ORDER BY "distinctAlias"."ProgressUpdate_created_at" DESC, "distinctAlias"."ProgressUpdate_id" DESC, "ProgressUpdate_id" ASC LIMIT ${limit} OFFSET ${offset}`;
const historyRowsSql = (count: number) =>
  `SELECT ${UPDATE_COLUMNS} WHERE ( (("ProgressUpdate"."action_plan_id" = $1) AND ("ProgressUpdate"."municipality_id" = $2)) ) AND ( "ProgressUpdate"."id" IN (${Array.from({ length: count }, (_unused, index) => `$${3 + index}`).join(', ')}) ) ORDER BY "ProgressUpdate"."created_at" DESC, "ProgressUpdate"."id" DESC`;
const HISTORY_COUNT_SQL = `SELECT COUNT(DISTINCT("ProgressUpdate"."id")) AS "cnt" FROM "progress_update" "ProgressUpdate" LEFT JOIN "app_user" "ProgressUpdate__ProgressUpdate_author" ON "ProgressUpdate__ProgressUpdate_author"."id"="ProgressUpdate"."author_id" WHERE (("ProgressUpdate"."action_plan_id" = $1) AND ("ProgressUpdate"."municipality_id" = $2))`;

const LOCK_PLAN_SQL = `SELECT "ActionPlan"."id" AS "ActionPlan_id", "ActionPlan"."municipality_id" AS "ActionPlan_municipality_id", "ActionPlan"."title" AS "ActionPlan_title", "ActionPlan"."description" AS "ActionPlan_description", "ActionPlan"."owner_id" AS "ActionPlan_owner_id", "ActionPlan"."unit" AS "ActionPlan_unit", "ActionPlan"."start_date" AS "ActionPlan_start_date", "ActionPlan"."due_date" AS "ActionPlan_due_date", "ActionPlan"."status" AS "ActionPlan_status", "ActionPlan"."health" AS "ActionPlan_health", "ActionPlan"."progress" AS "ActionPlan_progress", "ActionPlan"."priority" AS "ActionPlan_priority", "ActionPlan"."expected_effect" AS "ActionPlan_expected_effect", "ActionPlan"."completed_at" AS "ActionPlan_completed_at", "ActionPlan"."cancellation_reason" AS "ActionPlan_cancellation_reason", "ActionPlan"."cancelled_by_id" AS "ActionPlan_cancelled_by_id", "ActionPlan"."cancelled_at" AS "ActionPlan_cancelled_at", "ActionPlan"."last_update_at" AS "ActionPlan_last_update_at", "ActionPlan"."effect" AS "ActionPlan_effect", "ActionPlan"."effect_comment" AS "ActionPlan_effect_comment", "ActionPlan"."effect_set_by_id" AS "ActionPlan_effect_set_by_id", "ActionPlan"."effect_set_at" AS "ActionPlan_effect_set_at", "ActionPlan"."version" AS "ActionPlan_version", "ActionPlan"."created_by_id" AS "ActionPlan_created_by_id", "ActionPlan"."created_at" AS "ActionPlan_created_at", "ActionPlan"."updated_at" AS "ActionPlan_updated_at" FROM "action_plan" "ActionPlan" WHERE (("ActionPlan"."id" = $1) AND ("ActionPlan"."municipality_id" = $2)) LIMIT 1 FOR UPDATE`;
const INSERT_UPDATE_SQL = `INSERT INTO "progress_update"("id", "municipality_id", "action_plan_id", "author_id", "status", "health", "progress", "comment", "created_at") VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, $7, $8) RETURNING "id", "created_at"`;
const MOVE_PLAN_SQL = `UPDATE "action_plan" SET "status" = $1, "health" = $2, "progress" = $3, "last_update_at" = $4, "completed_at" = $5, "version" = $6, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $7`;
const AUDIT_SQL = `INSERT INTO "audit_event"("id", "municipality_id", "actor_id", "entity_type", "entity_id", "action", "changes", "created_at") VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, DEFAULT) RETURNING "id", "created_at"`;
const NAMES_SQL = `SELECT "user"."id" AS "user_id", "user"."name" AS "user_name" FROM "app_user" "user" WHERE "user"."municipality_id" = $1 AND "user"."id" IN ($2)`;


/* ------------------------------------------------------------------ the routes */

async function authenticate(request: IncomingMessage): Promise<Actor> {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!token) throw new HttpError(401);
  let claims: { sub?: unknown; mun?: unknown; ver?: unknown; exp?: unknown };
  try {
    claims = verify(token, SECRET);
  } catch {
    throw new HttpError(401);
  }
  if (typeof claims.sub !== 'string' || typeof claims.mun !== 'string' || !Number.isInteger(claims.ver) || typeof claims.exp !== 'number') throw new HttpError(401);
  const [user] = await query<Record<string, unknown>>(pool, USER_SQL, [claims.sub]);
  if (!user || !user.User_active || user.User_municipality_id !== claims.mun || user.User_credentials_version !== claims.ver) throw new HttpError(401);
  return { userId: user.User_id as string, municipalityId: user.User_municipality_id, role: user.User_role as string };
}

interface PlanRow extends Record<string, unknown> {
  id: string;
}

async function planViews(rows: PlanRow[]): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [findings, targets] = await Promise.all([
    query<Record<string, unknown> & { action_plan_id: string }>(pool, LINKED_FINDINGS_SQL, [ids]),
    query<Record<string, unknown> & { action_plan_id: string }>(pool, TARGETS_SQL, [ids]),
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

/** Now in the caller's municipality, for the derived states. */
async function momentOf(actor: Actor, now = new Date()): Promise<PlanMoment> {
  const [municipality] = await query<Record<string, unknown>>(pool, MUNICIPALITY_SQL, [actor.municipalityId]);
  return {
    now,
    calendar: {
      timezone: municipality.Municipality_timezone as string,
      dueSoonDays: Number(municipality.Municipality_due_soon_days),
      staleAfterDays: Number(municipality.Municipality_stale_after_days),
    },
  };
}

async function list(actor: Actor, url: URL): Promise<unknown> {
  const statuses = (url.searchParams.get('status') ?? '').split(',').filter(Boolean);
  const area = Number(url.searchParams.get('areaNumber'));
  const limit = Number(url.searchParams.get('limit') ?? 20);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  // Only the shape the benchmark asks for: a status filter, an area, due date order.
  if (statuses.length === 0 || !Number.isInteger(area) || !Number.isInteger(limit) || !Number.isInteger(offset)) throw new HttpError(400);
  const now = new Date();
  const params: unknown[] = [now.toISOString(), actor.municipalityId, ...statuses, area, null, null];
  const states = stateSql(await momentOf(actor, now), params);
  const rows = await query<PlanRow & { total: number }>(pool, listSql(statuses.length, limit, offset, states), params);
  return { items: await planViews(rows), total: rows[0]?.total ?? 0 };
}

async function plan(actor: Actor, id: string): Promise<Record<string, unknown>> {
  const now = new Date();
  const params: unknown[] = [now.toISOString(), actor.municipalityId, id];
  const states = stateSql(await momentOf(actor, now), params);
  const rows = await query<PlanRow>(pool, planByIdSql(states), params);
  const [view] = await planViews(rows);
  if (!view) throw new HttpError(404);
  return view;
}

async function history(actor: Actor, id: string, url: URL): Promise<unknown> {
  await plan(actor, id);
  const limit = Number(url.searchParams.get('limit') ?? 50);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const ids = await query<{ ids_ProgressUpdate_id: string }>(pool, historyIdsSql(limit, offset), [id, actor.municipalityId]);
  const rows = ids.length
    ? await query<Record<string, unknown>>(pool, historyRowsSql(ids.length), [id, actor.municipalityId, ...ids.map((row) => row.ids_ProgressUpdate_id)])
    : [];
  const total = offset === 0 && rows.length < limit ? rows.length : Number((await query<{ cnt: string }>(pool, HISTORY_COUNT_SQL, [id, actor.municipalityId]))[0].cnt);
  return {
    items: rows.map((row) => ({
      id: row.ProgressUpdate_id,
      actionPlanId: row.ProgressUpdate_action_plan_id,
      author: { id: row.ProgressUpdate_author_id, name: row.ProgressUpdate__ProgressUpdate_author_name ?? '' },
      status: row.ProgressUpdate_status,
      health: row.ProgressUpdate_health,
      progress: row.ProgressUpdate_progress,
      comment: row.ProgressUpdate_comment,
      createdAt: row.ProgressUpdate_created_at,
    })),
    total,
  };
}

const HEALTH_VALUES = ['on_track', 'at_risk', 'off_track'];
const STATUS_VALUES = ['planned', 'in_progress', 'completed', 'cancelled'];

async function postUpdate(actor: Actor, id: string, body: unknown): Promise<unknown> {
  const input = body as { status?: string; health?: string; progress?: number; comment?: string };
  if (typeof input !== 'object' || input === null || !HEALTH_VALUES.includes(input.health ?? '') || !Number.isInteger(input.progress)) throw new HttpError(400);
  if (input.status !== undefined && !STATUS_VALUES.includes(input.status)) throw new HttpError(400);
  if (input.comment !== undefined && (typeof input.comment !== 'string' || input.comment.length > 4000)) throw new HttpError(400);
  const isManager = actor.role === 'manager' || actor.role === 'admin';
  if (!isManager && actor.role !== 'owner') throw new HttpError(403);
  const client = await pool.connect();
  try {
    await query(client, 'START TRANSACTION');
    const [locked] = await query<Record<string, unknown>>(client, LOCK_PLAN_SQL, [id, actor.municipalityId]);
    if (!locked) throw new HttpError(404);
    if (!isManager && locked.ActionPlan_owner_id !== actor.userId) throw new HttpError(403);
    const current = locked.ActionPlan_status as string;
    if (current !== 'planned' && current !== 'in_progress') throw new HttpError(409);
    const status = input.status ?? (current === 'planned' && input.progress! > 0 ? 'in_progress' : current);
    if (status === 'completed' && input.progress !== 100) throw new HttpError(400);
    const now = new Date();
    const lastUpdateAt = locked.ActionPlan_last_update_at as Date | null;
    const createdAt = lastUpdateAt && lastUpdateAt >= now ? new Date(lastUpdateAt.getTime() + 1) : now;
    const comment = input.comment || null;
    const [inserted] = await query<{ id: string; created_at: Date }>(client, INSERT_UPDATE_SQL, [
      actor.municipalityId,
      id,
      actor.userId,
      status,
      input.health,
      input.progress,
      comment,
      createdAt,
    ]);
    await query(client, MOVE_PLAN_SQL, [status, input.health, input.progress, inserted.created_at, status === 'completed' ? inserted.created_at : null, (locked.ActionPlan_version as number) + 1, id]);
    const changes = { actionPlanId: { after: id }, status: { after: status }, health: { after: input.health }, progress: { after: input.progress }, comment: { after: comment } };
    await query(client, AUDIT_SQL, [actor.municipalityId, actor.userId, 'progress-update', inserted.id, 'create', changes]);
    const [author] = await query<{ user_id: string; user_name: string }>(client, NAMES_SQL, [actor.municipalityId, actor.userId]);
    await query(client, 'COMMIT');
    return { id: inserted.id, actionPlanId: id, author: { id: actor.userId, name: author?.user_name ?? '' }, status, health: input.health, progress: input.progress, comment, createdAt: inserted.created_at };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/* The framework, loaded once as the API's FrameworksService caches it. */
let frameworks: Promise<LoadedFramework[]> | undefined;
function loadFrameworks(): Promise<LoadedFramework[]> {
  frameworks ??= (async () => {
    const rows = await pool.query<{ id: string; key: string; name: string; number: number; title: string; topics: string[]; qid: string; code: string; text: string; max_points: string }>(
      `SELECT fw.id, fw.key, fw.name, a.number, a.title, a.topics, q.id AS qid, q.code, q.text, q.max_points
         FROM framework fw JOIN framework_area a ON a.framework_id = fw.id JOIN question q ON q.area_id = a.id
        ORDER BY fw.key, a.number, q.position`,
    );
    const byId = new Map<string, LoadedFramework>();
    for (const row of rows.rows) {
      let framework = byId.get(row.id);
      if (!framework) {
        framework = { id: row.id, key: row.key, name: row.name, areas: [], questionsByCode: new Map(), totalMaxPoints: 0 };
        byId.set(row.id, framework);
      }
      let area = framework.areas.find((candidate) => candidate.number === row.number);
      if (!area) {
        area = { number: row.number, title: row.title, topics: row.topics, questions: [] };
        framework.areas.push(area);
      }
      const question = { id: row.qid, code: row.code, text: row.text, maxPoints: Number(row.max_points) };
      area.questions.push(question);
      framework.questionsByCode.set(row.code, { ...question, areaNumber: row.number });
      framework.totalMaxPoints += question.maxPoints;
    }
    return [...byId.values()];
  })();
  return frameworks;
}

const STATUS_KEYS = ['planned', 'in_progress', 'completed', 'cancelled'];
const HEALTH_KEYS = ['on_track', 'at_risk', 'off_track', 'none'];
function planCounts(rows: { status: string; health: string | null; plans: number }[]) {
  const byStatus: Record<string, number> = Object.fromEntries(STATUS_KEYS.map((key) => [key, 0]));
  const byHealth: Record<string, number> = Object.fromEntries(HEALTH_KEYS.map((key) => [key, 0]));
  for (const row of rows) {
    byStatus[row.status] += row.plans;
    if (row.status === 'planned' || row.status === 'in_progress') byHealth[row.health ?? 'none'] += row.plans;
  }
  return { byStatus, byHealth };
}

function evaluationOf(row: Record<string, unknown>): Evaluation {
  return {
    id: row.Evaluation_id,
    municipalityId: row.Evaluation_municipality_id,
    frameworkId: row.Evaluation_framework_id,
    title: row.Evaluation_title,
    conductedOn: row.Evaluation_conducted_on,
    previousEvaluationId: row.Evaluation_previous_evaluation_id,
    status: row.Evaluation_status,
    source: row.Evaluation_source,
    reportedAreaTotals: row.Evaluation_reported_area_totals ?? {},
    importWarnings: row.Evaluation_import_warnings ?? [],
    publishedAt: row.Evaluation_published_at,
    createdAt: row.Evaluation_created_at,
    updatedAt: row.Evaluation_updated_at,
  } as Evaluation;
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

async function dashboard(actor: Actor): Promise<unknown> {
  const now = new Date();
  const [[municipality], [latestRow]] = await Promise.all([
    query<Record<string, unknown>>(pool, MUNICIPALITY_SQL, [actor.municipalityId]),
    query<Record<string, unknown>>(pool, LATEST_EVALUATION_SQL, [actor.municipalityId, 'published']),
  ]);
  const latest = latestRow ? evaluationOf(latestRow) : null;
  const report = async () => {
    if (!latest) return null;
    const [row] = await query<Record<string, unknown>>(pool, EVALUATION_SQL, [latest.id, actor.municipalityId]);
    const evaluation = evaluationOf(row);
    const framework = (await loadFrameworks()).find((candidate) => candidate.id === evaluation.frameworkId)!;
    const [scores, findings, references] = await Promise.all([
      query<Record<string, unknown>>(pool, SCORES_SQL, [latest.id]),
      query<Record<string, unknown>>(pool, FINDINGS_SQL, [latest.id]),
      query<Record<string, unknown>>(pool, REFERENCES_SQL, [latest.id]),
    ]);
    return buildEvaluationReport(
      evaluation,
      framework,
      scores.map((score) => ({ questionId: score.Score_question_id as string, achievedPoints: Number(score.Score_achieved_points), reportedPercent: numberOrNull(score.Score_reported_percent) })),
      findings.map((finding) => ({
        id: finding.Finding_id as string,
        evaluationId: finding.Finding_evaluation_id as string,
        areaNumber: finding.Finding_area_number as number,
        kind: finding.Finding_kind as 'strength',
        text: finding.Finding_text as string,
        position: finding.Finding_position as number,
        questionCode: finding.Finding_question_code as string | null,
        dismissedReason: finding.Finding_dismissed_reason as string | null,
        dismissedById: finding.Finding_dismissed_by_id as string | null,
        dismissedAt: finding.Finding_dismissed_at as Date | null,
      })),
      references.map((reference) => ({
        id: reference.Reference_id as string,
        evaluationId: reference.Reference_evaluation_id as string,
        areaNumber: reference.Reference_area_number as number,
        referencedCode: reference.Reference_referenced_code as string,
        referencedName: reference.Reference_referenced_name as string,
        sentence: reference.Reference_sentence as string,
      })),
    );
  };
  type CountRow = { area_number: number | null; status: string; health: string | null; plans: number };
  const attentionParams: unknown[] = [now.toISOString(), actor.municipalityId];
  const attentionStates = stateSql(
    { now, calendar: { timezone: municipality.Municipality_timezone as string, dueSoonDays: Number(municipality.Municipality_due_soon_days), staleAfterDays: Number(municipality.Municipality_stale_after_days) } },
    attentionParams,
  );
  const [built, coverageRows, areaPlanRows, [several], planRows, [attention]] = await Promise.all([
    report(),
    latest ? query<{ area_number: number; needing: number; covered: number; dismissed: number }>(pool, COVERAGE_SQL, [latest.id]) : Promise.resolve([]),
    query<CountRow>(pool, AREA_PLANS_SQL, [actor.municipalityId]),
    query<{ plans: number; active: number }>(pool, SEVERAL_AREAS_SQL, [actor.municipalityId]),
    query<CountRow>(pool, PLAN_COUNTS_SQL, [actor.municipalityId]),
    query<{ active: number; overdue: number; dueSoon: number; stale: number }>(pool, attentionSql(attentionStates), attentionParams),
  ]);
  const empty = () => ({ needingAction: 0, covered: 0, uncovered: 0, dismissed: 0 });
  const areas = (built?.areas ?? []).map((area) => {
    const coverage = coverageRows.find((row) => row.area_number === area.number);
    return {
      number: area.number,
      title: area.title,
      score: area.achievedPoints === null ? null : { achievedPoints: area.achievedPoints, maxPoints: area.maxPoints, percent: area.percent },
      findings: coverage ? { needingAction: coverage.needing, covered: coverage.covered, uncovered: coverage.needing - coverage.covered, dismissed: coverage.dismissed } : empty(),
      actionPlans: planCounts(areaPlanRows.filter((row) => row.area_number === area.number)),
    };
  });
  const findings = areas.reduce((sum, area) => {
    for (const key of Object.keys(sum) as (keyof ReturnType<typeof empty>)[]) sum[key] += area.findings[key];
    return sum;
  }, empty());
  const timezone = municipality.Municipality_timezone as string;
  const next = municipality.Municipality_next_evaluation_date as string | null;
  return {
    evaluation: latest ? { id: latest.id, title: latest.title, conductedOn: latest.conductedOn } : null,
    areas,
    score: built ? { achievedPoints: built.total.achievedPoints, maxPoints: built.total.maxPoints, percent: built.total.percent } : null,
    findings,
    actionPlans: planCounts(planRows),
    plansInSeveralAreas: { all: several?.plans ?? 0, active: several?.active ?? 0 },
    attention: attention ?? { active: 0, overdue: 0, dueSoon: 0, stale: 0 },
    nextEvaluation: next ? { date: next, daysLeft: daysBetween(localDate(now, timezone), next) } : null,
  };
}

/* ------------------------------------------------------------------ the server */

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400);
  }
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PLAN_PATH = new RegExp(`^/api/action-plans/(${UUID})$`);
const HISTORY_PATH = new RegExp(`^/api/action-plans/(${UUID})/updates$`);

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://floor');
  requestId = typeof request.headers['x-request-id'] === 'string' ? request.headers['x-request-id'] : '';
  let status = 200;
  const headers: Record<string, string> = {};
  let body: unknown;
  try {
    if (url.pathname === '/health') {
      body = { status: 'ok' };
    } else {
      const actor = await authenticate(request);
      let match: RegExpExecArray | null;
      if (request.method === 'GET' && url.pathname === '/api/action-plans') body = await list(actor, url);
      else if (request.method === 'GET' && url.pathname === '/api/dashboard') body = await dashboard(actor);
      else if (request.method === 'GET' && (match = PLAN_PATH.exec(url.pathname))) {
        const view = await plan(actor, match[1]);
        headers.ETag = `"${String(view.version)}"`;
        body = view;
      } else if (request.method === 'GET' && (match = HISTORY_PATH.exec(url.pathname))) body = await history(actor, match[1], url);
      else if (request.method === 'POST' && (match = HISTORY_PATH.exec(url.pathname))) {
        body = await postUpdate(actor, match[1], await readBody(request));
        status = 201;
      } else throw new HttpError(404);
    }
  } catch (error) {
    status = error instanceof HttpError ? error.status : 500;
    if (status === 500) process.stderr.write(`${(error as Error).stack}\n`);
    body = { statusCode: status };
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

if (require.main === module) {
  const server = createServer((request, response) => void route(request, response));
  server.keepAliveTimeout = 5000;
  server.listen(PORT, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ msg: 'floor listening', port: PORT })}\n`));
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
