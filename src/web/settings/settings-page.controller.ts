import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { promisify } from 'node:util';
import type { ErrorDetail } from '../../common/errors/domain-error';
import { CalendarFeedsService } from '../../modules/action-plans/calendar/calendar-feeds.service';
import { AuthService } from '../../modules/identity/auth/auth.service';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { MAX_PASSWORD_LENGTH } from '../../modules/identity/users/password-policy';
import { UpdateUserDto } from '../../modules/identity/users/user.dto';
import { UsersService } from '../../modules/identity/users/users.service';
import { MAIL_LOCALES, MailLocale } from '../../modules/mail';
import { NotificationsService } from '../../modules/notifications/notifications.service';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { fieldError, formErrorsOf, inLanguage, summaryOf, text, validate } from '../views/forms';
import { localReturnPath, Pages } from '../views/pages';

type Form = Record<string, unknown>;

interface SettingsValues {
  name: string;
  locale: string;
  leadershipDigest: boolean;
  ownerDigest: boolean;
  notifyAssigned: boolean;
  notifyReminder: boolean;
  notifyOverdue: boolean;
}

/** Inställningar: name, language, the e-mails one gets, and one's own password. */
@PageController()
@Controller('settings')
export class SettingsPageController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly pages: Pages,
    private readonly calendars: CalendarFeedsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** What the person gets now: the digest choices on the user, the notification kinds they turned off. */
  private async current(viewer: SessionUser): Promise<SettingsValues> {
    const user = await this.users.get(viewer.actor, viewer.actor.userId);
    const off = await this.notifications.optedOut(user.id);
    return {
      name: user.name,
      locale: user.locale,
      leadershipDigest: user.leadershipDigest,
      ownerDigest: user.ownerDigest,
      notifyAssigned: !off.includes('assigned'),
      notifyReminder: !off.includes('reminder'),
      notifyOverdue: !off.includes('overdue'),
    };
  }

  @Get()
  async show(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser): Promise<void> {
    await this.renderSettings(request, response, await this.current(viewer), [], []);
  }

  @Post()
  async save(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Body() form: Form): Promise<void> {
    // An unticked checkbox is not sent at all: absent means off.
    const on = (field: string) => text(form[field]) === 'true';
    const values: SettingsValues = {
      name: text(form.name),
      locale: text(form.locale),
      leadershipDigest: on('leadershipDigest'),
      ownerDigest: on('ownerDigest'),
      notifyAssigned: on('notifyAssigned'),
      notifyReminder: on('notifyReminder'),
      notifyOverdue: on('notifyOverdue'),
    };
    const { notifyAssigned, notifyReminder, notifyOverdue, ...userFields } = values;
    const checked = await validate(UpdateUserDto, { ...userFields }, 'body');
    let errors: ErrorDetail[] = checked.ok ? [] : checked.errors;
    if (checked.ok) {
      try {
        await this.users.update(viewer.actor, viewer.actor.userId, checked.value);
        await this.notifications.setWanted(viewer.actor.userId, { assigned: notifyAssigned, reminder: notifyReminder, overdue: notifyOverdue });
        return this.pages.redirect(request, response, '/settings', 'settings.saved');
      } catch (error) {
        errors = formErrorsOf(error);
      }
    }
    await this.renderSettings(request, response, values, inLanguage(errors, this.pages.localeOf(request), 'settings'), [], 400);
  }

  /**
   * The addresses the settings' forms post to, opened with a GET: a refused password form leaves
   * one in the address bar, and a reload or the language switch comes back to it.
   */
  @Get(['password', 'calendar', 'language'])
  toSettings(@Req() request: PageRequest, @Res() response: Response): void {
    this.pages.redirect(request, response, '/settings');
  }

  /**
   * One's own password, with the current one. Every other session of the person ends (the
   * credential stamp changes); this one goes on under a new id.
   */
  @Post('password')
  async changePassword(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Body() form: Form): Promise<void> {
    const current = text(form.currentPassword);
    const next = text(form.password);
    const errors: ErrorDetail[] = [];
    if (current === '') errors.push({ field: 'currentPassword', message: this.pages.text(request, 'settings.errors.currentPassword') });
    if (next === '') errors.push({ field: 'password', message: this.pages.text(request, 'settings.errors.passwordMissing') });
    else if (next.length > MAX_PASSWORD_LENGTH) errors.push({ field: 'password', message: this.pages.text(request, 'errors.tooLong', { count: MAX_PASSWORD_LENGTH }) });
    else if (next !== text(form.passwordAgain)) errors.push({ field: 'passwordAgain', message: this.pages.text(request, 'settings.errors.passwordAgain') });
    if (errors.length === 0) {
      try {
        await this.users.update(viewer.actor, viewer.actor.userId, { currentPassword: current, password: next });
        // This session goes on, under a new id and the new credentials version.
        const credentials = await this.auth.currentCredentials(viewer.actor);
        await promisify(request.session.regenerate.bind(request.session))();
        request.session.userId = credentials.userId;
        request.session.municipalityId = credentials.municipalityId;
        request.session.credentialsVersion = credentials.credentialsVersion;
        return this.pages.redirect(request, response, '/settings', 'settings.passwordChanged');
      } catch (error) {
        // The service's refusals in the page's words; the page's own messages above already are.
        errors.push(...inLanguage(formErrorsOf(error), this.pages.localeOf(request), 'settings.password'));
      }
    }
    await this.renderSettings(request, response, await this.current(viewer), [], errors, 400);
  }

  /**
   * The private calendar address: create one, choose which plans it shows (managers), make a new
   * one (the old one stops working) or turn it off.
   */
  @Post('calendar')
  async calendar(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Body() form: Form): Promise<void> {
    const allPlans = text(form.allPlans) === 'true';
    const action = text(form.action);
    if (action === 'create' || action === 'renew') await this.calendars.renew(viewer.actor, allPlans);
    else if (action === 'plans') await this.calendars.choosePlans(viewer.actor, allPlans);
    else if (action === 'off') await this.calendars.turnOff(viewer.actor);
    else return this.pages.redirect(request, response, '/settings#calendar');
    this.pages.redirect(request, response, '/settings#calendar', `calendar.settings.done.${action}`);
  }

  /** The language switch of the layout: remembered on the user, back to the same page. */
  @Post('language')
  async language(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Body() form: Form): Promise<void> {
    const locale = MAIL_LOCALES.includes(form.locale as MailLocale) ? (form.locale as MailLocale) : viewer.locale;
    if (locale !== viewer.locale) await this.users.update(viewer.actor, viewer.actor.userId, { locale });
    this.pages.redirect(request, response, localReturnPath(form.returnTo) ?? '/');
  }

  private async renderSettings(request: PageRequest, response: Response, values: SettingsValues, errors: ErrorDetail[], passwordErrors: ErrorDetail[], status = 200): Promise<void> {
    const role = request.viewer!.actor.role;
    const calendar = await this.calendars.view(request.viewer!.actor);
    this.pages.render(
      request,
      response,
      'settings/settings',
      {
        title: this.pages.text(request, 'settings.title'),
        values,
        locales: MAIL_LOCALES.map((value) => ({ value, checked: values.locale === value })),
        // The owner digest is for those who own actions; the leadership digest for the others.
        showLeadershipDigest: role !== 'owner' || values.leadershipDigest,
        errors: summaryOf([...errors, ...passwordErrors], 'name'),
        nameError: fieldError(errors, 'name'),
        currentPasswordError: fieldError(passwordErrors, 'currentPassword'),
        passwordError: fieldError(passwordErrors, 'password'),
        passwordAgainError: fieldError(passwordErrors, 'passwordAgain'),
        calendar,
      },
      status,
    );
  }
}
