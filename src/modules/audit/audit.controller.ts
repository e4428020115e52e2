import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../common/auth/auth.decorators';
import { AuditEventQuery } from './audit-event.dto';
import type { Page } from '../../common/pagination/pagination.dto';
import { AuditEventPageDoc } from './audit-event.responses';
import type { AuditEventView } from './audit-event-view';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireRole('manager')
  @ApiOperation({ summary: "The municipality's audit log, newest first (manager)" })
  @ApiOkResponse({ type: AuditEventPageDoc })
  list(@CurrentActor() actor: Actor, @Query() query: AuditEventQuery): Promise<Page<AuditEventView>> {
    return this.audit.list(actor, query);
  }
}
