import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { Clock } from '../../../common/clock';
import { daysBetween, localDate } from '../../../common/local-date';
import { EvaluationsService } from '../../evaluations/evaluations/evaluations.service';
import { MunicipalitiesService } from '../../identity/municipalities/municipalities.service';
import { derivedStateSql, findingCoveredSql } from '../plans/action-plan-states';
import { ACTION_PLAN_STATUSES, HEALTHS } from '../plans/action-plan.entity';
import { CountsByHealth, CountsByStatus, DashboardView, FindingCoverage, PlanCounts } from './dashboard.dto';

interface PlanCountRow {
  area_number: number | null;
  status: keyof CountsByStatus;
  health: keyof CountsByHealth | null;
  plans: number;
}

const emptyCoverage = (): FindingCoverage => ({ needingAction: 0, covered: 0, uncovered: 0, dismissed: 0 });

function planCounts(rows: PlanCountRow[]): PlanCounts {
  const byStatus = Object.fromEntries(ACTION_PLAN_STATUSES.map((status) => [status, 0])) as unknown as CountsByStatus;
  const byHealth = Object.fromEntries([...HEALTHS, 'none'].map((health) => [health, 0])) as unknown as CountsByHealth;
  for (const row of rows) {
    byStatus[row.status] += row.plans;
    if (row.status === 'planned' || row.status === 'in_progress') byHealth[row.health ?? 'none'] += row.plans;
  }
  return { byStatus, byHealth };
}

/** Each action plan of the municipality (`$1`) with each area of its findings, once per area. */
const planAreasSql = `SELECT DISTINCT "l"."action_plan_id", "f"."area_number"
    FROM "action_plan_finding" "l" JOIN "finding" "f" ON "f"."id" = "l"."finding_id"
   WHERE "f"."municipality_id" = $1`;

/**
 * The manager's overview, from aggregate queries: a fixed number of queries whatever the
 * number of findings and plans.
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evaluations: EvaluationsService,
    private readonly municipalities: MunicipalitiesService,
    private readonly clock: Clock,
  ) {}

  async get(actor: Pick<Actor, 'municipalityId'>): Promise<DashboardView> {
    const now = this.clock.now();
    // Independent reads run side by side: the dashboard's time is its slowest query, not their sum.
    const [municipality, latest] = await Promise.all([this.municipalities.byId(actor.municipalityId), this.evaluations.latestPublished(actor)]);
    const states = derivedStateSql();
    const [report, coverageRows, areaPlanRows, [inSeveralAreas], planRows, attention] = await Promise.all([
      latest ? this.evaluations.report(actor, latest.id) : Promise.resolve(null),
      latest
        ? this.dataSource.query<{ area_number: number; needing: number; covered: number; dismissed: number }[]>(
            `SELECT "f"."area_number",
                    count(*) FILTER (WHERE "f"."dismissed_reason" IS NULL)::int AS "needing",
                    count(*) FILTER (WHERE "f"."dismissed_reason" IS NULL AND ${findingCoveredSql('f')})::int AS "covered",
                    count(*) FILTER (WHERE "f"."dismissed_reason" IS NOT NULL)::int AS "dismissed"
               FROM "finding" "f"
              WHERE "f"."evaluation_id" = $1 AND "f"."kind" IN ('improvement', 'weakness')
              GROUP BY "f"."area_number"`,
            [latest.id],
          )
        : Promise.resolve([] as { area_number: number; needing: number; covered: number; dismissed: number }[]),
      // A plan belongs to the areas of all its findings, whichever evaluation they come from, so a
      // plan carried over keeps counting in its areas after a follow-up; once per area.
      this.dataSource.query<PlanCountRow[]>(
        `SELECT "plan_area"."area_number", "p"."status", "p"."health", count(*)::int AS "plans"
           FROM (${planAreasSql}) "plan_area"
           JOIN "action_plan" "p" ON "p"."id" = "plan_area"."action_plan_id"
          GROUP BY "plan_area"."area_number", "p"."status", "p"."health"`,
        [actor.municipalityId],
      ),
      this.dataSource.query<{ plans: number; active: number }[]>(
        `SELECT count(*)::int AS "plans", count(*) FILTER (WHERE "p"."status" IN ('planned', 'in_progress'))::int AS "active"
           FROM (SELECT "action_plan_id" FROM (${planAreasSql}) "plan_area" GROUP BY "action_plan_id" HAVING count(*) > 1) "several"
           JOIN "action_plan" "p" ON "p"."id" = "several"."action_plan_id"`,
        [actor.municipalityId],
      ),
      this.dataSource.query<PlanCountRow[]>(
        `SELECT NULL AS "area_number", "plan"."status", "plan"."health", count(*)::int AS "plans"
           FROM "action_plan" "plan" WHERE "plan"."municipality_id" = $1 GROUP BY "plan"."status", "plan"."health"`,
        [actor.municipalityId],
      ),
      this.dataSource
        .createQueryBuilder()
        .select([
          `count(*) FILTER (WHERE ${states.active})::int AS "active"`,
          `count(*) FILTER (WHERE ${states.overdue})::int AS "overdue"`,
          `count(*) FILTER (WHERE ${states.dueSoon})::int AS "dueSoon"`,
          `count(*) FILTER (WHERE ${states.stale})::int AS "stale"`,
        ])
        .from('action_plan', 'plan')
        .innerJoin('municipality', 'm', '"m"."id" = "plan"."municipality_id"')
        .where('"plan"."municipality_id" = :municipalityId', { municipalityId: actor.municipalityId })
        .setParameter('now', now.toISOString())
        .getRawOne<{ active: number; overdue: number; dueSoon: number; stale: number }>(),
    ]);

    const areas = (report?.areas ?? []).map((area) => {
      const coverage = coverageRows.find((row) => row.area_number === area.number);
      return {
        number: area.number,
        title: area.title,
        score: area.achievedPoints === null ? null : { achievedPoints: area.achievedPoints, maxPoints: area.maxPoints, percent: area.percent! },
        findings: coverage
          ? { needingAction: coverage.needing, covered: coverage.covered, uncovered: coverage.needing - coverage.covered, dismissed: coverage.dismissed }
          : emptyCoverage(),
        actionPlans: planCounts(areaPlanRows.filter((row) => row.area_number === area.number)),
      };
    });
    const findings = areas.reduce((sum, area) => {
      for (const key of Object.keys(sum) as (keyof FindingCoverage)[]) sum[key] += area.findings[key];
      return sum;
    }, emptyCoverage());
    const today = localDate(now, municipality.timezone);

    return {
      evaluation: latest ? { id: latest.id, title: latest.title, conductedOn: latest.conductedOn } : null,
      areas,
      score: report ? { achievedPoints: report.total.achievedPoints, maxPoints: report.total.maxPoints, percent: report.total.percent } : null,
      findings,
      actionPlans: planCounts(planRows),
      plansInSeveralAreas: { all: inSeveralAreas?.plans ?? 0, active: inSeveralAreas?.active ?? 0 },
      attention: attention ?? { active: 0, overdue: 0, dueSoon: 0, stale: 0 },
      nextEvaluation: municipality.nextEvaluationDate
        ? { date: municipality.nextEvaluationDate, daysLeft: daysBetween(today, municipality.nextEvaluationDate) }
        : null,
    };
  }
}
