import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config';
import { DashboardService } from '../action-plans/dashboard/dashboard.service';
import { findingCoveredSql } from '../action-plans/plans/action-plan-states';
import { ActionPlanView } from '../action-plans/plans/action-plan.dto';
import type { Health } from '../action-plans/plans/action-plan.entity';
import { ActionPlanFilters, ActionPlansRepository } from '../action-plans/plans/action-plans.repository';
import { MunicipalitiesService } from '../identity/municipalities/municipalities.service';
import { Municipality } from '../identity/municipalities/municipality.entity';
import { localMoment, digestPeriodKey } from './digest-period';
import { DigestArea, DigestFinding, DigestHealthChange, DigestPlan, LeadershipDigestView, OwnerDigestView } from './digest-view';

/** "This week" in a digest: the seven days before it is built, i.e. since the previous digest. */
const WEEK_MS = 7 * 86_400_000;
/** The countdown opens the leadership digest this many days before the next evaluation. */
const COUNTDOWN_DAYS = 90;
/** How long a built leadership digest is reused for the municipality's other recipients. */
const LEADERSHIP_VIEW_REUSE_MS = 60_000;
/** Longest list an e-mail shows; the headline gives the full counts. */
const LIST_LIMIT = 50;

/**
 * Turns the municipality's data into what a digest says. It reads through the action-plans and
 * evaluations modules, so overdue, due soon, stale and covered mean what they mean everywhere.
 */
@Injectable()
export class DigestBuilder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: ActionPlansRepository,
    private readonly dashboard: DashboardService,
    private readonly municipalities: MunicipalitiesService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Every leadership recipient of a municipality gets the same digest, so one batch builds it once
   * per municipality: a view is reused for a minute.
   */
  private readonly leadershipViews = new Map<string, { builtAt: number; view: Promise<LeadershipDigestView> }>();

  leadership(municipality: Municipality, now: Date): Promise<LeadershipDigestView> {
    const municipalityId = municipality.id;
    for (const [key, cached] of this.leadershipViews) {
      if (Math.abs(now.getTime() - cached.builtAt) > LEADERSHIP_VIEW_REUSE_MS) this.leadershipViews.delete(key);
    }
    const cached = this.leadershipViews.get(municipalityId);
    if (cached) return cached.view;
    const view = this.buildLeadership(municipality, now);
    this.leadershipViews.set(municipalityId, { builtAt: now.getTime(), view });
    view.catch(() => this.leadershipViews.delete(municipalityId));
    return view;
  }

  private async buildLeadership(municipality: Municipality, now: Date): Promise<LeadershipDigestView> {
    const municipalityId = municipality.id;
    const weekAgo = new Date(now.getTime() - WEEK_MS);
    const list = (filters: ActionPlanFilters, sort: 'dueDate' | '-updatedAt' = 'dueDate') =>
      this.plans.page(municipalityId, now, filters, { limit: LIST_LIMIT, offset: 0, sort }).then((page) => page.items.map((plan) => this.digestPlan(plan)));

    const dashboard = await this.dashboard.get({ municipalityId });
    const [overdue, atRiskOrOffTrack, completedThisWeek, stale, newPlans, cancelledThisWeek, healthChanges, projected, uncoveredFindings] = await Promise.all([
      list({ overdue: true }),
      list({ status: ['planned', 'in_progress'], health: ['at_risk', 'off_track'] }),
      list({ status: ['completed'], completedSince: weekAgo }, '-updatedAt'),
      list({ stale: true }),
      list({ createdSince: weekAgo }, '-updatedAt'),
      list({ status: ['cancelled'], cancelledSince: weekAgo }, '-updatedAt'),
      this.healthChanges(municipalityId, now, weekAgo),
      dashboard.evaluation ? this.projectedGains(municipalityId, dashboard.evaluation.id) : Promise.resolve(new Map<number, number>()),
      dashboard.evaluation ? this.uncoveredFindings(dashboard.evaluation.id) : Promise.resolve([]),
    ]);
    const today = localMoment(now, municipality.timezone).date;
    const daysToNextEvaluation = dashboard.nextEvaluation?.daysLeft ?? null;
    const areas = dashboard.areas.map((area): DigestArea => {
      const byHealth = area.actionPlans.byHealth;
      return {
        number: area.number,
        title: area.title,
        score: area.score?.achievedPoints ?? null,
        maxPoints: area.score?.maxPoints ?? 0,
        projectedScore: area.score ? Math.round((area.score.achievedPoints + (projected.get(area.number) ?? 0)) * 100) / 100 : null,
        findingsNeedingAction: area.findings.needingAction,
        covered: area.findings.covered,
        uncovered: area.findings.uncovered,
        health: { onTrack: byHealth.on_track, atRisk: byHealth.at_risk, offTrack: byHealth.off_track, none: byHealth.none },
        openPlans: area.actionPlans.byStatus.planned + area.actionPlans.byStatus.in_progress,
      };
    });
    const health = dashboard.actionPlans.byHealth;

    return {
      kind: 'leadership',
      municipalityName: municipality.name,
      periodKey: digestPeriodKey(now, municipality.timezone),
      today,
      evaluationTitle: dashboard.evaluation?.title ?? null,
      headline: {
        active: dashboard.attention.active,
        health: { onTrack: health.on_track, atRisk: health.at_risk, offTrack: health.off_track, none: health.none },
        completedThisWeek: completedThisWeek.length,
        overdue: dashboard.attention.overdue,
        dueSoon: dashboard.attention.dueSoon,
        stale: dashboard.attention.stale,
        daysToNextEvaluation,
        activeInSeveralAreas: dashboard.plansInSeveralAreas.active,
      },
      countdown:
        daysToNextEvaluation !== null && daysToNextEvaluation >= 0 && daysToNextEvaluation <= COUNTDOWN_DAYS
          ? { daysLeft: daysToNextEvaluation, date: municipality.nextEvaluationDate! }
          : null,
      changes: { healthChanges, newPlans, completed: completedThisWeek, cancelled: cancelledThisWeek },
      areas,
      overdue,
      atRiskOrOffTrack,
      completedThisWeek,
      stale,
      uncoveredFindings,
      dashboardUrl: `${this.config.appUrl}/dashboard`,
    };
  }

  async owner(municipality: Municipality, user: { id: string; name: string }, now: Date): Promise<OwnerDigestView> {
    const municipalityId = municipality.id;
    const mine = (filters: ActionPlanFilters) =>
      this.plans
        .page(municipalityId, now, { ownerId: user.id, ...filters }, { limit: LIST_LIMIT, offset: 0, sort: 'dueDate' })
        .then((page) => page.items.map((plan) => this.digestPlan(plan)));
    const [overdue, dueSoon, stale] = await Promise.all([mine({ overdue: true }), mine({ dueSoon: true }), mine({ stale: true })]);
    return {
      kind: 'owner',
      municipalityName: municipality.name,
      periodKey: digestPeriodKey(now, municipality.timezone),
      today: localMoment(now, municipality.timezone).date,
      recipientName: user.name,
      overdue,
      dueSoon,
      stale,
      hasContent: overdue.length + dueSoon.length + stale.length > 0,
      actionPlansUrl: `${this.config.appUrl}/action-plans?ownerId=${user.id}`,
    };
  }

  municipality(municipalityId: string): Promise<Municipality> {
    return this.municipalities.byId(municipalityId);
  }

  private digestPlan(plan: ActionPlanView): DigestPlan {
    return {
      id: plan.id,
      title: plan.title,
      ownerName: plan.owner.name,
      dueDate: plan.dueDate,
      status: plan.status,
      health: plan.health,
      progress: plan.progress,
      latestComment: plan.latestComment,
      cancellationReason: plan.cancellation?.reason ?? null,
      url: `${this.config.appUrl}/action-plans/${plan.id}`,
    };
  }

  /** Plans whose traffic light this week differs from what it was before the week. */
  private async healthChanges(municipalityId: string, now: Date, since: Date): Promise<DigestHealthChange[]> {
    const rows: { id: string; before: Health | null; after: Health }[] = await this.dataSource.query(
      `SELECT "p"."id", "p"."health" AS "after",
              (SELECT "u"."health" FROM "progress_update" "u" WHERE "u"."action_plan_id" = "p"."id" AND "u"."created_at" < $2
                ORDER BY "u"."created_at" DESC LIMIT 1) AS "before"
         FROM "action_plan" "p"
        WHERE "p"."municipality_id" = $1 AND "p"."last_update_at" >= $2 AND "p"."health" IS NOT NULL`,
      [municipalityId, since.toISOString()],
    );
    const changed = rows.filter((row) => row.before !== row.after).slice(0, LIST_LIMIT);
    const views = await this.plans.byIds(municipalityId, now, changed.map((row) => row.id));
    return views.map((view) => {
      const row = changed.find((candidate) => candidate.id === view.id)!;
      return { plan: this.digestPlan(view), from: row.before, to: row.after };
    });
  }

  /**
   * Points the completed actions are expected to add per area: each target's expected points,
   * capped so a sub-question never passes its maximum.
   */
  private async projectedGains(municipalityId: string, evaluationId: string): Promise<Map<number, number>> {
    const rows: { area_number: number; gain: string }[] = await this.dataSource.query(
      `SELECT "a"."number" AS "area_number",
              sum(least("q"."max_points" - coalesce("s"."achieved_points", 0), "t"."expected"))::text AS "gain"
         FROM (SELECT "t"."question_id", sum("t"."expected_points") AS "expected"
                 FROM "action_plan_target" "t" JOIN "action_plan" "p" ON "p"."id" = "t"."action_plan_id"
                WHERE "p"."municipality_id" = $1 AND "p"."status" = 'completed'
                  AND EXISTS (SELECT 1 FROM "action_plan_finding" "l" JOIN "finding" "f" ON "f"."id" = "l"."finding_id"
                               WHERE "l"."action_plan_id" = "p"."id" AND "f"."evaluation_id" = $2)
                GROUP BY "t"."question_id") "t"
         JOIN "question" "q" ON "q"."id" = "t"."question_id"
         JOIN "framework_area" "a" ON "a"."id" = "q"."area_id"
         LEFT JOIN "score" "s" ON "s"."question_id" = "q"."id" AND "s"."evaluation_id" = $2
        GROUP BY "a"."number"`,
      [municipalityId, evaluationId],
    );
    return new Map(rows.map((row) => [row.area_number, Number(row.gain)]));
  }

  private uncoveredFindings(evaluationId: string): Promise<DigestFinding[]> {
    return this.dataSource.query(
      `SELECT "f"."area_number" AS "areaNumber", "f"."kind", "f"."text"
         FROM "finding" "f"
        WHERE "f"."evaluation_id" = $1 AND "f"."kind" IN ('improvement', 'weakness') AND "f"."dismissed_reason" IS NULL
          AND NOT ${findingCoveredSql('f')}
        ORDER BY "f"."area_number", "f"."kind", "f"."position"
        LIMIT ${LIST_LIMIT}`,
      [evaluationId],
    );
  }
}

