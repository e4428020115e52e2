import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../identity/users/user.entity';
import { ActionPlan } from '../plans/action-plan.entity';
import type { ActionPlanStatus, Health } from '../plans/action-plan.entity';

/** Append-only: one report of progress; the action plan's current state follows the latest. */
@Entity()
@Index(['actionPlanId', 'createdAt'])
export class ProgressUpdate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  municipalityId: string;

  @Column('uuid')
  actionPlanId: string;

  @ManyToOne(() => ActionPlan, { onDelete: 'CASCADE' })
  actionPlan?: ActionPlan;

  @Column('uuid')
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  author?: User;

  @Column('varchar', { length: 16 })
  status: ActionPlanStatus;

  @Column('varchar', { length: 16 })
  health: Health;

  @Column('smallint')
  progress: number;

  /** Required for at risk and off track: why, and what happens next. */
  @Column('text', { nullable: true })
  comment: string | null;

  /** Set when the plan's row is locked, so updates are ordered as they were applied. */
  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
