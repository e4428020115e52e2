import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/auth.decorators';
import { FindingListQuery, FindingWithCoveragePage } from './finding-coverage.dto';
import { FindingCoverageService } from './finding-coverage.service';

@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings')
export class FindingCoverageController {
  constructor(private readonly coverage: FindingCoverageService) {}

  @Get()
  @ApiOperation({ summary: "An evaluation's findings with their coverage and linked plans" })
  @ApiOkResponse({ type: FindingWithCoveragePage, description: "One evaluation's findings (the latest published by default), each with its coverage and linked plans" })
  list(@CurrentActor() actor: Actor, @Query() query: FindingListQuery): Promise<FindingWithCoveragePage> {
    return this.coverage.list(actor, query);
  }
}
