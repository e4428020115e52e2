import { Role, roleAtLeast } from '../../src/common/auth/actor';

/**
 * Who may call each operation of the API, written from the roles the README describes (not read from the code's own
 * decorators, so that a decorator dropped by mistake shows up as a test failure). Keys are the
 * OpenAPI document's `METHOD path`. A route added to the API needs a line here, or the
 * authorization matrix and the fuzz suite fail and say which.
 */
export type Access =
  | { who: 'anyone' }
  | { who: Role; selfOrOwn?: 'self' | 'ownPlan' }; // at least this role; `selfOrOwn`: or any signed-in user acting on their own account / an owner on a plan they own

export const ROUTE_ACCESS: Record<string, Access> = {
  'POST /api/auth/login': { who: 'anyone' },
  'GET /api/health': { who: 'anyone' },
  'GET /api/me': { who: 'viewer' },
  'GET /api/municipality': { who: 'viewer' },
  'PATCH /api/municipality': { who: 'admin' },
  'GET /api/users': { who: 'viewer' },
  'POST /api/users': { who: 'admin' },
  'GET /api/users/{id}': { who: 'viewer' },
  'PATCH /api/users/{id}': { who: 'admin', selfOrOwn: 'self' },
  'GET /api/frameworks': { who: 'viewer' },
  'GET /api/frameworks/{key}': { who: 'viewer' },
  'POST /api/evaluations/import': { who: 'manager' },
  'GET /api/evaluations': { who: 'viewer' },
  'POST /api/evaluations': { who: 'manager' },
  'GET /api/evaluations/{id}': { who: 'viewer' },
  'PATCH /api/evaluations/{id}': { who: 'manager' },
  'DELETE /api/evaluations/{id}': { who: 'manager' },
  'POST /api/evaluations/{id}/publish': { who: 'manager' },
  'PUT /api/evaluations/{id}/scores': { who: 'manager' },
  'POST /api/evaluations/{id}/findings': { who: 'manager' },
  'POST /api/evaluations/{id}/references': { who: 'manager' },
  'GET /api/findings': { who: 'viewer' },
  'PATCH /api/findings/{id}': { who: 'manager' },
  'DELETE /api/findings/{id}': { who: 'manager' },
  'PUT /api/findings/{id}/dismissal': { who: 'manager' },
  'DELETE /api/findings/{id}/dismissal': { who: 'manager' },
  'DELETE /api/references/{id}': { who: 'manager' },
  'GET /api/action-plans': { who: 'viewer' },
  'POST /api/action-plans': { who: 'manager' },
  'GET /api/action-plans/export': { who: 'viewer' },
  'GET /api/action-plans/{id}': { who: 'viewer' },
  'PATCH /api/action-plans/{id}': { who: 'manager' },
  'DELETE /api/action-plans/{id}': { who: 'manager' },
  'GET /api/action-plans/{id}/updates': { who: 'viewer' },
  'POST /api/action-plans/{id}/updates': { who: 'manager', selfOrOwn: 'ownPlan' },
  'GET /api/dashboard': { who: 'viewer' },
  'GET /api/evaluations/{id}/follow-up': { who: 'viewer' },
  'GET /api/evaluations/{id}/comparison': { who: 'viewer' },
  'GET /api/evaluations/{id}/carry-over': { who: 'viewer' },
  'POST /api/evaluations/{id}/carry-over': { who: 'manager' },
  'PUT /api/action-plans/{id}/effect': { who: 'manager' },
  'POST /api/evaluations/{id}/effects': { who: 'manager' },
  'GET /api/digests/preview': { who: 'manager' },
  'POST /api/digests/send': { who: 'manager' },
  'GET /api/digests/deliveries': { who: 'manager' },
  'GET /api/audit-events': { who: 'manager' },
};

export interface Caller {
  userId: string;
  municipalityId: string;
  role: Role;
}

/**
 * Whether `caller` may get a 2xx from the operation at all (tenancy aside): `ownsTarget` says
 * whether the path's id is the caller's own account (`self`) or a plan the caller owns (`ownPlan`).
 */
export function mayCall(access: Access, caller: Caller | null, ownsTarget = false): boolean {
  if (access.who === 'anyone') return true;
  if (!caller) return false;
  if (roleAtLeast(caller.role, access.who)) return true;
  if (access.selfOrOwn === 'self') return ownsTarget;
  if (access.selfOrOwn === 'ownPlan') return ownsTarget && caller.role === 'owner';
  return false;
}
