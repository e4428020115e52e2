import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { roleAtLeast } from '../../common/auth/actor';
import { RequireRole } from '../../common/auth/auth.decorators';
import { ErrorDetail } from '../../common/errors/domain-error';
import { isDateOnly } from '../../common/http/date-only.validator';
import { UuidPipe } from '../../common/http/uuid.pipe';
import type { ActionPlanView } from '../../modules/action-plans/plans/action-plan.dto';
import { UpdateActionPlanDto } from '../../modules/action-plans/plans/action-plan.dto';
import { ActionPlansService } from '../../modules/action-plans/plans/action-plans.service';
import { areasOf } from '../../modules/action-plans/plans/plan-areas';
import { ProgressUpdatesService } from '../../modules/action-plans/updates/progress-updates.service';
import { AuditService } from '../../modules/audit/audit.service';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { UsersService } from '../../modules/identity/users/users.service';
import { formatDate, type MailLocale } from '../../modules/mail';
import { PageController, Viewer } from '../page.decorators';
import { FormSubmissions } from '../session/form-submissions';
import type { PageRequest } from '../session/page-request';
import { fieldError, formErrorsOf, inLanguage, summaryOf, text, validate } from '../views/forms';
import { checkProgressInput, progressFormModel, progressInputFor, progressInputOf, ProgressInput } from '../views/progress-form';
import { Pages } from '../views/pages';
import { atRows, findingIdsOf, findingsModel, findingsValue, mergeEdits, planBodyOf, PLAN_FIELDS, rowsOfTargets, rowsToShow, TargetRow, targetRowsOf, targetsBodyOf, targetsModel, targetsValue } from './plan-form';
import { PlanFormOptions } from './plan-form-options';
import { peopleIn, planTimeline } from './plan-timeline';

type Form = Record<string, unknown>;

/**
 * The fields of the edit form, in the order the form has them and the conflict page lists them:
 * the plan's own fields first (what an edit most often changes), then what it answers. The
 * findings and the targets are each one value (`findingsValue`, `targetsValue`): the whole set,
 * as the API replaces it.
 */
const EDITABLE = [...PLAN_FIELDS, 'findingIds', 'targets', 'status', 'cancellationReason'] as const;
type Editable = (typeof EDITABLE)[number];
/** The fields that are one input each. */
const SINGLE_FIELDS = EDITABLE.filter((field): field is Exclude<Editable, 'findingIds' | 'targets'> => field !== 'findingIds' && field !== 'targets');

/** The findings and target rows the edit form shows. */
interface Links {
  findingIds: string[];
  targets: TargetRow[];
}

@PageController()
@Controller('action-plans')
export class ActionPlanPageController {
  constructor(
    private readonly plans: ActionPlansService,
    private readonly updates: ProgressUpdatesService,
    private readonly options: PlanFormOptions,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly pages: Pages,
    private readonly submissions: FormSubmissions,
  ) {}

  /** En åtgärd: what it answers, who does it by when, where it stands, its history and its forms. */
  @Get(':id')
  async show(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string): Promise<void> {
    const plan = await this.plans.get(viewer.actor, id);
    await this.renderPlan(request, response, viewer, plan, progressInputFor(plan), [], this.submissions.newId());
  }

  /**
   * The addresses the plan's forms post to, opened with a GET: a refused form leaves them in the
   * address bar, and a reload or the language switch comes back to them. They show the plan.
   */
  @Get([':id/updates', ':id/reopen'])
  toPlan(@Req() request: PageRequest, @Res() response: Response, @Param('id', UuidPipe) id: string): void {
    this.pages.redirect(request, response, `/action-plans/${id}`);
  }

  /** The progress form: the owner's or a manager's update, checked by the same rules as the API's. */
  @Post(':id/updates')
  async postUpdate(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Body() form: Form): Promise<void> {
    const plan = await this.plans.get(viewer.actor, id);
    const input = progressInputOf(form);
    const userId = viewer.actor.userId;
    const submissionId = text(form.submissionId) || this.submissions.newId();
    // The same report sent again (a double click, a resend) is not a second report.
    const outcome = await this.submissions.once<ErrorDetail[]>(userId, submissionId, async () => {
      const checked = await checkProgressInput(input, plan);
      if (!checked.ok) return { refused: checked.errors };
      try {
        await this.updates.post(viewer.actor, id, checked.value);
        return { savedAt: `/action-plans/${id}` };
      } catch (error) {
        return { refused: formErrorsOf(error) };
      }
    });
    if ('earlier' in outcome) return this.pages.redirect(request, response, `/action-plans/${id}`, 'plan.updateAlreadySaved');
    if ('savedAt' in outcome) return this.pages.redirect(request, response, outcome.savedAt, 'plan.updateSaved');
    await this.renderPlan(request, response, viewer, plan, input, outcome.refused, submissionId, 400);
  }

  /**
   * Reopens a completed or cancelled plan (a manager's decision), so it takes progress updates
   * again; based on the version the page showed, like every change.
   */
  @Post(':id/reopen')
  @RequireRole('manager')
  async reopen(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Body() form: Form): Promise<void> {
    const version = Number.parseInt(text(form.version), 10);
    try {
      await this.plans.update(viewer.actor, id, { status: 'in_progress', version: Number.isNaN(version) ? undefined : version }, undefined);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'ACTION_PLAN.VERSION_CONFLICT') throw error;
      return this.pages.redirect(request, response, `/action-plans/${id}`, 'planHistory.reopenConflict');
    }
    return this.pages.redirect(request, response, `/action-plans/${id}`, 'planHistory.reopened');
  }

  /** The edit form for managers; it carries the version the change is based on. */
  @Get(':id/edit')
  @RequireRole('manager')
  async editForm(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string): Promise<void> {
    const plan = await this.plans.get(viewer.actor, id);
    await this.renderEdit(request, response, viewer, plan, valuesOf(plan), linksOf(plan, viewer.locale), valuesOf(plan), plan.version, [], null);
  }

  /**
   * Saves the edit form. When someone else changed the plan since the form was opened, the
   * answer is the conflict page: their values and the current ones side by side, and the form
   * filled with what this person changed over the current values, now based on the current
   * version. The form carries the values it showed when it opened (`shown.<field>`), which tell
   * what this person changed. The findings and the targets are sent when they differ from the
   * plan's, and then replace them, as in the API.
   */
  @Post(':id/edit')
  @RequireRole('manager')
  async edit(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Body() form: Form): Promise<void> {
    const links: Links = { findingIds: findingIdsOf(form), targets: targetRowsOf(form) };
    const typed = {
      ...Object.fromEntries(SINGLE_FIELDS.map((field) => [field, text(form[field])])),
      findingIds: findingsValue(links.findingIds),
      targets: targetsValue(links.targets),
    } as Record<Editable, string>;
    const shownAtOpen = shownValuesOf(form);
    const version = Number.parseInt(text(form.version), 10);
    const before = await this.plans.get(viewer.actor, id);
    const beforeValues = valuesOf(before);
    const { ownerId, ...fields } = planBodyOf(typed, null);
    const { targets, rowOf } = targetsBodyOf(links.targets);
    const body: Record<string, unknown> = {
      version: Number.isNaN(version) ? undefined : version,
      ...fields,
      // Links and targets replace the plan's, so they are sent only when they differ from them.
      ...(typed.findingIds !== beforeValues.findingIds ? { findingIds: links.findingIds } : {}),
      ...(typed.targets !== beforeValues.targets ? { targets } : {}),
      // The owner only when changed: a closed plan keeps an owner who has since left.
      ...(ownerId !== before.owner.id ? { ownerId } : {}),
      // Only a change of status is sent: cancelling (with its reason) or reopening.
      ...(typed.status !== before.status ? { status: typed.status } : {}),
      // A cancelled plan's reason, when cancelling or when the reason is reworded.
      ...(typed.status === 'cancelled' && (typed.status !== before.status || typed.cancellationReason !== (before.cancellation?.reason ?? ''))
        ? { cancellationReason: typed.cancellationReason }
        : {}),
    };
    const checked = await validate(UpdateActionPlanDto, body, 'body');
    let errors: ErrorDetail[] = checked.ok ? [] : checked.errors;
    if (checked.ok) {
      try {
        await this.plans.update(viewer.actor, id, checked.value, undefined);
        return this.pages.redirect(request, response, `/action-plans/${id}`, 'plan.editSaved');
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ACTION_PLAN.VERSION_CONFLICT') {
          const current = await this.plans.get(viewer.actor, id);
          const currentValues = valuesOf(current);
          const mine = shownAtOpen ? mergeEdits(shownAtOpen, typed, currentValues) : typed;
          const currentLinks = linksOf(current, viewer.locale);
          const myLinks: Links = {
            findingIds: mine.findingIds === typed.findingIds ? links.findingIds : currentLinks.findingIds,
            targets: mine.targets === typed.targets ? links.targets : currentLinks.targets,
          };
          return this.renderEdit(request, response, viewer, current, mine, myLinks, currentValues, current.version, [], currentValues, 409);
        }
        errors = formErrorsOf(error);
      }
    }
    const plan = await this.plans.get(viewer.actor, id);
    const refusals = inLanguage(atRows(errors, rowOf), this.pages.localeOf(request), 'planForm');
    await this.renderEdit(request, response, viewer, plan, typed, links, shownAtOpen ?? valuesOf(plan), Number.isNaN(version) ? plan.version : version, refusals, null, 400);
  }

  private async renderPlan(
    request: PageRequest,
    response: Response,
    viewer: SessionUser,
    plan: ActionPlanView,
    input: ProgressInput,
    errors: ErrorDetail[],
    submissionId: string,
    status = 200,
  ): Promise<void> {
    const [history, events] = await Promise.all([
      this.updates.list(viewer.actor, plan.id, { limit: 200, offset: 0 }),
      this.audit.list(viewer.actor, { entityType: 'action-plan', entityId: plan.id, limit: 200, offset: 0 }),
    ]);
    const names = await this.users.namesOf(viewer.actor.municipalityId, peopleIn(events.items));
    const isManager = roleAtLeast(viewer.actor.role, 'manager');
    // A completed or cancelled plan takes no progress updates until a manager reopens it.
    const closed = plan.status === 'completed' || plan.status === 'cancelled';
    const canPost = !closed && (isManager || plan.owner.id === viewer.actor.userId);
    const form = progressFormModel(input, errors, this.pages.localeOf(request));
    // A closed plan has no form to point into: a refused report is a notice, with the comment the person typed.
    const closedRefusal = closed && form.errors.length > 0 ? { messages: form.errors.map((error) => error.message), comment: input.comment.trim() || null } : null;
    const timeline = planTimeline(plan, history.items, events.items, names, {
      field: (name) => this.pages.text(request, name === 'findingIds' || name === 'targets' || name === 'effect' || name === 'effectComment' ? `planHistory.fields.${name}` : `planForm.fields.${name}`),
      label: (group, value) => this.pages.text(request, group === 'effect' ? `planHistory.effects.${value}` : `${group}.${value}`),
      system: this.pages.text(request, 'planHistory.system'),
      otherFinding: this.pages.text(request, 'planHistory.otherFinding'),
      points: (value) => this.pages.text(request, 'planHistory.points', { n: value }),
    });
    this.pages.render(
      request,
      response,
      'action-plans/plan',
      {
        title: plan.title,
        plan,
        areas: areasOf(plan),
        timeline,
        canPost,
        canEdit: isManager,
        ...form,
        errors: closedRefusal ? [] : form.errors,
        closedRefusal,
        formAction: `/action-plans/${plan.id}/updates`,
        checkInToken: null,
        submissionId,
        closed,
        canReopen: closed && isManager,
      },
      status,
    );
  }

  private async renderEdit(
    request: PageRequest,
    response: Response,
    viewer: SessionUser,
    plan: ActionPlanView,
    typed: Record<Editable, string>,
    links: Links,
    shownAtOpen: Record<Editable, string>,
    version: number,
    errors: ErrorDetail[],
    current: Record<Editable, string> | null,
    status = 200,
  ): Promise<void> {
    const [offered, choices] = await Promise.all([this.options.owners(viewer.actor), this.options.findingChoicesForPlan(viewer.actor, plan, links.findingIds)]);
    // An owner who can no longer be chosen (left, or a viewer now) stays the plan's owner until someone else is chosen.
    const owners = offered.some((owner) => owner.id === plan.owner.id)
      ? offered
      : [{ id: plan.owner.id, name: this.pages.text(request, 'planForm.formerOwner', { name: plan.owner.name }), unit: null }, ...offered];
    const offeredFindings = choices.areas.flatMap((area) => area.findings);
    const ownerName = (ownerId: string) => owners.find((owner) => owner.id === ownerId)?.name ?? plan.owner.name;
    const shown = (field: Exclude<Editable, 'findingIds'>, values: Record<Editable, string>) =>
      field === 'targets'
        ? this.targetsShown(request, values.targets)
        : field === 'ownerId'
          ? ownerName(values.ownerId)
          : field === 'priority' || field === 'status'
            ? this.pages.text(request, `${field}.${values[field]}`)
            : (field === 'startDate' || field === 'dueDate') && isDateOnly(values[field])
              ? formatDate(values[field], viewer.locale)
              : values[field];
    this.pages.render(
      request,
      response,
      'action-plans/edit',
      {
        title: this.pages.text(request, current ? 'planForm.conflictTitle' : 'planForm.editTitle', { title: plan.title }),
        plan,
        version,
        values: typed,
        shownAtOpen: EDITABLE.map((field) => ({ field, value: shownAtOpen[field] })),
        conflict: current
          ? EDITABLE.map((field) =>
              field === 'findingIds'
                ? { field, list: true, mine: offeredFindings.filter((finding) => links.findingIds.includes(finding.id)), theirs: plan.findings, differs: typed[field] !== current[field] }
                : { field, list: false, mine: shown(field, typed), theirs: shown(field, current), differs: typed[field] !== current[field] },
            )
          : null,
        areas: findingsModel(choices.areas, links.findingIds),
        targets: targetsModel(rowsToShow(links.targets, 1), choices.questions, errors),
        owners: owners.map((owner) => ({ ...owner, selected: owner.id === typed.ownerId })),
        priorities: ['low', 'medium', 'high'].map((value) => ({ value, selected: value === typed.priority })),
        // A manager sets planned, in progress or cancelled here; completed comes from a progress update.
        statuses: [...new Set([plan.status, 'planned', 'in_progress', 'cancelled'])].map((value) => ({ value, selected: value === typed.status })),
        errors: summaryOf(errors, 'title', EDITABLE),
        fieldErrors: Object.fromEntries(EDITABLE.map((field) => [field, fieldError(errors, field)])),
      },
      status,
    );
  }

  /** Targets as the conflict page writes them, one a line: `3.2: 4 poäng`. */
  private targetsShown(request: PageRequest, value: string): string {
    if (value === '') return '–';
    return value
      .split(' ')
      .map((target) => {
        const [code, points] = target.split('=');
        const count = Number(points);
        return Number.isFinite(count) ? this.pages.text(request, 'planForm.targetValue', { code, count }) : `${code}: ${points}`;
      })
      .join('\n');
  }
}

/** The values the edit form showed when it was opened, or null from a form without them. */
function shownValuesOf(form: Form): Record<Editable, string> | null {
  const shown = EDITABLE.map((field) => [field, form[`shown.${field}`]] as const);
  return shown.every(([, value]) => typeof value === 'string') ? (Object.fromEntries(shown) as Record<Editable, string>) : null;
}

/** A plan's findings and targets as its edit form shows them. */
function linksOf(plan: ActionPlanView, locale: MailLocale): Links {
  return { findingIds: plan.findings.map((finding) => finding.id), targets: rowsOfTargets(plan.targets, locale) };
}

function valuesOf(plan: ActionPlanView): Record<Editable, string> {
  return {
    findingIds: findingsValue(plan.findings.map((finding) => finding.id)),
    targets: targetsValue(rowsOfTargets(plan.targets)),
    title: plan.title,
    description: plan.description ?? '',
    ownerId: plan.owner.id,
    unit: plan.unit ?? '',
    startDate: plan.startDate ?? '',
    dueDate: plan.dueDate,
    priority: plan.priority,
    expectedEffect: plan.expectedEffect ?? '',
    status: plan.status,
    cancellationReason: plan.cancellation?.reason ?? '',
  };
}
