import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { LeasedSend, SEND_STATUSES } from '../../database/leased-send';
import type { SendStatus } from '../../database/leased-send';
import { User } from '../identity/users/user.entity';

export const DIGEST_KINDS = ['leadership', 'owner'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];
/** A delivery's statuses are those of any leased send; "send now" queues the failed ones again. */
export const DELIVERY_STATUSES = SEND_STATUSES;
export type DeliveryStatus = SendStatus;
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
export class DigestDelivery extends LeasedSend {
  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  user?: User;

  @Column('varchar', { length: 16 })
  kind: DigestKind;

  /** ISO week in the municipality's time zone, e.g. 2026-W48. */
  @Column('varchar', { length: 8 })
  periodKey: string;

  /** Set only while `skipped`: why nothing was sent. */
  @Column('varchar', { length: 32, nullable: true })
  skipReason: SkipReason | null;
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
