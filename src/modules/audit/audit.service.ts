import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Page } from '../../common/pagination/pagination.dto';
import { AuditAction, AuditChanges } from './audit-event.entity';
import { AuditRepository } from './audit.repository';
import type { AuditChannel } from './audit.constants';
import { toAuditEventView } from './audit-event-view';
import type { AuditEventView } from './audit-event-view';
import { AuditEventQuery } from './audit-event.dto';

export interface AuditEntry {
  entityType: string;
  entityId: string;
  action: AuditAction;
  changes: AuditChanges;
  /** How the change came in, when not signed in (an e-mail's check-in link). */
  via?: AuditChannel;
}

/** Who changed something: a signed-in user, or a command run on the server (no user). */
export type AuditActor = Pick<Actor, 'municipalityId'> & { userId: string | null };

@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  /**
   * Records a change inside the caller's transaction, so the change and its audit row are
   * saved or rolled back together. An update that changed nothing writes nothing.
   */
  async record(manager: EntityManager, actor: AuditActor, entry: AuditEntry): Promise<void> {
    if (entry.action === 'update' && Object.keys(entry.changes).length === 0) return;
    await this.repository.add(manager, {
      municipalityId: actor.municipalityId,
      actorId: actor.userId,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      changes: entry.changes,
      via: entry.via ?? null,
    });
  }

  async list(actor: Actor, query: AuditEventQuery): Promise<Page<AuditEventView>> {
    const [items, total] = await this.repository.page(actor.municipalityId, query, query);
    return { items: items.map(toAuditEventView), total };
  }
}
