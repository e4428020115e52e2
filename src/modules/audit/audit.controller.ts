import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../common/auth/auth.decorators';
import { AuditEventQuery } from './audit-event.dto';
import { AuditEventPage } from './audit-event.responses';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireRole('manager')
  list(@CurrentActor() actor: Actor, @Query() query: AuditEventQuery): Promise<AuditEventPage> {
    return this.audit.list(actor, query);
  }
}
