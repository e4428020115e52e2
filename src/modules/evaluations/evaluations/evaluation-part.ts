import { Column, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Evaluation } from './evaluation.entity';

/**
 * The columns of a row that is part of one evaluation (a score, a finding, a reference): its
 * municipality's, and deleted with the evaluation. Each entity that extends it is a table of its own.
 */
export abstract class EvaluationPart {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  municipalityId: string;

  @Column('uuid')
  evaluationId: string;

  @ManyToOne(() => Evaluation, { onDelete: 'CASCADE' })
  evaluation?: Evaluation;
}
