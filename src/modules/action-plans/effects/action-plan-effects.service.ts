import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { Clock } from '../../../common/clock';
import { changedFields } from '../../audit/audit-changes';
import { AuditActor, AuditService } from '../../audit/audit.service';
import { ActionPlanView } from '../plans/action-plan.dto';
import { ActionPlan, Effect } from '../plans/action-plan.entity';
import { ActionPlansRepository } from '../plans/action-plans.repository';
import { ActionPlansService } from '../plans/action-plans.service';

export interface DerivedEffect {
  actionPlanId: string;
  effect: Effect;
}

/** What became of one derived effect: applied, already so, or kept back by a manager's override. */
export interface EffectOutcome {
  actionPlanId: string;
  /** The plan's effect now. */
  effect: Effect | null;
  derivedEffect: Effect;
  overridden: boolean;
}

/**
 * The `effect` of action plans: derived from the score change after a follow-up
 * evaluation, or set by a manager with a comment. Who computes the derived value is the
 * follow-up's business; the rule that a manager's choice is never overwritten lives here, with
 * the table.
 */
@Injectable()
export class ActionPlanEffectsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: ActionPlansService,
    private readonly repository: ActionPlansRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Sets derived effects inside the caller's transaction (the publish of the follow-up). A plan a
   * manager has overridden (effectSetById set) keeps its effect. Each plan that changes gets a
   * new version and an audit row.
   */
  async applyDerived(manager: EntityManager, actor: AuditActor, derived: DerivedEffect[]): Promise<EffectOutcome[]> {
    if (derived.length === 0) return [];
    // Locked in id order, so two publishes touching the same plans cannot deadlock.
    const rows = await this.repository.lockMany(manager, actor.municipalityId, derived.map((entry) => entry.actionPlanId));
    const byId = new Map(rows.map((row) => [row.id, row]));
    const outcomes: EffectOutcome[] = [];
    const changedByEffect = new Map<Effect, string[]>();
    for (const { actionPlanId, effect } of derived) {
      const plan = byId.get(actionPlanId);
      if (!plan) continue;
      const overridden = plan.effectSetById !== null;
      outcomes.push({ actionPlanId, effect: overridden ? plan.effect : effect, derivedEffect: effect, overridden });
      if (overridden || plan.effect === effect) continue;
      changedByEffect.set(effect, [...(changedByEffect.get(effect) ?? []), actionPlanId]);
      await this.audit.record(manager, actor, {
        entityType: 'action-plan',
        entityId: actionPlanId,
        action: 'update',
        changes: { effect: { before: plan.effect, after: effect } },
      });
    }
    for (const [effect, ids] of changedByEffect) {
      await this.repository.setEffect(manager, actor.municipalityId, ids, effect);
    }
    return outcomes;
  }

  /** A manager's judgement of the effect, with the reason; later derivations leave it alone. */
  async override(actor: Actor, id: string, input: { effect: Effect; comment: string }): Promise<ActionPlanView> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.plans.lock(manager, actor, id);
      const after = manager.create(ActionPlan, {
        ...before,
        effect: input.effect,
        effectComment: input.comment,
        effectSetById: actor.userId,
        effectSetAt: this.clock.now(),
        version: before.version + 1,
      });
      await this.repository.save(manager, after);
      await this.audit.record(manager, actor, {
        entityType: 'action-plan',
        entityId: id,
        action: 'update',
        changes: changedFields(before, after, ['effect', 'effectComment', 'effectSetById', 'effectSetAt']),
      });
      return this.plans.get(actor, id, manager);
    });
  }
}
