import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { roleAtLeast } from '../../common/auth/actor';
import { RequireRole } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { EvaluationsService } from '../../modules/evaluations/evaluations/evaluations.service';
import { CarryOverDto } from '../../modules/follow-up/carry-over/carry-over.dto';
import { CarryOverService } from '../../modules/follow-up/carry-over/carry-over.service';
import { ComparisonService } from '../../modules/follow-up/comparison/comparison.service';
import { DossierService } from '../../modules/follow-up/dossier/dossier.service';
import { FollowUpErrorCode } from '../../modules/follow-up/follow-up.errors';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { formatNumber, formatPercent } from '../../modules/mail';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { formErrorsOf, inLanguage, text, validate } from '../views/forms';
import { pager } from '../views/pagination';
import { Pages } from '../views/pages';
import { comparisonChart } from './comparison-chart';

type RawQuery = Record<string, string | string[] | undefined>;
const CARRY_OVER_PAGE_SIZE = 20;

const NO_PREVIOUS: string = FollowUpErrorCode.NoPreviousEvaluation;
const hasNoPrevious = (error: unknown) => error instanceof DomainError && error.code === NO_PREVIOUS;

/**
 * Uppföljning: the dossier before the next evaluation (the printable page of the API, inside the
 * app's frame, which prints without it), the comparison with the previous evaluation, and
 * carrying open plans over to the new evaluation's findings.
 */
@PageController()
@Controller('evaluations')
export class FollowUpPagesController {
  constructor(
    private readonly dossier: DossierService,
    private readonly comparison: ComparisonService,
    private readonly carryOver: CarryOverService,
    private readonly evaluations: EvaluationsService,
    private readonly pages: Pages,
  ) {}

  @Get(':id/follow-up')
  async dossierPage(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string): Promise<void> {
    const { html, dossier } = await this.dossier.body(viewer.actor, id, viewer.locale);
    const followUp = await this.evaluations.followUpOf(viewer.actor, id);
    this.pages.render(request, response, 'follow-up/dossier', {
      title: dossier.evaluation.title,
      documentTitle: this.pages.text(request, 'followUp.toDossier', { title: dossier.evaluation.title }),
      evaluationId: id,
      dossierHtml: html,
      followUp: followUp ? { id: followUp.id, title: followUp.title } : null,
    });
  }

  @Get(':id/comparison')
  async comparisonPage(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Query() query: RawQuery): Promise<void> {
    let view;
    try {
      view = await this.comparison.compare(viewer.actor, id);
    } catch (error) {
      if (!hasNoPrevious(error)) throw error;
      return this.noPrevious(request, response, id, 'comparison.title');
    }
    const locale = viewer.locale;
    const flaggedOnly = text(query.flagged) === 'true';
    const points = (value: number) => formatNumber(value, locale, undefined);
    const percent = (fraction: number) => formatPercent(fraction, locale);
    const chart = comparisonChart(
      view.areas.map((area) => ({
        label: this.pages.text(request, 'planList.areaN', { n: area.number }),
        maxPoints: area.maxPoints,
        points: { before: area.before, projected: area.projected, after: area.after },
      })),
      points,
      percent,
      '–',
    );
    const signed = (delta: number | null) => (delta === null ? null : `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${formatNumber(Math.abs(delta), locale, undefined)}`);
    const areas = view.areas
      .map((area) => ({
        ...area,
        deltaText: signed(area.delta),
        questions: area.questions
          .filter((question) => !flaggedOnly || question.flags.length > 0)
          .map((question) => ({ ...question, deltaText: signed(question.delta) })),
      }))
      .filter((area) => !flaggedOnly || area.questions.length > 0 || area.flags.length > 0);
    this.pages.render(request, response, 'follow-up/comparison', {
      title: this.pages.text(request, 'comparison.title'),
      documentTitle: this.pages.text(request, 'comparison.documentTitle', { after: view.evaluation.title, before: view.previousEvaluation.title }),
      view,
      areas,
      totalDelta: signed(view.total.delta),
      partlyCompared: view.total.areasCompared < view.areas.length,
      chart: view.areas.length > 0 ? chart : null,
      flaggedOnly,
      flagCounts: Object.entries(view.flagged).map(([flag, count]) => ({ flag, count })),
      canCarryOver: roleAtLeast(viewer.actor.role, 'manager'),
    });
  }

  @Get(':id/carry-over')
  async carryOverPage(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Query() query: RawQuery): Promise<void> {
    let view;
    try {
      view = await this.carryOver.suggestions(viewer.actor, id);
    } catch (error) {
      if (!hasNoPrevious(error)) throw error;
      return this.noPrevious(request, response, id, 'carryOver.title');
    }
    const show = text(query.show) === 'all' ? 'all' : text(query.show) === 'carried' ? 'carried' : 'waiting';
    const report = await this.evaluations.report(viewer.actor, id);
    const actionable = report.areas.flatMap((area) => [...area.findings.improvement, ...area.findings.weakness]);
    const items = view.items.filter((item) => show === 'all' || (show === 'carried' ? item.carriedOver : !item.carriedOver));
    const page = pager(request, items.length, CARRY_OVER_PAGE_SIZE);
    this.pages.render(request, response, 'follow-up/carry-over', {
      title: this.pages.text(request, 'carryOver.title'),
      documentTitle: this.pages.text(request, 'followUp.toCarryOver', { title: view.evaluation.title }),
      view,
      page,
      shows: ['waiting', 'carried', 'all'].map((value) => ({ value, selected: value === show })),
      items: items.slice(page.offset, page.offset + CARRY_OVER_PAGE_SIZE).map((item) => {
        const linked = new Set(item.actionPlan.findings.map((finding) => finding.id));
        const suggested = new Set(item.suggestions.map((suggestion) => suggestion.finding.id));
        const firstFree = item.suggestions.find((suggestion) => !linked.has(suggestion.finding.id));
        return {
          ...item,
          previousFindings: item.actionPlan.findings.filter((finding) => finding.evaluationId !== id),
          currentFindings: item.actionPlan.findings.filter((finding) => finding.evaluationId === id),
          suggestions: item.suggestions.map((suggestion) => ({ ...suggestion, linked: linked.has(suggestion.finding.id) })),
          choices: [
            ...item.suggestions
              .filter((suggestion) => !linked.has(suggestion.finding.id))
              .map((suggestion) => ({ ...suggestion.finding, suggested: true, selected: suggestion === firstFree })),
            ...actionable
              .filter((finding) => !suggested.has(finding.id) && !linked.has(finding.id))
              .map((finding) => ({ id: finding.id, areaNumber: finding.areaNumber, kind: finding.kind, text: finding.text, questionCode: finding.questionCode, suggested: false, selected: false })),
          ],
        };
      }),
      canLink: roleAtLeast(viewer.actor.role, 'manager'),
      here: request.originalUrl,
    });
  }

  @Post(':id/carry-over')
  @RequireRole('manager')
  async link(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Body() form: Record<string, unknown>): Promise<void> {
    const back = /^\/evaluations\/[0-9a-f-]{36}\/carry-over(\?[^#\s]*)?$/.test(text(form.returnTo)) && text(form.returnTo).startsWith(`/evaluations/${id}/`) ? text(form.returnTo) : `/evaluations/${id}/carry-over`;
    const planId = text(form.actionPlanId);
    const checked = await validate(CarryOverDto, { actionPlanId: planId, findingId: text(form.findingId) }, 'body');
    if (!checked.ok) {
      request.session.flashError = inLanguage(checked.errors, viewer.locale, 'carryOver')[0].message;
      return response.redirect(303, back);
    }
    try {
      const plan = await this.carryOver.accept(viewer.actor, id, checked.value);
      this.pages.redirect(request, response, `${back}#plan-${plan.id}`, 'carryOver.linked', { title: plan.title });
    } catch (error) {
      request.session.flashError = inLanguage(formErrorsOf(error), viewer.locale, 'carryOver')[0].message;
      response.redirect(303, `${back}#plan-${planId}`);
    }
  }

  private noPrevious(request: PageRequest, response: Response, id: string, titleKey: string): void {
    this.pages.render(request, response, 'follow-up/no-previous', { title: this.pages.text(request, titleKey), evaluationId: id }, 409);
  }
}
