import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { trim } from '../../../common/http/transforms';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ACTION_PLAN_STATUSES, HEALTHS, REPORTABLE_STATUSES } from '../plans/action-plan.entity';
import type { ActionPlanStatus, Health } from '../plans/action-plan.entity';

/** Health values that need a comment saying why, and what happens next. */
export const HEALTHS_NEEDING_COMMENT: Health[] = ['at_risk', 'off_track'];

export class CreateProgressUpdateDto {
  @ApiPropertyOptional({
    enum: REPORTABLE_STATUSES,
    description: 'Unchanged when left out (a planned plan with progress starts). Cancelling is not a progress report: a manager cancels the plan itself, with a reason',
  })
  @IsOptional()
  @IsIn(REPORTABLE_STATUSES, {
    message: `status must be one of ${REPORTABLE_STATUSES.join(', ')}; only a manager cancels a plan (PATCH the plan with status cancelled and a cancellationReason), an owner may propose it in a comment`,
  })
  status?: ActionPlanStatus;

  @ApiProperty({ enum: HEALTHS, description: 'on_track = grön, at_risk = gul, off_track = röd' })
  @IsIn(HEALTHS, { message: `health must be one of ${HEALTHS.join(', ')}` })
  health: Health;

  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsInt({ message: 'progress must be a whole number from 0 to 100' })
  @Min(0, { message: 'progress must be a whole number from 0 to 100' })
  @Max(100, { message: 'progress must be a whole number from 0 to 100' })
  progress: number;

  @ApiPropertyOptional({ description: 'Required when health is at_risk or off_track' })
  // A blank comment on a grön update is no comment; gul and röd need one.
  @ValidateIf((update: CreateProgressUpdateDto) => HEALTHS_NEEDING_COMMENT.includes(update.health) || !(update.comment === undefined || update.comment === null || update.comment === ''))
  @Transform(trim)
  @IsString({ message: 'comment is required when health is at_risk or off_track: say why and what happens next' })
  @MinLength(1, { message: 'comment is required when health is at_risk or off_track: say why and what happens next' })
  @MaxLength(5000)
  comment?: string;
}

export class ProgressUpdateView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) actionPlanId: string;
  @ApiProperty({ type: Object, description: '{ id, name }' }) author: { id: string; name: string };
  @ApiProperty({ enum: ACTION_PLAN_STATUSES }) status: ActionPlanStatus;
  @ApiProperty({ enum: HEALTHS }) health: Health;
  @ApiProperty() progress: number;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() createdAt: Date;
}

export class ProgressUpdatePage {
  @ApiProperty({ type: [ProgressUpdateView] }) items: ProgressUpdateView[];
  @ApiProperty() total: number;
}

/** The statuses a progress update may set, part of this request's contract (pages offer these). */
export { REPORTABLE_STATUSES };
