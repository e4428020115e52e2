import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import type { ComparisonView } from './comparison';
import { ComparisonDoc } from './comparison.dto';
import { ComparisonService } from './comparison.service';
import { comparisonIsJsonOnly } from '../follow-up.errors';

@ApiTags('follow-up')
@ApiBearerAuth()
@Controller('evaluations')
export class ComparisonController {
  constructor(private readonly comparison: ComparisonService) {}

  @Get(':id/comparison')
  @ApiOperation({ summary: 'A follow-up evaluation beside the one it follows up, with flags' })
  @ApiOkResponse({ type: ComparisonDoc, description: 'Against its previous evaluation: before, after, delta, projected, the plans behind each score, flags' })
  @ApiConflictResponse({ description: 'FOLLOW_UP.NO_PREVIOUS_EVALUATION: the evaluation follows up no earlier one' })
  @ApiProduces('application/json')
  @ApiResponse({ status: 406, description: 'FOLLOW_UP.COMPARISON_JSON_ONLY: the client prefers HTML (a browser); the page for people is /evaluations/:id/comparison' })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ComparisonView> {
    response.vary('Accept');
    if (request.accepts(['application/json', 'text/html']) !== 'application/json') throw comparisonIsJsonOnly(id);
    return this.comparison.compare(actor, id);
  }
}
