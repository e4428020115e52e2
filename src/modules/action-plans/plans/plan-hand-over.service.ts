import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor, Role } from '../../../common/auth/actor';
import { AuditService } from '../../audit/audit.service';
import { UsersService } from '../../identity/users/users.service';
import { ActionPlansRepository } from './action-plans.repository';
import { openPlansNeedSuccessor, successorCannotAct, successorNotFound } from './action-plan.errors';
import { canOwnPlans } from './plan-owners';
import { PlanOwnerEvents } from './plan-owner-events';

/**
 * A user who owns open plans and is deactivated or made a viewer could no longer act on them:
 * the change is refused with the list of those plans, unless it names a successor, who then
 * owns them from the same transaction on. Each moved plan is audited as an owner change, and the
 * new owner hears of it as of any other assignment (PlanOwnerEvents).
 */
@Injectable()
export class PlanHandOverService {
  constructor(
    users: UsersService,
    private readonly repository: ActionPlansRepository,
    private readonly audit: AuditService,
    private readonly ownerEvents: PlanOwnerEvents,
  ) {
    users.registerWorkHandOver((manager, actor, user, successor) => this.handOver(manager, actor, user, successor));
  }

  private async handOver(
    manager: EntityManager,
    actor: Actor,
    user: { id: string },
    successor: { id: string; active: boolean; role: Role } | null | undefined,
  ): Promise<void> {
    const open = await this.repository.lockOpenOwnedBy(manager, actor.municipalityId, user.id);
    if (open.length === 0) return;
    if (successor === undefined) throw openPlansNeedSuccessor(open);
    if (!successor) throw successorNotFound();
    if (successor.id === user.id || !canOwnPlans(successor)) throw successorCannotAct();
    for (const plan of open) {
      await this.repository.set(manager, plan.id, { ownerId: successor.id, version: plan.version + 1 });
      await this.audit.record(manager, actor, {
        entityType: 'action-plan',
        entityId: plan.id,
        action: 'update',
        changes: { ownerId: { before: user.id, after: successor.id } },
      });
      await this.ownerEvents.assigned(manager, { municipalityId: actor.municipalityId, actionPlanId: plan.id, version: plan.version + 1, ownerId: successor.id, previousOwnerId: user.id });
    }
  }
}
