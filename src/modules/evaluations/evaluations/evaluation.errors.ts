import { HttpStatus } from '@nestjs/common';
import { DomainError, ValidationFailedError } from '../../../common/errors/domain-error';

export const previousNotFound = () => new DomainError(HttpStatus.NOT_FOUND, 'EVALUATION.PREVIOUS_NOT_FOUND', 'previousEvaluationId: no such evaluation');

export const invalidPrevious = (message: string) => new ValidationFailedError([{ field: 'previousEvaluationId', message }]);
