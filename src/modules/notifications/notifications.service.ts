import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config';
import { ActionPlansService } from '../action-plans/plans/action-plans.service';
import { PlanOwnerEvents, type PlanOwnerAssigned } from '../action-plans/plans/plan-owner-events';
import { UsersService } from '../identity/users/users.service';
import { MunicipalitiesService } from '../identity/municipalities/municipalities.service';
import type { Locale } from '../identity/municipalities/municipality.constants';
import type { UnsubscribeKind, UnsubscribeUser } from './unsubscribe-links';
import { NotificationsRepository, type NotificationToRecord } from './notifications.repository';
import { NOTIFICATION_JOBS, NOTIFICATION_QUEUE, OPTIONAL_NOTIFICATION_KINDS, OVERDUE_NOTICE_DAYS, type NotificationJobData, type OptionalNotificationKind } from './notifications.constants';

/** A notification recorded and queued by the assignment's transaction runs once that has committed. */
const AFTER_COMMIT_DELAY_MS = 500;
/** A queued notification untouched this long lost its job (Redis emptied, a crash before queueing). */
const LOST_AFTER_MS = 15 * 60_000;

/**
 * Records the notifications (assignment, reminder, overdue) and queues their sending. An
 * assignment is recorded in the transaction that changed the owner; reminders and overdue
 * notices are found by the tick, in each municipality's calendar, from the Clock's now.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly plans: ActionPlansService,
    private readonly ownerEvents: PlanOwnerEvents,
    private readonly users: UsersService,
    private readonly municipalities: MunicipalitiesService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @InjectQueue(NOTIFICATION_QUEUE) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    this.ownerEvents.register((manager, event) => this.assigned(manager, event));
  }

  /** The new owner hears of the plan, and a previous owner that it is no longer theirs. */
  private async assigned(manager: EntityManager, event: PlanOwnerAssigned): Promise<void> {
    const occasion = `v${event.version}`;
    const rows: NotificationToRecord[] = [{ municipalityId: event.municipalityId, userId: event.ownerId, actionPlanId: event.actionPlanId, kind: 'assigned', occasion }];
    if (event.previousOwnerId && event.previousOwnerId !== event.ownerId) {
      rows.push({ municipalityId: event.municipalityId, userId: event.previousOwnerId, actionPlanId: event.actionPlanId, kind: 'unassigned', occasion });
    }
    const ids = await this.repository.record(rows, manager);
    // Queued now with a short delay, never awaited: Redis being away must not hold the change up.
    // A job that comes before the commit is retried; one that never comes is found by the tick.
    void this.enqueue(ids, AFTER_COMMIT_DELAY_MS).catch((error: Error) => this.logger.warn(`Queueing notifications failed, the tick queues them: ${error.message}`));
  }

  /**
   * The tick: records today's reminders and overdue notices (each once per plan and due date)
   * and queues them, and queues again the notifications that lost their job.
   */
  async tick(now = this.clock.now()): Promise<{ recorded: number; requeued: number }> {
    const due = [];
    for (const municipality of await this.municipalities.all()) {
      // One municipality's failure (a stored time zone the database no longer knows) must not stop the others' notices.
      try {
        due.push(...(await this.plans.dueForNotice(municipality.id, now, this.config.notificationReminderDays, OVERDUE_NOTICE_DAYS)));
      } catch (error) {
        this.logger.error(`Reminders and overdue notices of municipality ${municipality.code} could not be found: ${(error as Error).message}`);
      }
    }
    const ids = await this.repository.record(
      due.map((plan) => ({ municipalityId: plan.municipalityId, userId: plan.ownerId, actionPlanId: plan.actionPlanId, kind: plan.notice, occasion: plan.dueDate })),
    );
    const lost = await this.repository.lost(LOST_AFTER_MS);
    await this.enqueue([...ids, ...lost.filter((id) => !ids.includes(id))]);
    return { recorded: ids.length, requeued: lost.length };
  }

  /** The kinds `userId` has turned off. */
  async optedOut(userId: string): Promise<OptionalNotificationKind[]> {
    return (await this.repository.optedOut([userId])).map((row) => row.kind);
  }

  /** Inställningar: exactly these kinds on, the others off. */
  async setWanted(userId: string, wanted: Partial<Record<OptionalNotificationKind, boolean>>): Promise<void> {
    await this.repository.setOptedOut(userId, OPTIONAL_NOTIFICATION_KINDS.filter((kind) => wanted[kind] === false));
  }

  /** The language of the person an unsubscribe link names, which its page speaks; null when there is no such person. */
  async unsubscribeLocale(user: UnsubscribeUser): Promise<Locale | null> {
    const [found] = await this.users.ofMunicipality(user.municipalityId, [user.id]);
    return found?.locale ?? null;
  }

  /**
   * What an unsubscribe link does: turns exactly its kind off for its user, a digest through the
   * user's own digest choice. Gives the user's language, or null when the user does not exist
   * (a link of a deleted test user).
   */
  async unsubscribe(user: UnsubscribeUser, kind: UnsubscribeKind): Promise<Locale | null> {
    const [found] = await this.users.ofMunicipality(user.municipalityId, [user.id]);
    if (!found) return null;
    if (kind === 'leadershipDigest' || kind === 'ownerDigest') {
      await this.users.update({ userId: found.id, municipalityId: user.municipalityId, role: found.role }, found.id, { [kind]: false });
    } else {
      await this.repository.optOut(found.id, kind);
    }
    return found.locale;
  }

  private async enqueue(ids: string[], delay = 0): Promise<void> {
    if (ids.length === 0) return;
    await this.queue.addBulk(
      ids.map((notificationId) => ({
        name: NOTIFICATION_JOBS.deliver,
        data: { notificationId } satisfies NotificationJobData,
        opts: {
          jobId: `notification-${notificationId}-${randomUUID()}`,
          delay,
          attempts: this.config.digestSendAttempts,
          backoff: { type: 'exponential', delay: this.config.digestRetryDelayMs },
          removeOnComplete: { age: 7 * 86_400 },
          removeOnFail: { age: 30 * 86_400 },
        },
      })),
    );
  }
}
