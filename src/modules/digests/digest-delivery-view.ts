import type { DeliveryStatus, DigestKind, SkipReason } from './digest-delivery.entity';

/** One digest to one user for one week, as the delivery list shows it. */
export interface DeliveryView {
  id: string;
  userId: string;
  kind: DigestKind;
  periodKey: string;
  status: DeliveryStatus;
  attempts: number;
  /** The SMTP error of the latest failed attempt. */
  lastError: string | null;
  /** Why nothing was sent, for a skipped delivery. */
  skipReason: SkipReason | null;
  messageId: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toDeliveryView(delivery: DeliveryView): DeliveryView {
  return {
    id: delivery.id,
    userId: delivery.userId,
    kind: delivery.kind,
    periodKey: delivery.periodKey,
    status: delivery.status,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    skipReason: delivery.skipReason,
    messageId: delivery.messageId,
    sentAt: delivery.sentAt,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
}

/** What sending a week's digests did. */
export interface DispatchResult {
  periodKey: string;
  /** Deliveries recorded now. */
  created: number;
  /** Failed deliveries of the period queued again. */
  retried: number;
  /** Deliveries of the period already sent or skipped, left alone. */
  alreadyDone: number;
}
