/** Statuses, traffic lights, priorities and effects of an action plan: words other modules may use. */
export const ACTION_PLAN_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export type ActionPlanStatus = (typeof ACTION_PLAN_STATUSES)[number];
/** Statuses of work still to be done. */
export const ACTIVE_STATUSES: ActionPlanStatus[] = ['planned', 'in_progress'];
/** Statuses a progress update may set: cancelling is a manager's decision on the plan, not a progress report. */
export const REPORTABLE_STATUSES = ['planned', 'in_progress', 'completed'] as const;

/** The traffic light: grön, gul, röd. */
export const HEALTHS = ['on_track', 'at_risk', 'off_track'] as const;
export type Health = (typeof HEALTHS)[number];

export const PRIORITIES = ['low', 'medium', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const EFFECTS = ['improved', 'unchanged', 'declined', 'unknown'] as const;
export type Effect = (typeof EFFECTS)[number];
