import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { User } from '../identity/users/user.entity';

export const DIGEST_KINDS = ['leadership', 'owner'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];
export const DELIVERY_STATUSES = ['queued', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One digest to one user for one week, recorded before anything is sent. The unique key is what
 * makes a second run of the same week, or a retried job, never send the same digest twice.
 */
@Entity()
@Unique('UQ_digest_delivery_user_kind_period', ['userId', 'kind', 'periodKey'])
@Index(['municipalityId', 'periodKey'])
@Index(['status'])
@Check(`"kind" IN ('leadership', 'owner')`)
@Check(`"status" IN ('queued', 'sent', 'failed', 'skipped')`)
export class DigestDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  municipalityId: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  user?: User;

  @Column('varchar', { length: 16 })
  kind: DigestKind;

  /** ISO week in the municipality's time zone, e.g. 2026-W48. */
  @Column('varchar', { length: 8 })
  periodKey: string;

  @Column('varchar', { length: 16, default: 'queued' })
  status: DeliveryStatus;

  @Column('smallint', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('varchar', { length: 255, nullable: true })
  messageId: string | null;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Marks that a municipality's digests for a week were fanned out, so the hourly tick does it once. */
@Entity()
@Unique('UQ_digest_dispatch_municipality_period', ['municipalityId', 'periodKey'])
export class DigestDispatch {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  municipalityId: string;

  @Column('varchar', { length: 8 })
  periodKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  dispatchedAt: Date;
}
