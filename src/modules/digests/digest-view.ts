import type { ActionPlanStatus, Health } from '../action-plans/plans/action-plan.constants';

/** An action plan as a digest lists it. */
export interface DigestPlan {
  id: string;
  title: string;
  ownerName: string;
  dueDate: string;
  status: ActionPlanStatus;
  /** null until the first progress update. */
  health: Health | null;
  progress: number;
  latestComment: string | null;
  /** The manager's reason, for a cancelled plan. */
  cancellationReason: string | null;
  /** The page where the plan is read and updated. */
  url: string;
  /**
   * "Rapportera läge": the owner's link to report progress without logging in (CheckInLinks);
   * only in the owner's own digest, null elsewhere.
   */
  checkInUrl: string | null;
}

export interface DigestHealthCounts {
  onTrack: number;
  atRisk: number;
  offTrack: number;
  /** Active plans without a progress update yet. */
  none: number;
}

export interface DigestArea {
  number: number;
  title: string;
  /** Points of the latest published evaluation, null when none. */
  score: number | null;
  maxPoints: number;
  /** The score plus the expected points of completed actions' targets, each sub-question capped at its max. */
  projectedScore: number | null;
  findingsNeedingAction: number;
  covered: number;
  uncovered: number;
  health: DigestHealthCounts;
  /** Active plans of the area (for the countdown section). */
  openPlans: number;
}

export interface DigestHealthChange {
  plan: DigestPlan;
  from: Health | null;
  to: Health;
}

export interface DigestFinding {
  areaNumber: number;
  kind: 'improvement' | 'weakness';
  text: string;
}

/** What the leadership digest says; the same for every leadership recipient of a municipality. */
export interface LeadershipDigestView {
  kind: 'leadership';
  municipalityName: string;
  periodKey: string;
  /** The day the digest describes, `YYYY-MM-DD` in the municipality's time zone. */
  today: string;
  evaluationTitle: string | null;
  headline: {
    active: number;
    health: DigestHealthCounts;
    completedThisWeek: number;
    overdue: number;
    dueSoon: number;
    stale: number;
    daysToNextEvaluation: number | null;
    /**
     * Active plans with findings in more than one area: each is counted in every one of its
     * areas' rows and once here, so the rows add up to the headline plus these plans' extra areas.
     */
    activeInSeveralAreas: number;
  };
  /** Set in the last 90 days before the next evaluation: it then opens the digest. */
  countdown: { daysLeft: number; date: string } | null;
  /** What happened this week besides completions (those are `completedThisWeek`, listed once). */
  changes: {
    /** Plans whose light changed this week; a plan created this week is new, not changed. */
    healthChanges: DigestHealthChange[];
    newPlans: DigestPlan[];
    /** Cancelled by a manager this week, each with the reason. */
    cancelled: DigestPlan[];
  };
  /** Empty when the municipality has no published evaluation: the areas section is then left out. */
  areas: DigestArea[];
  overdue: DigestPlan[];
  atRiskOrOffTrack: DigestPlan[];
  completedThisWeek: DigestPlan[];
  stale: DigestPlan[];
  uncoveredFindings: DigestFinding[];
  /** How many each list has in all; a list shows at most the first DIGEST_LIST_LIMIT of them. */
  totals: Record<DigestListName, number>;
  /** For each list cut short: how many it shows of how many, and the page on the site that shows them all; null for a list shown whole. */
  more: Record<DigestListName, DigestMore | null>;
  dashboardUrl: string;
}

/** The lists of a leadership digest. */
export type DigestListName = 'healthChanges' | 'newPlans' | 'cancelled' | 'overdue' | 'atRiskOrOffTrack' | 'completedThisWeek' | 'stale' | 'uncoveredFindings';

/** A list cut short: "visar 50 av 80", and where the rest are. */
export interface DigestMore {
  shown: number;
  total: number;
  url: string;
}

/** Longest list an e-mail shows; its heading gives the full count and a link leads to the rest. */
export const DIGEST_LIST_LIMIT = 50;

/** Why a plan is in an owner's digest; overdue and due soon exclude each other, stale goes with either. */
export const OWNER_DIGEST_REASONS = ['overdue', 'dueSoon', 'stale'] as const;
export type OwnerDigestReason = (typeof OWNER_DIGEST_REASONS)[number];

/** A plan of an owner's digest, with every reason it is there. */
export interface OwnerDigestPlan extends DigestPlan {
  reasons: OwnerDigestReason[];
}

/** What one owner's digest says: their plans that need attention, each once. */
export interface OwnerDigestView {
  kind: 'owner';
  municipalityName: string;
  periodKey: string;
  today: string;
  recipientName: string;
  /**
   * Overdue first, then due soon, then only stale; by due date within each. The first
   * DIGEST_LIST_LIMIT plans of each reason, each once with all of its reasons (so a reason can
   * show a few more than its first ones: a stale plan listed that is overdue too).
   */
  plans: OwnerDigestPlan[];
  /** How many plans have each reason in all, listed or not (a plan overdue and stale counts in both). */
  counts: Record<OwnerDigestReason, number>;
  /** How many plans need attention in all, each once, listed or not. */
  total: number;
  /**
   * For each reason with more plans than the digest lists: how many of them it shows, of how many,
   * and the owner's list on the site filtered by that reason; null for a reason listed whole.
   */
  more: Record<OwnerDigestReason, DigestMore | null>;
  /** False when there is nothing to say: the delivery is then skipped. */
  hasContent: boolean;
  actionPlansUrl: string;
  /** How long the plans' check-in links work; null when the digest has none (a preview). */
  checkInLinkDays: number | null;
}

export type DigestView = LeadershipDigestView | OwnerDigestView;

/**
 * One entry per plan, whichever lists name it, with the reasons in the order of OWNER_DIGEST_REASONS.
 * `whole` gives how many plans each reason and all of them have, when the lists are the first of
 * more, with the page that shows each reason's plans; without it the lists are whole.
 */
export function ownerDigestPlans(
  lists: Record<OwnerDigestReason, DigestPlan[]>,
  whole?: { counts: Record<OwnerDigestReason, number>; total: number; urls: Record<OwnerDigestReason, string> },
): Pick<OwnerDigestView, 'plans' | 'counts' | 'total' | 'more'> {
  const byId = new Map<string, OwnerDigestPlan>();
  for (const reason of OWNER_DIGEST_REASONS) {
    for (const plan of lists[reason]) {
      const entry = byId.get(plan.id) ?? { ...plan, reasons: [] };
      if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
      byId.set(plan.id, entry);
    }
  }
  const plans = [...byId.values()];
  const counts = whole?.counts ?? { overdue: lists.overdue.length, dueSoon: lists.dueSoon.length, stale: lists.stale.length };
  const more = Object.fromEntries(
    OWNER_DIGEST_REASONS.map((reason) => {
      const shown = lists[reason].length;
      return [reason, whole && counts[reason] > shown ? { shown, total: counts[reason], url: whole.urls[reason] } : null];
    }),
  ) as Record<OwnerDigestReason, DigestMore | null>;
  return { plans, counts, total: whole?.total ?? plans.length, more };
}
