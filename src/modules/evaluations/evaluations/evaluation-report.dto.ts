import { ApiProperty } from '@nestjs/swagger';
import { EVALUATION_SOURCES, EVALUATION_STATUSES } from './evaluation.entity';
import type { EvaluationSource, EvaluationStatus } from './evaluation.entity';
import { FindingViewDto } from '../findings/finding.dto';
import { ReferenceViewDto } from '../references/reference.dto';

// OpenAPI shapes of the report view built in evaluation-report.ts.

class FindingsByKindDoc {
  @ApiProperty({ type: [FindingViewDto] }) strength: FindingViewDto[];
  @ApiProperty({ type: [FindingViewDto] }) improvement: FindingViewDto[];
  @ApiProperty({ type: [FindingViewDto] }) weakness: FindingViewDto[];
}

class QuestionScoreDoc {
  @ApiProperty({ example: '1.1' }) code: string;
  @ApiProperty() text: string;
  @ApiProperty({ example: 15 }) maxPoints: number;
  @ApiProperty({ nullable: true, type: Number, example: 10 }) achievedPoints: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 65 }) percent: number | null;
  @ApiProperty({ nullable: true, type: Number }) reportedPercent: number | null;
}


class AreaReportDoc {
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ type: [QuestionScoreDoc] }) questions: QuestionScoreDoc[];
  @ApiProperty({ nullable: true, type: Number, description: 'The printed total when given, else the sum' }) achievedPoints: number | null;
  @ApiProperty({ nullable: true, type: Number }) summedPoints: number | null;
  @ApiProperty({ nullable: true, type: Number }) reportedTotal: number | null;
  @ApiProperty() maxPoints: number;
  @ApiProperty({ nullable: true, type: Number }) percent: number | null;
  @ApiProperty({ type: FindingsByKindDoc }) findings: FindingsByKindDoc;
  @ApiProperty({ type: [ReferenceViewDto] }) references: ReferenceViewDto[];
}

class TotalDoc {
  @ApiProperty({ example: 404 }) achievedPoints: number;
  @ApiProperty({ example: 800 }) maxPoints: number;
  @ApiProperty({ example: 51 }) percent: number;
  @ApiProperty({ description: 'Every sub-question has a score' }) complete: boolean;
}

class FrameworkRefDoc {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
}

export class WarningDoc {
  @ApiProperty({ example: 'AREA_SUM_MISMATCH' }) code: string;
  @ApiProperty({ description: 'In English' }) message: string;
  @ApiProperty({
    required: false,
    description: 'The values the message names, to word it in another language (absent on warnings of evaluations imported before it was added)',
    example: { areaNumber: 6, areaTitle: 'Kommunen som arbetsgivare - personalpolitik', summed: 51, printed: 52 },
  })
  params?: Record<string, string | number>;
  @ApiProperty({ required: false }) areaNumber?: number;
  @ApiProperty({ required: false }) questionCode?: string;
  @ApiProperty({ required: false }) line?: number;
}

export class EvaluationReportDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: '2014-12-01' }) conductedOn: string;
  @ApiProperty({ enum: EVALUATION_STATUSES }) status: EvaluationStatus;
  @ApiProperty({ enum: EVALUATION_SOURCES }) source: EvaluationSource;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) previousEvaluationId: string | null;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: FrameworkRefDoc }) framework: FrameworkRefDoc;
  @ApiProperty({ type: [AreaReportDoc] }) areas: AreaReportDoc[];
  @ApiProperty({ type: TotalDoc }) total: TotalDoc;
  @ApiProperty({ type: [WarningDoc], description: 'What the import found that does not add up' }) warnings: WarningDoc[];
}

export class ImportedFileDoc {
  @ApiProperty({ enum: ['pdf', 'docx', 'text'] }) format: 'pdf' | 'docx' | 'text';
  @ApiProperty({ nullable: true, type: String, example: 'Windows-1252', description: 'For text: the encoding it was read in' }) encoding: string | null;
}

export class ImportResultDoc {
  @ApiProperty({ type: EvaluationReportDoc, description: 'In a dry run: as it would be saved, without ids' }) evaluation: EvaluationReportDoc;
  @ApiProperty({ type: [WarningDoc] }) warnings: WarningDoc[];
  @ApiProperty({ type: ImportedFileDoc, description: 'What the file was read as' }) file: ImportedFileDoc;
  @ApiProperty({ description: 'True when nothing was saved (dryRun=true)' }) dryRun: boolean;
}
