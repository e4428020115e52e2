import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/auth.decorators';
import { DashboardView } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({ summary: 'The overview: scores, coverage and plans per area, and what needs attention' })
  @ApiOkResponse({ type: DashboardView })
  get(@CurrentActor() actor: Actor): Promise<DashboardView> {
    return this.dashboard.get(actor);
  }
}
