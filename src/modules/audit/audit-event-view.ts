import type { AuditAction, AuditChanges } from './audit-event.entity';
import type { AuditChannel } from './audit.constants';

/** An audit event as the log shows it. */
export interface AuditEventView {
  id: string;
  municipalityId: string;
  actorId: string | null;
  entityType: string;
  entityId: string;
  action: AuditAction;
  changes: AuditChanges;
  /** Null when made signed in; how it came otherwise (an e-mail's check-in link). */
  via: AuditChannel | null;
  createdAt: Date;
}

export function toAuditEventView(event: AuditEventView): AuditEventView {
  return {
    id: event.id,
    municipalityId: event.municipalityId,
    actorId: event.actorId,
    entityType: event.entityType,
    entityId: event.entityId,
    action: event.action,
    changes: event.changes,
    via: event.via,
    createdAt: event.createdAt,
  };
}
