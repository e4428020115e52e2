import { Column, Entity, Index } from 'typeorm';
import { EvaluationPart } from '../evaluations/evaluation-part';

/** Another municipality the report names as a good example in one area. */
@Entity('evaluation_reference')
@Index(['evaluationId', 'areaNumber'])
export class Reference extends EvaluationPart {
  @Column('smallint')
  areaNumber: number;

  /** SCB code of the municipality named. */
  @Column('char', { length: 4 })
  referencedCode: string;

  @Column('varchar', { length: 100 })
  referencedName: string;

  /** Order within the area, as in the report. */
  @Column('smallint')
  position: number;

  /** The sentence that names it. */
  @Column('text')
  sentence: string;
}
