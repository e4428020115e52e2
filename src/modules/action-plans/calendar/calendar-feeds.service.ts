import { Injectable } from '@nestjs/common';
import ical from 'ical-generator';
import { randomBytes } from 'node:crypto';
import { Actor, roleAtLeast } from '../../../common/auth/actor';
import { AppConfig } from '../../../config';
import { AuthService } from '../../identity/auth/auth.service';
import { CalendarFeedRepository, CalendarPlanRow } from './calendar-feed.repository';

/** The words of a feed, in its user's language (a calendar app shows them as they are). */
export interface CalendarWords {
  calendarName(input: { municipality: string; allPlans: boolean }): string;
  summary(plan: CalendarPlanRow): string;
  description(plan: CalendarPlanRow & { url: string; showOwner: boolean }): string;
}

/** What Inställningar shows of a user's calendar address. */
export interface CalendarFeedView {
  /** The address to subscribe to, or null while the user has none. */
  url: string | null;
  allPlans: boolean;
  /** Managers and admins may choose every open plan of the municipality. */
  mayChooseAllPlans: boolean;
}

/**
 * The private deadline calendar: an `.ics` address per user, with an all-day event on the due
 * date of each open plan they own (a manager may choose every open plan of the municipality).
 * The address's token is random and stored; a new address replaces it, turning it off deletes it,
 * and either way the old address answers 404. Written with ical-generator; each event's UID is
 * the plan's id, its SEQUENCE the plan's version and its LAST-MODIFIED and DTSTAMP the plan's last
 * change, so a subscribed calendar replaces an event when its plan changes.
 */
@Injectable()
export class CalendarFeedsService {
  constructor(
    private readonly feeds: CalendarFeedRepository,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  async view(actor: Actor): Promise<CalendarFeedView> {
    const feed = await this.feeds.ofUser(actor.municipalityId, actor.userId);
    const mayChooseAllPlans = roleAtLeast(actor.role, 'manager');
    return { url: feed ? this.urlOf(feed.token) : null, allPlans: mayChooseAllPlans && (feed?.allPlans ?? false), mayChooseAllPlans };
  }

  /** A new address (the previous one, if any, stops working at once). */
  async renew(actor: Actor, allPlans: boolean): Promise<CalendarFeedView> {
    const token = randomBytes(32).toString('base64url');
    await this.feeds.save({ userId: actor.userId, municipalityId: actor.municipalityId, token, allPlans: allPlans && roleAtLeast(actor.role, 'manager') });
    return this.view(actor);
  }

  /** Which plans the existing address shows; the address stays the same. */
  async choosePlans(actor: Actor, allPlans: boolean): Promise<CalendarFeedView> {
    await this.feeds.setAllPlans(actor.municipalityId, actor.userId, allPlans && roleAtLeast(actor.role, 'manager'));
    return this.view(actor);
  }

  async turnOff(actor: Actor): Promise<void> {
    await this.feeds.remove(actor.municipalityId, actor.userId);
  }

  /**
   * The calendar of an address, or null when no active user has it (never was, renewed, turned
   * off, or the user was deactivated). Every open plan of the municipality only while the user is
   * still a manager or admin; their own plans otherwise.
   */
  async calendar(token: string, wordsFor: (locale: 'sv' | 'en') => CalendarWords): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const feed = await this.feeds.byToken(token);
    if (!feed) return null;
    const { user, municipality } = await this.auth.me({ userId: feed.userId, municipalityId: feed.municipalityId, role: 'viewer' });
    if (!user.active) return null;
    const allPlans = feed.allPlans && roleAtLeast(user.role, 'manager');
    const plans = await this.feeds.openPlans(feed.municipalityId, allPlans ? null : feed.userId);
    const words = wordsFor(user.locale);
    const calendar = ical({
      name: words.calendarName({ municipality: municipality.name, allPlans }),
      prodId: { company: 'Handlingsplan', product: 'Handlingsplan', language: user.locale.toUpperCase() },
      // Calendar apps that honour it look again every hour.
      ttl: 3600,
    });
    for (const plan of plans) {
      const url = `${this.config.appUrl}/action-plans/${plan.id}`;
      calendar.createEvent({
        id: `${plan.id}@handlingsplan`,
        start: plan.dueDate,
        allDay: true,
        summary: words.summary(plan),
        description: words.description({ ...plan, url, showOwner: allPlans }),
        url,
        sequence: plan.version,
        stamp: plan.updatedAt,
        lastModified: plan.updatedAt,
      });
    }
    return calendar.toString();
  }

  private urlOf(token: string): string {
    return `${this.config.appUrl}/calendar/${token}.ics`;
  }
}
