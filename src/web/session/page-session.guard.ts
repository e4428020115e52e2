import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Role, roleAtLeast } from '../../common/auth/actor';
import { MINIMUM_ROLE } from '../../common/auth/auth.decorators';
import { DomainError, ForbiddenError } from '../../common/errors/domain-error';
import { AuthService } from '../../modules/identity/auth/auth.service';
import { csrf } from './csrf';
import type { PageRequest } from './page-request';

export const ANONYMOUS_PAGE = 'web:anonymousPage';
/** A page whose link carries its own signature (one-click unsubscribe): a mail client posts it without a session or a CSRF token. */
export const SIGNED_LINK_PAGE = 'web:signedLinkPage';

/** Thrown when a page needs a signed-in person; the page filter sends them to the login page. */
export class LoginRequiredError extends DomainError {
  constructor(readonly returnTo: string | null) {
    super(HttpStatus.UNAUTHORIZED, 'WEB.LOGIN_REQUIRED', 'Sign in first');
  }
}

export class CsrfError extends DomainError {
  constructor() {
    super(HttpStatus.FORBIDDEN, 'WEB.CSRF', 'The form was not sent from this site or has expired');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Pages authenticate by the session cookie only (never a bearer token). The user is read again
 * on every request: a deactivated user, another municipality or a changed password (a new
 * credentials version) ends the session here. Every request that changes something must carry
 * the session's CSRF token.
 */
@Injectable()
export class PageSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PageRequest>();
    const targets = [context.getHandler(), context.getClass()];
    request.viewer = await this.viewerOf(request);

    const signedLink = this.reflector.getAllAndOverride<boolean>(SIGNED_LINK_PAGE, targets);
    if (!SAFE_METHODS.has(request.method) && !signedLink && !csrf.isRequestValid(request)) throw new CsrfError();
    if (this.reflector.getAllAndOverride<boolean>(ANONYMOUS_PAGE, targets)) return true;
    if (!request.viewer) throw new LoginRequiredError(request.method === 'GET' ? request.originalUrl : null);

    const minimumRole = this.reflector.getAllAndOverride<Role | undefined>(MINIMUM_ROLE, targets);
    if (minimumRole && !roleAtLeast(request.viewer.actor.role, minimumRole)) throw new ForbiddenError();
    return true;
  }

  /** The person signed in with this request's session, or null (also for pages no route guards). */
  async viewerOf(request: PageRequest): Promise<PageRequest['viewer']> {
    const { session } = request;
    if (!session?.userId || !session.municipalityId || session.credentialsVersion === undefined) return null;
    const user = await this.auth.sessionUser({ userId: session.userId, municipalityId: session.municipalityId, credentialsVersion: session.credentialsVersion });
    if (user) return user;
    // The person is gone, moved or has a new password: this session is over.
    delete session.userId;
    delete session.municipalityId;
    delete session.credentialsVersion;
    return null;
  }
}
