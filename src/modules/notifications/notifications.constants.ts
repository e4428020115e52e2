/** `unassigned` is the short note to the previous owner when a plan changes hands. */
export const NOTIFICATION_KINDS = ['assigned', 'unassigned', 'reminder', 'overdue'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a user can turn off; the note to a previous owner goes with `assigned`. */
export const OPTIONAL_NOTIFICATION_KINDS = ['assigned', 'reminder', 'overdue'] as const;
export type OptionalNotificationKind = (typeof OPTIONAL_NOTIFICATION_KINDS)[number];

export { SEND_STATUSES as NOTIFICATION_STATUSES } from '../../database/leased-send';
export type { SendStatus as NotificationStatus } from '../../database/leased-send';

export const NOTIFICATION_QUEUE = 'notifications';
export const NOTIFICATION_JOBS = { deliver: 'deliver', tick: 'tick' } as const;
export interface NotificationJobData {
  notificationId: string;
}

/** The setting that turns a kind off. */
export function settingOf(kind: NotificationKind): OptionalNotificationKind {
  return kind === 'unassigned' ? 'assigned' : kind;
}

/** An overdue notice is still sent this many days after the due date (a worker that was down). */
export const OVERDUE_NOTICE_DAYS = 7;
