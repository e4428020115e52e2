import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, OneToMany, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../../../database/numeric.transformer';
import { Question } from '../../evaluations/frameworks/framework.entity';
import { Finding } from '../../evaluations/findings/finding.entity';
import { User } from '../../identity/users/user.entity';

import type { ActionPlanStatus, Health, Priority, Effect } from './action-plan.constants';
export { ACTION_PLAN_STATUSES, ACTIVE_STATUSES, REPORTABLE_STATUSES, HEALTHS, PRIORITIES, EFFECTS } from './action-plan.constants';
export type { ActionPlanStatus, Health, Priority, Effect } from './action-plan.constants';

/** Work decided on to answer one or more improvement opportunities or weaknesses. */
@Entity()
@Index(['municipalityId', 'dueDate'])
@Index(['municipalityId', 'ownerId'])
@Index(['municipalityId', 'status'])
@Check(`"status" IN ('planned', 'in_progress', 'completed', 'cancelled')`)
@Check(`"health" IS NULL OR "health" IN ('on_track', 'at_risk', 'off_track')`)
@Check(`"priority" IN ('low', 'medium', 'high')`)
@Check(`"progress" BETWEEN 0 AND 100`)
@Check(`"status" <> 'completed' OR "progress" = 100`)
@Check(`"status" <> 'cancelled' OR "health" IS NULL`)
export class ActionPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  municipalityId: string;

  @Column('varchar', { length: 300 })
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('uuid')
  ownerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  owner?: User;

  /** Förvaltning or enhet responsible. */
  @Column('varchar', { length: 200, nullable: true })
  unit: string | null;

  @Column('date', { nullable: true })
  startDate: string | null;

  @Column('date')
  dueDate: string;

  @Column('varchar', { length: 16, default: 'planned' })
  status: ActionPlanStatus;

  /** Null until the first progress update, and while cancelled: a cancelled plan has no traffic light. */
  @Column('varchar', { length: 16, nullable: true })
  health: Health | null;

  @Column('smallint', { default: 0 })
  progress: number;

  @Column('varchar', { length: 8, default: 'medium' })
  priority: Priority;

  @Column('text', { nullable: true })
  expectedEffect: string | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  /** Why a manager cancelled the plan; null unless cancelled. */
  @Column('text', { nullable: true })
  cancellationReason: string | null;

  @Column('uuid', { nullable: true })
  cancelledById: string | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt: Date | null;

  /** Time of the latest progress update; staleness counts from here (or from creation). */
  @Column('timestamptz', { nullable: true })
  lastUpdateAt: Date | null;

  /** Set after the follow-up evaluation, from the score change of the targets. */
  @Column('varchar', { length: 16, nullable: true })
  effect: Effect | null;

  /** Why a manager overrode the derived effect; null while the effect is the derived one. */
  @Column('text', { nullable: true })
  effectComment: string | null;

  /** Who overrode the effect; a derived effect has none. */
  @Column('uuid', { nullable: true })
  effectSetById: string | null;

  @Column('timestamptz', { nullable: true })
  effectSetAt: Date | null;

  /** Raised by every change; a change must name the version it was based on. */
  @Column('integer', { default: 1 })
  version: number;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => ActionPlanFinding, (link) => link.actionPlan)
  findingLinks?: ActionPlanFinding[];

  @OneToMany(() => ActionPlanTarget, (target) => target.actionPlan)
  targets?: ActionPlanTarget[];
}

/** The findings an action plan answers. A linked finding cannot be deleted (RESTRICT). */
@Entity()
@Index(['findingId'])
// The dashboard's per-area counts read one municipality's links, not every municipality's.
@Index(['municipalityId'])
export class ActionPlanFinding {
  @PrimaryColumn('uuid')
  actionPlanId: string;

  @PrimaryColumn('uuid')
  findingId: string;

  @Column('uuid')
  municipalityId: string;

  @ManyToOne(() => ActionPlan, (plan) => plan.findingLinks, { onDelete: 'CASCADE' })
  actionPlan?: ActionPlan;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  finding?: Finding;

  @CreateDateColumn({ type: 'timestamptz' })
  linkedAt: Date;
}

/** A sub-question the action is expected to raise, and by how many points. */
@Entity()
export class ActionPlanTarget {
  @PrimaryColumn('uuid')
  actionPlanId: string;

  @PrimaryColumn('uuid')
  questionId: string;

  @ManyToOne(() => ActionPlan, (plan) => plan.targets, { onDelete: 'CASCADE' })
  actionPlan?: ActionPlan;

  @ManyToOne(() => Question, { onDelete: 'RESTRICT' })
  question?: Question;

  /** Denormalised from the question so targets read without a join. */
  @Column('varchar', { length: 8 })
  questionCode: string;

  @Column('numeric', { precision: 6, scale: 2, transformer: numericTransformer })
  expectedPoints: number;
}
