import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Actor, Role } from './actor';

export const IS_PUBLIC = 'auth:isPublic';
export const MINIMUM_ROLE = 'auth:minimumRole';

/** Opts a route out of the global authentication guard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The least role that may call the route (viewer < owner < manager < admin). */
export const RequireRole = (role: Role) => SetMetadata(MINIMUM_ROLE, role);

export type AuthenticatedRequest = Request & { actor: Actor };

/** The authenticated caller, set by the authentication guard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
});
