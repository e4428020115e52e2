import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import { ActionPlanEffectsService } from '../../action-plans/effects/action-plan-effects.service';
import { ActionPlanView } from '../../action-plans/plans/action-plan.dto';
import { EffectResultDoc, EffectResultItem, OverrideEffectDto } from './effects.dto';
import { FollowUpEffectsService } from './effects.service';

@ApiTags('follow-up')
@ApiBearerAuth()
@Controller()
export class EffectsController {
  constructor(
    private readonly followUpEffects: FollowUpEffectsService,
    private readonly effects: ActionPlanEffectsService,
  ) {}

  @Put('action-plans/:id/effect')
  @ApiOperation({ summary: "Set an action plan's effect by hand, with a comment" })
  @RequireRole('manager')
  @ApiOkResponse({ type: ActionPlanView, description: "A manager's effect, with the reason; derivations never overwrite it. Audited." })
  override(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: OverrideEffectDto): Promise<ActionPlanView> {
    return this.effects.override(actor, id, body);
  }

  @Post('evaluations/:id/effects')
  @ApiOperation({ summary: "Derive the effects of the plans from this follow-up's score changes" })
  @HttpCode(200)
  @RequireRole('manager')
  @ApiOkResponse({ type: EffectResultDoc, description: 'Derives the effects of the previous evaluation\'s plans again from the current scores (publishing does it once); overrides stay' })
  @ApiConflictResponse({ description: 'FOLLOW_UP.NO_PREVIOUS_EVALUATION, or FOLLOW_UP.NOT_PUBLISHED' })
  recompute(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<{ items: EffectResultItem[] }> {
    return this.followUpEffects.recompute(actor, id);
  }
}
