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
  changes: {
    healthChanges: DigestHealthChange[];
    newPlans: DigestPlan[];
    completed: DigestPlan[];
    /** Cancelled by a manager this week, each with the reason. */
    cancelled: DigestPlan[];
  };
  areas: DigestArea[];
  overdue: DigestPlan[];
  atRiskOrOffTrack: DigestPlan[];
  completedThisWeek: DigestPlan[];
  stale: DigestPlan[];
  uncoveredFindings: DigestFinding[];
  dashboardUrl: string;
}

/** What one owner's digest says: their plans that need attention. */
export interface OwnerDigestView {
  kind: 'owner';
  municipalityName: string;
  periodKey: string;
  today: string;
  recipientName: string;
  overdue: DigestPlan[];
  dueSoon: DigestPlan[];
  stale: DigestPlan[];
  /** False when there is nothing to say: the delivery is then skipped. */
  hasContent: boolean;
  actionPlansUrl: string;
}

export type DigestView = LeadershipDigestView | OwnerDigestView;
