import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../../config';
import { DomainError } from '../../../common/errors/domain-error';
import { REDIS } from '../../../redis/redis.module';

const WINDOW_SECONDS = 60;

/**
 * Counts login attempts per client address and e-mail in Redis, so every API process shares the
 * count. If Redis is away, logins are let through (logged): a dead cache must not lock everyone out.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly logger = new Logger(LoginRateLimiter.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async registerAttempt(clientAddress: string, email: string): Promise<void> {
    // The e-mail is hashed so the key names no address.
    const subject = createHash('sha256').update(`${clientAddress}|${email.trim().toLowerCase()}`).digest('hex');
    const key = `login-attempts:${subject}`;
    let attempts: number;
    try {
      const [[, count]] = (await this.redis.multi().incr(key).expire(key, WINDOW_SECONDS, 'NX').exec()) as [
        [Error | null, number],
      ];
      attempts = count;
    } catch (error) {
      this.logger.warn(`Login rate limit not checked: ${(error as Error).message}`);
      return;
    }
    if (attempts > this.config.loginAttemptsPerMinute) {
      throw new DomainError(HttpStatus.TOO_MANY_REQUESTS, 'AUTH.TOO_MANY_ATTEMPTS', 'Too many login attempts; wait a minute and try again');
    }
  }
}
