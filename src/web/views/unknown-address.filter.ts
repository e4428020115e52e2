import { ArgumentsHost, Catch, ExceptionFilter, Injectable, NotFoundException } from '@nestjs/common';
import { HttpExceptionFilter } from '../../common/errors/http-exception.filter';
import { PageSessionGuard } from '../session/page-session.guard';
import type { PageRequest } from '../session/page-request';
import { PageExceptionFilter } from './page-exception.filter';

/** Where an address is the API's, a file or a feed: a 404 there stays the API's JSON. */
const NOT_PAGES = /^\/(api|assets|calendar)(\/|$)/;

/**
 * The app's global filter. An address no route answers, opened in a browser (a mistyped or an
 * outdated link), is the 404 page, with the menu for whoever is signed in; everything else is
 * the API's JSON error. Pages answer their own errors (`PageExceptionFilter` on each page controller).
 */
@Catch()
@Injectable()
export class UnknownAddressFilter implements ExceptionFilter {
  private readonly api = new HttpExceptionFilter();

  constructor(
    private readonly pages: PageExceptionFilter,
    private readonly sessions: PageSessionGuard,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<PageRequest>();
    const isPageAddress = (request.method === 'GET' || request.method === 'HEAD') && !NOT_PAGES.test(request.path);
    if (!(exception instanceof NotFoundException) || !isPageAddress) return this.api.catch(exception, host);
    void this.sessions
      .viewerOf(request)
      // Without the database the page is still a 404, without the menu.
      .catch(() => null)
      .then((viewer) => {
        request.viewer = viewer;
        this.pages.catch(exception, host);
      });
  }
}
