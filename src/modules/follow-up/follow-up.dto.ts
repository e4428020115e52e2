import { ApiProperty } from '@nestjs/swagger';
import { ACTION_PLAN_STATUSES, HEALTHS } from '../action-plans/plans/action-plan.constants';
import type { ActionPlanStatus, Health } from '../action-plans/plans/action-plan.constants';
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

/** A plan as the follow-up views name it: what it is, whose, and where it stands. */
export interface PlanSummary {
  id: string;
  title: string;
  owner: { id: string; name: string };
  status: ActionPlanStatus;
  health: Health | null;
  progress: number;
  dueDate: string;
}

export class PlanSummaryDoc implements PlanSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: PersonRefDoc }) owner: PersonRefDoc;
  @ApiProperty({ enum: ACTION_PLAN_STATUSES }) status: ActionPlanStatus;
  @ApiProperty({ enum: HEALTHS, nullable: true }) health: Health | null;
  @ApiProperty() progress: number;
  @ApiProperty() dueDate: string;
}

export function planSummary(plan: PlanSummary): PlanSummary {
  return { id: plan.id, title: plan.title, owner: plan.owner, status: plan.status, health: plan.health, progress: plan.progress, dueDate: plan.dueDate };
}

export function evaluationRef(evaluation: EvaluationRef): EvaluationRef {
  return { id: evaluation.id, title: evaluation.title, conductedOn: evaluation.conductedOn, status: evaluation.status };
}
