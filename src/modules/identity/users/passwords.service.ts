import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DomainError, ValidationFailedError } from '../../../common/errors/domain-error';
import { REDIS } from '../../../redis/redis.module';
import { LoginRateLimiter } from '../auth/login-rate-limiter';
import { CredentialsChangedError } from '../identity.errors';
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

/** What a reset link's key holds: whose link it is, and their credentials version when it was issued. */
interface ResetRecord {
  userId: string;
  municipalityId: string;
  credentialsVersion: number;
}

const resetKey = (token: string) => `password-reset:${createHash('sha256').update(token).digest('hex')}`;

/** The record of a stored link, or null for none (or one in a form this version does not issue). */
function resetRecordOf(value: string | null): ResetRecord | null {
  if (!value) return null;
  try {
    const record = JSON.parse(value) as Partial<ResetRecord> | null;
    const complete = typeof record?.userId === 'string' && typeof record.municipalityId === 'string' && Number.isInteger(record.credentialsVersion);
    return complete ? (record as ResetRecord) : null;
  } catch {
    return null;
  }
}

const invalidResetLink = () =>
  new DomainError(HttpStatus.BAD_REQUEST, 'PASSWORD_RESET.INVALID', 'The reset link is used, expired or wrong; ask for a new one');

/**
 * "Forgot your password?": a single-use link by e-mail, valid one hour. The token lives in Redis
 * as its hash only, with the user's credentials version at issue: once the password changes (by
 * any link, on the settings page or by an admin) the version moves on and every link issued
 * before stops working. One address is sent at most `PASSWORD_RESETS_PER_HOUR` links an hour.
 * The new password goes through the users service (strength, hash, audit, a new credentials
 * version that ends every earlier session and token).
 */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly repository: UsersRepository,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly users: UsersService,
    private readonly rateLimiter: LoginRateLimiter,
  ) {}

  /**
   * A reset token for the active user with this address, or null when there is none or the
   * address has had its links for the hour: the caller answers all of these the same way, so
   * the answer does not tell which addresses exist. Every request counts, for any address.
   */
  async issueReset(email: string): Promise<PasswordResetIssued | null> {
    const normalisedEmail = normaliseEmail(email);
    if (!(await this.rateLimiter.withinLimits({ kind: 'reset-address', normalisedEmail }))) return null;
    const user = await this.repository.withCredentialsByEmail(normalisedEmail);
    if (!user || !user.active) return null;
    const token = randomBytes(32).toString('base64url');
    const record: ResetRecord = { userId: user.id, municipalityId: user.municipalityId, credentialsVersion: user.credentialsVersion };
    await this.redis.set(resetKey(token), JSON.stringify(record), 'EX', PASSWORD_RESET_SECONDS);
    return { token, user: { id: user.id, email: user.email, name: user.name, locale: user.locale, municipalityId: user.municipalityId } };
  }

  /** The language of the person a working reset link is for (its page speaks it), or null when the link does not work. */
  async resetHolderLocale(token: string): Promise<Locale | null> {
    const record = resetRecordOf(await this.redis.get(resetKey(token)));
    const user = record ? await this.repository.sessionUser(record.userId, record.municipalityId) : null;
    return user?.active && user.credentialsVersion === record?.credentialsVersion ? user.locale : null;
  }

  /**
   * Sets a new password through a reset link and uses the link up. A password refused as weak
   * puts the link back for the rest of its hour, so the person can try another. The password
   * changes only if the user's credentials version is still the one the link was issued under.
   */
  async reset(token: string, newPassword: string): Promise<void> {
    const key = resetKey(token);
    const secondsLeft = await this.redis.ttl(key);
    // Taken before the change: of two uses of one link at once, only one gets the record.
    const value = await this.redis.getdel(key);
    const record = resetRecordOf(value);
    if (!value || !record) throw invalidResetLink();
    const user = await this.repository.sessionUser(record.userId, record.municipalityId);
    if (!user || !user.active || user.credentialsVersion !== record.credentialsVersion) throw invalidResetLink();
    try {
      await this.users.resetPassword(user.municipalityId, user.id, newPassword, { credentialsVersion: record.credentialsVersion });
    } catch (error) {
      if (error instanceof CredentialsChangedError) throw invalidResetLink();
      if (error instanceof ValidationFailedError && secondsLeft > 0) await this.redis.set(key, value, 'EX', secondsLeft);
      throw error;
    }
  }
}
