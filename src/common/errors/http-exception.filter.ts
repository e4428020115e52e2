import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
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
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

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
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const message =
        typeof payload === 'string'
          ? payload
          : Array.isArray((payload as { message?: unknown }).message)
            ? ((payload as { message: string[] }).message).join('; ')
            : String((payload as { message?: unknown }).message ?? exception.message);
      return this.body(status, CODE_BY_STATUS[status] ?? `HTTP_${status}`, message);
    }
    // Body parser errors (bad JSON, too large) arrive as plain errors with a status.
    const status = (exception as { status?: unknown; type?: string })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (exception as { type?: string }).type;
      const message =
        type === 'entity.too.large'
          ? 'The request body is too large'
          : type === 'entity.parse.failed'
            ? 'The request body is not valid JSON'
            : (exception as Error).message;
      return this.body(status, CODE_BY_STATUS[status] ?? `HTTP_${status}`, message);
    }
    return this.body(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR', 'Something went wrong on our side');
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
