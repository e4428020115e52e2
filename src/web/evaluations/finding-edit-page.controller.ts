import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../../common/auth/auth.decorators';
import { ErrorDetail } from '../../common/errors/domain-error';
import { UuidPipe } from '../../common/http/uuid.pipe';
import type { EvaluationReportView } from '../../modules/evaluations/evaluations/evaluation-report';
import { EvaluationsService } from '../../modules/evaluations/evaluations/evaluations.service';
import { UpdateFindingDto } from '../../modules/evaluations/findings/finding.dto';
import { FindingsService } from '../../modules/evaluations/findings/findings.service';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { fieldError, formErrorsOf, inLanguage, summaryOf, text, validate } from '../views/forms';
import { Pages } from '../views/pages';

type Form = Record<string, unknown>;

interface FindingEditInput {
  text: string;
  questionCode: string;
  position: string;
}

/**
 * Ändra fynd (managers): a finding's text and sub-question, its place among the findings of its
 * area and kind, or its removal (refused while action plans answer it).
 */
@PageController()
@Controller('findings')
export class FindingEditPageController {
  constructor(
    private readonly findings: FindingsService,
    private readonly evaluations: EvaluationsService,
    private readonly pages: Pages,
  ) {}

  @Get(':id/edit')
  @RequireRole('manager')
  async editForm(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string): Promise<void> {
    const finding = await this.findings.find(viewer.actor, id);
    const report = await this.evaluations.report(viewer.actor, finding.evaluationId);
    this.render(request, response, report, id, { text: finding.text, questionCode: finding.questionCode ?? '', position: String(finding.position) }, []);
  }

  @Post(':id/edit')
  @RequireRole('manager')
  async edit(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Body() form: Form): Promise<void> {
    const finding = await this.findings.find(viewer.actor, id);
    const input: FindingEditInput = { text: text(form.text), questionCode: text(form.questionCode), position: text(form.position) };
    const position = Number.parseInt(input.position, 10);
    const checked = await validate(
      UpdateFindingDto,
      {
        text: input.text,
        questionCode: input.questionCode === '' ? null : input.questionCode,
        ...(Number.isNaN(position) || position === finding.position ? {} : { position }),
      },
      'body',
    );
    let errors: ErrorDetail[] = checked.ok ? [] : checked.errors;
    if (checked.ok) {
      try {
        await this.findings.update(viewer.actor, id, checked.value);
        return this.pages.redirect(request, response, `/evaluations/${finding.evaluationId}#finding-${id}`, 'evaluation.findingSaved');
      } catch (error) {
        errors = formErrorsOf(error);
      }
    }
    const report = await this.evaluations.report(viewer.actor, finding.evaluationId);
    this.render(request, response, report, id, input, inLanguage(errors, this.pages.localeOf(request), 'evaluation'), 400);
  }

  /** The address the delete form posts to, opened with a GET (a reload, the language switch): the finding's form. */
  @Get(':id/delete')
  toFindingForm(@Req() request: PageRequest, @Res() response: Response, @Param('id', UuidPipe) id: string): void {
    this.pages.redirect(request, response, `/findings/${id}/edit`);
  }

  /** Removes it; while a plan answers it, the page says so and nothing changes. */
  @Post(':id/delete')
  @RequireRole('manager')
  async delete(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string): Promise<void> {
    const finding = await this.findings.find(viewer.actor, id);
    try {
      await this.findings.delete(viewer.actor, id);
    } catch (error) {
      const [problem] = formErrorsOf(error);
      request.session.flashError = (error as { code?: string }).code === 'FINDING.HAS_ACTION_PLANS' ? this.pages.text(request, 'evaluation.findingHasPlans') : problem.message;
      return response.redirect(303, `/findings/${id}/edit`);
    }
    this.pages.redirect(request, response, `/evaluations/${finding.evaluationId}`, 'evaluation.findingDeleted');
  }

  private render(request: PageRequest, response: Response, report: EvaluationReportView, id: string, input: FindingEditInput, errors: ErrorDetail[], status = 200): void {
    const area = report.areas.find((candidate) => Object.values(candidate.findings).some((list) => list.some((finding) => finding.id === id)))!;
    const kind = (['strength', 'improvement', 'weakness'] as const).find((candidate) => area.findings[candidate].some((finding) => finding.id === id))!;
    const siblings = area.findings[kind];
    this.pages.render(
      request,
      response,
      'evaluations/finding-edit',
      {
        title: this.pages.text(request, 'evaluation.findingEditTitle'),
        evaluation: report,
        isDraft: report.status === 'draft',
        findingId: id,
        area: { number: area.number, title: area.title },
        kind,
        values: input,
        questions: area.questions.map((question) => ({ code: question.code, text: question.text, selected: question.code === input.questionCode })),
        positions: siblings.map((sibling, index) => ({
          value: String(index + 1),
          selected: String(index + 1) === input.position,
          text: sibling.text,
          self: sibling.id === id,
        })),
        errors: summaryOf(errors, 'text'),
        fieldErrors: { text: fieldError(errors, 'text'), questionCode: fieldError(errors, 'questionCode'), position: fieldError(errors, 'position') },
      },
      status,
    );
  }
}
