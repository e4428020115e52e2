import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { ValidationFailedError } from '../../../common/errors/domain-error';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import { ActionPlanExportService } from '../export/action-plan-export.service';
import { ActionPlanListQuery, ActionPlanPage, ActionPlanView, CreateActionPlanDto, ExportQuery, UpdateActionPlanDto } from './action-plan.dto';
import { ActionPlansService } from './action-plans.service';

/** `If-Match: "3"`, `W/"3"` or `3` → 3. */
function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) throw new ValidationFailedError([{ field: 'If-Match', message: 'If-Match must be the version number, e.g. "3"' }]);
  return Number(match[1]);
}

@ApiTags('action-plans')
@ApiBearerAuth()
@Controller('action-plans')
export class ActionPlansController {
  constructor(
    private readonly plans: ActionPlansService,
    private readonly exports: ActionPlanExportService,
  ) {}

  @Get()
  @ApiOperation({ summary: "List the municipality's action plans, filtered and sorted" })
  @ApiOkResponse({ type: ActionPlanPage })
  list(@CurrentActor() actor: Actor, @Query() query: ActionPlanListQuery): Promise<ActionPlanPage> {
    return this.plans.list(actor, query);
  }

  @Get('export')
  @ApiOperation({ summary: 'The filtered action plans as an Excel workbook or CSV file' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ description: 'One row per action plan; the same filters as the list' })
  async export(@CurrentActor() actor: Actor, @Query() query: ExportQuery, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const file = await this.exports.export(actor, query);
    response.set({ 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.fileName}"` });
    return new StreamableFile(file.body);
  }

  @Post()
  @ApiOperation({ summary: 'Create an action plan answering one or more findings' })
  @RequireRole('manager')
  @ApiCreatedResponse({ type: ActionPlanView })
  create(@CurrentActor() actor: Actor, @Body() body: CreateActionPlanDto): Promise<ActionPlanView> {
    return this.plans.create(actor, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One action plan, with its version as ETag' })
  @ApiOkResponse({ type: ActionPlanView })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<ActionPlanView> {
    const plan = await this.plans.get(actor, id);
    response.set('ETag', `"${plan.version}"`);
    return plan;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an action plan at the version last read (If-Match or version)' })
  @RequireRole('manager')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version the change is based on, if not in the body' })
  @ApiOkResponse({ type: ActionPlanView })
  @ApiConflictResponse({ description: 'The plan changed since that version' })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateActionPlanDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ActionPlanView> {
    const plan = await this.plans.update(actor, id, body, versionFromIfMatch(ifMatch));
    response.set('ETag', `"${plan.version}"`);
    return plan;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a plan that never started; anything else is cancelled instead' })
  @HttpCode(204)
  @RequireRole('manager')
  @ApiNoContentResponse({ description: 'Only while planned with no updates; otherwise 409 (cancel it instead)' })
  delete(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.plans.delete(actor, id);
  }
}
