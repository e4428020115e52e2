import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { CommonErrorCode } from '../errors/common.errors';
import { DomainError } from '../errors/domain-error';

/** Rejects a malformed id before any query runs (TypeORM would throw on it). */
export const UuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError(HttpStatus.BAD_REQUEST, CommonErrorCode.InvalidId, 'The id in the path is not a valid UUID'),
});
