import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Evaluation } from '../evaluations/evaluation.entity';

/** Another municipality the report names as a good example in one area. */
@Entity('evaluation_reference')
@Index(['evaluationId', 'areaNumber'])
export class Reference {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  municipalityId: string;

  @Column('uuid')
  evaluationId: string;

  @ManyToOne(() => Evaluation, { onDelete: 'CASCADE' })
  evaluation?: Evaluation;

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
