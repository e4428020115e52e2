import { Check, Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { EvaluationPart } from '../evaluations/evaluation-part';

import type { FindingKind } from './finding-kinds';

export { ACTIONABLE_FINDING_KINDS, FINDING_KINDS } from './finding-kinds';
export type { FindingKind } from './finding-kinds';

/** A strength, improvement opportunity or weakness the evaluators noted in one area. */
@Entity()
@Index(['evaluationId', 'areaNumber', 'kind', 'position'])
@Index(['municipalityId'])
@Check(`"kind" IN ('strength', 'improvement', 'weakness')`)
export class Finding extends EvaluationPart {
  @Column('smallint')
  areaNumber: number;

  @Column('varchar', { length: 16 })
  kind: FindingKind;

  @Column('text')
  text: string;

  /** Order within its area and kind, from 1, as in the report. */
  @Column('smallint')
  position: number;

  /** The sub-question it concerns, when known (e.g. "2.4"). */
  @Column('varchar', { length: 8, nullable: true })
  questionCode: string | null;

  /** Set when a manager decided to take no action; the finding then counts as handled. */
  @Column('text', { nullable: true })
  dismissedReason: string | null;

  @Column('uuid', { nullable: true })
  dismissedById: string | null;

  @Column('timestamptz', { nullable: true })
  dismissedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
