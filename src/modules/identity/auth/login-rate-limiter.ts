import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../../config';
import { tooManyAttempts } from '../identity.errors';
import { REDIS } from '../../../redis/redis.module';

const WINDOW_SECONDS = 60;

/** Password-reset e-mails one address may be sent within an hour. */
export const PASSWORD_RESETS_PER_HOUR = 3;
const RESET_WINDOW_SECONDS = 3600;

/**
 * What attempts are counted by: login attempts per minute (each subject its own limit), and
 * password-reset requests per hour for one e-mail address typed.
 */
export type AttemptSubject =
  | { kind: 'address'; normalisedEmail: string }
  | { kind: 'account'; userId: string }
  | { kind: 'client'; clientAddress: string }
  | { kind: 'reset-address'; normalisedEmail: string };

/**
 * Counts login attempts in Redis, so every API process shares the count: per e-mail address typed
 * (normalised), per account found and per client address; and password-reset requests per address.
 * If Redis is away, attempts are let through (logged): a dead cache must not lock everyone out.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly logger = new Logger(LoginRateLimiter.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** Counts one attempt against every subject; 429 when any of them is over its limit. */
  async registerAttempt(...subjects: AttemptSubject[]): Promise<void> {
    if (!(await this.withinLimits(...subjects))) throw tooManyAttempts();
  }

  /**
   * Counts one attempt against every subject and tells whether all of them are still within their
   * limits, for a caller that must answer the same either way (a password-reset request).
   */
  async withinLimits(...subjects: AttemptSubject[]): Promise<boolean> {
    let counts: number[];
    try {
      const pipeline = this.redis.multi();
      for (const subject of subjects) {
        const key = this.keyOf(subject);
        pipeline.incr(key).expire(key, this.windowOf(subject), 'NX');
      }
      const results = (await pipeline.exec()) as [Error | null, number][];
      counts = subjects.map((_subject, index) => results[index * 2][1]);
    } catch (error) {
      this.logger.warn(`Login rate limit not checked: ${(error as Error).message}`);
      return true;
    }
    return subjects.every((subject, index) => counts[index] <= this.limitOf(subject));
  }

  private limitOf(subject: AttemptSubject): number {
    switch (subject.kind) {
      case 'client':
        return this.config.loginAttemptsPerMinutePerClient;
      case 'reset-address':
        return PASSWORD_RESETS_PER_HOUR;
      default:
        return this.config.loginAttemptsPerMinute;
    }
  }

  private windowOf(subject: AttemptSubject): number {
    return subject.kind === 'reset-address' ? RESET_WINDOW_SECONDS : WINDOW_SECONDS;
  }

  /** Keys name no e-mail or client address in the clear. */
  private keyOf(subject: AttemptSubject): string {
    const hash = (text: string) => createHash('sha256').update(text).digest('hex');
    switch (subject.kind) {
      case 'address':
        return `login-attempts:address:${hash(subject.normalisedEmail)}`;
      case 'account':
        return `login-attempts:account:${subject.userId}`;
      case 'client':
        return `login-attempts:client:${hash(subject.clientAddress)}`;
      case 'reset-address':
        return `password-reset-requests:address:${hash(subject.normalisedEmail)}`;
    }
  }
}
