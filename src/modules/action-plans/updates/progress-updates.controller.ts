import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import { PaginationQuery } from '../../../common/pagination/pagination.dto';
import { CreateProgressUpdateDto, ProgressUpdatePage, ProgressUpdateView } from './progress-update.dto';
import { ProgressUpdatesService } from './progress-updates.service';

@ApiTags('action-plans')
@ApiBearerAuth()
@Controller('action-plans/:id/updates')
export class ProgressUpdatesController {
  constructor(private readonly updates: ProgressUpdatesService) {}

  @Get()
  @ApiOperation({ summary: "An action plan's progress updates, newest first" })
  @ApiOkResponse({ type: ProgressUpdatePage, description: 'Newest first' })
  list(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Query() page: PaginationQuery): Promise<ProgressUpdatePage> {
    return this.updates.list(actor, id, page);
  }

  /** The plan's owner or a manager (checked in the service: ownership is per plan). */
  @Post()
  @ApiOperation({ summary: 'Report progress on an action plan: status, progress, traffic light, comment' })
  @RequireRole('owner')
  @ApiCreatedResponse({ type: ProgressUpdateView })
  post(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: CreateProgressUpdateDto): Promise<ProgressUpdateView> {
    return this.updates.post(actor, id, body);
  }
}
