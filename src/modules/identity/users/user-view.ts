import type { Role } from '../../../common/auth/actor';
import type { Locale } from '../municipalities/municipality.constants';

/** A user as every answer shows one: never the password hash or the credentials version. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  unit: string | null;
  locale: Locale;
  active: boolean;
  leadershipDigest: boolean;
  ownerDigest: boolean;
  /** The last successful sign-in; null for someone who never signed in (an invited user). */
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What sending someone a digest needs, read in one statement: whether they want it, where it goes,
 * in which language, and the credentials version its check-in links are signed with.
 */
export type DigestRecipient = Pick<UserView, 'id' | 'name' | 'email' | 'locale' | 'active' | 'leadershipDigest' | 'ownerDigest'> & { credentialsVersion: number };

export function toUserView(user: UserView): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    unit: user.unit,
    locale: user.locale,
    active: user.active,
    leadershipDigest: user.leadershipDigest,
    ownerDigest: user.ownerDigest,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
