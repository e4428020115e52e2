import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../../common/auth/auth.decorators';
import { Clock } from '../../common/clock';
import type { ErrorDetail } from '../../common/errors/domain-error';
import { AuditEventQuery } from '../../modules/audit/audit-event.dto';
import { AuditService } from '../../modules/audit/audit.service';
import { localMoment } from '../../modules/digests/digest-period';
import { EvaluationsService } from '../../modules/evaluations/evaluations/evaluations.service';
import { FrameworksService } from '../../modules/evaluations/frameworks/frameworks.service';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { MunicipalitiesService } from '../../modules/identity/municipalities/municipalities.service';
import { UpdateMunicipalityDto } from '../../modules/identity/municipalities/municipality.dto';
import { UsersService } from '../../modules/identity/users/users.service';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { fieldError, formErrorsOf, inLanguage, summaryOf, text, validate } from '../views/forms';
import { pager } from '../views/pagination';
import { Pages } from '../views/pages';
import { adminNav } from './admin-nav';
import { auditChanges, auditLink, auditWords } from './audit-view';

type Form = Record<string, unknown>;
type RawQuery = Record<string, string | string[] | undefined>;
const AUDIT_PAGE_SIZE = 30;
const SETTING_FIELDS = ['timezone', 'digestWeekday', 'digestHour', 'staleAfterDays', 'dueSoonDays', 'nextEvaluationDate'] as const;
type SettingValues = Record<(typeof SETTING_FIELDS)[number], string>;
/** What the audit log names: the kinds of thing a change can concern. */
const AUDITED_TYPES = ['action-plan', 'progress-update', 'evaluation', 'evaluation-scores', 'finding', 'reference', 'user', 'municipality'];

/** The next instant at the start of `hour` on ISO `weekday` in `timeZone`, from `now` on. */
function nextDigestAt(now: Date, schedule: { timezone: string; digestWeekday: number; digestHour: number }): Date {
  const start = new Date(now);
  start.setUTCMinutes(0, 0, 0);
  for (let hours = 1; hours <= 24 * 8; hours++) {
    const candidate = new Date(start.getTime() + hours * 3_600_000);
    const local = localMoment(candidate, schedule.timezone);
    if (local.weekday === schedule.digestWeekday && local.hour === schedule.digestHour) return candidate;
  }
  return start;
}

/**
 * Administration: the municipality's settings (time zone, when the weekly digests go out, when
 * a plan counts as stale or due soon, the next evaluation's date) and the audit log.
 */
@PageController()
@RequireRole('admin')
@Controller('admin')
export class AdminSettingsPageController {
  constructor(
    private readonly municipalities: MunicipalitiesService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly frameworks: FrameworksService,
    private readonly evaluations: EvaluationsService,
    private readonly clock: Clock,
    private readonly pages: Pages,
  ) {}

  @Get('municipality')
  async show(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser): Promise<void> {
    const municipality = await this.municipalities.get(viewer.actor);
    const values: SettingValues = {
      timezone: municipality.timezone,
      digestWeekday: String(municipality.digestWeekday),
      digestHour: String(municipality.digestHour),
      staleAfterDays: String(municipality.staleAfterDays),
      dueSoonDays: String(municipality.dueSoonDays),
      nextEvaluationDate: municipality.nextEvaluationDate ?? '',
    };
    await this.renderSettings(request, response, viewer, values, []);
  }

  @Post('municipality')
  async save(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Body() form: Form): Promise<void> {
    const values = Object.fromEntries(SETTING_FIELDS.map((field) => [field, text(form[field]).trim()])) as SettingValues;
    const number = (value: string) => (/^-?\d+$/.test(value) ? Number(value) : value);
    const checked = await validate(
      UpdateMunicipalityDto,
      {
        timezone: values.timezone,
        digestWeekday: number(values.digestWeekday),
        digestHour: number(values.digestHour),
        staleAfterDays: number(values.staleAfterDays),
        dueSoonDays: number(values.dueSoonDays),
        nextEvaluationDate: values.nextEvaluationDate === '' ? null : values.nextEvaluationDate,
      },
      'body',
    );
    let errors: ErrorDetail[] = checked.ok ? [] : checked.errors;
    if (checked.ok) {
      try {
        await this.municipalities.update(viewer.actor, checked.value);
        return this.pages.redirect(request, response, '/admin/municipality', 'adminMunicipality.saved');
      } catch (error) {
        errors = formErrorsOf(error);
      }
    }
    await this.renderSettings(request, response, viewer, values, inLanguage(errors, viewer.locale, 'adminMunicipality'), 400);
  }

  @Get('audit')
  async auditLog(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Query() query: RawQuery): Promise<void> {
    const filters = { entityType: text(query.entityType), entityId: text(query.entityId).trim(), actorId: text(query.actorId), since: text(query.since).trim() };
    const offset = Math.max(0, Number.parseInt(text(query.offset), 10) || 0);
    const checked = await validate(
      AuditEventQuery,
      {
        ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== '')),
        limit: AUDIT_PAGE_SIZE,
        offset,
      },
      'query',
    );
    const [found, people, frameworks, evaluations] = await Promise.all([
      checked.ok ? this.audit.list(viewer.actor, checked.value) : Promise.resolve({ items: [], total: 0 }),
      this.users.list(viewer.actor, { limit: 500, offset: 0 }),
      this.frameworks.all(),
      this.evaluations.list(viewer.actor, { limit: 100, offset: 0 }),
    ]);
    // People, frameworks and evaluations by name in the changes; a finding's id stays an id.
    const names = new Map([
      ...people.items.map((user) => [user.id, user.name] as const),
      ...frameworks.map((framework) => [framework.id, framework.name] as const),
      ...evaluations.items.map((evaluation) => [evaluation.id, evaluation.title] as const),
    ]);
    const locale = viewer.locale;
    const words = auditWords(locale, viewer.municipality.timezone);
    this.pages.render(
      request,
      response,
      'admin/audit',
      {
        title: this.pages.text(request, 'adminAudit.title'),
        adminNav: adminNav('/admin/audit'),
        errors: checked.ok ? [] : summaryOf(inLanguage(checked.errors, locale, 'adminAudit'), 'since'),
        filters: {
          ...filters,
          types: AUDITED_TYPES.map((value) => ({ value, selected: value === filters.entityType })),
          actors: people.items.map((user) => ({ value: user.id, name: user.name, selected: user.id === filters.actorId })),
        },
        events: found.items.map((event) => ({
          ...event,
          actorName: event.actorId ? (names.get(event.actorId) ?? event.actorId) : null,
          link: auditLink(event),
          changes: auditChanges(event, names, words),
        })),
        page: pager(request, found.total, AUDIT_PAGE_SIZE),
      },
      checked.ok ? 200 : 400,
    );
  }

  private async renderSettings(request: PageRequest, response: Response, viewer: SessionUser, values: SettingValues, errors: ErrorDetail[], status = 200): Promise<void> {
    const municipality = await this.municipalities.get(viewer.actor);
    const weekdays = new Intl.DateTimeFormat(viewer.locale === 'sv' ? 'sv-SE' : 'en-GB', { weekday: 'long', timeZone: 'UTC' });
    this.pages.render(
      request,
      response,
      'admin/municipality',
      {
        title: this.pages.text(request, 'adminMunicipality.title'),
        adminNav: adminNav('/admin/municipality'),
        municipality,
        values,
        nextDigestAt: nextDigestAt(this.clock.now(), municipality),
        timeZones: Intl.supportedValuesOf('timeZone').map((value) => ({ value, selected: value === values.timezone })),
        // 2024-01-01 was a Monday.
        weekdays: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ value: String(day), name: weekdays.format(new Date(Date.UTC(2024, 0, day))), selected: String(day) === values.digestWeekday })),
        hours: Array.from({ length: 24 }, (_, hour) => ({ value: String(hour), name: `${String(hour).padStart(2, '0')}:00`, selected: String(hour) === values.digestHour })),
        errors: summaryOf(errors, 'timezone'),
        fieldErrors: Object.fromEntries(SETTING_FIELDS.map((field) => [field, fieldError(errors, field)])),
      },
      status,
    );
  }
}
