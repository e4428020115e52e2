import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/auth/auth.decorators';
import type { SessionUser } from '../modules/identity/auth/auth.service';
import { ANONYMOUS_PAGE, PageSessionGuard, SIGNED_LINK_PAGE } from './session/page-session.guard';
import type { PageRequest } from './session/page-request';
import { PageExceptionFilter } from './views/page-exception.filter';

/**
 * A controller of pages: authenticated by the session (the API's bearer guard stands aside),
 * answered with HTML error pages, and left out of the API's documentation.
 */
export const PageController = () => applyDecorators(Public(), UseGuards(PageSessionGuard), UseFilters(PageExceptionFilter), ApiExcludeController());

/** A page anyone may open, signed in or not (login, password reset). */
export const AnonymousPage = () => SetMetadata(ANONYMOUS_PAGE, true);

/** A page posted to by a signed link alone (RFC 8058 one-click unsubscribe): no CSRF token. */
export const SignedLinkPage = () => applyDecorators(AnonymousPage(), SetMetadata(SIGNED_LINK_PAGE, true));

/** The signed-in person of a page that needs one. */
export const Viewer = createParamDecorator((_data: unknown, context: ExecutionContext): SessionUser => {
  const viewer = context.switchToHttp().getRequest<PageRequest>().viewer;
  if (!viewer) throw new Error('@Viewer() on a page that allows anonymous visitors');
  return viewer;
});
