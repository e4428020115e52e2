import type { ErrorDetail } from '../../common/errors/domain-error';
import { HEALTHS, REPORTABLE_STATUSES } from '../../modules/action-plans/plans/action-plan.constants';
import type { ActionPlanStatus } from '../../modules/action-plans/plans/action-plan.constants';
import { CreateProgressUpdateDto } from '../../modules/action-plans/updates/progress-update.dto';
import type { MailLocale } from '../../modules/mail';
import { fieldError, inLanguage, summaryOf, text, validate, Validated } from './forms';

/**
 * The progress form ("Rapportera läget"), shared by the plan page and the check-in page of an
 * e-mail link: read the same way, checked by the API's DTO, then posted to the same service, so
 * both forms accept and refuse exactly what the API does. The form is the partial
 * `pages/progress-form`.
 */

/** What a person typed in the progress form, as the form shows it again. */
export interface ProgressInput {
  status: string;
  health: string;
  progress: string;
  comment: string;
}

type Form = Record<string, unknown>;

export function progressInputOf(form: Form): ProgressInput {
  return { status: text(form.status), health: text(form.health), progress: text(form.progress).trim(), comment: text(form.comment) };
}

/** The form as it opens: the plan's current state, no comment. */
export function progressInputFor(plan: { status: ActionPlanStatus; health: string | null; progress: number }): ProgressInput {
  return { status: plan.status, health: plan.health ?? '', progress: String(plan.progress), comment: '' };
}

/**
 * The update the form asks for, checked as the API checks its body. The status is sent only
 * when changed, as a person leaving it alone means "as it is"; a blank comment is none.
 */
export function checkProgressInput(input: ProgressInput, plan: { status: ActionPlanStatus }): Promise<Validated<CreateProgressUpdateDto>> {
  const body: Record<string, unknown> = { health: input.health || undefined, progress: input.progress === '' ? undefined : Number(input.progress) };
  if (input.status && input.status !== plan.status) body.status = input.status;
  if (input.comment.trim() !== '') body.comment = input.comment;
  return validate(CreateProgressUpdateDto, body, 'body');
}

/** What the partial `pages/progress-form` reads, with the errors in the page's language. */
export function progressFormModel(input: ProgressInput, errors: ErrorDetail[], locale: MailLocale) {
  const worded = inLanguage(errors, locale, 'plan');
  return {
    form: {
      ...input,
      statuses: REPORTABLE_STATUSES.map((value) => ({ value, selected: input.status === value })),
      healths: HEALTHS.map((value) => ({ value, checked: input.health === value })),
    },
    errors: summaryOf(worded, 'health'),
    healthError: fieldError(worded, 'health'),
    progressError: fieldError(worded, 'progress'),
    commentError: fieldError(worded, 'comment'),
    statusError: fieldError(worded, 'status'),
  };
}
