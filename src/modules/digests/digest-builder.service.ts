import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config';
import { DashboardService } from '../action-plans/dashboard/dashboard.service';
import { FindingListService } from '../evaluations/findings/finding-list.service';
import { ACTIVE_STATUSES } from '../action-plans/plans/action-plan.constants';
import { ActionPlanBrief, ActionPlanFilters } from '../action-plans/plans/action-plan.dto';
import { CheckInLinks } from '../action-plans/check-in/check-in-links.service';
import { ActionPlansService } from '../action-plans/plans/action-plans.service';
import type { PlanCalendar, PlanMoment } from '../action-plans/plans/action-plan-states';
import { MunicipalitiesService } from '../identity/municipalities/municipalities.service';
import { addDays, localDate, startOfLocalDay } from '../../common/local-date';
import { digestPeriodKey } from './digest-period';
import {
  DIGEST_LIST_LIMIT,
  DigestArea,
  DigestFinding,
  DigestHealthChange,
  DigestListName,
  DigestMore,
  DigestPlan,
  LeadershipDigestView,
  OwnerDigestReason,
  OwnerDigestView,
  ownerDigestPlans,
} from './digest-view';

/** What a digest needs to know of its municipality; its calendar dates the plans' states. */
export interface DigestMunicipality extends PlanCalendar {
  id: string;
  name: string;
  nextEvaluationDate: string | null;
}

/**
 * "This week" in a digest: from the start of the municipality's day a week before the digest's own
 * day (a Monday digest counts from the previous Monday, 00:00). A whole day, so the link to a list
 * cut short can name it (`completedFrom=`) and the site shows the plans the digest counted.
 */
const WEEK_DAYS = 7;
/** The countdown opens the leadership digest this many days before the next evaluation. */
const COUNTDOWN_DAYS = 90;
/**
 * How long a built leadership digest, and the municipality as read for a digest, are reused for
 * the municipality's other recipients: a week's digests of one municipality go out within it.
 */
const REUSE_MS = 60_000;
/** Something built for a digest at `builtAt` (the digest's moment) and reused within REUSE_MS of it. */
interface Reused<T> {
  builtAt: number;
  value: Promise<T>;
}
const LIST_LIMIT = DIGEST_LIST_LIMIT;

/**
 * Turns the municipality's data into what a digest says. It reads through the action-plans and
 * evaluations modules, so overdue, due soon, stale and covered mean what they mean everywhere.
 */
@Injectable()
export class DigestBuilder {
  constructor(
    private readonly plans: ActionPlansService,
    private readonly findings: FindingListService,
    private readonly dashboard: DashboardService,
    private readonly municipalities: MunicipalitiesService,
    private readonly config: AppConfig,
    private readonly checkInLinks: CheckInLinks,
  ) {}

  /**
   * Every leadership recipient of a municipality gets the same digest, so one batch builds it once
   * per municipality: a view is reused for a minute.
   */
  private readonly leadershipViews = new Map<string, Reused<LeadershipDigestView>>();

  /** The municipality as its digests show it (name, time zone, next evaluation), read once a minute. */
  private readonly municipalityReads = new Map<string, Reused<DigestMunicipality>>();

  leadership(municipality: DigestMunicipality, now: Date): Promise<LeadershipDigestView> {
    return reused(this.leadershipViews, municipality.id, now, () => this.buildLeadership(municipality, now));
  }

  municipality(municipalityId: string, now: Date): Promise<DigestMunicipality> {
    return reused(this.municipalityReads, municipalityId, now, () => this.municipalities.byId(municipalityId));
  }

  private async buildLeadership(municipality: DigestMunicipality, now: Date): Promise<LeadershipDigestView> {
    const municipalityId = municipality.id;
    const weekStartDay = addDays(localDate(now, municipality.timezone), -WEEK_DAYS);
    const at: PlanMoment = { now, calendar: municipality };
    // Each list is one page: its first LIST_LIMIT plans and the count of all of them.
    const list = (filters: ActionPlanFilters, sort: 'dueDate' | '-updatedAt' = 'dueDate') =>
      this.plans
        .briefPageAt({ municipalityId }, at, filters, { limit: LIST_LIMIT, offset: 0, sort })
        .then((page) => ({ items: page.items.map((plan) => this.digestPlan(plan)), total: page.total }));

    const dashboard = await this.dashboard.get({ municipalityId });
    const [overdue, atRiskOrOffTrack, completedThisWeek, stale, newPlans, cancelledThisWeek, healthChanges, projected, uncoveredFindings] = await Promise.all([
      list({ overdue: true }),
      list({ status: ACTIVE_STATUSES, health: ['at_risk', 'off_track'] }),
      list({ status: ['completed'], completedFrom: weekStartDay }, '-updatedAt'),
      list({ stale: true }),
      list({ createdFrom: weekStartDay }, '-updatedAt'),
      list({ status: ['cancelled'], cancelledFrom: weekStartDay }, '-updatedAt'),
      this.healthChanges(municipalityId, at, startOfLocalDay(weekStartDay, municipality.timezone)),
      dashboard.evaluation ? this.plans.projectedAreaScores({ municipalityId }, dashboard.evaluation.id) : Promise.resolve(new Map<number, number | null>()),
      dashboard.evaluation ? this.uncoveredFindings(municipalityId, dashboard.evaluation.id) : Promise.resolve({ items: [], total: 0 }),
    ]);
    const today = localDate(now, municipality.timezone);
    const daysToNextEvaluation = dashboard.nextEvaluation?.daysLeft ?? null;
    const areas = dashboard.areas.map((area): DigestArea => {
      const byHealth = area.actionPlans.byHealth;
      return {
        number: area.number,
        title: area.title,
        score: area.score?.achievedPoints ?? null,
        maxPoints: area.score?.maxPoints ?? 0,
        projectedScore: projected.get(area.number) ?? null,
        findingsNeedingAction: area.findings.needingAction,
        covered: area.findings.covered,
        uncovered: area.findings.uncovered,
        health: { onTrack: byHealth.on_track, atRisk: byHealth.at_risk, offTrack: byHealth.off_track, none: byHealth.none },
        openPlans: ACTIVE_STATUSES.reduce((sum, status) => sum + area.actionPlans.byStatus[status], 0),
      };
    });
    const health = dashboard.actionPlans.byHealth;
    const lists = { healthChanges, newPlans, cancelled: cancelledThisWeek, overdue, atRiskOrOffTrack, completedThisWeek, stale, uncoveredFindings };
    const totals = Object.fromEntries(Object.entries(lists).map(([name, page]) => [name, page.total])) as Record<DigestListName, number>;
    const more = Object.fromEntries(
      (Object.entries(lists) as [DigestListName, { items: unknown[]; total: number }][]).map(([name, page]) => [
        name,
        page.total > page.items.length ? { shown: page.items.length, total: page.total, url: this.listUrl(name, weekStartDay) } : null,
      ]),
    ) as Record<DigestListName, DigestMore | null>;

    return {
      kind: 'leadership',
      municipalityName: municipality.name,
      periodKey: digestPeriodKey(now, municipality.timezone),
      today,
      evaluationTitle: dashboard.evaluation?.title ?? null,
      headline: {
        active: dashboard.attention.active,
        health: { onTrack: health.on_track, atRisk: health.at_risk, offTrack: health.off_track, none: health.none },
        completedThisWeek: completedThisWeek.total,
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
      changes: { healthChanges: healthChanges.items, newPlans: newPlans.items, cancelled: cancelledThisWeek.items },
      areas,
      overdue: overdue.items,
      atRiskOrOffTrack: atRiskOrOffTrack.items,
      completedThisWeek: completedThisWeek.items,
      stale: stale.items,
      uncoveredFindings: uncoveredFindings.items,
      totals,
      more,
      dashboardUrl: `${this.config.appUrl}/dashboard`,
    };
  }

  /**
   * With `checkInLinks`, each plan carries the owner's "Rapportera läge" link, signed with the
   * owner's credentials version (given, when the caller has read it with the owner).
   */
  async owner(
    municipality: DigestMunicipality,
    user: { id: string; name: string; credentialsVersion?: number },
    now: Date,
    options = { checkInLinks: true },
  ): Promise<OwnerDigestView> {
    const municipalityId = municipality.id;
    const checkInUrl = options.checkInLinks ? await this.checkInLinks.linksFor(municipalityId, user.id, user.credentialsVersion) : () => null;
    // One read of the owner's plans that need attention: the first LIST_LIMIT of each reason, each
    // plan once, with how many each reason has in all; each reason's list from the plans' own flags.
    // A plan listed for one reason shows all of its reasons, so a reason may show a few more than
    // its first LIST_LIMIT (a stale plan that is overdue too, beyond the first overdue ones), and
    // "shown" counts them.
    const at: PlanMoment = { now, calendar: municipality };
    const { items, totals } = await this.plans.ownerAttentionAt({ municipalityId }, at, user.id, LIST_LIMIT);
    const mine = (flag: OwnerDigestReason) => items.filter((plan) => plan[flag]).map((plan) => ({ ...this.digestPlan(plan), checkInUrl: checkInUrl(plan.id) }));
    const lists = { overdue: mine('overdue'), dueSoon: mine('dueSoon'), stale: mine('stale') };
    const ownList = (reason: OwnerDigestReason) => `${this.config.appUrl}/action-plans?${new URLSearchParams({ ownerId: user.id, [reason]: 'true' }).toString()}`;
    const whole = {
      counts: { overdue: totals.overdue, dueSoon: totals.dueSoon, stale: totals.stale },
      total: totals.all,
      urls: { overdue: ownList('overdue'), dueSoon: ownList('dueSoon'), stale: ownList('stale') },
    };
    return {
      kind: 'owner',
      municipalityName: municipality.name,
      periodKey: digestPeriodKey(now, municipality.timezone),
      today: localDate(now, municipality.timezone),
      recipientName: user.name,
      ...ownerDigestPlans(lists, whole),
      hasContent: totals.all > 0,
      actionPlansUrl: `${this.config.appUrl}/action-plans?ownerId=${user.id}`,
      checkInLinkDays: options.checkInLinks ? this.config.checkInLinkDays : null,
    };
  }

  private digestPlan(plan: ActionPlanBrief): DigestPlan {
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
      checkInUrl: null,
    };
  }

  /** Plans whose traffic light this week differs from what it was before the week. */
  private async healthChanges(municipalityId: string, at: PlanMoment, since: Date): Promise<{ items: DigestHealthChange[]; total: number }> {
    const changes = await this.plans.healthChangesSince({ municipalityId }, at, since, LIST_LIMIT);
    return { items: changes.items.map((change) => ({ plan: this.digestPlan(change.plan), from: change.from, to: change.to })), total: changes.total };
  }

  /** The improvement opportunities and weaknesses without an action (a strength is never uncovered). */
  private async uncoveredFindings(municipalityId: string, evaluationId: string): Promise<{ items: DigestFinding[]; total: number }> {
    const { items, total } = await this.findings.list({ municipalityId }, { evaluationId, coverage: 'uncovered', limit: LIST_LIMIT, offset: 0 });
    return {
      items: items.flatMap((finding) => (finding.kind === 'strength' ? [] : [{ areaNumber: finding.areaNumber, kind: finding.kind, text: finding.text }])),
      total,
    };
  }

  /**
   * The page on the site where a list cut short is seen whole: the plan list with the same filter
   * (the week's lists from `weekStartDay`, the day the digest's week starts), else sorted so this
   * week's plans come first (traffic lights changed: the list has no filter for a change).
   */
  private listUrl(name: DigestListName, weekStartDay: string): string {
    const plans = (params: [string, string][]) => `${this.config.appUrl}/action-plans?${new URLSearchParams(params).toString()}`;
    switch (name) {
      case 'overdue':
        return plans([['overdue', 'true']]);
      case 'stale':
        return plans([['stale', 'true']]);
      case 'atRiskOrOffTrack':
        return plans([...ACTIVE_STATUSES.map((status): [string, string] => ['status', status]), ['health', 'at_risk'], ['health', 'off_track']]);
      case 'completedThisWeek':
        return plans([['status', 'completed'], ['completedFrom', weekStartDay], ['sort', '-updatedAt']]);
      case 'cancelled':
        return plans([['status', 'cancelled'], ['cancelledFrom', weekStartDay], ['sort', '-updatedAt']]);
      case 'newPlans':
        return plans([['createdFrom', weekStartDay], ['sort', '-createdAt']]);
      case 'healthChanges':
        return plans([['sort', '-updatedAt']]);
      case 'uncoveredFindings':
        return `${this.config.appUrl}/findings?coverage=uncovered`;
    }
  }
}

/**
 * What `build` gives for `key`, made at most once per REUSE_MS of `now` (the digest's moment, so a
 * test's clock moves it too); a failed build is forgotten at once, so the next recipient tries again.
 */
function reused<T>(cache: Map<string, Reused<T>>, key: string, now: Date, build: () => Promise<T>): Promise<T> {
  for (const [cachedKey, cached] of cache) {
    if (Math.abs(now.getTime() - cached.builtAt) > REUSE_MS) cache.delete(cachedKey);
  }
  const cached = cache.get(key);
  if (cached) return cached.value;
  const value = build();
  cache.set(key, { builtAt: now.getTime(), value });
  value.catch(() => cache.delete(key));
  return value;
}
