import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsDateOnly } from '../../../common/http/date-only.validator';
import { PaginationQuery } from '../../../common/pagination/pagination.dto';
import { EVALUATION_SOURCES, EVALUATION_STATUSES } from './evaluation.entity';
import type { EvaluationSource, EvaluationStatus } from './evaluation.entity';
import { toBoolean, trim } from '../../../common/http/transforms';

export class CreateEvaluationDto {
  @ApiProperty({ example: 'kommunkompassen-2010' })
  @IsString()
  @MaxLength(64)
  frameworkKey: string;

  @ApiProperty({ example: 'KommunKompassen Avesta kommun 2018' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '2018-11-01', description: 'The first of the month when only the month is known' })
  @IsDateOnly()
  conductedOn: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The evaluation this one follows up' })
  @IsOptional()
  @IsUUID('all', { message: 'previousEvaluationId must be a UUID' })
  previousEvaluationId?: string;
}

export class UpdateEvaluationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ example: '2018-11-01' })
  @IsOptional()
  @IsDateOnly()
  conductedOn?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsUUID('all', { message: 'previousEvaluationId must be a UUID or null' })
  previousEvaluationId?: string | null;
}

export class EvaluationListQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: EVALUATION_STATUSES })
  @IsOptional()
  @IsIn(EVALUATION_STATUSES, { message: `status must be one of ${EVALUATION_STATUSES.join(', ')}` })
  status?: EvaluationStatus;

  @ApiPropertyOptional({ enum: EVALUATION_SOURCES })
  @IsOptional()
  @IsIn(EVALUATION_SOURCES, { message: `source must be one of ${EVALUATION_SOURCES.join(', ')}` })
  source?: EvaluationSource;
}

export class EvaluationTotal {
  @ApiProperty({ description: 'The sum of the area totals (an area total is the printed one when the report gave it)' }) achievedPoints: number;
  @ApiProperty() maxPoints: number;
  @ApiProperty() percent: number;
  @ApiProperty({ description: 'Every sub-question has a score' }) complete: boolean;
}

export class EvaluationSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: '2014-12-01' }) conductedOn: string;
  @ApiProperty({ enum: EVALUATION_STATUSES }) status: EvaluationStatus;
  @ApiProperty({ enum: EVALUATION_SOURCES }) source: EvaluationSource;
  @ApiProperty({ example: 'kommunkompassen-2010' }) frameworkKey: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) previousEvaluationId: string | null;
  @ApiProperty({ type: EvaluationTotal }) total: EvaluationTotal;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class EvaluationPage {
  @ApiProperty({ type: [EvaluationSummary] }) items: EvaluationSummary[];
  @ApiProperty() total: number;
}

export class ImportQuery {
  @ApiPropertyOptional({ description: 'Parse and answer without saving anything' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;

  @ApiPropertyOptional({ description: 'Import even if the municipality has an evaluation conducted on the same date' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'allowDuplicate must be true or false' })
  allowDuplicate?: boolean;
}

export class ImportTextDto {
  @ApiProperty({ description: 'The whole text of a KommunKompassen report' })
  @IsString()
  text: string;
}

export class ScoreInput {
  @ApiProperty({ example: '2.4' })
  @IsString()
  @MaxLength(8)
  questionCode: string;

  @ApiProperty({ example: 6 })
  @Type(() => Number)
  achievedPoints: number;
}
