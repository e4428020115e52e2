import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditChannel } from './audit.constants';

export const AUDIT_ACTIONS = ['create', 'update', 'delete'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `{ field: { before, after } }`; a create has only `after`, a delete only `before`. */
export type AuditChanges = Record<string, { before?: unknown; after?: unknown }>;

/** Append-only: written in the same transaction as the change it records. */
@Entity()
@Index(['municipalityId', 'createdAt'])
@Index(['municipalityId', 'entityType', 'entityId'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  municipalityId: string;

  /** Null when the change came from a command-line task rather than a user. */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('varchar', { length: 64 })
  entityType: string;

  @Column('uuid')
  entityId: string;

  @Column('varchar', { length: 16 })
  action: AuditAction;

  @Column('jsonb')
  changes: AuditChanges;

  /** Null for a change made signed in (a page or the API); `email-link` for one posted through an e-mail's check-in link. */
  @Column('varchar', { length: 32, nullable: true })
  via: AuditChannel | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
