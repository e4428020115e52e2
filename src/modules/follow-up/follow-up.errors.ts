import { HttpStatus } from '@nestjs/common';
import { ConflictError, DomainError, UnacceptableError } from '../../common/errors/domain-error';

export enum FollowUpErrorCode {
  NoPreviousEvaluation = 'FOLLOW_UP.NO_PREVIOUS_EVALUATION',
  NotPublished = 'FOLLOW_UP.NOT_PUBLISHED',
  FindingNotInEvaluation = 'FOLLOW_UP.FINDING_NOT_IN_EVALUATION',
  ComparisonJsonOnly = 'FOLLOW_UP.COMPARISON_JSON_ONLY',
}

/**
 * 409: the evaluation exists, but in its present state (no previous evaluation set) there is
 * nothing to compare or carry over; setting `previousEvaluationId` resolves it.
 */
export const noPreviousEvaluation = () =>
  new ConflictError(
    FollowUpErrorCode.NoPreviousEvaluation,
    'This evaluation does not follow up an earlier one; set its previousEvaluationId to compare it or carry action plans over',
  );

/** 409: effects are derived from a published follow-up only (publishing derives them). */
export const notPublished = () =>
  new ConflictError(FollowUpErrorCode.NotPublished, 'Effects are derived when the follow-up evaluation is published; publish it first');

/** 406: the comparison is data for programs; a browser asking for HTML gets told so, not JSON. */
export const comparisonIsJsonOnly = (evaluationId: string) =>
  new DomainError(
    HttpStatus.NOT_ACCEPTABLE,
    FollowUpErrorCode.ComparisonJsonOnly,
    `The comparison API answers application/json only; people read it on the page /evaluations/${evaluationId}/comparison`,
  );

/** 422: the finding exists, but belongs to another evaluation than the one carried over to. */
export const findingNotInEvaluation = () =>
  new UnacceptableError(FollowUpErrorCode.FindingNotInEvaluation, 'The finding is not one of this evaluation', [
    { field: 'findingId', message: 'findingId must be a finding of this evaluation' },
  ]);
