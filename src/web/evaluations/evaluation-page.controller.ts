import { Body, Controller, Get, Logger, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { roleAtLeast } from '../../common/auth/actor';
import { RequireRole } from '../../common/auth/auth.decorators';
import { DomainError, ErrorDetail } from '../../common/errors/domain-error';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { ActionPlansService } from '../../modules/action-plans/plans/action-plans.service';
import type { EvaluationReportView } from '../../modules/evaluations/evaluations/evaluation-report';
import { EvaluationsService } from '../../modules/evaluations/evaluations/evaluations.service';
import { CreateFindingDto } from '../../modules/evaluations/findings/finding.dto';
import { FindingsService } from '../../modules/evaluations/findings/findings.service';
import { ScoresService } from '../../modules/evaluations/scores/scores.service';
import { existedWhenConducted } from '../../modules/follow-up/effects/effect-derivation';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { fieldError, formErrorsOf, inLanguage, inputId, summaryOf, text, validate } from '../views/forms';
import { Pages } from '../views/pages';
import { reportModel, warningModels } from './report-model';

type Form = Record<string, unknown>;

/** What a person typed in the form for a new finding. */
interface FindingInput {
  areaNumber: string;
  kind: string;
  text: string;
  questionCode: string;
}

const EMPTY_FINDING: FindingInput = { areaNumber: '', kind: '', text: '', questionCode: '' };

/** A score as typed: Swedish decimal commas are read as points. */
function pointsOf(typed: string): number | string {
  const trimmed = typed.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : typed;
}

/**
 * En utvärdering: the score table, findings and references of one evaluation. A manager corrects
 * scores, adds findings (each is edited, moved or removed on its own page) and publishes it after
 * a confirmation that says what publishing does.
 */
@PageController()
@Controller('evaluations')
export class EvaluationPageController {
  private readonly logger = new Logger(EvaluationPageController.name);

  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly scores: ScoresService,
    private readonly findings: FindingsService,
    private readonly plans: ActionPlansService,
    private readonly pages: Pages,
  ) {}

  @Get(':id')
  async show(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string): Promise<void> {
    const report = await this.evaluations.report(viewer.actor, id);
    await this.renderEvaluation(request, response, viewer, report, EMPTY_FINDING, []);
  }

  @Post(':id/findings')
  @RequireRole('manager')
  async addFinding(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Body() form: Form): Promise<void> {
    const report = await this.evaluations.report(viewer.actor, id);
    const input: FindingInput = { areaNumber: text(form.areaNumber), kind: text(form.kind), text: text(form.text), questionCode: text(form.questionCode) };
    const checked = await validate(
      CreateFindingDto,
      {
        areaNumber: input.areaNumber === '' ? undefined : Number(input.areaNumber),
        kind: input.kind || undefined,
        text: input.text,
        questionCode: input.questionCode === '' ? null : input.questionCode,
      },
      'body',
    );
    let errors: ErrorDetail[] = checked.ok ? [] : checked.errors;
    if (checked.ok) {
      try {
        const finding = await this.findings.create(viewer.actor, id, checked.value);
        return this.pages.redirect(request, response, `/evaluations/${id}#finding-${finding.id}`, 'evaluation.findingAdded');
      } catch (error) {
        errors = formErrorsOf(error);
      }
    }
    await this.renderEvaluation(request, response, viewer, report, input, inLanguage(errors, this.pages.localeOf(request), 'evaluation'), 400);
  }

  /** Every sub-question's points in one form; only the changed ones are sent, all or nothing. */
  @Get(':id/scores')
  @RequireRole('manager')
  async scoreForm(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string): Promise<void> {
    const report = await this.evaluations.report(viewer.actor, id);
    const typed = Object.fromEntries(report.areas.flatMap((area) => area.questions.map((question) => [question.code, question.achievedPoints === null ? '' : String(question.achievedPoints)])));
    this.renderScores(request, response, report, typed, []);
  }

  @Post(':id/scores')
  @RequireRole('manager')
  async saveScores(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Body() form: Form): Promise<void> {
    const report = await this.evaluations.report(viewer.actor, id);
    const questions = report.areas.flatMap((area) => area.questions);
    const typed = Object.fromEntries(questions.map((question) => [question.code, text(form[`score-${question.code}`]).trim()]));
    // An empty field leaves a sub-question as it is; a changed one is sent.
    const rows = questions
      .filter((question) => typed[question.code] !== '' && pointsOf(typed[question.code]) !== question.achievedPoints)
      .map((question) => ({ questionCode: question.code, achievedPoints: pointsOf(typed[question.code]) }));
    if (rows.length === 0) return this.pages.redirect(request, response, `/evaluations/${id}`, 'evaluation.scoresUnchanged');
    try {
      await this.scores.setScores(viewer.actor, id, rows);
      return this.pages.redirect(request, response, `/evaluations/${id}`, 'evaluation.scoresSaved', { count: rows.length });
    } catch (error) {
      const errors = formErrorsOf(error).map((detail) => {
        const row = typeof detail.row === 'number' ? rows[detail.row] : undefined;
        const question = row ? questions.find((candidate) => candidate.code === row.questionCode) : undefined;
        return question
          ? { field: `score-${question.code}`, message: this.pages.text(request, 'evaluation.scoreError', { code: question.code, max: question.maxPoints }) }
          : detail;
      });
      this.renderScores(request, response, report, typed, errors, 400);
    }
  }

  /** What publishing does, before it is done: the confirmation page. */
  @Get(':id/publish')
  @RequireRole('manager')
  async publishForm(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string): Promise<void> {
    const report = await this.evaluations.report(viewer.actor, id);
    if (report.status === 'published') return this.pages.redirect(request, response, `/evaluations/${id}`, 'evaluation.alreadyPublished');
    await this.renderPublish(request, response, viewer, report, false);
  }

  @Post(':id/publish')
  @RequireRole('manager')
  async publish(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string): Promise<void> {
    const report = await this.evaluations.report(viewer.actor, id);
    if (report.status === 'published') return this.pages.redirect(request, response, `/evaluations/${id}`, 'evaluation.alreadyPublished');
    try {
      await this.evaluations.publish(viewer.actor, id);
    } catch (error) {
      if (error instanceof DomainError && Number(error.status) < 500) throw error;
      // Publishing is one transaction: when any step fails, nothing of it was kept.
      this.logger.error(`Publishing evaluation ${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return this.renderPublish(request, response, viewer, await this.evaluations.report(viewer.actor, id), true, 500);
    }
    this.pages.redirect(request, response, `/evaluations/${id}`, 'evaluation.published');
  }

  private async renderEvaluation(
    request: PageRequest,
    response: Response,
    viewer: SessionUser,
    report: EvaluationReportView,
    input: FindingInput,
    errors: ErrorDetail[],
    status = 200,
  ): Promise<void> {
    const isManager = roleAtLeast(viewer.actor.role, 'manager');
    const previous = report.previousEvaluationId ? await this.evaluations.ref(viewer.actor, report.previousEvaluationId).catch(() => null) : null;
    const locale = this.pages.localeOf(request);
    this.pages.render(
      request,
      response,
      'evaluations/evaluation',
      {
        title: report.title,
        evaluation: report,
        previous: previous ? { id: previous.id, title: previous.title } : null,
        isDraft: report.status === 'draft',
        isManager,
        editable: isManager,
        ...reportModel(report),
        warnings: warningModels(report.warnings, report, locale),
        findingForm: {
          values: input,
          areas: report.areas.map((area) => ({ value: String(area.number), title: area.title, selected: input.areaNumber === String(area.number) })),
          kinds: ['strength', 'improvement', 'weakness'].map((value) => ({ value, checked: input.kind === value })),
          open: errors.length > 0,
        },
        errors: summaryOf(errors, 'text'),
        fieldErrors: {
          areaNumber: fieldError(errors, 'areaNumber'),
          kind: fieldError(errors, 'kind'),
          text: fieldError(errors, 'text'),
          questionCode: fieldError(errors, 'questionCode'),
        },
      },
      status,
    );
  }

  private renderScores(request: PageRequest, response: Response, report: EvaluationReportView, typed: Record<string, string>, errors: ErrorDetail[], status = 200): void {
    this.pages.render(
      request,
      response,
      'evaluations/scores',
      {
        title: this.pages.text(request, 'evaluation.scoresTitle', { title: report.title }),
        evaluation: report,
        isDraft: report.status === 'draft',
        areas: report.areas.map((area) => ({
          number: area.number,
          title: area.title,
          questions: area.questions.map((question) => ({
            code: question.code,
            // `1.2` as an id would not match the error summary's link, which writes a dot as a dash.
            inputId: inputId(`score-${question.code}`),
            text: question.text,
            maxPoints: question.maxPoints,
            value: typed[question.code] ?? '',
            error: fieldError(errors, `score-${question.code}`),
          })),
        })),
        errors: summaryOf(errors, `score-${report.areas[0]?.questions[0]?.code ?? ''}`),
      },
      status,
    );
  }

  private async renderPublish(request: PageRequest, response: Response, viewer: SessionUser, report: EvaluationReportView, failed: boolean, status = 200): Promise<void> {
    const previous = report.previousEvaluationId ? await this.evaluations.ref(viewer.actor, report.previousEvaluationId).catch(() => null) : null;
    const linked = previous ? await this.plans.linkedToEvaluation(viewer.actor, previous.id) : [];
    const latest = await this.evaluations.latestPublished(viewer.actor);
    const unscored = report.areas.reduce((sum, area) => sum + area.questions.filter((question) => question.achievedPoints === null).length, 0);
    this.pages.render(
      request,
      response,
      'evaluations/publish',
      {
        title: this.pages.text(request, 'evaluation.publishTitle', { title: report.title }),
        evaluation: report,
        isDraft: true,
        failed,
        // It becomes what Översikt, Fynd and the digests work from when nothing newer is published.
        becomesCurrent: !latest || latest.conductedOn <= report.conductedOn,
        current: latest ? { id: latest.id, title: latest.title } : null,
        unscored,
        previous: previous ? { id: previous.id, title: previous.title } : null,
        plans: linked.map((plan) => ({
          id: plan.id,
          title: plan.title,
          status: plan.status,
          targets: plan.targets.map((target) => target.questionCode).join(', '),
          effect: plan.effect,
          overridden: plan.effectSetBy !== null,
          // As publishing derives it: a plan decided on after this evaluation was conducted cannot have moved its points.
          decidedAfter: !existedWhenConducted(plan.createdAt, report.conductedOn, viewer.municipality.timezone),
        })),
        findingCount: reportModel(report).findingCount,
      },
      status,
    );
  }
}
