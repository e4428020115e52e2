import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { User } from '../identity/users/user.entity';

export const DIGEST_KINDS = ['leadership', 'owner'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];
/**
 * `queued` waits for a worker; `sending` is claimed by one until `leaseUntil` (a worker that dies
 * in the middle gives it up when the lease ends); `sent`, `skipped` and `failed` are final until
 * "send now" queues the failed ones again.
 */
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/**
 * Why a delivery was skipped: the recipient no longer takes this digest (deactivated, or chose it
 * away after the week was recorded), or an owner digest had nothing to say.
 */
export const SKIP_REASONS = ['not_subscribed', 'nothing_to_report'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * One digest to one user for one week, recorded before anything is sent. The unique key is what
 * makes a second run of the same week, or a retried job, never send the same digest twice.
 */
@Entity()
@Unique('UQ_digest_delivery_user_kind_period', ['userId', 'kind', 'periodKey'])
@Index(['municipalityId', 'periodKey'])
@Index(['status'])
@Check(`"kind" IN ('leadership', 'owner')`)
@Check(`"status" IN ('queued', 'sending', 'sent', 'failed', 'skipped')`)
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

  /** While `sending`: until when the worker that claimed it holds it. */
  @Column('timestamptz', { nullable: true })
  leaseUntil: Date | null;

  /** The SMTP error of the latest failed attempt; cleared when a later attempt sends. */
  @Column('text', { nullable: true })
  lastError: string | null;

  /** Set only while `skipped`: why nothing was sent. */
  @Column('varchar', { length: 32, nullable: true })
  skipReason: SkipReason | null;

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

/**
 * The database's identity, one row written by the migration that creates the table. The queue in
 * Redis records it too, and a worker refuses to take jobs from a queue recorded by another
 * database: two deployments that share a Redis and a key prefix would otherwise take each other's
 * jobs. A restored dump keeps the id, as it is the same deployment.
 */
@Entity()
@Check(`"singleton"`)
@Unique('UQ_deployment_singleton', ['singleton'])
export class Deployment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('boolean', { default: true })
  singleton: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
