import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import { ActionPlanView } from '../../action-plans/plans/action-plan.dto';
import { CarryOverDto, CarryOverView, CarryOverViewDoc } from './carry-over.dto';
import { CarryOverService } from './carry-over.service';

@ApiTags('follow-up')
@ApiBearerAuth()
@Controller('evaluations')
export class CarryOverController {
  constructor(private readonly carryOver: CarryOverService) {}

  @Get(':id/carry-over')
  @ApiOperation({ summary: "Which open plans of the previous evaluation could answer this one's findings" })
  @ApiOkResponse({ type: CarryOverViewDoc, description: 'Open plans of the previous evaluation and the findings of this one each could answer' })
  @ApiConflictResponse({ description: 'FOLLOW_UP.NO_PREVIOUS_EVALUATION' })
  suggestions(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<CarryOverView> {
    return this.carryOver.suggestions(actor, id);
  }

  @Post(':id/carry-over')
  @ApiOperation({ summary: 'Carry open plans over: link them to findings of this evaluation' })
  @RequireRole('manager')
  @ApiCreatedResponse({ type: ActionPlanView, description: 'The plan, now also linked to the finding (version raised, history kept, audited)' })
  @ApiConflictResponse({ description: 'The plan is not open, already links to the finding, or the evaluation follows up none' })
  accept(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: CarryOverDto): Promise<ActionPlanView> {
    return this.carryOver.accept(actor, id, body);
  }
}
