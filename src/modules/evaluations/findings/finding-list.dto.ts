import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PaginationQuery } from '../../../common/pagination/pagination.dto';
import { EVALUATION_STATUSES } from '../evaluations/evaluation.constants';
import type { EvaluationStatus } from '../evaluations/evaluation.constants';
import { COVERAGES } from './finding-coverage';
import type { Coverage, FindingCoverageView } from './finding-coverage';
import { FINDING_KINDS } from './finding-kinds';
import type { FindingKind } from './finding-kinds';
import { FindingViewDto } from './finding.dto';

export class FindingListQuery extends PaginationQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The latest published evaluation when left out' })
  @IsOptional()
  @IsUUID('all', { message: 'evaluationId must be a UUID' })
  evaluationId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'areaNumber must be a whole number' })
  @Min(1)
  @Max(20)
  areaNumber?: number;

  @ApiPropertyOptional({ enum: FINDING_KINDS })
  @IsOptional()
  @IsIn(FINDING_KINDS, { message: `kind must be one of ${FINDING_KINDS.join(', ')}` })
  kind?: FindingKind;

  @ApiPropertyOptional({ enum: COVERAGES, description: 'Only improvement opportunities and weaknesses have a coverage' })
  @IsOptional()
  @IsIn(COVERAGES, { message: `coverage must be one of ${COVERAGES.join(', ')}` })
  coverage?: Coverage;
}

export class FindingWithCoverageView extends FindingViewDto implements FindingCoverageView {
  @ApiProperty({
    enum: COVERAGES,
    nullable: true,
    description: 'covered: a plan that is not cancelled answers it; dismissed: a decision to take no action (wins over plans); null for strengths',
  })
  coverage: Coverage | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Every action plan linked to it, cancelled ones included' }) actionPlanIds: string[];
}

export class FindingListEvaluation {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() conductedOn: string;
  @ApiProperty({ enum: EVALUATION_STATUSES, description: 'A draft is not yet what the municipality works from' }) status: EvaluationStatus;
}

export class FindingWithCoveragePage {
  @ApiProperty({ type: FindingListEvaluation, nullable: true, description: 'The evaluation listed; null when none is published yet' })
  evaluation: FindingListEvaluation | null;
  @ApiProperty({ type: [FindingWithCoverageView] }) items: FindingWithCoverageView[];
  @ApiProperty() total: number;
}
