import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { CommonErrorCode } from '../../common/errors/common.errors';
import { DomainError } from '../../common/errors/domain-error';
import { isDatabaseUnavailable } from '../../database/postgres-errors';
import { CsrfError, LoginRequiredError } from '../session/page-session.guard';
import type { PageRequest } from '../session/page-request';
import { catalogue } from '../../modules/mail';
import { Pages } from './pages';

/** Which page explains an error status. */
const ERROR_PAGES: Record<number, string> = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'notFound',
  429: 'tooMany',
};

/**
 * Errors on pages are pages: a sign-in when the session is missing (coming back afterwards), a
 * 404 page for what does not exist or belongs to another municipality (or a malformed id in the
 * address), a 403 page for what the role may not do, a 400 page for an address with a value the
 * page cannot use (an edited filter), a page saying what was refused for any other 4xx a page
 * did not answer itself (in the catalogue's words for its code where it has them), a 503 page
 * while the database cannot be reached (the session goes on), never the API's JSON.
 */
@Catch()
@Injectable()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(PageExceptionFilter.name);

  constructor(private readonly pages: Pages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<PageRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof LoginRequiredError) {
      const next = exception.returnTo && exception.returnTo !== '/' ? `?next=${encodeURIComponent(exception.returnTo)}` : '';
      response.redirect(303, `/login${next}`);
      return;
    }
    const databaseAway = isDatabaseUnavailable(exception);
    // A malformed id in a page's address is an address where no page lives.
    const malformedId = exception instanceof DomainError && exception.code === (CommonErrorCode.InvalidId as string);
    const status = malformedId
      ? HttpStatus.NOT_FOUND
      : exception instanceof DomainError
        ? exception.status
        : exception instanceof HttpException
          ? exception.getStatus()
          : databaseAway
            ? HttpStatus.SERVICE_UNAVAILABLE
            : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const kind = exception instanceof CsrfError ? 'csrf' : databaseAway ? 'unavailable' : (ERROR_PAGES[status] ?? (status >= 500 ? 'server' : 'refused'));
    const codeKey = exception instanceof DomainError ? `errors.codes.${exception.code}` : null;
    const reason = kind === 'refused' && codeKey && catalogue().has(this.pages.localeOf(request), codeKey) ? this.pages.text(request, codeKey) : null;
    try {
      this.pages.render(request, response, 'errors/error', { title: this.pages.text(request, `errors.${kind}Title`), kind, reason }, status);
    } catch (renderError) {
      this.logger.error(`Error page failed: ${(renderError as Error).message}`);
      response.status(status).type('text').send(String(status));
    }
  }
}
