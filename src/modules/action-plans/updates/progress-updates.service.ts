import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, roleAtLeast } from '../../../common/auth/actor';
import { Clock } from '../../../common/clock';
import { ForbiddenError, ValidationFailedError } from '../../../common/errors/domain-error';
import { withRule } from '../../../common/errors/failed-rule';
import { PaginationQuery, Page } from '../../../common/pagination/pagination.dto';
import { createdFields } from '../../audit/audit-changes';
import type { AuditChannel } from '../../audit/audit.constants';
import { AuditService } from '../../audit/audit.service';
import { UsersService } from '../../identity/users/users.service';
import { ACTIVE_STATUSES, ActionPlan, ActionPlanStatus } from '../plans/action-plan.entity';
import { ActionPlansRepository } from '../plans/action-plans.repository';
import { planClosed } from '../plans/action-plan.errors';
import { ActionPlansService } from '../plans/action-plans.service';
import { CreateProgressUpdateDto, ProgressUpdateView } from './progress-update.dto';
import { ProgressUpdatesRepository } from './progress-updates.repository';
import { ProgressUpdate } from './progress-update.entity';

@Injectable()
export class ProgressUpdatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ProgressUpdatesRepository,
    private readonly plans: ActionPlansService,
    private readonly planRows: ActionPlansRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly users: UsersService,
  ) {}

  /** The history of a plan, newest first. */
  async list(actor: Actor, actionPlanId: string, page: PaginationQuery): Promise<Page<ProgressUpdateView>> {
    // Only that the plan is the municipality's (one small query), not the whole plan view.
    await this.plans.assertVisible(actor, actionPlanId);
    const [updates, total] = await this.repository.page(actor.municipalityId, actionPlanId, page);
    // Authors are named by the identity module, not by a join to its table.
    const names = await this.users.namesOf(actor.municipalityId, updates.map((update) => update.authorId));
    return { items: updates.map((update) => toView({ ...update, author: { name: names.get(update.authorId) ?? '' } })), total };
  }

  /**
   * Appends an update and moves the plan's current state to it in the same transaction. The
   * plan's row is locked, so concurrent updates are applied one after the other, none lost.
   * `via: 'email-link'`: posted through the owner's check-in link, and audited as such.
   */
  async post(actor: Actor, actionPlanId: string, input: CreateProgressUpdateDto, options: { via?: AuditChannel } = {}): Promise<ProgressUpdateView> {
    return this.dataSource.transaction(async (manager) => {
      const plan = await this.plans.lock(manager, actor, actionPlanId);
      const isManager = roleAtLeast(actor.role, 'manager');
      if (!isManager && plan.ownerId !== actor.userId) {
        throw new ForbiddenError('Only the owner of the action plan or a manager may post progress on it');
      }
      if (!ACTIVE_STATUSES.includes(plan.status)) throw planClosed(plan.status);
      const status = nextStatus(plan, input);
      const progress = input.progress;
      // A completed action has progress 100: a report saying otherwise is a mistake to point out, not to round.
      if (status === 'completed' && progress !== 100) {
        throw new ValidationFailedError([withRule({ field: 'progress', message: 'progress must be 100 when status is completed' }, 'completedAtFull')]);
      }
      // Later than the previous update even within one millisecond: the history order is the apply order.
      const now = this.clock.now();
      const createdAt = plan.lastUpdateAt && plan.lastUpdateAt >= now ? new Date(plan.lastUpdateAt.getTime() + 1) : now;

      const update = await this.repository.insert(manager, {
        municipalityId: actor.municipalityId,
        actionPlanId,
        authorId: actor.userId,
        status,
        health: input.health,
        progress,
        comment: input.comment || null,
        createdAt,
      });
      await this.planRows.set(manager, actionPlanId, {
        status,
        health: input.health,
        progress,
        lastUpdateAt: update.createdAt,
        completedAt: status === 'completed' ? update.createdAt : null,
        version: plan.version + 1,
      });
      await this.audit.record(manager, actor, {
        entityType: 'progress-update',
        entityId: update.id,
        action: 'create',
        changes: { actionPlanId: { after: actionPlanId }, ...createdFields(update, ['status', 'health', 'progress', 'comment']) },
        via: options.via,
      });
      const names = await this.users.namesOf(actor.municipalityId, [actor.userId], manager);
      return toView({ ...update, author: { name: names.get(actor.userId) ?? '' } });
    });
  }
}

/** Left out, the status stays; a planned plan that reports progress has started. */
function nextStatus(plan: ActionPlan, input: CreateProgressUpdateDto): ActionPlanStatus {
  if (input.status) return input.status;
  if (plan.status === 'planned' && input.progress > 0) return 'in_progress';
  return plan.status;
}

function toView(update: Omit<ProgressUpdate, 'author'> & { author?: { name: string } }): ProgressUpdateView {
  return {
    id: update.id,
    actionPlanId: update.actionPlanId,
    author: { id: update.authorId, name: update.author?.name ?? '' },
    status: update.status,
    health: update.health,
    progress: update.progress,
    comment: update.comment,
    createdAt: update.createdAt,
  };
}
