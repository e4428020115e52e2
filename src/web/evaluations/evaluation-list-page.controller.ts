import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { roleAtLeast } from '../../common/auth/actor';
import { RequireRole } from '../../common/auth/auth.decorators';
import { DomainError, ErrorDetail } from '../../common/errors/domain-error';
import { CreateEvaluationDto, EvaluationListQuery } from '../../modules/evaluations/evaluations/evaluation.dto';
import { EvaluationsService } from '../../modules/evaluations/evaluations/evaluations.service';
import { EvaluationsErrorCode } from '../../modules/evaluations/evaluations.errors';
import { FrameworksService } from '../../modules/evaluations/frameworks/frameworks.service';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { fieldError, formErrorsOf, inLanguage, summaryOf, text, validate } from '../views/forms';
import { Pages } from '../views/pages';

const PAGE_SIZE = 20;
const FILTERS = ['status', 'source'] as const;
const STATUSES = ['draft', 'published'];
const SOURCES = ['import', 'manual'];
/** A month as the form's month field sends it, or as a person types it (2018-11). */
const MONTH = /^(\d{4})-(\d{2})$/;

type RawQuery = Record<string, string | string[] | undefined>;

/** What a person typed in the form for a new evaluation, as the form shows it again. */
interface NewEvaluationInput {
  frameworkKey: string;
  title: string;
  month: string;
  previousEvaluationId: string;
}

function queryString(filters: Record<string, string>, extra: Record<string, number> = {}): string {
  const params = new URLSearchParams(filters);
  for (const [name, value] of Object.entries(extra)) params.set(name, String(value));
  const encoded = params.toString();
  return encoded ? `?${encoded}` : '';
}

/**
 * Utvärderingar: the municipality's evaluations, newest first, filtered by status and source in
 * the URL and paged on the server; a manager starts one by hand here or goes to the import.
 */
@PageController()
@Controller('evaluations')
export class EvaluationListPageController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly frameworks: FrameworksService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async list(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Query() query: RawQuery): Promise<void> {
    const filters: Record<string, string> = {};
    for (const name of FILTERS) if (text(query[name]) !== '') filters[name] = text(query[name]);
    const offset = Math.max(0, Number.parseInt(text(query.offset), 10) || 0);
    const checked = await validate(EvaluationListQuery, { ...filters, limit: PAGE_SIZE, offset }, 'query');
    const page = checked.ok ? await this.evaluations.list(viewer.actor, checked.value) : { items: [], total: 0 };
    // The evaluations followed up are named by title; those not on this page are read once.
    const titles = await this.titlesOf(viewer, page.items);
    this.pages.render(
      request,
      response,
      'evaluations/list',
      {
        title: this.pages.text(request, 'evaluations.title'),
        errors: checked.ok ? [] : summaryOf(inLanguage(checked.errors, this.pages.localeOf(request), 'evaluations'), 'status'),
        evaluations: page.items.map((item) => ({
          ...item,
          previous: item.previousEvaluationId ? { id: item.previousEvaluationId, title: titles.get(item.previousEvaluationId) ?? null } : null,
        })),
        total: page.total,
        from: page.total === 0 ? 0 : offset + 1,
        to: Math.min(offset + PAGE_SIZE, page.total),
        previousHref: offset > 0 ? `/evaluations${queryString(filters, { offset: Math.max(0, offset - PAGE_SIZE) })}` : null,
        nextHref: offset + PAGE_SIZE < page.total ? `/evaluations${queryString(filters, { offset: offset + PAGE_SIZE })}` : null,
        isManager: roleAtLeast(viewer.actor.role, 'manager'),
        filters: {
          statuses: STATUSES.map((value) => ({ value, selected: filters.status === value })),
          sources: SOURCES.map((value) => ({ value, selected: filters.source === value })),
        },
      },
      checked.ok ? 200 : 400,
    );
  }

  /** Ny utvärdering: entered by hand (the scores and findings are added on its page). */
  @Get('new')
  @RequireRole('manager')
  async newForm(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Query() query: RawQuery): Promise<void> {
    const previous = text(query.previousEvaluationId);
    await this.renderNew(request, response, viewer, { frameworkKey: 'kommunkompassen-2010', title: '', month: '', previousEvaluationId: previous }, []);
  }

  @Post('new')
  @RequireRole('manager')
  async create(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Body() form: Record<string, unknown>): Promise<void> {
    const input: NewEvaluationInput = {
      frameworkKey: text(form.frameworkKey),
      title: text(form.title),
      month: text(form.month).trim(),
      previousEvaluationId: text(form.previousEvaluationId),
    };
    const month = MONTH.exec(input.month);
    const monthError: ErrorDetail[] = month && Number(month[2]) >= 1 && Number(month[2]) <= 12 ? [] : [{ field: 'month', message: this.pages.text(request, 'evaluations.errors.month') }];
    const checked = await validate(
      CreateEvaluationDto,
      {
        frameworkKey: input.frameworkKey,
        title: input.title,
        // The first of the month: the month is what an evaluation is known by (DESIGN §2). A month
        // the form refused already ("2018-13") stands in as a valid date, so it is not refused twice.
        conductedOn: month && monthError.length === 0 ? `${month[1]}-${month[2]}-01` : '2000-01-01',
        ...(input.previousEvaluationId ? { previousEvaluationId: input.previousEvaluationId } : {}),
      },
      'body',
    );
    let errors: ErrorDetail[] = [...monthError, ...(checked.ok ? [] : checked.errors)];
    if (checked.ok && errors.length === 0) {
      try {
        const created = await this.evaluations.create(viewer.actor, checked.value);
        return this.pages.redirect(request, response, `/evaluations/${created.id}`, 'evaluations.created');
      } catch (error) {
        // A previous evaluation that is not the municipality's is a mistake in the form, not a missing page.
        errors = error instanceof DomainError && error.code === String(EvaluationsErrorCode.PreviousNotFound) ? (error.details ?? []) : formErrorsOf(error);
      }
    }
    await this.renderNew(request, response, viewer, input, inLanguage(errors, this.pages.localeOf(request), 'evaluations'), 400);
  }

  private async renderNew(request: PageRequest, response: Response, viewer: SessionUser, input: NewEvaluationInput, errors: ErrorDetail[], status = 200): Promise<void> {
    const [frameworks, earlier] = await Promise.all([this.frameworks.all(), this.evaluations.list(viewer.actor, { limit: 500, offset: 0 })]);
    const shown = errors.map((error) => (error.field === 'conductedOn' ? { ...error, field: 'month' } : error));
    this.pages.render(
      request,
      response,
      'evaluations/new',
      {
        title: this.pages.text(request, 'evaluations.newTitle'),
        values: input,
        frameworks: frameworks.map((framework) => ({ key: framework.key, name: framework.name, selected: framework.key === input.frameworkKey })),
        previousChoices: earlier.items.map((item) => ({ id: item.id, title: item.title, conductedOn: item.conductedOn, status: item.status, selected: item.id === input.previousEvaluationId })),
        errors: summaryOf(shown, 'title', ['frameworkKey', 'title', 'month', 'previousEvaluationId']),
        fieldErrors: {
          frameworkKey: fieldError(shown, 'frameworkKey'),
          title: fieldError(shown, 'title'),
          month: fieldError(shown, 'month'),
          previousEvaluationId: fieldError(shown, 'previousEvaluationId'),
        },
      },
      status,
    );
  }

  private async titlesOf(viewer: SessionUser, items: { id: string; title: string; previousEvaluationId: string | null }[]): Promise<Map<string, string>> {
    const titles = new Map(items.map((item) => [item.id, item.title]));
    const missing = [...new Set(items.flatMap((item) => (item.previousEvaluationId && !titles.has(item.previousEvaluationId) ? [item.previousEvaluationId] : [])))];
    const found = await Promise.all(missing.map((id) => this.evaluations.ref(viewer.actor, id).catch(() => null)));
    for (const evaluation of found) if (evaluation) titles.set(evaluation.id, evaluation.title);
    return titles;
  }
}
