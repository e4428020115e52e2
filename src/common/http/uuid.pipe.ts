import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { CommonErrorCode } from '../errors/common.errors';
import { DomainError } from '../errors/domain-error';

/** Rejects a malformed id before any query runs (TypeORM would throw on it). */
export const UuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError(HttpStatus.BAD_REQUEST, CommonErrorCode.InvalidId, 'The id in the path is not a valid UUID'),
});

/** Any UUID Postgres reads, as the pipe takes it: for ids that come in a query or a form, not the path. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
