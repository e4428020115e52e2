import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import { CreateFindingDto, FindingViewDto } from '../findings/finding.dto';
import { FindingsService } from '../findings/findings.service';
import { CreateReferenceDto, ReferenceViewDto } from '../references/reference.dto';
import { ReferencesService } from '../references/references.service';
import { ScoresService } from '../scores/scores.service';
import { CreateEvaluationDto, EvaluationListQuery, EvaluationPage, ScoreInput, UpdateEvaluationDto } from './evaluation.dto';
import { EvaluationReportDoc } from './evaluation-report.dto';
import { EvaluationReportView } from './evaluation-report';
import { EvaluationsService } from './evaluations.service';

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluations')
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly scores: ScoresService,
    private readonly findings: FindingsService,
    private readonly references: ReferencesService,
  ) {}

  @Get()
  @ApiOkResponse({ type: EvaluationPage })
  list(@CurrentActor() actor: Actor, @Query() query: EvaluationListQuery): Promise<EvaluationPage> {
    return this.evaluations.list(actor, query);
  }

  @Post()
  @RequireRole('manager')
  @ApiCreatedResponse({ type: EvaluationReportDoc })
  create(@CurrentActor() actor: Actor, @Body() body: CreateEvaluationDto): Promise<EvaluationReportView> {
    return this.evaluations.create(actor, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: EvaluationReportDoc, description: 'Areas, questions with scores, totals, findings, references, warnings' })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<EvaluationReportView> {
    return this.evaluations.report(actor, id);
  }

  @Patch(':id')
  @RequireRole('manager')
  @ApiOkResponse({ type: EvaluationReportDoc })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: UpdateEvaluationDto): Promise<EvaluationReportView> {
    return this.evaluations.update(actor, id, body);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequireRole('manager')
  @ApiOkResponse({ type: EvaluationReportDoc })
  publish(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<EvaluationReportView> {
    return this.evaluations.publish(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('manager')
  @ApiNoContentResponse({ description: 'Deleted; 409 while action plans link to it' })
  delete(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.evaluations.delete(actor, id);
  }

  @Put(':id/scores')
  @RequireRole('manager')
  @ApiBody({ type: [ScoreInput] })
  @ApiOkResponse({ type: EvaluationReportDoc })
  setScores(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: unknown): Promise<EvaluationReportView> {
    return this.scores.setScores(actor, id, body);
  }

  @Post(':id/findings')
  @RequireRole('manager')
  @ApiCreatedResponse({ type: FindingViewDto })
  addFinding(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: CreateFindingDto): Promise<FindingViewDto> {
    return this.findings.create(actor, id, body);
  }

  @Post(':id/references')
  @RequireRole('manager')
  @ApiCreatedResponse({ type: ReferenceViewDto })
  addReference(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: CreateReferenceDto): Promise<ReferenceViewDto> {
    return this.references.create(actor, id, body);
  }
}
