import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { roleAtLeast, Role } from '../../../common/auth/actor';
import { AuthenticatedRequest, IS_PUBLIC, MINIMUM_ROLE } from '../../../common/auth/auth.decorators';
import { ForbiddenError } from '../../../common/errors/domain-error';
import { AuthService } from './auth.service';

/**
 * Global: every route needs a valid bearer token unless marked `@Public()`, and at least the
 * role named by `@RequireRole()` (any signed-in role when none is named).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    request.actor = await this.auth.authenticate(token);

    const minimumRole = this.reflector.getAllAndOverride<Role | undefined>(MINIMUM_ROLE, targets);
    if (minimumRole && !roleAtLeast(request.actor.role, minimumRole)) {
      throw new ForbiddenError(`This needs the ${minimumRole} role or higher`);
    }
    return true;
  }
}
