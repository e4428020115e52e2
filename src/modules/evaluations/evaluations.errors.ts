import { ConflictError, NotFoundError, UnacceptableError, ValidationFailedError } from '../../common/errors/domain-error';

export enum EvaluationsErrorCode {
  EvaluationNotFound = 'EVALUATION.NOT_FOUND',
  PreviousNotFound = 'EVALUATION.PREVIOUS_NOT_FOUND',
  EvaluationHasActionPlans = 'EVALUATION.HAS_ACTION_PLANS',
  EvaluationHasFollowUps = 'EVALUATION.HAS_FOLLOW_UPS',
  FindingNotFound = 'FINDING.NOT_FOUND',
  FindingHasActionPlans = 'FINDING.HAS_ACTION_PLANS',
  FindingNotActionable = 'FINDING.NOT_ACTIONABLE',
  FrameworkNotFound = 'FRAMEWORK.NOT_FOUND',
  ReferenceNotFound = 'REFERENCE.NOT_FOUND',
  NotAReport = 'IMPORT.NOT_A_REPORT',
  DuplicateImport = 'IMPORT.DUPLICATE',
  UnsupportedFormat = 'IMPORT.UNSUPPORTED_FORMAT',
  UnreadableFile = 'IMPORT.UNREADABLE_FILE',
  NoTextLayer = 'IMPORT.NO_TEXT_LAYER',
}

export const evaluationNotFound = () => new NotFoundError(EvaluationsErrorCode.EvaluationNotFound, 'Evaluation not found');

export const previousEvaluationNotFound = () =>
  new NotFoundError(EvaluationsErrorCode.PreviousNotFound, 'previousEvaluationId: no such evaluation', [
    { field: 'previousEvaluationId', message: 'previousEvaluationId is not an evaluation of your municipality' },
  ]);

export const invalidPrevious = (message: string) => new ValidationFailedError([{ field: 'previousEvaluationId', message }]);

export const evaluationHasActionPlans = () =>
  new ConflictError(EvaluationsErrorCode.EvaluationHasActionPlans, 'Action plans link to findings of this evaluation; unlink or delete them first');

/** Names each evaluation whose `previousEvaluationId` is the one to be deleted. */
export const evaluationHasFollowUps = (followUps: { id: string; title: string; conductedOn: string }[]) =>
  new ConflictError(
    EvaluationsErrorCode.EvaluationHasFollowUps,
    `${followUps.map((followUp) => `"${followUp.title}" (${followUp.id}, conducted on ${followUp.conductedOn})`).join(', ')} ${followUps.length === 1 ? 'follows' : 'follow'} this evaluation up; delete ${followUps.length === 1 ? 'it' : 'them'} or change ${followUps.length === 1 ? 'its' : 'their'} previousEvaluationId first. Nothing was deleted`,
    followUps.map((followUp) => ({ message: 'follows this evaluation up', evaluationId: followUp.id, title: followUp.title, conductedOn: followUp.conductedOn })),
  );

export const findingNotFound = () => new NotFoundError(EvaluationsErrorCode.FindingNotFound, 'Finding not found');

export const findingHasActionPlans = () =>
  new ConflictError(EvaluationsErrorCode.FindingHasActionPlans, 'Action plans link to this finding; unlink them first, or dismiss the finding instead');

export const findingNotDismissable = () =>
  new UnacceptableError(EvaluationsErrorCode.FindingNotActionable, 'Only improvement opportunities and weaknesses can be dismissed');

export const frameworkNotFound = () => new NotFoundError(EvaluationsErrorCode.FrameworkNotFound, 'Framework not found');

export const referenceNotFound = () => new NotFoundError(EvaluationsErrorCode.ReferenceNotFound, 'Reference not found');
