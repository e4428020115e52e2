import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/auth.decorators';
import { CalendarFeedsService, CalendarWords } from '../../modules/action-plans/calendar/calendar-feeds.service';
import { calendarNotFound } from '../../modules/action-plans/calendar/calendar.errors';
import { catalogue, MailLocale } from '../../modules/mail';

/** The calendar's words from the catalogue, in the user's language. */
function calendarWords(locale: MailLocale): CalendarWords {
  const words = catalogue();
  const t = (key: string, params?: Record<string, unknown>) => words.translate(locale, key, params);
  return {
    calendarName: ({ municipality, allPlans }) => t(allPlans ? 'calendar.nameAll' : 'calendar.nameMine', { municipality }),
    summary: (plan) => t('calendar.summary', { title: plan.title }),
    description: (plan) =>
      [
        t('calendar.state', { status: t(`status.${plan.status}`), health: t(`health.${plan.health ?? 'none'}`), progress: plan.progress }),
        ...(plan.showOwner ? [t('calendar.owner', { name: plan.ownerName })] : []),
        t('calendar.open', { url: plan.url }),
      ].join('\n'),
  };
}

/**
 * `/calendar/<token>.ics`: a user's private deadline calendar for calendar apps to subscribe to.
 * The address is the credential (calendar apps send no login); an unknown, renewed or turned-off
 * address, or one of a deactivated user, is 404.
 */
@Public()
@ApiExcludeController()
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly calendars: CalendarFeedsService) {}

  @Get(':file')
  async feed(@Param('file') file: string, @Res() response: Response): Promise<void> {
    const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
    const calendar = token ? await this.calendars.calendar(token, calendarWords) : null;
    if (calendar === null) throw calendarNotFound();
    response
      .status(200)
      .set('Cache-Control', 'private, no-cache')
      .type('text/calendar; charset=utf-8')
      .set('Content-Disposition', 'inline; filename="handlingsplan.ics"')
      .send(calendar);
  }
}
