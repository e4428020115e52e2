import { ApiProperty } from '@nestjs/swagger';
import { EFFECTS } from '../../action-plans/plans/action-plan.constants';
import type { Effect } from '../../action-plans/plans/action-plan.constants';
import { EvaluationRefDoc, PlanSummaryDoc } from '../follow-up.dto';
import { COMPARISON_FLAGS, PLAN_MATCHES } from './comparison';
import type { ComparisonFlag, PlanMatch } from './comparison';

// OpenAPI shapes of the comparison built in comparison.ts.

class PlanStateDoc extends PlanSummaryDoc {
  @ApiProperty({ nullable: true, type: Date }) completedAt: Date | null;
  @ApiProperty({ enum: EFFECTS, nullable: true }) effect: Effect | null;
  @ApiProperty({ description: 'A manager set the effect by hand' }) effectOverridden: boolean;
}

class QuestionPlanDoc extends PlanStateDoc {
  @ApiProperty({ enum: PLAN_MATCHES, description: 'target: the plan targets it; finding: a finding of the plan names it; area: a finding of the plan is in its area (plans without targets)' })
  matchedBy: PlanMatch;
  @ApiProperty({ nullable: true, type: Number, description: 'Expected gain when it is a target' }) expectedPoints: number | null;
}

class AreaPlanDoc extends PlanStateDoc {
  @ApiProperty({ type: [String], example: ['2.1', '2.3'] }) questionCodes: string[];
}

class QuestionComparisonDoc {
  @ApiProperty({ example: '2.1' }) code: string;
  @ApiProperty() text: string;
  @ApiProperty() maxPoints: number;
  @ApiProperty({ nullable: true, type: Number, example: 5 }) before: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 8 }) after: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 3 }) delta: number | null;
  @ApiProperty({ description: 'Expected points of the completed plans targeting it' }) completedExpectedPoints: number;
  @ApiProperty({ nullable: true, type: Number, description: 'before + completedExpectedPoints, capped at maxPoints' }) projected: number | null;
  @ApiProperty({ enum: COMPARISON_FLAGS, isArray: true }) flags: ComparisonFlag[];
  @ApiProperty({ type: [QuestionPlanDoc] }) actionPlans: QuestionPlanDoc[];
}

class AreaComparisonDoc {
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty() maxPoints: number;
  @ApiProperty({ nullable: true, type: Number, description: "The area's total (a printed total wins over the sum); null while some of its sub-questions have no score" }) before: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'As before, for this evaluation' }) after: number | null;
  @ApiProperty({ nullable: true, type: Number }) delta: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'before + the capped gains of its sub-questions, capped at maxPoints' }) projected: number | null;
  @ApiProperty({ enum: COMPARISON_FLAGS, isArray: true }) flags: ComparisonFlag[];
  @ApiProperty({ type: [QuestionComparisonDoc] }) questions: QuestionComparisonDoc[];
  @ApiProperty({ type: [AreaPlanDoc] }) actionPlans: AreaPlanDoc[];
}

class ComparisonTotalDoc {
  @ApiProperty({ example: 800 }) maxPoints: number;
  @ApiProperty({ nullable: true, type: Number, example: 404, description: 'The earlier points of the areas compared (whole in both evaluations); null when none is' }) before: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 446, description: 'This evaluation’s points of the same areas' }) after: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 42 }) delta: number | null;
  @ApiProperty({ example: 420 }) projected: number;
  @ApiProperty({ example: 8, description: 'How many areas the totals cover: an area counts once all its sub-questions have a score (or a printed total) in both evaluations' }) areasCompared: number;
}

class FlagCountsDoc {
  @ApiProperty() rose_with_no_action: number;
  @ApiProperty() completed_no_change: number;
  @ApiProperty() declined: number;
}

export class ComparisonDoc {
  @ApiProperty({ type: EvaluationRefDoc, description: 'The follow-up evaluation' }) evaluation: EvaluationRefDoc;
  @ApiProperty({ type: EvaluationRefDoc, description: 'The evaluation it follows up' }) previousEvaluation: EvaluationRefDoc;
  @ApiProperty({ type: [AreaComparisonDoc] }) areas: AreaComparisonDoc[];
  @ApiProperty({ type: ComparisonTotalDoc }) total: ComparisonTotalDoc;
  @ApiProperty({ type: FlagCountsDoc, description: 'Sub-questions carrying each flag' }) flagged: FlagCountsDoc;
}
