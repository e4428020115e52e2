import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import { CreateFindingDto, DismissFindingDto, FindingViewDto, UpdateFindingDto } from './finding.dto';
import type { FindingView } from './finding-view';
import { FindingListQuery, FindingWithCoveragePage } from './finding-list.dto';
import { FindingListService } from './finding-list.service';
import { FindingsService } from './findings.service';

@ApiTags('findings')
@ApiBearerAuth()
@Controller()
export class FindingsController {
  constructor(
    private readonly findings: FindingsService,
    private readonly findingList: FindingListService,
  ) {}

  @Get('findings')
  @ApiOperation({ summary: "An evaluation's findings with their coverage and linked plans" })
  @ApiOkResponse({ type: FindingWithCoveragePage, description: "One evaluation's findings (the latest published by default), each with its coverage and linked plans" })
  list(@CurrentActor() actor: Actor, @Query() query: FindingListQuery): Promise<FindingWithCoveragePage> {
    return this.findingList.list(actor, query);
  }

  @Patch('findings/:id')
  @ApiOperation({ summary: 'Edit the text or sub-question of a finding, or move it' })
  @RequireRole('manager')
  @ApiOkResponse({ type: FindingViewDto, description: 'Edit the text or sub-question, or move it (position)' })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: UpdateFindingDto): Promise<FindingView> {
    return this.findings.update(actor, id, body);
  }

  @Delete('findings/:id')
  @ApiOperation({ summary: 'Delete a finding; refused while action plans link to it' })
  @HttpCode(204)
  @RequireRole('manager')
  @ApiNoContentResponse({ description: 'Deleted; 409 while action plans link to it' })
  delete(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.findings.delete(actor, id);
  }

  @Put('findings/:id/dismissal')
  @ApiOperation({ summary: 'Decide to take no action on a finding, with a reason' })
  @RequireRole('manager')
  @ApiOkResponse({ type: FindingViewDto, description: 'Decide to take no action, with a reason' })
  dismiss(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: DismissFindingDto): Promise<FindingView> {
    return this.findings.dismiss(actor, id, body.reason);
  }

  @Delete('findings/:id/dismissal')
  @ApiOperation({ summary: 'Undo the decision to take no action on a finding' })
  @RequireRole('manager')
  @ApiOkResponse({ type: FindingViewDto, description: 'Undo a dismissal' })
  undismiss(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<FindingView> {
    return this.findings.undismiss(actor, id);
  }

  @Post('evaluations/:id/findings')
  @RequireRole('manager')
  @ApiOperation({ summary: 'Add a finding to an area of the evaluation, last of its kind' })
  @ApiCreatedResponse({ type: FindingViewDto })
  create(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: CreateFindingDto): Promise<FindingView> {
    return this.findings.create(actor, id, body);
  }
}
