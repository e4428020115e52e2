import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { daysBetween, localDate } from '../../common/local-date';
import { AppConfig } from '../../config';
import type { ActionPlanView } from '../action-plans/plans/action-plan.dto';
import { ActionPlansService } from '../action-plans/plans/action-plans.service';
import { isActive } from '../action-plans/plans/action-plan-states';
import { CheckInLinks } from '../action-plans/check-in/check-in-links.service';
import { MunicipalitiesService } from '../identity/municipalities/municipalities.service';
import { UsersService } from '../identity/users/users.service';
import { catalogue, MailRenderer, MailSender, messageIdFor, type MailLocale, type RenderedMail } from '../mail';
import type { Notification } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';
import { settingOf, type NotificationKind } from './notifications.constants';
import { UnsubscribeLinks } from './unsubscribe-links';

export type NotificationOutcome = 'sent' | 'skipped' | 'already-done' | 'claimed-elsewhere';

/** The job came before the transaction that recorded its notification had committed (or it rolled back). */
export class NotificationNotYetError extends Error {
  constructor(readonly notificationId: string) {
    super(`Notification ${notificationId} is not recorded (yet)`);
    this.name = 'NotificationNotYetError';
  }
}

export class NotificationFailedError extends Error {
  constructor(
    readonly notificationId: string,
    cause: unknown,
    readonly permanent: boolean,
  ) {
    super(`Notification ${notificationId} failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'NotificationFailedError';
  }
}

/** The template of each kind. */
const TEMPLATES: Record<NotificationKind, string> = {
  assigned: 'plan-assigned',
  unassigned: 'plan-unassigned',
  reminder: 'plan-reminder',
  overdue: 'plan-overdue',
};

/** What a notification template is given besides the footer. */
export interface NotificationMailData {
  recipientName: string;
  municipalityName: string;
  plan: { title: string; dueDate: string; status: string; health: string | null; progress: number; ownerName: string; url: string };
  /** Whole days from today in the municipality to the due date, 0 on the day itself (never less): what the reminder says. */
  daysLeft: number;
  /** "Rapportera läge" without logging in, for the owner's own notices; null in the note to a previous owner. */
  checkInUrl: string | null;
  /** How long the check-in link works, for the sentence that says so; null without a link. */
  checkInLinkDays: number | null;
}

/**
 * Sends one recorded notification as the digests are sent: claim (a short UPDATE with a lease),
 * send, mark sent, never a transaction across SMTP; the same Message-ID on every try, so the rare
 * duplicate after a crash between sending and marking folds into one message for the reader.
 * Just before sending it checks the notification still holds: the recipient active and not
 * opted out, and for the owner's notices that the plan is still theirs, open (not completed or
 * cancelled, the assignment too) and (for a reminder or an overdue notice) still due on that date;
 * a reminder whose due date has passed is left to the overdue notice. Otherwise it ends `skipped`.
 */
@Injectable()
export class NotificationDeliverer {
  private readonly logger = new Logger(NotificationDeliverer.name);

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly plans: ActionPlansService,
    private readonly users: UsersService,
    private readonly municipalities: MunicipalitiesService,
    private readonly renderer: MailRenderer,
    private readonly sender: MailSender,
    private readonly unsubscribe: UnsubscribeLinks,
    private readonly checkInLinks: CheckInLinks,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async deliver(notificationId: string, lastAttempt: boolean): Promise<NotificationOutcome> {
    const recorded = await this.repository.find(notificationId);
    if (!recorded) throw new NotificationNotYetError(notificationId);
    if (recorded.status !== 'queued' && recorded.status !== 'sending') return 'already-done';

    const [found] = await this.users.ofMunicipality(recorded.municipalityId, [recorded.userId]);
    const user = found ? { ...found, municipalityId: recorded.municipalityId } : undefined;
    const plan = await this.plans.get({ municipalityId: recorded.municipalityId }, recorded.actionPlanId).catch(() => null);
    const optedOut = user ? (await this.repository.optedOut([user.id])).some((row) => row.kind === settingOf(recorded.kind)) : true;
    const today = plan ? localDate(this.clock.now(), (await this.municipalities.byId(recorded.municipalityId)).timezone) : null;
    const reason = !user?.active
      ? 'The recipient is no longer active'
      : optedOut
        ? 'The recipient turned this kind off'
        : plan && today
          ? stillHolds(recorded, plan, today)
          : 'The plan no longer exists';
    const rendered = user && plan && !reason ? await this.render(recorded.kind, user, plan) : null;

    const notification = await this.repository.claim(notificationId, this.config.digestLeaseMs / 1000);
    if (typeof notification === 'string') return notification;
    if (!user || !rendered) {
      await this.repository.finish(notification, { status: 'skipped', lastError: reason });
      return 'skipped';
    }
    try {
      const sent = await this.sender.send({
        to: user.email,
        ...rendered,
        messageId: messageIdFor(`notification-${notification.id}`, this.config.appUrl),
        headers: { 'X-Handlingsplan-Mail': TEMPLATES[notification.kind], ...this.unsubscribe.headers(user, settingOf(notification.kind)) },
      });
      await this.repository.finish(notification, { status: 'sent', attempts: notification.attempts + 1, messageId: sent.messageId, sentAt: this.clock.now(), lastError: null });
      return 'sent';
    } catch (error) {
      const { responseCode, code } = error as { responseCode?: number; code?: string };
      const permanent = typeof responseCode === 'number' && responseCode >= 500;
      await this.repository.finish(notification, {
        status: lastAttempt || permanent ? 'failed' : 'queued',
        attempts: notification.attempts + 1,
        lastError: (error as { response?: string }).response ?? (error as Error).message ?? String(error),
      });
      this.logger.warn(`Notification ${notificationId} failed (${code ?? 'error'} ${responseCode ?? ''})`.trim());
      throw new NotificationFailedError(notificationId, error, permanent);
    }
  }

  /** The e-mail of a notification as its recipient gets it; also the preview's. */
  async render(kind: NotificationKind, user: { id: string; name: string; locale: MailLocale; municipalityId: string }, plan: ActionPlanView): Promise<RenderedMail> {
    const municipality = await this.municipalities.byId(user.municipalityId);
    // Only the owner can report on the plan: the note to a previous owner has no check-in link.
    const checkInUrl = kind !== 'unassigned' && plan.owner.id === user.id ? await this.checkInLinks.urlFor({ id: plan.id, municipalityId: user.municipalityId }, user) : null;
    const words = catalogue();
    const setting = settingOf(kind);
    const data: NotificationMailData = {
      recipientName: user.name,
      municipalityName: municipality.name,
      plan: {
        title: plan.title,
        dueDate: plan.dueDate,
        status: plan.status,
        health: plan.health,
        progress: plan.progress,
        ownerName: plan.owner.name,
        url: `${this.config.appUrl}/action-plans/${plan.id}`,
      },
      daysLeft: Math.max(0, daysBetween(localDate(this.clock.now(), municipality.timezone), plan.dueDate)),
      checkInUrl,
      checkInLinkDays: checkInUrl ? this.config.checkInLinkDays : null,
    };
    return this.renderer.render(TEMPLATES[kind], user.locale, {
      ...data,
      timeZone: municipality.timezone,
      footer: {
        reason: words.translate(user.locale, `mail.footer.${kind}.reason`, { municipality: municipality.name }),
        howToStop: words.translate(user.locale, `mail.footer.${setting}.howToStop`),
        settingsUrl: `${this.config.appUrl}/settings`,
      },
    });
  }
}

/**
 * Null when the notification still says something true; else why it is skipped. Every notice to
 * the owner asks them to report on the plan, which a completed or cancelled plan no longer takes:
 * an assignment whose plan was closed before its job ran (within the short delay after the
 * commit, or a job the tick queued again late) is skipped like a reminder.
 */
function stillHolds(notification: Notification, plan: ActionPlanView, today: string): string | null {
  if (notification.kind === 'unassigned') return null;
  if (plan.owner.id !== notification.userId) return 'The plan has another owner now';
  if (!isActive(plan.status)) return 'The plan is closed';
  if (notification.kind === 'assigned') return null;
  if (plan.dueDate !== notification.occasion) return 'The due date has moved';
  // A reminder the worker sends after the due date (down for a day): the overdue notice says it now.
  if (notification.kind === 'reminder' && plan.dueDate < today) return 'The due date has passed';
  return null;
}
