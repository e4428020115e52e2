import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsDateOnly, IsNotBeforeDate } from '../../../common/http/date-only.validator';
import { PaginationQuery } from '../../../common/pagination/pagination.dto';
import { ACTION_PLAN_STATUSES, EFFECTS, HEALTHS, PRIORITIES } from './action-plan.entity';
import type { ActionPlanStatus, Effect, Health, Priority } from './action-plan.entity';
import { toBoolean, toList, trim } from '../../../common/http/transforms';
import { MAIL_LOCALES, type MailLocale } from '../../mail';

export class TargetInput {
  @ApiProperty({ example: '2.3' })
  @Matches(/^\d{1,2}\.\d{1,2}$/, { message: 'questionCode must look like 2.4' })
  questionCode: string;

  @ApiProperty({ example: 3, description: 'Points the action is expected to gain' })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'expectedPoints must be a number with at most two decimals' })
  @Min(0)
  @Max(100)
  expectedPoints: number;
}

class ActionPlanFields {
  @ApiProperty({ example: 'Inför kommunövergripande bemötandeutbildning' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @ApiProperty({ format: 'uuid', description: 'An active user of the municipality' })
  @IsUUID('all', { message: 'ownerId must be a UUID' })
  ownerId: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'HR-avdelningen' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  unit?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-01-15' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsDateOnly()
  startDate?: string | null;

  @ApiProperty({ example: '2027-06-30', description: 'Not before startDate' })
  @IsDateOnly()
  @IsNotBeforeDate('startDate')
  dueDate: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'medium' })
  @IsOptional()
  @IsIn(PRIORITIES, { message: `priority must be one of ${PRIORITIES.join(', ')}` })
  priority?: Priority;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsString()
  @MaxLength(5000)
  expectedEffect?: string | null;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Improvement opportunities or weaknesses it answers' })
  @IsArray()
  @ArrayMinSize(1, { message: 'findingIds must name at least one finding' })
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'findingIds must not repeat a finding' })
  @IsUUID('all', { each: true, message: 'findingIds must be UUIDs' })
  findingIds: string[];

  @ApiPropertyOptional({ type: [TargetInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(45)
  @ValidateNested({ each: true })
  @Type(() => TargetInput)
  targets?: TargetInput[];
}

export class CreateActionPlanDto extends ActionPlanFields {}

/** Any of the plan's fields; links and targets given here replace the old ones. */
export class UpdateActionPlanDto extends PartialType(ActionPlanFields) {
  @ApiPropertyOptional({ description: 'The version the change is based on (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({
    enum: ['cancelled', 'planned', 'in_progress'],
    description: 'A manager cancels a plan here (with cancellationReason), or reopens a completed or cancelled one; progress goes through updates',
  })
  @IsOptional()
  @IsIn(['cancelled', 'planned', 'in_progress'], { message: 'status may only be set to cancelled, planned or in_progress here; post a progress update to complete' })
  status?: ActionPlanStatus;

  @ApiPropertyOptional({ description: 'Why the plan is cancelled; required with status cancelled', example: 'Ersätts av den nya e-tjänsteplattformen' })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'cancellationReason must be text' })
  @MaxLength(5000)
  cancellationReason?: string;
}

export const ACTION_PLAN_SORTS = ['dueDate', '-dueDate', 'updatedAt', '-updatedAt', 'createdAt', '-createdAt', 'title', '-title', 'priority', '-priority', 'progress', '-progress'] as const;
export type ActionPlanSort = (typeof ACTION_PLAN_SORTS)[number];

export class ActionPlanListQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: ACTION_PLAN_STATUSES, isArray: true, description: 'One or more, comma-separated' })
  @IsOptional()
  @Transform(toList)
  @IsIn(ACTION_PLAN_STATUSES, { each: true, message: `status must be among ${ACTION_PLAN_STATUSES.join(', ')}` })
  status?: ActionPlanStatus[];

  @ApiPropertyOptional({ enum: HEALTHS, isArray: true, description: 'One or more, comma-separated' })
  @IsOptional()
  @Transform(toList)
  @IsIn(HEALTHS, { each: true, message: `health must be among ${HEALTHS.join(', ')}` })
  health?: Health[];

  @ApiPropertyOptional({ description: "A user's id, or `me` for the caller's own plans (Mina åtgärder)" })
  @IsOptional()
  @ValidateIf((_query, value) => value !== 'me')
  @IsUUID('all', { message: 'ownerId must be a UUID or me' })
  ownerId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(20)
  areaNumber?: number;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', { message: 'evaluationId must be a UUID' })
  evaluationId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', { message: 'findingId must be a UUID' })
  findingId?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'dueSoon must be true or false' })
  dueSoon?: boolean;

  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'stale must be true or false' })
  stale?: boolean;

  @ApiPropertyOptional({ example: '2027-01-01', description: 'Due on or before' }) @IsOptional() @IsDateOnly()
  dueBefore?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Due on or after' }) @IsOptional() @IsDateOnly()
  dueAfter?: string;

  @ApiPropertyOptional({ example: '2026-03-02', description: "Completed on or after this day (from its start in the municipality's time zone)" })
  @IsOptional()
  @IsDateOnly()
  completedFrom?: string;

  @ApiPropertyOptional({ example: '2026-03-02', description: "Cancelled on or after this day (from its start in the municipality's time zone)" })
  @IsOptional()
  @IsDateOnly()
  cancelledFrom?: string;

  @ApiPropertyOptional({ example: '2026-03-02', description: "Created on or after this day (from its start in the municipality's time zone)" })
  @IsOptional()
  @IsDateOnly()
  createdFrom?: string;

  @ApiPropertyOptional({ description: 'Words in the title or description' }) @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: ACTION_PLAN_SORTS,
    default: 'dueDate',
    description: 'A leading `-` sorts descending. By due date (either way), open plans come before completed and cancelled ones',
  })
  @IsOptional()
  @IsIn(ACTION_PLAN_SORTS, { message: `sort must be one of ${ACTION_PLAN_SORTS.join(', ')}` })
  sort: ActionPlanSort = 'dueDate';
}

export class ExportQuery extends ActionPlanListQuery {
  @ApiProperty({ enum: ['xlsx', 'csv'] })
  @IsIn(['xlsx', 'csv'], { message: 'format must be xlsx or csv' })
  format: 'xlsx' | 'csv';

  @ApiPropertyOptional({ enum: MAIL_LOCALES, default: 'sv', description: "The language of the headers, statuses and traffic lights; people's own text stays as written" })
  @IsOptional()
  @IsIn(MAIL_LOCALES, { message: `locale must be one of ${MAIL_LOCALES.join(', ')}` })
  locale: MailLocale = 'sv';
}

export class LinkedFindingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) evaluationId: string;
  @ApiProperty() areaNumber: number;
  @ApiProperty({ enum: ['improvement', 'weakness'] }) kind: string;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String, example: '2.3' }) questionCode: string | null;
}

export class TargetView {
  @ApiProperty() questionCode: string;
  @ApiProperty() expectedPoints: number;
}

export class CancellationView {
  @ApiProperty({ nullable: true, type: String, description: 'Null only for plans cancelled before a reason was asked' }) reason: string | null;
  @ApiProperty({ nullable: true, type: Date }) at: Date | null;
  @ApiProperty({ type: Object, nullable: true, description: '{ id, name } of the manager who cancelled it' }) by: { id: string; name: string } | null;
}

export class ActionPlanView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: Object, description: '{ id, name }' }) owner: { id: string; name: string };
  @ApiProperty({ nullable: true, type: String }) unit: string | null;
  @ApiProperty({ nullable: true, type: String }) startDate: string | null;
  @ApiProperty() dueDate: string;
  @ApiProperty({ enum: ACTION_PLAN_STATUSES }) status: ActionPlanStatus;
  @ApiProperty({ enum: HEALTHS, nullable: true, description: 'Null until the first progress update, and for a cancelled plan (it has no traffic light)' })
  health: Health | null;
  @ApiProperty() progress: number;
  @ApiProperty({ type: CancellationView, nullable: true, description: 'Set while the plan is cancelled' }) cancellation: CancellationView | null;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty({ nullable: true, type: String }) expectedEffect: string | null;
  @ApiProperty({ nullable: true, type: Date }) completedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastUpdateAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Latest comment of a progress update' }) latestComment: string | null;
  @ApiProperty({ enum: EFFECTS, nullable: true, description: 'Set after the follow-up evaluation is published' }) effect: Effect | null;
  @ApiProperty({ nullable: true, type: String, description: "A manager's reason for overriding the derived effect" }) effectComment: string | null;
  @ApiProperty({ type: Object, nullable: true, description: '{ id, name } of the manager who overrode the effect; null while derived' })
  effectSetBy: { id: string; name: string } | null;
  @ApiProperty({ nullable: true, type: Date }) effectSetAt: Date | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty() dueSoon: boolean;
  @ApiProperty() stale: boolean;
  @ApiProperty({ type: [LinkedFindingView] }) findings: LinkedFindingView[];
  @ApiProperty({ type: [TargetView] }) targets: TargetView[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

/** A plan as a list that only names plans shows it (a digest): without its findings and targets. */
export type ActionPlanBrief = Omit<ActionPlanView, 'findings' | 'targets'>;

export class ActionPlanPage {
  @ApiProperty({ type: [ActionPlanView] }) items: ActionPlanView[];
  @ApiProperty() total: number;
}

/** The list's filters, and what the digests also ask for. */
export type ActionPlanFilters = Omit<ActionPlanListQuery, 'limit' | 'offset' | 'sort'> & {
  /** Overdue, due soon or stale: the plans an owner's digest is about. */
  needsAttention?: true;
};
