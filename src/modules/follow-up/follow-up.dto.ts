import { ApiProperty } from '@nestjs/swagger';
import { EVALUATION_STATUSES } from '../evaluations/evaluations/evaluation.constants';
import type { EvaluationStatus } from '../evaluations/evaluations/evaluation.constants';

/** Which evaluation a follow-up view is about. */
export interface EvaluationRef {
  id: string;
  title: string;
  conductedOn: string;
  status: EvaluationStatus;
}

export class EvaluationRefDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'KommunKompassen Avesta 2014' }) title: string;
  @ApiProperty({ example: '2014-12-01' }) conductedOn: string;
  @ApiProperty({ enum: EVALUATION_STATUSES }) status: EvaluationStatus;
}

export class PersonRefDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export function evaluationRef(evaluation: EvaluationRef): EvaluationRef {
  return { id: evaluation.id, title: evaluation.title, conductedOn: evaluation.conductedOn, status: evaluation.status };
}
