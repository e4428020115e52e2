import { HttpStatus } from '@nestjs/common';
import { ConflictError, DomainError, ErrorDetail, ValidationFailedError } from '../../../common/errors/domain-error';

export const versionRequired = () =>
  new DomainError(HttpStatus.PRECONDITION_REQUIRED, 'ACTION_PLAN.VERSION_REQUIRED', 'Send the version you are changing, as the body field version or an If-Match header');

export const versionConflict = (current: number) =>
  new ConflictError('ACTION_PLAN.VERSION_CONFLICT', `Someone changed this action plan meanwhile (now version ${current}); reload it and try again`, [
    { field: 'version', message: `the current version is ${current}`, currentVersion: current },
  ]);

export const notDeletable = () =>
  new ConflictError('ACTION_PLAN.NOT_DELETABLE', 'Only a planned action plan without progress updates can be deleted; cancel it instead');

export const findingsNotFound = (ids: string[]) =>
  new DomainError(
    HttpStatus.NOT_FOUND,
    'ACTION_PLAN.FINDING_NOT_FOUND',
    `findingIds: ${ids.length === 1 ? 'a finding was' : 'findings were'} not found`,
    ids.map((id) => ({ field: 'findingIds', message: `finding ${id} not found`, findingId: id })),
  );

export const planNotOpen = (status: string) =>
  new ConflictError('ACTION_PLAN.NOT_OPEN', `Only a planned or in-progress action plan can be carried over; this one is ${status}`);

export const alreadyLinked = () => new ConflictError('ACTION_PLAN.ALREADY_LINKED', 'The action plan is already linked to this finding');

/** Completed and cancelled plans take no progress until a manager reopens them. */
export const planClosed = (status: string) =>
  new ConflictError(
    'ACTION_PLAN.CLOSED',
    `This action plan is ${status} and takes no progress updates; a manager can reopen it (PATCH status in_progress or planned)`,
  );

/** A user who owns open plans cannot leave them without someone taking them over. */
export const openPlansNeedSuccessor = (plans: { id: string; title: string; dueDate: string }[]) =>
  new ConflictError(
    'ACTION_PLAN.OWNER_HAS_OPEN_PLANS',
    `The user owns ${plans.length === 1 ? 'an open action plan' : `${plans.length} open action plans`}; name the user who takes ${plans.length === 1 ? 'it' : 'them'} over in successorId`,
    plans.map((plan) => ({ field: 'successorId', message: `owns "${plan.title}"`, actionPlanId: plan.id, title: plan.title, dueDate: plan.dueDate })),
  );

export const invalidPlan = (details: ErrorDetail[]) => new ValidationFailedError(details);
