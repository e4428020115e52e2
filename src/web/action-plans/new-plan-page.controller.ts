import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../../common/auth/auth.decorators';
import { ErrorDetail, NotFoundError } from '../../common/errors/domain-error';
import { isUuid } from '../../common/http/uuid.pipe';
import { CreateActionPlanDto } from '../../modules/action-plans/plans/action-plan.dto';
import { ActionPlansService } from '../../modules/action-plans/plans/action-plans.service';
import { EvaluationsService } from '../../modules/evaluations/evaluations/evaluations.service';
import { FindingsService } from '../../modules/evaluations/findings/findings.service';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { PageController, Viewer } from '../page.decorators';
import { FormSubmissions } from '../session/form-submissions';
import type { PageRequest } from '../session/page-request';
import { fieldError, formErrorsOf, inLanguage, summaryOf, text, validate } from '../views/forms';
import { Pages } from '../views/pages';
import { atRows, findingIdsOf, findingsModel, PLAN_FIELDS, planBodyOf, planFieldsOf, PlanFields, rowsToShow, TargetRow, targetRowsOf, targetsBodyOf, targetsModel } from './plan-form';
import { PlanFormOptions } from './plan-form-options';

/** Rows for targets a new plan's form shows at least (it works without JavaScript); blank rows are left out. */
const TARGET_ROWS = 3;

interface NewPlanValues {
  /** The form's own id, which keeps a double click or a resend from creating the plan twice. */
  submissionId: string;
  fields: PlanFields;
  findingIds: string[];
  targets: TargetRow[];
}

/**
 * Ny åtgärd: the findings of one evaluation (improvement opportunities and weaknesses) to answer,
 * an owner, dates, priority, expected effect and targets. Opened from a finding, the form has it
 * ticked.
 */
@PageController()
@Controller('action-plans/new')
@RequireRole('manager')
export class NewPlanPageController {
  constructor(
    private readonly plans: ActionPlansService,
    private readonly evaluations: EvaluationsService,
    private readonly findings: FindingsService,
    private readonly options: PlanFormOptions,
    private readonly pages: Pages,
    private readonly submissions: FormSubmissions,
  ) {}

  @Get()
  async form(
    @Req() request: PageRequest,
    @Res() response: Response,
    @Viewer() viewer: SessionUser,
    @Query('evaluationId') evaluationId?: string,
    @Query('findingId') findingId?: string,
  ): Promise<void> {
    const finding = findingId && isUuid(findingId) ? await this.findings.find(viewer.actor, findingId) : null;
    const evaluation = finding?.evaluationId ?? (evaluationId && isUuid(evaluationId) ? evaluationId : null);
    const values: NewPlanValues = {
      submissionId: this.submissions.newId(),
      fields: { title: '', description: '', ownerId: '', unit: '', startDate: '', dueDate: '', priority: 'medium', expectedEffect: '' },
      findingIds: finding ? [finding.id] : [],
      targets: [],
    };
    await this.render(request, response, viewer, evaluation, values, []);
  }

  @Post()
  async create(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Body() form: Record<string, unknown>): Promise<void> {
    const userId = viewer.actor.userId;
    const values: NewPlanValues = {
      submissionId: text(form.submissionId) || this.submissions.newId(),
      fields: planFieldsOf(form),
      findingIds: findingIdsOf(form),
      targets: targetRowsOf(form),
    };
    const { targets, rowOf } = targetsBodyOf(values.targets);
    const body = { ...planBodyOf(values.fields, undefined), findingIds: values.findingIds, targets };
    // The same form sent again (a double click, a resend): its plan, not a second one.
    const outcome = await this.submissions.once<ErrorDetail[]>(userId, values.submissionId, async () => {
      const checked = await validate(CreateActionPlanDto, body, 'body');
      if (!checked.ok) return { refused: checked.errors };
      try {
        return { savedAt: `/action-plans/${(await this.plans.create(viewer.actor, checked.value)).id}` };
      } catch (error) {
        return { refused: formErrorsOf(error) };
      }
    });
    if ('earlier' in outcome) {
      return outcome.earlier.location
        ? this.pages.redirect(request, response, outcome.earlier.location, 'newPlan.alreadyCreated')
        : this.pages.redirect(request, response, '/action-plans?sort=-createdAt', 'newPlan.stillSaving');
    }
    if ('savedAt' in outcome) return this.pages.redirect(request, response, outcome.savedAt, 'newPlan.created');
    const evaluationId = text(form.evaluationId);
    const errors = inLanguage(atRows(outcome.refused, rowOf), this.pages.localeOf(request), 'planForm');
    await this.render(request, response, viewer, isUuid(evaluationId) ? evaluationId : null, values, errors, 400);
  }

  private async render(
    request: PageRequest,
    response: Response,
    viewer: SessionUser,
    evaluationId: string | null,
    values: NewPlanValues,
    errors: ErrorDetail[],
    status = 200,
  ): Promise<void> {
    const evaluation = evaluationId ?? (await this.evaluations.latestPublished(viewer.actor))?.id;
    if (!evaluation) throw new NotFoundError('WEB.NO_PUBLISHED_EVALUATION', 'There is no published evaluation to take findings from');
    const [choices, owners, evaluations] = await Promise.all([
      this.options.findingChoices(viewer.actor, [evaluation]),
      this.options.owners(viewer.actor),
      this.evaluations.list(viewer.actor, { limit: 100, offset: 0 }),
    ]);
    const [report] = choices.evaluations;
    this.pages.render(
      request,
      response,
      'action-plans/new',
      {
        title: this.pages.text(request, 'newPlan.title'),
        evaluation: report,
        evaluations: evaluations.items.map((item) => ({ id: item.id, title: item.title, selected: item.id === report.id })),
        areas: findingsModel(choices.areas, values.findingIds),
        owners: owners.map((owner) => ({ ...owner, selected: owner.id === values.fields.ownerId })),
        priorities: ['low', 'medium', 'high'].map((value) => ({ value, selected: value === values.fields.priority })),
        targets: targetsModel(rowsToShow(values.targets, TARGET_ROWS), choices.questions, errors),
        values: values.fields,
        submissionId: values.submissionId,
        errors: summaryOf(errors, 'title', ['evaluationId', 'findingIds', ...PLAN_FIELDS, 'targets']),
        fieldErrors: {
          ...Object.fromEntries(PLAN_FIELDS.map((field) => [field, fieldError(errors, field)])),
          findingIds: fieldError(errors, 'findingIds'),
        },
      },
      status,
    );
  }
}
