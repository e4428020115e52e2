import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { OmitType } from '@nestjs/swagger';
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Actor } from '../../../common/auth/actor';
import { ConflictError, DomainError, ValidationFailedError } from '../../../common/errors/domain-error';
import { REDIS } from '../../../redis/redis.module';
import type { Locale } from '../municipalities/municipality.entity';
import { CreateUserDto } from './user.dto';
import { UsersService } from './users.service';

/** An invitation link is good for seven days and one use. */
export const INVITATION_SECONDS = 7 * 24 * 3600;

/** Who to invite: everything of a new user but the password, which they choose themselves. */
export class InviteUserDto extends OmitType(CreateUserDto, ['password'] as const) {}

export interface InvitationIssued {
  /** Goes into the e-mail's link only; stored nowhere but as its hash. */
  token: string;
  user: { id: string; email: string; name: string; locale: Locale; municipalityId: string };
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const invitationKey = (hash: string) => `invitation:${hash}`;
/** The user's current invitation, so a new one replaces it. */
const userKey = (userId: string) => `invitation-of:${userId}`;

const invalidInvitation = () =>
  new DomainError(HttpStatus.BAD_REQUEST, 'INVITATION.INVALID', 'The invitation link is used, expired or replaced; ask an administrator for a new one');

const alreadySignedIn = () => new ConflictError('INVITATION.ALREADY_SIGNED_IN', 'The user has signed in already and can reset a forgotten password on the login page');

/**
 * Inviting a user: the admin gives the name, address, role and unit; the user is created at once
 * (active, with a random password no one knows) and gets a single-use link, valid seven days, to
 * choose their own password. The token lives in Redis as its hash only. A new invitation to the
 * same user replaces the previous link.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly users: UsersService,
  ) {}

  async invite(actor: Actor, input: InviteUserDto): Promise<InvitationIssued> {
    const user = await this.users.create(actor, { ...input, password: randomBytes(32).toString('base64url') });
    return this.issue({ ...user, municipalityId: actor.municipalityId });
  }

  /** A new link for an invited user who has not signed in yet; the earlier link stops working. */
  async reinvite(actor: Actor, userId: string): Promise<InvitationIssued> {
    const user = await this.users.get(actor, userId);
    if (user.lastLoginAt !== null || !user.active) throw alreadySignedIn();
    return this.issue({ ...user, municipalityId: actor.municipalityId });
  }

  /** The language of the person a working invitation link is for (its page speaks it), or null when the link does not work. */
  async holderLocale(token: string): Promise<Locale | null> {
    const value = await this.redis.get(invitationKey(hashOf(token)));
    if (!value) return null;
    const { userId, municipalityId } = JSON.parse(value) as { userId: string; municipalityId: string };
    const [invited] = await this.users.ofMunicipality(municipalityId, [userId]);
    return invited?.active ? invited.locale : null;
  }

  /**
   * Sets the invited user's password and uses the link up. A password refused as weak puts the
   * link back for the rest of its time, so the person can try another.
   */
  async accept(token: string, password: string): Promise<{ email: string }> {
    const key = invitationKey(hashOf(token));
    const secondsLeft = await this.redis.ttl(key);
    const value = await this.redis.getdel(key);
    if (!value) throw invalidInvitation();
    const { userId, municipalityId } = JSON.parse(value) as { userId: string; municipalityId: string };
    // Deactivated since the invitation: the link is dead.
    const [invited] = await this.users.ofMunicipality(municipalityId, [userId]);
    if (!invited?.active) throw invalidInvitation();
    try {
      const user = await this.users.resetPassword(municipalityId, userId, password, { how: '(set by invitation link)' });
      await this.redis.del(userKey(userId));
      return { email: user.email };
    } catch (error) {
      if (error instanceof ValidationFailedError && secondsLeft > 0) await this.redis.set(key, value, 'EX', secondsLeft);
      throw error;
    }
  }

  private async issue(user: { id: string; email: string; name: string; locale: Locale; municipalityId: string }): Promise<InvitationIssued> {
    const token = randomBytes(32).toString('base64url');
    const hash = hashOf(token);
    const previous = await this.redis.getset(userKey(user.id), hash);
    const multi = this.redis.multi();
    if (previous) multi.del(invitationKey(previous));
    multi.set(invitationKey(hash), JSON.stringify({ userId: user.id, municipalityId: user.municipalityId }), 'EX', INVITATION_SECONDS);
    multi.expire(userKey(user.id), INVITATION_SECONDS);
    await multi.exec();
    return { token, user: { id: user.id, email: user.email, name: user.name, locale: user.locale, municipalityId: user.municipalityId } };
  }
}
