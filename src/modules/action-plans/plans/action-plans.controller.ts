import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { ValidationFailedError } from '../../../common/errors/domain-error';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import { toCsv, toExportRow, toXlsx } from '../export/action-plan-export';
import { ActionPlanListQuery, ActionPlanPage, ActionPlanView, CreateActionPlanDto, ExportQuery, UpdateActionPlanDto } from './action-plan.dto';
import { ActionPlansService } from './action-plans.service';

/** The largest export; a municipality has a few hundred plans at most. */
const EXPORT_LIMIT = 10_000;

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
  constructor(private readonly plans: ActionPlansService) {}

  @Get()
  @ApiOkResponse({ type: ActionPlanPage })
  list(@CurrentActor() actor: Actor, @Query() query: ActionPlanListQuery): Promise<ActionPlanPage> {
    return this.plans.list(actor, query);
  }

  @Get('export')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ description: 'One row per action plan; the same filters as the list' })
  async export(@CurrentActor() actor: Actor, @Query() query: ExportQuery, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const { format, ...filters } = query;
    const { items } = await this.plans.list(actor, { ...filters, limit: EXPORT_LIMIT, offset: 0 });
    const rows = items.map(toExportRow);
    const date = new Date().toISOString().slice(0, 10);
    if (format === 'csv') {
      response.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="handlingsplan-${date}.csv"` });
      return new StreamableFile(toCsv(rows));
    }
    response.set({
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="handlingsplan-${date}.xlsx"`,
    });
    return new StreamableFile(await toXlsx(rows));
  }

  @Post()
  @RequireRole('manager')
  @ApiCreatedResponse({ type: ActionPlanView })
  create(@CurrentActor() actor: Actor, @Body() body: CreateActionPlanDto): Promise<ActionPlanView> {
    return this.plans.create(actor, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: ActionPlanView })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<ActionPlanView> {
    const plan = await this.plans.get(actor, id);
    response.set('ETag', `"${plan.version}"`);
    return plan;
  }

  @Patch(':id')
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
  @HttpCode(204)
  @RequireRole('manager')
  @ApiNoContentResponse({ description: 'Only while planned with no updates; otherwise 409 (cancel it instead)' })
  delete(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.plans.delete(actor, id);
  }
}
