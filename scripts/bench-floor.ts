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
 * FLOOR_PROCESSES=N runs N such processes on the one port (node:cluster), the yardstick of what
 * every core can give on this machine.
 *
 * FLOOR_LOG_QUERIES=on prints each statement as a JSON line `{ "req", "sql" }` (for the comparison).
 */
import cluster from 'node:cluster';
import { createSecretKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { verify } from 'jsonwebtoken';
import { Pool, type PoolClient, types } from 'pg';
import { daysBetween, localDate } from '../src/common/local-date';
import { NamedStatementClient } from '../src/database/named-statements';
import { findingCoveredSql, planStateSqlWithParams } from '../src/modules/action-plans/plans/action-plan-states';
import type { PlanMoment, PlanStateSql } from '../src/modules/action-plans/plans/action-plan-states';
import { buildEvaluationReport } from '../src/modules/evaluations/evaluations/evaluation-report';
import type { Evaluation } from '../src/modules/evaluations/evaluations/evaluation.entity';
import type { LoadedFramework } from '../src/modules/evaluations/frameworks/frameworks.service';

const PORT = Number(process.env.FLOOR_PORT ?? 3100);
// The key made once from the secret, as the API makes it.
const SECRET = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? '', 'utf8'));
const LOG_QUERIES = process.env.FLOOR_LOG_QUERIES === 'on';
// A date column reads as its YYYY-MM-DD text, as TypeORM reads it.
types.setTypeParser(types.builtins.DATE, (value) => value);
// Statements sent to Postgres as the API sends them: named and prepared unless DATABASE_NAMED_STATEMENTS=off.
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  ...(process.env.DATABASE_NAMED_STATEMENTS === 'off' ? {} : { Client: NamedStatementClient }),
});

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

const USER_SQL = `SELECT "id", "municipality_id" AS "municipalityId", "role", "active", "credentials_version" AS "credentialsVersion" FROM "app_user" WHERE "id" = $1`;

const planColumns = (states: PlanStateSql) =>
  `"plan"."id" AS id, "plan"."title" AS title, "plan"."description" AS description, "plan"."owner_id" AS owner_id, "plan"."unit" AS unit, to_char("plan"."start_date", 'YYYY-MM-DD') AS start_date, to_char("plan"."due_date", 'YYYY-MM-DD') AS due_date, "plan"."status" AS status, "plan"."health" AS health, "plan"."progress" AS progress, "plan"."priority" AS priority, "plan"."expected_effect" AS expected_effect, "plan"."completed_at" AS completed_at, "plan"."last_update_at" AS last_update_at, "plan"."cancellation_reason" AS cancellation_reason, "plan"."cancelled_at" AS cancelled_at, "plan"."cancelled_by_id" AS cancelled_by_id, "plan"."effect" AS effect, "plan"."effect_comment" AS effect_comment, "plan"."effect_set_by_id" AS effect_set_by_id, "plan"."effect_set_at" AS effect_set_at, "plan"."version" AS version, "plan"."created_at" AS created_at, "plan"."updated_at" AS updated_at, ${states.overdue} AS overdue, ${states.dueSoon} AS due_soon, ${states.stale} AS stale, (SELECT "u"."comment" FROM "progress_update" "u" WHERE "u"."action_plan_id" = "plan"."id" AND "u"."comment" IS NOT NULL ORDER BY "u"."created_at" DESC LIMIT 1) AS latest_comment`;
const placeholders = (params: unknown[], values: unknown[]) => values.map((value) => `$${params.push(value)}`).join(', ');
const AREA_FINDINGS_SQL = `SELECT "id" FROM "finding" WHERE "municipality_id" = $1 AND "area_number" = $2`;
const LINKS_OF_PLANS_SQL = `SELECT "action_plan_id", "finding_id" FROM "action_plan_finding" WHERE "action_plan_id" = ANY($1) ORDER BY "linked_at", "finding_id"`;
const NAMES_SQL = `SELECT "id", "name" FROM "app_user" WHERE "municipality_id" = $1 AND "id" = ANY($2::uuid[])`;
const FINDINGS_WITH_FRAMEWORKS_SQL = `SELECT "finding"."id", "finding"."municipality_id" AS "municipalityId", "finding"."evaluation_id" AS "evaluationId", "finding"."area_number" AS "areaNumber", "finding"."kind", "finding"."text", "finding"."position", "finding"."question_code" AS "questionCode", "finding"."dismissed_reason" AS "dismissedReason", "finding"."dismissed_by_id" AS "dismissedById", "finding"."dismissed_at" AS "dismissedAt", "finding"."created_at" AS "createdAt", "finding"."updated_at" AS "updatedAt", "evaluation"."framework_id" AS "frameworkId" FROM "finding" "finding" JOIN "evaluation" "evaluation" ON "evaluation"."id" = "finding"."evaluation_id" WHERE "finding"."municipality_id" = $1 AND "finding"."id" = ANY($2::uuid[]) ORDER BY "finding"."area_number", CASE "finding"."kind" WHEN 'strength' THEN 1 WHEN 'improvement' THEN 2 ELSE 3 END, "finding"."position"`;
const TARGETS_SQL = `SELECT "action_plan_id", "question_code" AS "questionCode", "expected_points"::float AS "expectedPoints" FROM "action_plan_target" WHERE "action_plan_id" = ANY($1) ORDER BY "question_code"`;

const MUNICIPALITY_SQL = `SELECT "id", "code", "name", "timezone", "locale", "digest_weekday" AS "digestWeekday", "digest_hour" AS "digestHour", "stale_after_days" AS "staleAfterDays", "due_soon_days" AS "dueSoonDays", to_char("next_evaluation_date", 'YYYY-MM-DD') AS "nextEvaluationDate", "created_at" AS "createdAt", "updated_at" AS "updatedAt" FROM "municipality" WHERE "id" = $1`;
const EVALUATION_COLUMNS = `"id", "municipality_id" AS "municipalityId", "framework_id" AS "frameworkId", "title", to_char("conducted_on", 'YYYY-MM-DD') AS "conductedOn", "previous_evaluation_id" AS "previousEvaluationId", "status", "source", "reported_area_totals" AS "reportedAreaTotals", "import_warnings" AS "importWarnings", "published_at" AS "publishedAt", "created_at" AS "createdAt", "updated_at" AS "updatedAt"`;
const LATEST_EVALUATION_SQL = `SELECT ${EVALUATION_COLUMNS} FROM "evaluation" WHERE "municipality_id" = $1 AND "status" = 'published' ORDER BY "conducted_on" DESC, "published_at" DESC LIMIT 1`;
const EVALUATION_SQL = `SELECT ${EVALUATION_COLUMNS} FROM "evaluation" WHERE "id" = $1 AND "municipality_id" = $2`;
const SCORES_SQL = `SELECT "id", "municipality_id" AS "municipalityId", "evaluation_id" AS "evaluationId", "question_id" AS "questionId", "achieved_points"::float8 AS "achievedPoints", "reported_percent"::float8 AS "reportedPercent" FROM "score" WHERE "evaluation_id" = $1`;
const LINKS_SQL = `SELECT "l"."action_plan_id" AS "actionPlanId", "l"."finding_id" AS "findingId", "p"."status", "p"."health" FROM "action_plan_finding" "l" JOIN "action_plan" "p" ON "p"."id" = "l"."action_plan_id" WHERE "l"."municipality_id" = $1 AND "p"."municipality_id" = $1`;
const PLAN_COUNTS_SQL = `SELECT "status", "health", count(*)::int AS "plans" FROM "action_plan" WHERE "municipality_id" = $1 GROUP BY "status", "health"`;
const FINDINGS_OF_EVALUATION_SQL = `SELECT "finding"."id", "finding"."municipality_id" AS "municipalityId", "finding"."evaluation_id" AS "evaluationId", "finding"."area_number" AS "areaNumber", "finding"."kind", "finding"."text", "finding"."position", "finding"."question_code" AS "questionCode", "finding"."dismissed_reason" AS "dismissedReason", "finding"."dismissed_by_id" AS "dismissedById", "finding"."dismissed_at" AS "dismissedAt", "finding"."created_at" AS "createdAt", "finding"."updated_at" AS "updatedAt" FROM "finding" "finding" WHERE "finding"."municipality_id" = $1 AND "finding"."evaluation_id" = $2 ORDER BY "finding"."area_number", CASE "finding"."kind" WHEN 'strength' THEN 1 WHEN 'improvement' THEN 2 ELSE 3 END, "finding"."position"`;
const COVERAGE_OF_SQL = `SELECT "f"."id", ${findingCoveredSql('"f"."id"')} AS "covered", coalesce((SELECT array_agg("l"."action_plan_id" ORDER BY "l"."linked_at", "l"."action_plan_id") FROM "action_plan_finding" "l" WHERE "l"."finding_id" = "f"."id"), '{}') AS "plan_ids" FROM unnest($1::uuid[]) AS "f"("id")`;
const AREAS_OF_SQL = `SELECT "id", "area_number" FROM "finding" WHERE "municipality_id" = $1 AND "id" = ANY($2::uuid[])`;
const attentionSql = (states: PlanStateSql, municipality: string) =>
  `SELECT count(*) FILTER (WHERE ${states.active})::int AS "active", count(*) FILTER (WHERE ${states.overdue})::int AS "overdue", count(*) FILTER (WHERE ${states.dueSoon})::int AS "dueSoon", count(*) FILTER (WHERE ${states.stale})::int AS "stale" FROM "action_plan" "plan" WHERE "plan"."municipality_id" = ${municipality}`;

const PLAN_EXISTS_SQL = `SELECT 1 FROM "action_plan" WHERE "id" = $1 AND "municipality_id" = $2`;
const UPDATE_COLUMNS = `"id", "municipality_id" AS "municipalityId", "action_plan_id" AS "actionPlanId", "author_id" AS "authorId", "status", "health", "progress", "comment", "created_at" AS "createdAt"`;
const HISTORY_PAGE_SQL = `SELECT ${UPDATE_COLUMNS}, count(*) OVER ()::int AS "total" FROM "progress_update" WHERE "action_plan_id" = $1 AND "municipality_id" = $2 ORDER BY "created_at" DESC, "id" DESC LIMIT $3 OFFSET $4`;
const HISTORY_COUNT_SQL = `SELECT count(*)::int AS "total" FROM "progress_update" WHERE "action_plan_id" = $1 AND "municipality_id" = $2`;

const LOCK_PLAN_SQL = `SELECT "id", "municipality_id" AS "municipalityId", "title", "description", "owner_id" AS "ownerId", "unit", to_char("start_date", 'YYYY-MM-DD') AS "startDate", to_char("due_date", 'YYYY-MM-DD') AS "dueDate", "status", "health", "progress", "priority", "expected_effect" AS "expectedEffect", "completed_at" AS "completedAt", "cancellation_reason" AS "cancellationReason", "cancelled_by_id" AS "cancelledById", "cancelled_at" AS "cancelledAt", "last_update_at" AS "lastUpdateAt", "effect", "effect_comment" AS "effectComment", "effect_set_by_id" AS "effectSetById", "effect_set_at" AS "effectSetAt", "version", "created_by_id" AS "createdById", "created_at" AS "createdAt", "updated_at" AS "updatedAt" FROM "action_plan" WHERE "id" = $1 AND "municipality_id" = $2 FOR UPDATE`;
const INSERT_UPDATE_SQL = `INSERT INTO "progress_update" ("municipality_id", "action_plan_id", "author_id", "status", "health", "progress", "comment", "created_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "id"`;
const MOVE_PLAN_SQL = `UPDATE "action_plan" SET "status" = $1, "health" = $2, "progress" = $3, "last_update_at" = $4, "completed_at" = $5, "version" = $6, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $7`;
const AUDIT_SQL = `INSERT INTO "audit_event" ("municipality_id", "actor_id", "entity_type", "entity_id", "action", "changes", "via") VALUES ($1, $2, $3, $4, $5, $6, $7)`;


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
  const [user] = await query<{ id: string; municipalityId: string; role: string; active: boolean; credentialsVersion: number }>(pool, USER_SQL, [claims.sub]);
  if (!user || !user.active || user.municipalityId !== claims.mun || user.credentialsVersion !== claims.ver) throw new HttpError(401);
  return { userId: user.id, municipalityId: user.municipalityId, role: user.role };
}

interface PlanRow extends Record<string, unknown> {
  id: string;
}

async function planViews(actor: Actor, rows: PlanRow[]): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [links, targets] = await Promise.all([
    query<{ action_plan_id: string; finding_id: string }>(pool, LINKS_OF_PLANS_SQL, [ids]),
    query<Record<string, unknown> & { action_plan_id: string }>(pool, TARGETS_SQL, [ids]),
  ]);
  const people = [...new Set(rows.flatMap((row) => [row.owner_id, row.cancelled_by_id, row.effect_set_by_id].filter(Boolean) as string[]))];
  const findingIds = [...new Set(links.map((link) => link.finding_id))];
  const [names, findings] = await Promise.all([
    people.length ? query<{ id: string; name: string }>(pool, NAMES_SQL, [actor.municipalityId, people]) : Promise.resolve([]),
    findingIds.length ? query<Record<string, unknown>>(pool, FINDINGS_WITH_FRAMEWORKS_SQL, [actor.municipalityId, findingIds]) : Promise.resolve([]),
  ]);
  const nameOf = new Map(names.map((row) => [row.id, row.name]));
  const person = (id: unknown) => (id ? { id, name: nameOf.get(id as string) ?? '' } : null);
  return rows.map((row) => {
    const linked = links.filter((link) => link.action_plan_id === row.id).map((link) => link.finding_id);
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      owner: person(row.owner_id),
      unit: row.unit,
      startDate: row.start_date,
      dueDate: row.due_date,
      status: row.status,
      health: row.health,
      progress: row.progress,
      cancellation: row.status === 'cancelled' ? { reason: row.cancellation_reason, at: row.cancelled_at, by: person(row.cancelled_by_id) } : null,
      priority: row.priority,
      expectedEffect: row.expected_effect,
      completedAt: row.completed_at,
      lastUpdateAt: row.last_update_at,
      latestComment: row.latest_comment,
      effect: row.effect,
      effectComment: row.effect_comment,
      effectSetBy: person(row.effect_set_by_id),
      effectSetAt: row.effect_set_at,
      overdue: row.overdue,
      dueSoon: row.due_soon,
      stale: row.stale,
      findings: findings
        .filter((finding) => linked.includes(finding.id as string))
        .map((finding) => ({
          id: finding.id,
          evaluationId: finding.evaluationId,
          areaNumber: finding.areaNumber,
          kind: finding.kind,
          text: finding.text,
          questionCode: finding.questionCode,
        })),
      targets: targets.filter((target) => target.action_plan_id === row.id).map(({ action_plan_id: _plan, ...target }) => target),
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
}

/** Now in the caller's municipality, for the derived states. */
async function momentOf(actor: Actor, now = new Date()): Promise<PlanMoment> {
  const [municipality] = await query<Record<string, unknown>>(pool, MUNICIPALITY_SQL, [actor.municipalityId]);
  return {
    now,
    calendar: {
      timezone: municipality.timezone as string,
      dueSoonDays: municipality.dueSoonDays as number,
      staleAfterDays: municipality.staleAfterDays as number,
    },
  };
}

async function list(actor: Actor, url: URL): Promise<unknown> {
  const statuses = (url.searchParams.get('status') ?? '').split(',').filter(Boolean);
  const area = Number(url.searchParams.get('areaNumber'));
  const limit = Number(url.searchParams.get('limit') ?? 20);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  // Only the shape the benchmark asks for: a status filter, an area, due date order (open plans first).
  if (statuses.length === 0 || !Number.isInteger(area) || !Number.isInteger(limit) || !Number.isInteger(offset)) throw new HttpError(400);
  const now = new Date();
  const [moment, inArea] = await Promise.all([momentOf(actor, now), query<{ id: string }>(pool, AREA_FINDINGS_SQL, [actor.municipalityId, area])]);
  const params: unknown[] = [];
  const states = planStateSqlWithParams('plan', moment, params);
  const columns = planColumns(states);
  const sql = `SELECT ${columns}, count(*) OVER ()::int AS "total" FROM "action_plan" "plan" WHERE "plan"."municipality_id" = ${placeholders(params, [actor.municipalityId])} AND "plan"."status" IN (${placeholders(params, statuses)}) AND EXISTS (SELECT 1 FROM "action_plan_finding" "link" WHERE "link"."action_plan_id" = "plan"."id" AND "link"."finding_id" = ANY(${placeholders(params, [inArea.map((row) => row.id)])}::uuid[])) ORDER BY "plan"."status" IN ('completed', 'cancelled') ASC, "plan"."due_date" ASC, "plan"."id" ASC LIMIT ${placeholders(params, [limit])} OFFSET ${placeholders(params, [offset])}`;
  const rows = await query<PlanRow & { total: number }>(pool, sql, params);
  return { items: await planViews(actor, rows), total: rows[0]?.total ?? 0 };
}

async function plan(actor: Actor, id: string): Promise<Record<string, unknown>> {
  const params: unknown[] = [];
  const states = planStateSqlWithParams('plan', await momentOf(actor, new Date()), params);
  const columns = planColumns(states);
  const sql = `SELECT ${columns} FROM "action_plan" "plan" WHERE "plan"."municipality_id" = ${placeholders(params, [actor.municipalityId])} AND "plan"."id" IN (${placeholders(params, [id])})`;
  const rows = await query<PlanRow>(pool, sql, params);
  const [view] = await planViews(actor, rows);
  if (!view) throw new HttpError(404);
  return view;
}

async function history(actor: Actor, id: string, url: URL): Promise<unknown> {
  if ((await query(pool, PLAN_EXISTS_SQL, [id, actor.municipalityId])).length === 0) throw new HttpError(404);
  const limit = Number(url.searchParams.get('limit') ?? 50);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const rows = await query<Record<string, unknown> & { authorId: string; total: number }>(pool, HISTORY_PAGE_SQL, [id, actor.municipalityId, limit, offset]);
  // A page past the end has no row to carry the total.
  const total = rows[0]?.total ?? (offset > 0 ? (await query<{ total: number }>(pool, HISTORY_COUNT_SQL, [id, actor.municipalityId]))[0].total : 0);
  const authors = [...new Set(rows.map((row) => row.authorId))];
  const names = authors.length ? await query<{ id: string; name: string }>(pool, NAMES_SQL, [actor.municipalityId, authors]) : [];
  const nameOf = new Map(names.map((row) => [row.id, row.name]));
  return {
    items: rows.map((row) => ({
      id: row.id,
      actionPlanId: row.actionPlanId,
      author: { id: row.authorId, name: nameOf.get(row.authorId) ?? '' },
      status: row.status,
      health: row.health,
      progress: row.progress,
      comment: row.comment,
      createdAt: row.createdAt,
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
    if (!isManager && locked.ownerId !== actor.userId) throw new HttpError(403);
    const current = locked.status as string;
    if (current !== 'planned' && current !== 'in_progress') throw new HttpError(409);
    const status = input.status ?? (current === 'planned' && input.progress! > 0 ? 'in_progress' : current);
    if (status === 'completed' && input.progress !== 100) throw new HttpError(400);
    const now = new Date();
    const lastUpdateAt = locked.lastUpdateAt as Date | null;
    const createdAt = lastUpdateAt && lastUpdateAt >= now ? new Date(lastUpdateAt.getTime() + 1) : now;
    const comment = input.comment || null;
    const [inserted] = await query<{ id: string }>(client, INSERT_UPDATE_SQL, [
      actor.municipalityId,
      id,
      actor.userId,
      status,
      input.health,
      input.progress,
      comment,
      createdAt,
    ]);
    await query(client, MOVE_PLAN_SQL, [status, input.health, input.progress, createdAt, status === 'completed' ? createdAt : null, (locked.version as number) + 1, id]);
    const changes = { actionPlanId: { after: id }, status: { after: status }, health: { after: input.health }, progress: { after: input.progress }, comment: { after: comment } };
    await query(client, AUDIT_SQL, [actor.municipalityId, actor.userId, 'progress-update', inserted.id, 'create', JSON.stringify(changes), null]);
    const [author] = await query<{ id: string; name: string }>(client, NAMES_SQL, [actor.municipalityId, [actor.userId]]);
    await query(client, 'COMMIT');
    return { id: inserted.id, actionPlanId: id, author: { id: actor.userId, name: author?.name ?? '' }, status, health: input.health, progress: input.progress, comment, createdAt };
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


async function dashboard(actor: Actor): Promise<unknown> {
  const now = new Date();
  const [[municipality], [latestRow]] = await Promise.all([
    query<Record<string, unknown>>(pool, MUNICIPALITY_SQL, [actor.municipalityId]),
    query<Record<string, unknown>>(pool, LATEST_EVALUATION_SQL, [actor.municipalityId]),
  ]);
  const latest = (latestRow as unknown as Evaluation | undefined) ?? null;
  const report = async () => {
    if (!latest) return null;
    const [row] = await query<Record<string, unknown>>(pool, EVALUATION_SQL, [latest.id, actor.municipalityId]);
    const framework = (await loadFrameworks()).find((candidate) => candidate.id === latest.frameworkId)!;
    const scores = await query<Record<string, unknown>>(pool, SCORES_SQL, [latest.id]);
    if (!row) throw new HttpError(404);
    return buildEvaluationReport(
      latest,
      framework,
      scores.map((score) => ({ questionId: score.questionId as string, achievedPoints: score.achievedPoints as number, reportedPercent: score.reportedPercent as number | null })),
      [],
      [],
    );
  };
  const findingsOf = async () => {
    if (!latest) return [];
    // The findings of an evaluation are read after checking it is the municipality's.
    const [evaluation] = await query(pool, EVALUATION_SQL, [latest.id, actor.municipalityId]);
    if (!evaluation) throw new HttpError(404);
    return query<Record<string, unknown>>(pool, FINDINGS_OF_EVALUATION_SQL, [actor.municipalityId, latest.id]);
  };
  type Link = { actionPlanId: string; findingId: string; status: string; health: string | null };
  const attentionParams: unknown[] = [];
  const attentionStates = planStateSqlWithParams(
    'plan',
    { now, calendar: { timezone: municipality.timezone as string, dueSoonDays: municipality.dueSoonDays as number, staleAfterDays: municipality.staleAfterDays as number } },
    attentionParams,
  );
  const attentionStatement = attentionSql(attentionStates, placeholders(attentionParams, [actor.municipalityId]));
  const [built, findings, links, planRows, [attention]] = await Promise.all([
    report(),
    findingsOf(),
    query<Link>(pool, LINKS_SQL, [actor.municipalityId]),
    query<{ status: string; health: string | null; plans: number }>(pool, PLAN_COUNTS_SQL, [actor.municipalityId]),
    query<{ active: number; overdue: number; dueSoon: number; stale: number }>(pool, attentionStatement, attentionParams),
  ]);
  const actionable = findings.filter((finding) => finding.kind === 'improvement' || finding.kind === 'weakness');
  const [coverageRows, areaRows] = await Promise.all([
    actionable.length ? query<{ id: string; covered: boolean }>(pool, COVERAGE_OF_SQL, [actionable.map((finding) => finding.id)]) : Promise.resolve([]),
    links.length ? query<{ id: string; area_number: number }>(pool, AREAS_OF_SQL, [actor.municipalityId, [...new Set(links.map((link) => link.findingId))]]) : Promise.resolve([]),
  ]);
  const covered = new Map(coverageRows.map((row) => [row.id, row.covered]));
  const areaOfFinding = new Map(areaRows.map((row) => [row.id, row.area_number]));
  const plansByArea = new Map<number, Map<string, { status: string; health: string | null; plans: number }>>();
  const areasOfPlan = new Map<string, { plan: { status: string; health: string | null; plans: number }; areas: Set<number> }>();
  for (const link of links) {
    const area = areaOfFinding.get(link.findingId);
    if (area === undefined) continue;
    const plan = { status: link.status, health: link.health, plans: 1 };
    plansByArea.set(area, (plansByArea.get(area) ?? new Map<string, { status: string; health: string | null; plans: number }>()).set(link.actionPlanId, plan));
    const entry = areasOfPlan.get(link.actionPlanId) ?? { plan, areas: new Set<number>() };
    areasOfPlan.set(link.actionPlanId, { plan, areas: entry.areas.add(area) });
  }
  const several = [...areasOfPlan.values()].filter((entry) => entry.areas.size > 1).map((entry) => entry.plan);
  const empty = () => ({ needingAction: 0, covered: 0, uncovered: 0, dismissed: 0 });
  const areas = (built?.areas ?? []).map((area) => {
    const counted = empty();
    for (const finding of actionable.filter((candidate) => candidate.areaNumber === area.number)) {
      if (finding.dismissedReason !== null) counted.dismissed += 1;
      else {
        counted.needingAction += 1;
        counted[covered.get(finding.id as string) ? 'covered' : 'uncovered'] += 1;
      }
    }
    return {
      number: area.number,
      title: area.title,
      score: area.achievedPoints === null ? null : { achievedPoints: area.achievedPoints, maxPoints: area.maxPoints, percent: area.percent },
      findings: counted,
      actionPlans: planCounts([...(plansByArea.get(area.number)?.values() ?? [])]),
    };
  });
  const total = areas.reduce((sum, area) => {
    for (const key of Object.keys(sum) as (keyof ReturnType<typeof empty>)[]) sum[key] += area.findings[key];
    return sum;
  }, empty());
  const timezone = municipality.timezone as string;
  const next = municipality.nextEvaluationDate as string | null;
  const isActive = (status: string) => status === 'planned' || status === 'in_progress';
  return {
    evaluation: latest ? { id: latest.id, title: latest.title, conductedOn: latest.conductedOn } : null,
    areas,
    score: built ? { achievedPoints: built.total.achievedPoints, maxPoints: built.total.maxPoints, percent: built.total.percent } : null,
    findings: total,
    actionPlans: planCounts(planRows),
    plansInSeveralAreas: { all: several.length, active: several.filter((plan) => isActive(plan.status)).length },
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

const PROCESSES = Number(process.env.FLOOR_PROCESSES ?? 1);

if (require.main === module && PROCESSES > 1 && cluster.isPrimary) {
  for (let index = 0; index < PROCESSES; index++) cluster.fork();
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === PROCESSES) process.stdout.write(`${JSON.stringify({ msg: 'floor listening', port: PORT, processes: PROCESSES })}\n`);
  });
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else if (require.main === module) {
  const server = createServer((request, response) => void route(request, response));
  server.keepAliveTimeout = 5000;
  server.listen(PORT, '127.0.0.1', () => PROCESSES === 1 && process.stdout.write(`${JSON.stringify({ msg: 'floor listening', port: PORT })}\n`));
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
