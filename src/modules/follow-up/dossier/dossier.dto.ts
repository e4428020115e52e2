import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ACTION_PLAN_STATUSES, EFFECTS, HEALTHS } from '../../action-plans/plans/action-plan.constants';
import type { ActionPlanStatus, Effect, Health } from '../../action-plans/plans/action-plan.constants';
import { FINDING_KINDS } from '../../evaluations/findings/finding-kinds';
import type { FindingKind } from '../../evaluations/findings/finding-kinds';
import { LOCALES } from '../../identity/municipalities/municipality.constants';
import type { Locale } from '../../identity/municipalities/municipality.constants';
import { EvaluationRefDoc, PersonRefDoc } from '../follow-up.dto';
import { COVERAGES } from './dossier';
import type { Coverage } from './dossier';

export class DossierQuery {
  @ApiPropertyOptional({ enum: LOCALES, description: "Language of the HTML page; the caller's own when left out" })
  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: Locale;
}

// OpenAPI shapes of the dossier built in dossier.ts.

class DossierPlanDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: PersonRefDoc }) owner: PersonRefDoc;
  @ApiProperty({ nullable: true, type: String }) unit: string | null;
  @ApiProperty({ enum: ACTION_PLAN_STATUSES }) status: ActionPlanStatus;
  @ApiProperty({ enum: HEALTHS, nullable: true, description: 'The traffic light; null before the first update and for a cancelled plan' }) health: Health | null;
  @ApiProperty({ nullable: true, type: String, description: "The manager's reason, when cancelled" }) cancellationReason: string | null;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  @ApiProperty({ nullable: true, type: String, example: '2015-03-01' }) startDate: string | null;
  @ApiProperty({ example: '2016-12-31' }) dueDate: string;
  @ApiProperty({ nullable: true, type: Date }) completedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastUpdateAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) latestComment: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ enum: EFFECTS, nullable: true }) effect: Effect | null;
  @ApiProperty({ nullable: true, type: String }) effectComment: string | null;
  @ApiProperty({
    enum: ['created_after_follow_up'],
    nullable: true,
    description: 'Why the effect is unknown: the plan was created after the follow-up evaluation was conducted, so it cannot have moved its scores',
  })
  effectNote: 'created_after_follow_up' | null;
  @ApiProperty() createdAt: Date;
}

class DossierDismissalDoc {
  @ApiProperty() reason: string;
  @ApiProperty({ type: PersonRefDoc, nullable: true }) by: PersonRefDoc | null;
  @ApiProperty({ nullable: true, type: Date }) at: Date | null;
}

class DossierFindingRefDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() areaNumber: number;
  @ApiProperty({ enum: FINDING_KINDS }) kind: FindingKind;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String }) questionCode: string | null;
}

class DossierFindingDoc extends DossierFindingRefDoc {
  @ApiProperty() position: number;
  @ApiProperty({ enum: COVERAGES, nullable: true, description: 'Null for strengths; a dismissal wins over a plan' }) coverage: Coverage | null;
  @ApiProperty({ type: DossierDismissalDoc, nullable: true }) dismissal: DossierDismissalDoc | null;
  @ApiProperty({ type: [DossierPlanDoc] }) actionPlans: DossierPlanDoc[];
}

class DismissedFindingDoc extends DossierFindingRefDoc {
  @ApiProperty() reason: string;
  @ApiProperty({ type: PersonRefDoc, nullable: true }) by: PersonRefDoc | null;
  @ApiProperty({ nullable: true, type: Date }) at: Date | null;
}

class ActionCountsDoc {
  @ApiProperty({ description: 'done + open + cancelled' }) total: number;
  @ApiProperty({ description: 'Completed' }) done: number;
  @ApiProperty({ description: 'Planned or in progress' }) open: number;
  @ApiProperty({ description: 'Open and past the due date' }) overdue: number;
  @ApiProperty() cancelled: number;
}

class FindingCountsDoc {
  @ApiProperty({ description: 'Improvement opportunities and weaknesses: covered + dismissed + uncovered' }) total: number;
  @ApiProperty() covered: number;
  @ApiProperty() dismissed: number;
  @ApiProperty() uncovered: number;
}

class DossierCountsDoc {
  @ApiProperty({ type: ActionCountsDoc }) actions: ActionCountsDoc;
  @ApiProperty({ type: FindingCountsDoc }) findings: FindingCountsDoc;
}

class DossierQuestionDoc {
  @ApiProperty({ example: '2.4' }) code: string;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: Number }) achievedPoints: number | null;
  @ApiProperty() maxPoints: number;
  @ApiProperty({ nullable: true, type: Number }) percent: number | null;
}

class DossierAreaDoc {
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: Number }) achievedPoints: number | null;
  @ApiProperty() maxPoints: number;
  @ApiProperty({ nullable: true, type: Number }) percent: number | null;
  @ApiProperty({ type: [DossierQuestionDoc] }) questions: DossierQuestionDoc[];
  @ApiProperty({ type: [DossierFindingDoc], description: 'Strengths, improvement opportunities, weaknesses, in report order' }) findings: DossierFindingDoc[];
  @ApiProperty({ type: DossierCountsDoc }) summary: DossierCountsDoc;
}

class FrameworkRefDoc {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
}

class DossierEvaluationDoc extends EvaluationRefDoc {
  @ApiProperty({ type: FrameworkRefDoc }) framework: FrameworkRefDoc;
}

class MunicipalityNameDoc {
  @ApiProperty({ example: 'Avesta kommun' }) name: string;
}

class ScoreDoc {
  @ApiProperty({ example: 404 }) achievedPoints: number;
  @ApiProperty({ example: 800 }) maxPoints: number;
  @ApiProperty({ example: 51 }) percent: number;
}

export class DossierFollowUpDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() conductedOn: string;
}

export class FollowUpDossierDoc {
  @ApiProperty({ type: MunicipalityNameDoc }) municipality: MunicipalityNameDoc;
  @ApiProperty({ type: DossierEvaluationDoc }) evaluation: DossierEvaluationDoc;
  @ApiProperty() generatedAt: Date;
  @ApiProperty({ type: ScoreDoc }) score: ScoreDoc;
  @ApiProperty({ type: DossierFollowUpDoc, nullable: true, description: 'The published evaluation that followed this one up, if any' })
  followUp: DossierFollowUpDoc | null;
  @ApiProperty({ type: DossierCountsDoc }) summary: DossierCountsDoc;
  @ApiProperty({ type: [DossierAreaDoc] }) areas: DossierAreaDoc[];
  @ApiProperty({ type: [DossierFindingRefDoc], description: 'Never covered: no plan that is not cancelled, and not dismissed' }) uncovered: DossierFindingRefDoc[];
  @ApiProperty({ type: [DismissedFindingDoc] }) dismissed: DismissedFindingDoc[];
}
