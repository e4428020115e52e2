import { Column, Entity, Index, ManyToOne } from 'typeorm';
import { numericTransformer } from '../../../database/numeric.transformer';
import { EvaluationPart } from '../evaluations/evaluation-part';
import { Question } from '../frameworks/framework.entity';

/** The points an evaluation gave one sub-question. */
@Entity()
@Index(['evaluationId', 'questionId'], { unique: true })
export class Score extends EvaluationPart {
  @Column('uuid')
  questionId: string;

  @ManyToOne(() => Question, { onDelete: 'RESTRICT' })
  question?: Question;

  @Column('numeric', { precision: 6, scale: 2, transformer: numericTransformer })
  achievedPoints: number;

  /** The percent an imported report printed; null when entered by hand. */
  @Column('numeric', { precision: 5, scale: 2, nullable: true, transformer: numericTransformer })
  reportedPercent: number | null;
}
