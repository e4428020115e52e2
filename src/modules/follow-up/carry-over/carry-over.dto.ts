import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { LinkedFindingView, TargetView } from '../../action-plans/plans/action-plan.dto';
import { FINDING_KINDS } from '../../evaluations/findings/finding-kinds';
import type { FindingKind } from '../../evaluations/findings/finding-kinds';
import { EvaluationRef, EvaluationRefDoc, PlanSummaryDoc } from '../follow-up.dto';
import { CARRY_OVER_MATCHES } from './carry-over-suggestions';
import type { CarryOverMatch } from './carry-over-suggestions';

export class CarryOverDto {
  @ApiProperty({ format: 'uuid', description: 'An open (planned or in progress) action plan' })
  @IsUUID('all', { message: 'actionPlanId must be a UUID' })
  actionPlanId: string;

  @ApiProperty({ format: 'uuid', description: 'An improvement opportunity or weakness of this evaluation' })
  @IsUUID('all', { message: 'findingId must be a UUID' })
  findingId: string;
}

export class CarryOverFindingDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() areaNumber: number;
  @ApiProperty({ enum: FINDING_KINDS }) kind: FindingKind;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String }) questionCode: string | null;
}

export class CarryOverSuggestionDoc {
  @ApiProperty({ enum: CARRY_OVER_MATCHES, description: 'question: the same sub-question; area: the same area' }) match: CarryOverMatch;
  @ApiProperty({ type: CarryOverFindingDoc }) finding: CarryOverFindingDoc;
}

export class CarryOverPlanDoc extends PlanSummaryDoc {
  @ApiProperty() version: number;
  @ApiProperty({ type: [LinkedFindingView], description: 'The findings it links to now' }) findings: LinkedFindingView[];
  @ApiProperty({ type: [TargetView] }) targets: TargetView[];
}

export class CarryOverItemDoc {
  @ApiProperty({ type: CarryOverPlanDoc }) actionPlan: CarryOverPlanDoc;
  @ApiProperty({ description: 'It already links to a finding of this evaluation' }) carriedOver: boolean;
  @ApiProperty({ type: [CarryOverSuggestionDoc], description: 'Best first: the same sub-question, then the same area' }) suggestions: CarryOverSuggestionDoc[];
}

export class CarryOverViewDoc {
  @ApiProperty({ type: EvaluationRefDoc }) evaluation: EvaluationRefDoc;
  @ApiProperty({ type: EvaluationRefDoc }) previousEvaluation: EvaluationRefDoc;
  @ApiProperty({ type: [CarryOverItemDoc], description: 'Every open plan linked to the previous evaluation, those with the best suggestions first' })
  items: CarryOverItemDoc[];
}

export interface CarryOverView {
  evaluation: EvaluationRef;
  previousEvaluation: EvaluationRef;
  items: CarryOverItemDoc[];
}
