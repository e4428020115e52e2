import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import type { ComparisonView } from './comparison';
import { ComparisonDoc } from './comparison.dto';
import { ComparisonService } from './comparison.service';

@ApiTags('follow-up')
@ApiBearerAuth()
@Controller('evaluations')
export class ComparisonController {
  constructor(private readonly comparison: ComparisonService) {}

  @Get(':id/comparison')
  @ApiOkResponse({ type: ComparisonDoc, description: 'Against its previous evaluation: before, after, delta, projected, the plans behind each score, flags' })
  @ApiConflictResponse({ description: 'FOLLOW_UP.NO_PREVIOUS_EVALUATION: the evaluation follows up no earlier one' })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<ComparisonView> {
    return this.comparison.compare(actor, id);
  }
}
