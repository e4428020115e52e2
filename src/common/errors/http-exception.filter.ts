import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { isDatabaseUnavailable } from '../../database/postgres-errors';
import { CommonErrorCode } from './common.errors';
import { DomainError, ErrorDetail } from './domain-error';

export interface ErrorBody {
  [field: string]: unknown;
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: ErrorDetail[];
}

/** Codes for errors Nest and its libraries raise themselves. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: CommonErrorCode.Unauthenticated,
  403: CommonErrorCode.Forbidden,
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Fixed answers for the failures of reading a request body (body-parser's error types). Their
 * own messages may quote the input (a piece of bad JSON, a charset name), so none is passed on.
 */
const BODY_READ_FAILURES: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON' },
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' },
  'entity.verify.failed': { status: 400, code: 'BAD_REQUEST', message: 'The request body was refused' },
  'request.aborted': { status: 400, code: 'BAD_REQUEST', message: 'The request was aborted before its body arrived' },
  'request.size.invalid': { status: 400, code: 'BAD_REQUEST', message: 'The request body does not have the length its headers say' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The content encoding of the request body is not supported' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The charset of the request body is not supported' },
};

/** Nest hands body-parser errors on as an HttpException whose cause is the original error. */
function bodyReaderFailure(exception: unknown): { status: number; code: string; message: string } | undefined {
  const original = exception instanceof HttpException ? exception.cause : exception;
  const { type, limit } = (original ?? {}) as { type?: unknown; limit?: unknown };
  if (type === 'entity.too.large' && typeof limit === 'number') {
    return { ...BODY_READ_FAILURES[type], message: `The request body is larger than the ${sizeInWords(limit)} this address accepts` };
  }
  return typeof type === 'string' ? BODY_READ_FAILURES[type] : undefined;
}

/** A size limit as people write it: "2 MB", "100 kB". */
export function sizeInWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  return bytes >= 1024 ? `${Number((bytes / 1024).toFixed(1))} kB` : `${bytes} bytes`;
}

/** The one error format of the API: `{ statusCode, error, code, message, details? }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return { ...this.body(exception.status, exception.code, exception.message, exception.details), ...exception.extraBody };
    }
    const bodyReadError = bodyReaderFailure(exception);
    if (bodyReadError) return this.body(bodyReadError.status, bodyReadError.code, bodyReadError.message);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const message =
        typeof payload === 'string'
          ? payload
          : messageOf((payload as { message?: unknown }).message, exception.message);
      return this.body(status, CODE_BY_STATUS[status] ?? `HTTP_${status}`, message);
    }
    if (isDatabaseUnavailable(exception)) {
      return this.body(HttpStatus.SERVICE_UNAVAILABLE, CommonErrorCode.DatabaseUnavailable, 'The database is unreachable; try again in a moment');
    }
    return this.body(HttpStatus.INTERNAL_SERVER_ERROR, CommonErrorCode.InternalError, 'Something went wrong on our side');
  }

  private body(statusCode: number, code: string, message: string, details?: ErrorDetail[]): ErrorBody {
    return {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      code,
      message,
      ...(details && details.length > 0 ? { details } : {}),
    };
  }
}

/** Nest's own exceptions carry a message string, or a list of them (its validation pipe). */
function messageOf(message: unknown, fallback: string): string {
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : fallback;
}
