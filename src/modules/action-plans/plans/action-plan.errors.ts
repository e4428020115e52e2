import { HttpStatus } from '@nestjs/common';
import { OWNER_REQUIREMENT } from './plan-owners';
import { ConflictError, DomainError, ErrorDetail, NotFoundError, UnacceptableError, ValidationFailedError } from '../../../common/errors/domain-error';

export enum ActionPlanErrorCode {
  NotFound = 'ACTION_PLAN.NOT_FOUND',
  VersionRequired = 'ACTION_PLAN.VERSION_REQUIRED',
  VersionConflict = 'ACTION_PLAN.VERSION_CONFLICT',
  NotDeletable = 'ACTION_PLAN.NOT_DELETABLE',
  NotOpen = 'ACTION_PLAN.NOT_OPEN',
  AlreadyLinked = 'ACTION_PLAN.ALREADY_LINKED',
  FindingNotFound = 'ACTION_PLAN.FINDING_NOT_FOUND',
  FindingNotActionable = 'ACTION_PLAN.FINDING_NOT_ACTIONABLE',
  OwnerNotFound = 'ACTION_PLAN.OWNER_NOT_FOUND',
  OwnerCannotAct = 'ACTION_PLAN.OWNER_CANNOT_ACT',
  Closed = 'ACTION_PLAN.CLOSED',
  OwnerHasOpenPlans = 'ACTION_PLAN.OWNER_HAS_OPEN_PLANS',
  SuccessorNotFound = 'ACTION_PLAN.SUCCESSOR_NOT_FOUND',
  SuccessorCannotAct = 'ACTION_PLAN.SUCCESSOR_CANNOT_ACT',
}

export const actionPlanNotFound = () => new NotFoundError(ActionPlanErrorCode.NotFound, 'Action plan not found');

export const versionRequired = () =>
  new DomainError(HttpStatus.PRECONDITION_REQUIRED, ActionPlanErrorCode.VersionRequired, 'Send the version you are changing, as the body field version or an If-Match header');

export const versionConflict = (current: number) =>
  new ConflictError(ActionPlanErrorCode.VersionConflict, `Someone changed this action plan meanwhile (now version ${current}); reload it and try again`, [
    { field: 'version', message: `the current version is ${current}`, currentVersion: current },
  ]);

export const notDeletable = () =>
  new ConflictError(ActionPlanErrorCode.NotDeletable, 'Only a planned action plan without progress updates can be deleted; cancel it instead');

export const findingsNotFound = (ids: string[]) =>
  new NotFoundError(
    ActionPlanErrorCode.FindingNotFound,
    `findingIds: ${ids.length === 1 ? 'a finding was' : 'findings were'} not found`,
    ids.map((id) => ({ field: 'findingIds', message: `finding ${id} not found`, findingId: id })),
  );

/** 422: the finding exists, but a strength is nothing to act on. */
export const findingNotActionable = (field: string, finding: { id: string; kind: string }) =>
  new UnacceptableError(ActionPlanErrorCode.FindingNotActionable, 'Action plans answer improvement opportunities and weaknesses', [
    { field, message: `finding ${finding.id} is a ${finding.kind}; action plans answer improvement opportunities and weaknesses`, findingId: finding.id },
  ]);

/** 404, as for a finding: another municipality's user does not exist for the caller. */
export const ownerNotFound = () =>
  new NotFoundError(ActionPlanErrorCode.OwnerNotFound, 'ownerId: no such user in your municipality', [
    { field: 'ownerId', message: 'ownerId must be a user of your municipality' },
  ]);

/** 422: the user exists, but cannot act on a plan (deactivated, or a viewer). */
export const ownerCannotAct = () =>
  new UnacceptableError(ActionPlanErrorCode.OwnerCannotAct, 'The owner must be able to report on the plan', [
    { field: 'ownerId', message: `ownerId must be ${OWNER_REQUIREMENT}` },
  ]);

export const successorNotFound = () =>
  new NotFoundError(ActionPlanErrorCode.SuccessorNotFound, 'successorId: no such user in your municipality', [
    { field: 'successorId', message: 'successorId must be a user of your municipality' },
  ]);

/** 422: the successor exists, but cannot take the plans over (the user leaving, deactivated, or a viewer). */
export const successorCannotAct = () =>
  new UnacceptableError(ActionPlanErrorCode.SuccessorCannotAct, 'The successor must be able to report on the plans', [
    { field: 'successorId', message: `successorId must be ${OWNER_REQUIREMENT}, other than the user leaving` },
  ]);

export const planNotOpen = (status: string) =>
  new ConflictError(ActionPlanErrorCode.NotOpen, `Only a planned or in-progress action plan can be carried over; this one is ${status}`);

export const alreadyLinked = () => new ConflictError(ActionPlanErrorCode.AlreadyLinked, 'The action plan is already linked to this finding');

/** Completed and cancelled plans take no progress until a manager reopens them. */
export const planClosed = (status: string) =>
  new ConflictError(
    ActionPlanErrorCode.Closed,
    `This action plan is ${status} and takes no progress updates; a manager can reopen it (PATCH status in_progress or planned)`,
  );

/** A user who owns open plans cannot leave them without someone taking them over. */
export const openPlansNeedSuccessor = (plans: { id: string; title: string; dueDate: string }[]) =>
  new ConflictError(
    ActionPlanErrorCode.OwnerHasOpenPlans,
    `The user owns ${plans.length === 1 ? 'an open action plan' : `${plans.length} open action plans`}; name the user who takes ${plans.length === 1 ? 'it' : 'them'} over in successorId`,
    plans.map((plan) => ({ field: 'successorId', message: `owns "${plan.title}"`, actionPlanId: plan.id, title: plan.title, dueDate: plan.dueDate })),
  );

export const invalidPlan = (details: ErrorDetail[]) => new ValidationFailedError(details);
