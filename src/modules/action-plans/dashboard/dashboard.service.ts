import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/auth/actor';
import { Clock } from '../../../common/clock';
import { daysBetween, localDate } from '../../../common/local-date';
import { EvaluationsService } from '../../evaluations/evaluations/evaluations.service';
import { ACTIONABLE_FINDING_KINDS } from '../../evaluations/findings/finding-kinds';
import { FindingsService } from '../../evaluations/findings/findings.service';
import { MunicipalitiesService } from '../../identity/municipalities/municipalities.service';
import { findingCoverage, isActive } from '../plans/action-plan-states';
import { ACTION_PLAN_STATUSES, HEALTHS } from '../plans/action-plan.constants';
import { ActionPlansRepository } from '../plans/action-plans.repository';
import { CountsByHealth, CountsByStatus, DashboardView, FindingCoverage, PlanCounts } from './dashboard.dto';
import { DashboardRepository, PlanCountRow } from './dashboard.repository';

const emptyCoverage = (): FindingCoverage => ({ needingAction: 0, covered: 0, uncovered: 0, dismissed: 0 });

function planCounts(rows: readonly PlanCountRow[]): PlanCounts {
  const byStatus = Object.fromEntries(ACTION_PLAN_STATUSES.map((status) => [status, 0])) as unknown as CountsByStatus;
  const byHealth = Object.fromEntries([...HEALTHS, 'none'].map((health) => [health, 0])) as unknown as CountsByHealth;
  for (const row of rows) {
    byStatus[row.status] += row.plans;
    if (isActive(row.status)) byHealth[row.health ?? 'none'] += row.plans;
  }
  return { byStatus, byHealth };
}

/**
 * The manager's overview, from aggregate reads: a fixed number of queries whatever the number of
 * findings and plans. Findings and their areas come from the evaluations module; the plans'
 * counts and links from this module's tables.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly repository: DashboardRepository,
    private readonly plans: ActionPlansRepository,
    private readonly evaluations: EvaluationsService,
    private readonly findings: FindingsService,
    private readonly municipalities: MunicipalitiesService,
    private readonly clock: Clock,
  ) {}

  async get(actor: Pick<Actor, 'municipalityId'>): Promise<DashboardView> {
    const now = this.clock.now();
    // Independent reads run side by side: the dashboard's time is its slowest query, not their sum.
    const [municipality, latest] = await Promise.all([this.municipalities.byId(actor.municipalityId), this.evaluations.latestPublished(actor)]);
    const [report, findings, links, planRows, attention] = await Promise.all([
      // Only the scores: the findings come below, and references are not shown.
      latest ? this.evaluations.scoreReport(actor, latest.id) : Promise.resolve(null),
      latest ? this.findings.ofEvaluation(actor, latest.id, {}) : Promise.resolve([]),
      this.repository.links(actor.municipalityId),
      this.repository.countsByStatusAndHealth(actor.municipalityId),
      this.repository.attention(actor.municipalityId, { now, calendar: municipality }),
    ]);
    const actionable = findings.filter((finding) => ACTIONABLE_FINDING_KINDS.includes(finding.kind));
    const [coverage, areaOfFinding] = await Promise.all([
      this.plans.coverageOf(actionable.map((finding) => finding.id)),
      this.findings.areasOf(actor, [...new Set(links.map((link) => link.findingId))]),
    ]);

    // A plan belongs to the areas of all its findings, whichever evaluation they come from, so a
    // plan carried over keeps counting in its areas after a follow-up; once per area.
    const plansByArea = new Map<number, Map<string, PlanCountRow>>();
    const areasOfPlan = new Map<string, { plan: PlanCountRow; areas: Set<number> }>();
    for (const link of links) {
      const area = areaOfFinding.get(link.findingId);
      if (area === undefined) continue;
      const plan = { status: link.status, health: link.health, plans: 1 };
      plansByArea.set(area, (plansByArea.get(area) ?? new Map<string, PlanCountRow>()).set(link.actionPlanId, plan));
      const entry = areasOfPlan.get(link.actionPlanId) ?? { plan, areas: new Set<number>() };
      areasOfPlan.set(link.actionPlanId, { plan, areas: entry.areas.add(area) });
    }
    const inSeveralAreas = [...areasOfPlan.values()].filter((entry) => entry.areas.size > 1).map((entry) => entry.plan);

    const areas = (report?.areas ?? []).map((area) => {
      const counted = emptyCoverage();
      for (const finding of actionable.filter((candidate) => candidate.areaNumber === area.number)) {
        const state = findingCoverage({ kind: finding.kind, dismissed: finding.dismissal !== null }, coverage.get(finding.id)?.covered ?? false);
        if (state === 'dismissed') counted.dismissed += 1;
        else {
          counted.needingAction += 1;
          counted[state === 'covered' ? 'covered' : 'uncovered'] += 1;
        }
      }
      return {
        number: area.number,
        title: area.title,
        score: area.achievedPoints === null ? null : { achievedPoints: area.achievedPoints, maxPoints: area.maxPoints, percent: area.percent! },
        findings: counted,
        actionPlans: planCounts([...(plansByArea.get(area.number)?.values() ?? [])]),
      };
    });
    const total = areas.reduce((sum, area) => {
      for (const key of Object.keys(sum) as (keyof FindingCoverage)[]) sum[key] += area.findings[key];
      return sum;
    }, emptyCoverage());
    const today = localDate(now, municipality.timezone);

    return {
      evaluation: latest ? { id: latest.id, title: latest.title, conductedOn: latest.conductedOn } : null,
      areas,
      score: report ? { achievedPoints: report.total.achievedPoints, maxPoints: report.total.maxPoints, percent: report.total.percent } : null,
      findings: total,
      actionPlans: planCounts(planRows),
      plansInSeveralAreas: { all: inSeveralAreas.length, active: inSeveralAreas.filter((plan) => isActive(plan.status)).length },
      attention,
      nextEvaluation: municipality.nextEvaluationDate
        ? { date: municipality.nextEvaluationDate, daysLeft: daysBetween(today, municipality.nextEvaluationDate) }
        : null,
    };
  }
}
