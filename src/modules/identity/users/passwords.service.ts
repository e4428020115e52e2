import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DomainError, ValidationFailedError } from '../../../common/errors/domain-error';
import { REDIS } from '../../../redis/redis.module';
import type { Locale } from '../municipalities/municipality.entity';
import { normaliseEmail } from './email-address';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** A reset link is good for one hour and one use. */
export const PASSWORD_RESET_SECONDS = 3600;

export interface PasswordResetIssued {
  /** Goes into the e-mail's link only; stored nowhere but as its hash. */
  token: string;
  user: { id: string; email: string; name: string; locale: Locale; municipalityId: string };
}

const resetKey = (token: string) => `password-reset:${createHash('sha256').update(token).digest('hex')}`;

const invalidResetLink = () =>
  new DomainError(HttpStatus.BAD_REQUEST, 'PASSWORD_RESET.INVALID', 'The reset link is used, expired or wrong; ask for a new one');

/**
 * "Forgot your password?": a single-use link by e-mail, valid one hour. The token lives in Redis
 * as its hash only. The new password goes through the users service (strength, hash, audit, a
 * new credentials version that ends every earlier session and token).
 */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly repository: UsersRepository,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly users: UsersService,
  ) {}

  /**
   * A reset token for the active user with this address, or null when there is none: the
   * caller answers both the same way, so the answer does not tell which addresses exist.
   */
  async issueReset(email: string): Promise<PasswordResetIssued | null> {
    const user = await this.repository.byEmail(normaliseEmail(email));
    if (!user || !user.active) return null;
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(resetKey(token), user.id, 'EX', PASSWORD_RESET_SECONDS);
    return { token, user: { id: user.id, email: user.email, name: user.name, locale: user.locale, municipalityId: user.municipalityId } };
  }

  /** The language of the person a working reset link is for (its page speaks it), or null when the link does not work. */
  async resetHolderLocale(token: string): Promise<Locale | null> {
    const userId = await this.redis.get(resetKey(token));
    const user = userId ? await this.repository.byId(userId) : null;
    return user?.active ? user.locale : null;
  }

  /**
   * Sets a new password through a reset link and uses the link up. A password refused as weak
   * puts the link back for the rest of its hour, so the person can try another.
   */
  async reset(token: string, newPassword: string): Promise<void> {
    const key = resetKey(token);
    const secondsLeft = await this.redis.ttl(key);
    // Taken before the change: of two uses of one link at once, only one gets a user id.
    const userId = await this.redis.getdel(key);
    if (!userId) throw invalidResetLink();
    const user = await this.repository.byId(userId);
    if (!user || !user.active) throw invalidResetLink();
    try {
      await this.users.resetPassword(user.municipalityId, user.id, newPassword);
    } catch (error) {
      if (error instanceof ValidationFailedError && secondsLeft > 0) await this.redis.set(key, userId, 'EX', secondsLeft);
      throw error;
    }
  }
}
