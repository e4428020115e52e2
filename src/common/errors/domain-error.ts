import { HttpStatus } from '@nestjs/common';
import { CommonErrorCode } from './common.errors';

export interface ErrorDetail {
  field?: string;
  line?: number | null;
  message: string;
  [key: string]: unknown;
}

/**
 * An expected failure with a stable code (`AREA.REASON`), mapped to HTTP by the global filter.
 * Services throw these; controllers never build error responses themselves.
 */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    /** Further fields of the error body that a route's contract names (e.g. `errors`). */
    readonly extraBody?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  /** Also what another municipality's rows answer: they do not exist for the caller. */
  constructor(code: string, message: string, details?: ErrorDetail[]) {
    super(HttpStatus.NOT_FOUND, code, message, details);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(details: ErrorDetail[], message = 'Validation failed') {
    super(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, message, details);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: ErrorDetail[]) {
    super(HttpStatus.CONFLICT, code, message, details);
  }
}

/** 422: well-formed, and everything named exists, but not acceptable together. */
export class UnacceptableError extends DomainError {
  constructor(code: string, message: string, details?: ErrorDetail[]) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, code, message, details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this', code: string = CommonErrorCode.Forbidden) {
    super(HttpStatus.FORBIDDEN, code, message);
  }
}
