import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import type { FindingDismissal, FindingView } from './finding-view';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { FINDING_KINDS } from './finding.entity';
import type { FindingKind } from './finding.entity';
import { trim } from '../../../common/http/transforms';

const QUESTION_CODE = /^\d{1,2}\.\d{1,2}$/;

export class CreateFindingDto {
  @ApiProperty({ minimum: 1, maximum: 8, example: 2 })
  @IsInt()
  @Min(1)
  @Max(20)
  areaNumber: number;

  @ApiProperty({ enum: FINDING_KINDS })
  @IsIn(FINDING_KINDS, { message: `kind must be one of ${FINDING_KINDS.join(', ')}` })
  kind: FindingKind;

  @ApiProperty({ example: 'Utveckling av e-tjänster' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'text must not be empty' })
  @MaxLength(2000)
  text: string;

  @ApiPropertyOptional({ example: '2.3', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Matches(QUESTION_CODE, { message: 'questionCode must look like 2.4' })
  questionCode?: string | null;
}

export class UpdateFindingDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'text must not be empty' })
  @MaxLength(2000)
  text?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Matches(QUESTION_CODE, { message: 'questionCode must look like 2.4' })
  questionCode?: string | null;

  @ApiPropertyOptional({ description: 'Moves the finding within its area and kind (1 = first)', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  position?: number;
}

export class DismissFindingDto {
  @ApiProperty({ description: 'Why the municipality takes no action on it' })
  @Transform(trim)
  @IsString()
  @MinLength(3, { message: 'reason must say why (at least 3 characters)' })
  @MaxLength(2000)
  reason: string;
}

export class FindingDismissalDoc implements FindingDismissal {
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) byId: string | null;
  @ApiProperty({ nullable: true, type: Date }) at: Date | null;
}

export class FindingViewDto implements FindingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) evaluationId: string;
  @ApiProperty() areaNumber: number;
  @ApiProperty({ enum: FINDING_KINDS }) kind: FindingKind;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'Order within its area and kind, as in the report' }) position: number;
  @ApiProperty({ nullable: true, type: String, example: '2.3' }) questionCode: string | null;
  @ApiProperty({ type: FindingDismissalDoc, nullable: true, description: 'A decision to take no action, with its reason' }) dismissal: FindingDismissalDoc | null;
}
