import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';

/** How long a request waits for the queue in Redis before it answers 503. */
export const QUEUE_TIMEOUT_MS = 3000;

/** Redis, which holds the digest queue, does not answer. */
export class QueueUnavailableError extends DomainError {
  constructor() {
    super(
      HttpStatus.SERVICE_UNAVAILABLE,
      'DIGESTS.QUEUE_UNAVAILABLE',
      'The digest queue (Redis) is unreachable; try again when it is back',
    );
  }
}

/**
 * The work's result, or `failure()` thrown when it takes longer than `timeoutMs`. BullMQ keeps
 * commands while Redis is away and sends them when it returns, so the work may still complete
 * later; callers only use this where that is harmless.
 */
export function withinTime<T>(work: Promise<T>, timeoutMs: number, failure: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(failure()), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
