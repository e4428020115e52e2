import { roleAtLeast, Role } from '../../../common/auth/actor';

/**
 * Who may own an action plan: someone who can act on it, i.e. an active user whose role may post
 * progress (owner, manager or admin). A viewer would get 403 on their own plan.
 */
export function canOwnPlans(user: { active: boolean; role: Role }): boolean {
  return user.active && roleAtLeast(user.role, 'owner');
}

export const OWNER_REQUIREMENT = 'an active user of your municipality with the role owner, manager or admin';
