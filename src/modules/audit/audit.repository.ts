import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEvent } from './audit-event.entity';

/** Every change adds a row: one fixed statement (the id and the time are the table's defaults). */
const ADD_EVENT_SQL = `INSERT INTO "audit_event" ("municipality_id", "actor_id", "entity_type", "entity_id", "action", "changes", "via") VALUES ($1, $2, $3, $4, $5, $6, $7)`;

/** Queries of the audit log: rows are only ever added and read. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds a row inside the caller's transaction. */
  async add(manager: EntityManager, event: Omit<AuditEvent, 'id' | 'createdAt'>): Promise<void> {
    await manager.query(ADD_EVENT_SQL, [event.municipalityId, event.actorId, event.entityType, event.entityId, event.action, JSON.stringify(event.changes), event.via]);
  }

  /** A page of the municipality's events, newest first, and how many there are. */
  page(
    municipalityId: string,
    filters: { entityType?: string; entityId?: string; actorId?: string; since?: Date },
    page: { limit: number; offset: number },
  ): Promise<[AuditEvent[], number]> {
    const builder = this.dataSource.getRepository(AuditEvent).createQueryBuilder('event').where('event.municipalityId = :municipalityId', { municipalityId });
    if (filters.entityType) builder.andWhere('event.entityType = :entityType', { entityType: filters.entityType });
    if (filters.entityId) builder.andWhere('event.entityId = :entityId', { entityId: filters.entityId });
    if (filters.actorId) builder.andWhere('event.actorId = :actorId', { actorId: filters.actorId });
    if (filters.since) builder.andWhere('event.createdAt >= :since', { since: filters.since });
    return builder.orderBy('event.createdAt', 'DESC').addOrderBy('event.id', 'DESC').take(page.limit).skip(page.offset).getManyAndCount();
  }
}
