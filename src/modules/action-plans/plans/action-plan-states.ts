import type { SelectQueryBuilder } from 'typeorm';
import type { Coverage } from '../../evaluations/findings/finding-coverage';
import { localDate } from '../../../common/local-date';
import { ACTION_PLAN_STATUSES, ACTIVE_STATUSES } from './action-plan.constants';
import type { ActionPlanStatus } from './action-plan.constants';
import type { ActionPlan } from './action-plan.entity';

/** What the derived states need to know of the municipality: its calendar and its thresholds. */
export interface PlanCalendar {
  timezone: string;
  dueSoonDays: number;
  staleAfterDays: number;
}

/** The moment a plan's states are read at: the Clock's now, in a municipality. */
export interface PlanMoment {
  now: Date;
  calendar: PlanCalendar;
}

/** Active: work still to be done. The one definition, for TypeScript readers. */
export function isActive(status: ActionPlanStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/** SQL fragments of the derived states, each a boolean expression over the builder's plan. */
export interface PlanStateSql {
  active: string;
  overdue: string;
  dueSoon: string;
  stale: string;
}

/** How a statement takes the values the derived states compare with. */
interface PlanStateBinder {
  /** The placeholder of one value. */
  value(name: string, value: unknown): string;
  /** The placeholders of a list of values, separated by commas. */
  list(name: string, values: readonly unknown[]): string;
}

/**
 * The one definition of the derived states (active, overdue, due soon, stale), as SQL over the
 * action plan whose columns `column` names, at `at`, a required moment from the Clock. "Today" is
 * the municipality's calendar date, from `localDate`, the same function every TypeScript reader uses.
 */
function derivedStatesSql(column: (name: string) => string, at: PlanMoment, bind: PlanStateBinder): PlanStateSql {
  const now = `CAST(${bind.value('planStateNow', at.now.toISOString())} AS timestamptz)`;
  const today = `CAST(${bind.value('planStateToday', localDate(at.now, at.calendar.timezone))} AS date)`;
  const timezone = `CAST(${bind.value('planStateTimezone', at.calendar.timezone)} AS text)`;
  const dueSoonDays = `CAST(${bind.value('planStateDueSoonDays', at.calendar.dueSoonDays)} AS int)`;
  const staleDays = `CAST(${bind.value('planStateStaleDays', at.calendar.staleAfterDays)} AS int)`;
  const active = `${column('status')} IN (${bind.list('planStateActive', ACTIVE_STATUSES)})`;
  return {
    active: `(${active})`,
    /** Active and past its due date. */
    overdue: `(${active} AND ${column('due_date')} < ${today})`,
    /** Active and due from today up to `dueSoonDays` ahead. */
    dueSoon: `(${active} AND ${column('due_date')} BETWEEN ${today} AND ${today} + ${dueSoonDays})`,
    /**
     * Active with no progress update for `staleAfterDays` (counted from creation if none). Days
     * are the municipality's calendar days: an update at 10:00 is 14 days old at 10:00 two weeks
     * later, also across a change to or from summer time.
     */
    stale: `(${active} AND coalesce(${column('last_update_at')}, ${column('created_at')}) < ((${now} AT TIME ZONE ${timezone}) - make_interval(days => ${staleDays})) AT TIME ZONE ${timezone})`,
  };
}

/**
 * The derived states over the action plan of `builder` (its main alias, so no other alias can be
 * given), their values set on the builder itself as named parameters (planStateToday,
 * planStateTimezone, … which the builder's own conditions may use too).
 */
export function planStateSql(builder: SelectQueryBuilder<ActionPlan>, at: PlanMoment): PlanStateSql {
  return derivedStatesSql((name) => `"${builder.alias}"."${name}"`, at, {
    value: (name, value) => {
      builder.setParameter(name, value);
      return `:${name}`;
    },
    list: (name, values) => {
      builder.setParameter(name, values);
      return `:...${name}`;
    },
  });
}

/**
 * The derived states over the action plan aliased `alias` in a statement written out: each value
 * appended to `params` once and referred to as `$n`, however often the fragments use it.
 */
export function planStateSqlWithParams(alias: string, at: PlanMoment, params: unknown[]): PlanStateSql {
  return derivedStatesSql((name) => `"${alias}"."${name}"`, at, {
    value: (_name, value) => `$${params.push(value)}`,
    list: (_name, values) => values.map((value) => `$${params.push(value)}`).join(', '),
  });
}

export { COVERAGES } from '../../evaluations/findings/finding-coverage';
export type { Coverage } from '../../evaluations/findings/finding-coverage';

/** Plans that cover the findings they link to: every plan but a cancelled one. */
export const COVERING_STATUSES: readonly ActionPlanStatus[] = ACTION_PLAN_STATUSES.filter((status) => status !== 'cancelled');

/** Whether a plan in `status` covers its findings. The one definition, for TypeScript readers. */
export function coversFindings(status: ActionPlanStatus): boolean {
  return COVERING_STATUSES.includes(status);
}

/**
 * Where an improvement opportunity or weakness stands: a decision to take no action wins over any
 * plan (dismissed is handled, not covered); otherwise covered when a plan in a covering status links to it
 * (`coversFindings`, or `findingCoveredSql` in a query).
 * Strengths call for no action and have none.
 */
export function findingCoverage(finding: { kind: string; dismissed: boolean }, covered: boolean): Coverage | null {
  if (finding.kind === 'strength') return null;
  if (finding.dismissed) return 'dismissed';
  return covered ? 'covered' : 'uncovered';
}

/**
 * "Covered" in SQL, made from `COVERING_STATUSES`: at least one plan in a covering status links to
 * the finding whose id is `findingIdSql`. Only the action-plans repository reads it.
 */
export function findingCoveredSql(findingIdSql: string): string {
  const covering = COVERING_STATUSES.map((status) => `'${status}'`).join(', ');
  return `EXISTS (SELECT 1 FROM "action_plan_finding" "cover_link" JOIN "action_plan" "cover_plan" ON "cover_plan"."id" = "cover_link"."action_plan_id"
    WHERE "cover_link"."finding_id" = ${findingIdSql} AND "cover_plan"."status" IN (${covering}))`;
}
