import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../../config';
import { tooManyAttempts } from '../identity.errors';
import { REDIS } from '../../../redis/redis.module';

const WINDOW_SECONDS = 60;

/** What login attempts are counted by; each has its own limit per minute. */
export type AttemptSubject =
  | { kind: 'address'; normalisedEmail: string }
  | { kind: 'account'; userId: string }
  | { kind: 'client'; clientAddress: string };

/**
 * Counts login attempts in Redis, so every API process shares the count: per e-mail address typed
 * (normalised), per account found and per client address. If Redis is away, logins are let through
 * (logged): a dead cache must not lock everyone out.
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
    const keys = subjects.map((subject) => this.keyOf(subject));
    let counts: number[];
    try {
      const pipeline = this.redis.multi();
      for (const key of keys) pipeline.incr(key).expire(key, WINDOW_SECONDS, 'NX');
      const results = (await pipeline.exec()) as [Error | null, number][];
      counts = keys.map((_key, index) => results[index * 2][1]);
    } catch (error) {
      this.logger.warn(`Login rate limit not checked: ${(error as Error).message}`);
      return;
    }
    if (subjects.some((subject, index) => counts[index] > this.limitOf(subject))) throw tooManyAttempts();
  }

  private limitOf(subject: AttemptSubject): number {
    return subject.kind === 'client' ? this.config.loginAttemptsPerMinutePerClient : this.config.loginAttemptsPerMinute;
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
    }
  }
}
