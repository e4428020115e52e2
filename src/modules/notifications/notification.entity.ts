import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { LeasedSend } from '../../database/leased-send';
import { ActionPlan } from '../action-plans/plans/action-plan.entity';
import { User } from '../identity/users/user.entity';
import type { NotificationKind, OptionalNotificationKind } from './notifications.constants';

/**
 * One notification e-mail to one user about one plan, recorded before it is sent. The unique key
 * (user, plan, kind, occasion) is what sends each once: the occasion is the plan's version for an
 * assignment and the due date for a reminder or an overdue notice, so a moved due date gives a
 * new reminder and a retried job or a second scan none.
 */
@Entity()
@Unique('UQ_notification_once', ['userId', 'actionPlanId', 'kind', 'occasion'])
@Index(['status'])
@Check(`"kind" IN ('assigned', 'unassigned', 'reminder', 'overdue')`)
@Check(`"status" IN ('queued', 'sending', 'sent', 'failed', 'skipped')`)
export class Notification extends LeasedSend {
  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  user?: User;

  @Column('uuid')
  actionPlanId: string;

  /** A plan deleted while still planned takes its notifications with it. */
  @ManyToOne(() => ActionPlan, { onDelete: 'CASCADE' })
  actionPlan?: ActionPlan;

  @Column('varchar', { length: 16 })
  kind: NotificationKind;

  /** `v<version>` for an assignment, the due date (`YYYY-MM-DD`) for a reminder or an overdue notice. */
  @Column('varchar', { length: 32 })
  occasion: string;
}

/** A kind of e-mail a user turned off (Inställningar, or the unsubscribe link in one). */
@Entity()
@Check(`"kind" IN ('assigned', 'reminder', 'overdue')`)
export class NotificationOptOut {
  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @PrimaryColumn('varchar', { length: 16 })
  kind: OptionalNotificationKind;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
