import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ValidationFailedError } from '../../common/errors/domain-error';
import { ActionPlanExportService } from '../../modules/action-plans/export/action-plan-export.service';
import { ACTION_PLAN_SORTS, ActionPlanListQuery, ExportQuery } from '../../modules/action-plans/plans/action-plan.dto';
import { ActionPlansService } from '../../modules/action-plans/plans/action-plans.service';
import { areasOf } from '../../modules/action-plans/plans/plan-areas';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { UsersService } from '../../modules/identity/users/users.service';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { fieldError, inLanguage, summaryOf, validate } from '../views/forms';
import { lastPageOffset } from '../views/pagination';
import { Pages } from '../views/pages';

const PAGE_SIZE = 25;
const FILTERS = ['q', 'areaNumber', 'status', 'health', 'ownerId', 'overdue', 'dueSoon', 'stale', 'dueAfter', 'dueBefore', 'completedFrom', 'cancelledFrom', 'createdFrom', 'sort'] as const;
/** The filters written as a day (YYYY-MM-DD): text fields on the page, kept as typed. */
const DAY_FILTERS = ['dueAfter', 'dueBefore', 'completedFrom', 'cancelledFrom', 'createdFrom'] as const;
const STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'];
const HEALTHS = ['on_track', 'at_risk', 'off_track'];

type RawQuery = Record<string, string | string[] | undefined>;

/** The list's filters as the page received them, without paging; `ownerId=me` stays `me`. */
function filtersOf(query: RawQuery): Record<string, string | string[]> {
  const filters: Record<string, string | string[]> = {};
  for (const name of FILTERS) {
    const value = query[name];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    filters[name] = value;
  }
  return filters;
}

function queryString(filters: Record<string, string | string[]>, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) for (const item of [value].flat()) params.append(name, item);
  for (const [name, value] of Object.entries(extra)) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The list as many values: `status=planned,in_progress` or repeated `status=` fields. */
function many(value: string | string[] | undefined): string[] {
  return [value ?? []].flat().flatMap((item) => item.split(',')).filter(Boolean);
}

@PageController()
@Controller('action-plans')
export class ActionPlanListPageController {
  constructor(
    private readonly plans: ActionPlansService,
    private readonly exports: ActionPlanExportService,
    private readonly users: UsersService,
    private readonly pages: Pages,
  ) {}

  /** Åtgärder, and with `ownerId=me` Mina åtgärder: the API's filters (but the finding ones), sorting and paging that keep them. */
  @Get()
  async list(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Query() query: RawQuery): Promise<void> {
    const filters = filtersOf(query);
    const mine = filters.ownerId === 'me' || filters.ownerId === viewer.actor.userId;
    const offset = Math.max(0, Number.parseInt(String(query.offset ?? '0'), 10) || 0);
    const checked = await validate(ActionPlanListQuery, this.serviceQuery(filters, viewer, { limit: PAGE_SIZE, offset }), 'query');
    const [page, people] = await Promise.all([
      checked.ok ? this.plans.list(viewer.actor, checked.value) : Promise.resolve({ items: [], total: 0 }),
      this.users.list(viewer.actor, { limit: 500, offset: 0 }),
    ]);
    // A link to a page past the end (the list has shrunk since) opens its last page.
    if (page.items.length === 0 && page.total > 0) {
      return this.pages.redirect(request, response, `/action-plans${queryString(filters, { offset: lastPageOffset(page.total, PAGE_SIZE) })}`);
    }
    const errors = checked.ok ? [] : inLanguage(checked.errors, this.pages.localeOf(request), 'planList');
    const title = this.pages.text(request, mine ? 'planList.mineTitle' : 'planList.title');
    const selectedStatuses = many(filters.status);
    const selectedHealths = many(filters.health);
    this.pages.render(
      request,
      response,
      'action-plans/list',
      {
        title,
        errors: summaryOf(errors, 'q', FILTERS),
        fieldErrors: Object.fromEntries(FILTERS.map((name) => [name, fieldError(errors, name)])),
        // A plan linked to several findings of one area names that area once.
        plans: page.items.map((plan) => ({ ...plan, areas: areasOf(plan) })),
        total: page.total,
        from: page.total === 0 ? 0 : offset + 1,
        to: Math.min(offset + PAGE_SIZE, page.total),
        previousHref: offset > 0 ? `/action-plans${queryString(filters, { offset: Math.max(0, offset - PAGE_SIZE) })}` : null,
        nextHref: offset + PAGE_SIZE < page.total ? `/action-plans${queryString(filters, { offset: offset + PAGE_SIZE })}` : null,
        exportCsvHref: `/action-plans/export${queryString(filters, { format: 'csv' })}`,
        exportXlsxHref: `/action-plans/export${queryString(filters, { format: 'xlsx' })}`,
        canCreate: viewer.actor.role === 'manager' || viewer.actor.role === 'admin',
        filters: {
          q: typeof filters.q === 'string' ? filters.q : '',
          areas: [1, 2, 3, 4, 5, 6, 7, 8].map((number) => ({ value: String(number), selected: filters.areaNumber === String(number) })),
          statuses: STATUSES.map((value) => ({ value, checked: selectedStatuses.includes(value) })),
          healths: HEALTHS.map((value) => ({ value, checked: selectedHealths.includes(value) })),
          owners: [
            { value: 'me', name: this.pages.text(request, 'planList.me'), selected: filters.ownerId === 'me' },
            ...people.items.map((user) => ({ value: user.id, name: user.name, selected: filters.ownerId === user.id })),
          ],
          overdue: filters.overdue === 'true',
          dueSoon: filters.dueSoon === 'true',
          stale: filters.stale === 'true',
          days: DAY_FILTERS.map((name) => ({ name, value: typeof filters[name] === 'string' ? filters[name] : '', error: fieldError(errors, name) })),
          sorts: ACTION_PLAN_SORTS.map((value) => ({ value, selected: (filters.sort ?? 'dueDate') === value })),
        },
      },
      checked.ok ? 200 : 400,
    );
  }

  /** "Exportera": the same filters as the list on screen, as a spreadsheet in the page's language. */
  @Get('export')
  async export(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Query() query: RawQuery): Promise<void> {
    const filters = filtersOf(query);
    const checked = await validate(ExportQuery, { ...this.serviceQuery(filters, viewer, {}), format: query.format, locale: this.pages.localeOf(request) }, 'query');
    if (!checked.ok) throw new ValidationFailedError(checked.errors);
    const file = await this.exports.export(viewer.actor, checked.value);
    response.set({ 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.fileName}"` }).send(file.body);
  }

  /** The service's query: `me` is the viewer, checkboxes that are off are no filter. */
  private serviceQuery(filters: Record<string, string | string[]>, viewer: SessionUser, paging: { limit?: number; offset?: number }): Record<string, unknown> {
    const { ownerId, overdue, dueSoon, stale, status, health, ...rest } = filters;
    return {
      ...rest,
      ...(ownerId ? { ownerId: ownerId === 'me' ? viewer.actor.userId : ownerId } : {}),
      ...(status ? { status: many(status) } : {}),
      ...(health ? { health: many(health) } : {}),
      ...(overdue === 'true' ? { overdue: 'true' } : {}),
      ...(dueSoon === 'true' ? { dueSoon: 'true' } : {}),
      ...(stale === 'true' ? { stale: 'true' } : {}),
      ...paging,
    };
  }
}
