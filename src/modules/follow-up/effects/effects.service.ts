import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { ActionPlanEffectsService } from '../../action-plans/effects/action-plan-effects.service';
import { ActionPlansService } from '../../action-plans/plans/action-plans.service';
import { EvaluationsService, PublishedEvaluation } from '../../evaluations/evaluations/evaluations.service';
import { noPreviousEvaluation, notPublished } from '../follow-up.errors';
import { scoresByCode } from '../score-maps';
import { MunicipalitiesService } from '../../identity/municipalities/municipalities.service';
import { deriveEffect, existedWhenConducted } from './effect-derivation';
import type { EffectResultItem } from './effects.dto';

/**
 * Derives action plans' effects when a follow-up evaluation is published: each plan linked to
 * the previous evaluation's findings gets the effect its target sub-questions' score change
 * says, in the publish transaction. A manager's override is kept (ActionPlanEffectsService).
 */
@Injectable()
export class FollowUpEffectsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evaluations: EvaluationsService,
    private readonly plans: ActionPlansService,
    private readonly effects: ActionPlanEffectsService,
    private readonly municipalities: MunicipalitiesService,
  ) {}

  onModuleInit(): void {
    this.evaluations.registerPublishListener((manager, actor, evaluation) => this.onPublish(manager, actor, evaluation));
  }

  /**
   * Derives the effects again from the scores as they are now (they can be corrected after
   * publishing); overrides stay.
   */
  async recompute(actor: Actor, evaluationId: string): Promise<{ items: EffectResultItem[] }> {
    return this.dataSource.transaction(async (manager) => {
      const evaluation = await this.evaluations.lock(manager, actor, evaluationId);
      if (!evaluation.previousEvaluationId) throw noPreviousEvaluation();
      if (evaluation.status !== 'published') throw notPublished();
      return { items: await this.derive(manager, actor, evaluation.id, evaluation.previousEvaluationId) };
    });
  }

  private async onPublish(manager: EntityManager, actor: Actor, evaluation: PublishedEvaluation): Promise<void> {
    if (evaluation.previousEvaluationId) await this.derive(manager, actor, evaluation.id, evaluation.previousEvaluationId);
  }

  private async derive(manager: EntityManager, actor: Actor, evaluationId: string, previousId: string): Promise<EffectResultItem[]> {
    const previous = await this.evaluations.report(actor, previousId, manager);
    const current = await this.evaluations.report(actor, evaluationId, manager);
    const plans = await this.plans.linkedToEvaluation(actor, previousId, {}, manager);
    const { timezone } = await this.municipalities.byId(actor.municipalityId);
    const before = scoresByCode(previous);
    const after = scoresByCode(current);
    const outcomes = await this.effects.applyDerived(
      manager,
      actor,
      plans.map((plan) => ({
        actionPlanId: plan.id,
        effect: existedWhenConducted(plan.createdAt, current.conductedOn, timezone)
          ? deriveEffect(plan.targets.map((target) => target.questionCode), before, after)
          : 'unknown',
      })),
    );
    const titles = new Map(plans.map((plan) => [plan.id, plan.title]));
    return outcomes.map((outcome) => ({ ...outcome, title: titles.get(outcome.actionPlanId) ?? '' }));
  }
}
