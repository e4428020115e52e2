/**
 * The one definition of the derived states (DESIGN §2), as SQL over an action plan row and its
 * municipality, with "today" in the municipality's time zone and `:now` from the Clock. The
 * list filters, the dashboard, the export and the digests all use these.
 */
export interface StateAliases {
  plan: string;
  municipality: string;
}

const DEFAULT_ALIASES: StateAliases = { plan: 'plan', municipality: 'm' };

export function derivedStateSql({ plan, municipality }: StateAliases = DEFAULT_ALIASES) {
  const column = (name: string) => `"${plan}"."${name}"`;
  const setting = (name: string) => `"${municipality}"."${name}"`;
  const now = 'CAST(:now AS timestamptz)';
  const today = `(${now} AT TIME ZONE ${setting('timezone')})::date`;
  const active = `${column('status')} IN ('planned', 'in_progress')`;
  return {
    today,
    active: `(${active})`,
    /** Active and past its due date. */
    overdue: `(${active} AND ${column('due_date')} < ${today})`,
    /** Active and due from today up to `dueSoonDays` ahead. */
    dueSoon: `(${active} AND ${column('due_date')} BETWEEN ${today} AND ${today} + ${setting('due_soon_days')})`,
    /**
     * Active with no progress update for `staleAfterDays` (counted from creation if none). Days
     * are the municipality's calendar days: an update at 10:00 is 14 days old at 10:00 two weeks
     * later, also across a change to or from summer time.
     */
    stale: `(${active} AND coalesce(${column('last_update_at')}, ${column('created_at')}) < ((${now} AT TIME ZONE ${setting('timezone')}) - make_interval(days => ${setting('stale_after_days')})) AT TIME ZONE ${setting('timezone')})`,
  };
}

export const COVERAGES = ['covered', 'dismissed', 'uncovered'] as const;
export type Coverage = (typeof COVERAGES)[number];

/**
 * Where an improvement opportunity or weakness stands: a decision to take no action wins over any
 * plan (dismissed is handled, not covered); otherwise covered when `findingCoveredSql` holds.
 * Strengths call for no action and have none.
 */
export function findingCoverage(finding: { kind: string; dismissed: boolean }, covered: boolean): Coverage | null {
  if (finding.kind === 'strength') return null;
  if (finding.dismissed) return 'dismissed';
  return covered ? 'covered' : 'uncovered';
}

/** A finding is covered when at least one action plan that is not cancelled links to it. */
export function findingCoveredSql(findingAlias = 'f'): string {
  return `EXISTS (SELECT 1 FROM "action_plan_finding" "cover_link" JOIN "action_plan" "cover_plan" ON "cover_plan"."id" = "cover_link"."action_plan_id"
    WHERE "cover_link"."finding_id" = "${findingAlias}"."id" AND "cover_plan"."status" <> 'cancelled')`;
}
