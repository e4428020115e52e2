import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
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
  ) {}

  @Get()
  @ApiOperation({ summary: "The municipality's evaluations, newest first" })
  @ApiOkResponse({ type: EvaluationPage })
  list(@CurrentActor() actor: Actor, @Query() query: EvaluationListQuery): Promise<EvaluationPage> {
    return this.evaluations.list(actor, query);
  }

  @Post()
  @RequireRole('manager')
  @ApiOperation({ summary: 'Create an empty draft evaluation to fill in by hand' })
  @ApiCreatedResponse({ type: EvaluationReportDoc })
  create(@CurrentActor() actor: Actor, @Body() body: CreateEvaluationDto): Promise<EvaluationReportView> {
    return this.evaluations.create(actor, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One evaluation as its report: areas, scores, totals, findings, references, warnings' })
  @ApiOkResponse({ type: EvaluationReportDoc, description: 'Areas, questions with scores, totals, findings, references, warnings' })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<EvaluationReportView> {
    return this.evaluations.report(actor, id);
  }

  @Patch(':id')
  @RequireRole('manager')
  @ApiOperation({ summary: "Change an evaluation's title, date or the evaluation it follows up" })
  @ApiOkResponse({ type: EvaluationReportDoc })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: UpdateEvaluationDto): Promise<EvaluationReportView> {
    return this.evaluations.update(actor, id, body);
  }

  @Post(':id/publish')
  @ApiOperation({ summary: 'Publish a draft evaluation' })
  @HttpCode(200)
  @RequireRole('manager')
  @ApiOkResponse({ type: EvaluationReportDoc })
  publish(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<EvaluationReportView> {
    return this.evaluations.publish(actor, id);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete an evaluation' })
  @HttpCode(204)
  @RequireRole('manager')
  @ApiNoContentResponse({
    description: 'Deleted; 409 EVALUATION.HAS_ACTION_PLANS while action plans link to it, 409 EVALUATION.HAS_FOLLOW_UPS (naming them) while evaluations follow it up',
  })
  delete(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.evaluations.delete(actor, id);
  }

  @Put(':id/scores')
  @ApiOperation({ summary: "Set the evaluation's scores per sub-question" })
  @RequireRole('manager')
  @ApiBody({ type: [ScoreInput] })
  @ApiOkResponse({ type: EvaluationReportDoc })
  setScores(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: unknown): Promise<EvaluationReportView> {
    return this.scores.setScores(actor, id, body);
  }
}
