import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Municipality } from '../../identity/municipalities/municipality.entity';
import { Framework } from '../frameworks/framework.entity';
import type { ImportWarning } from '../report-import/parsed-report';

import type { EvaluationSource, EvaluationStatus } from './evaluation.constants';
export { EVALUATION_SOURCES, EVALUATION_STATUSES } from './evaluation.constants';
export type { EvaluationSource, EvaluationStatus } from './evaluation.constants';

@Entity()
@Index(['municipalityId', 'conductedOn'])
@Check(`"status" IN ('draft', 'published')`)
@Check(`"source" IN ('manual', 'import')`)
export class Evaluation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  municipalityId: string;

  @ManyToOne(() => Municipality, { onDelete: 'RESTRICT' })
  municipality?: Municipality;

  @Column('uuid')
  frameworkId: string;

  @ManyToOne(() => Framework, { onDelete: 'RESTRICT' })
  framework?: Framework;

  @Column('varchar', { length: 200 })
  title: string;

  /** The first of the month when only the month is known. */
  @Column('date')
  conductedOn: string;

  /** The evaluation this one follows up. */
  @Column('uuid', { nullable: true })
  previousEvaluationId: string | null;

  @ManyToOne(() => Evaluation, { onDelete: 'SET NULL' })
  previousEvaluation?: Evaluation | null;

  @Column('varchar', { length: 16, default: 'draft' })
  status: EvaluationStatus;

  @Column('varchar', { length: 16, default: 'manual' })
  source: EvaluationSource;

  /** Each area's total as the report printed it, by area number; absent areas are summed. */
  @Column('jsonb', { default: () => "'{}'" })
  reportedAreaTotals: Record<string, number>;

  /** What the import found that does not add up, kept to show beside the report. */
  @Column('jsonb', { default: () => "'[]'" })
  importWarnings: ImportWarning[];

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
