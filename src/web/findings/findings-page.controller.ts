import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { roleAtLeast } from '../../common/auth/actor';
import { RequireRole } from '../../common/auth/auth.decorators';
import { ValidationFailedError } from '../../common/errors/domain-error';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { FindingListQuery } from '../../modules/evaluations/findings/finding-list.dto';
import { FindingListService } from '../../modules/evaluations/findings/finding-list.service';
import { ActionPlansService } from '../../modules/action-plans/plans/action-plans.service';
import { EvaluationsService } from '../../modules/evaluations/evaluations/evaluations.service';
import { DismissFindingDto } from '../../modules/evaluations/findings/finding.dto';
import { FindingsService } from '../../modules/evaluations/findings/findings.service';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { UsersService } from '../../modules/identity/users/users.service';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { inLanguage, summaryOf, text, validate } from '../views/forms';
import { Pages } from '../views/pages';

type RawQuery = Record<string, string | string[] | undefined>;
const KINDS = ['improvement', 'weakness', 'strength'] as const;
/**
 * The coverage filter's choices. `needingAction` is the page's own: the improvement opportunities
 * and weaknesses not dismissed (covered or not), which Översikt counts as "Behöver åtgärd".
 */
const NEEDING_ACTION = 'needingAction';
const COVERAGE_CHOICES = [NEEDING_ACTION, 'uncovered', 'covered', 'dismissed'];

/**
 * Fynd: an evaluation's findings by area and kind, each improvement opportunity and weakness
 * with its coverage (the plans that answer it, or the decision to take no action). A manager
 * starts a plan from a finding, dismisses one with a reason, or undoes a dismissal.
 */
@PageController()
@Controller()
export class FindingsPageController {
  constructor(
    private readonly coverage: FindingListService,
    private readonly findings: FindingsService,
    private readonly evaluations: EvaluationsService,
    private readonly plans: ActionPlansService,
    private readonly users: UsersService,
    private readonly pages: Pages,
  ) {}

  /** The latest published evaluation's findings. */
  @Get('findings')
  latest(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Query() query: RawQuery): Promise<void> {
    return this.list(request, response, viewer, null, query);
  }

  @Get('evaluations/:id/findings')
  ofEvaluation(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Query() query: RawQuery): Promise<void> {
    return this.list(request, response, viewer, id, query);
  }

  /** The addresses the dismissal forms post to, opened with a GET (a reload, the language switch): the findings. */
  @Get(['findings/:id/dismissal', 'findings/:id/undismiss'])
  toFindings(@Req() request: PageRequest, @Res() response: Response): void {
    this.pages.redirect(request, response, '/findings');
  }

  @Post('findings/:id/dismissal')
  @RequireRole('manager')
  async dismiss(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Body() form: Record<string, unknown>): Promise<void> {
    const finding = await this.findings.find(viewer.actor, id);
    const checked = await validate(DismissFindingDto, { reason: text(form.reason) }, 'body');
    if (!checked.ok) {
      // Back to the list (post-redirect-get, its filters kept), which shows this form again open,
      // with the reason as typed, the message beside it and the error summary at the top.
      const message = inLanguage(checked.errors, this.pages.localeOf(request), 'findings')[0].message;
      request.session.refusedDismissal = { findingId: id, reason: text(form.reason), message };
      return response.redirect(303, `${this.returnPath(form, finding.evaluationId)}#error-summary`);
    }
    await this.findings.dismiss(viewer.actor, id, checked.value.reason);
    this.pages.redirect(request, response, `${this.returnPath(form, finding.evaluationId)}#finding-${id}`, 'findings.dismissed');
  }

  @Post('findings/:id/undismiss')
  @RequireRole('manager')
  async undismiss(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Body() form: Record<string, unknown>): Promise<void> {
    const finding = await this.findings.undismiss(viewer.actor, id);
    this.pages.redirect(request, response, `${this.returnPath(form, finding.evaluationId)}#finding-${id}`, 'findings.undismissed');
  }

  private async list(request: PageRequest, response: Response, viewer: SessionUser, evaluationId: string | null, query: RawQuery): Promise<void> {
    const filters = {
      areaNumber: text(query.areaNumber),
      kind: text(query.kind),
      coverage: text(query.coverage),
    };
    const checked = await validate(
      FindingListQuery,
      {
        ...(evaluationId ? { evaluationId } : {}),
        ...(filters.areaNumber ? { areaNumber: filters.areaNumber } : {}),
        ...(filters.kind ? { kind: filters.kind } : {}),
        ...(filters.coverage && filters.coverage !== NEEDING_ACTION ? { coverage: filters.coverage } : {}),
        limit: 500,
        offset: 0,
      },
      'query',
    );
    if (!checked.ok) throw new ValidationFailedError(checked.errors);
    const listed = await this.coverage.list(viewer.actor, checked.value);
    const needingAction = filters.coverage === NEEDING_ACTION;
    const items = needingAction ? listed.items.filter((finding) => finding.coverage === 'covered' || finding.coverage === 'uncovered') : listed.items;
    const page = { ...listed, items, total: needingAction ? items.length : listed.total };
    const refused = request.session.refusedDismissal ?? null;
    delete request.session.refusedDismissal;
    const refusedHere = refused && page.items.some((finding) => finding.id === refused.findingId) ? refused : null;
    const evaluation = page.evaluation;
    const [linked, names] = await Promise.all([
      evaluation ? this.plans.linkedToEvaluation(viewer.actor, evaluation.id) : Promise.resolve([]),
      this.users.namesOf(
        viewer.actor.municipalityId,
        page.items.flatMap((finding) => (finding.dismissal?.byId ? [finding.dismissal.byId] : [])),
      ),
    ]);
    const planById = new Map(linked.map((plan) => [plan.id, plan]));
    const isManager = roleAtLeast(viewer.actor.role, 'manager');
    const areaNumbers = [...new Set(page.items.map((finding) => finding.areaNumber))].sort((a, b) => a - b);
    const report = evaluation ? await this.evaluations.report(viewer.actor, evaluation.id) : null;
    const here = `${request.path}${request.originalUrl.includes('?') ? request.originalUrl.slice(request.originalUrl.indexOf('?')) : ''}`;
    this.pages.render(request, response, 'findings/list', {
      title: this.pages.text(request, 'findings.title'),
      // The findings of one evaluation, named by it; the current evaluation's are simply Fynd.
      documentTitle: evaluationId && evaluation ? this.pages.text(request, 'findings.documentTitle', { title: evaluation.title }) : undefined,
      evaluation,
      total: page.total,
      here,
      isManager,
      filters: {
        action: evaluationId ? `/evaluations/${evaluationId}/findings` : '/findings',
        areas: (report?.areas ?? []).map((area) => ({ value: String(area.number), title: area.title, selected: filters.areaNumber === String(area.number) })),
        kinds: KINDS.map((value) => ({ value, selected: filters.kind === value })),
        coverages: COVERAGE_CHOICES.map((value) => ({ value, selected: filters.coverage === value })),
      },
      areas: areaNumbers.map((number) => ({
        number,
        title: report?.areas.find((area) => area.number === number)?.title ?? '',
        kinds: KINDS.map((kind) => ({
          kind,
          findings: page.items
            .filter((finding) => finding.areaNumber === number && finding.kind === kind)
            .map((finding) => ({
              ...finding,
              plans: finding.actionPlanIds.flatMap((id) => (planById.has(id) ? [planById.get(id)!] : [])),
              dismissedBy: finding.dismissal?.byId ? (names.get(finding.dismissal.byId) ?? null) : null,
              refused: refusedHere?.findingId === finding.id ? refusedHere : null,
            })),
        })).filter((group) => group.findings.length > 0),
      })),
      errors: refusedHere ? summaryOf([{ field: `reason-${refusedHere.findingId}`, message: refusedHere.message }], 'reason') : [],
    });
  }

  /** Back to the list the form was on (its filters kept), or the evaluation's findings. */
  private returnPath(form: Record<string, unknown>, evaluationId: string): string {
    const back = text(form.returnTo);
    return /^\/(findings|evaluations\/[0-9a-f-]{36}\/findings)(\?[^#\s]*)?$/.test(back) ? back : `/evaluations/${evaluationId}/findings`;
  }
}
