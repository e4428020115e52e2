import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { REDIS } from '../../redis/redis.module';

/** How long a form's submission is remembered: longer than anyone keeps a page open and clicks again. */
const REMEMBERED_SECONDS = 24 * 60 * 60;
/** How long a second submission waits for the first to finish before it gives up waiting. */
const WAIT_FOR_FIRST_MS = 5000;
const POLL_MS = 100;
const PENDING = 'pending';
const SUBMISSION_ID = /^[A-Za-z0-9_-]{22}$/;

/** What became of a form sent before: where its result is, or null while it is still being saved. */
export type EarlierSubmission = { location: string | null };

/** A save's result: the page of what was saved, or why it was refused. */
export type SubmissionOutcome<Refusal> = { savedAt: string } | { refused: Refusal };

/**
 * A form that creates something carries a random id made when the page was shown. The first
 * submission of that id claims it in Redis (SET NX, so two at the same moment cannot both win)
 * and, once saved, records where the result is; a double click or a resend finds the claim and
 * is sent to that result instead of creating it again.
 */
@Injectable()
export class FormSubmissions {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  newId(): string {
    return randomBytes(16).toString('base64url');
  }

  /**
   * Claims `id` for this person's submission: null when it is the first (go on and save), else
   * what became of the earlier one (waiting a few seconds for it to finish). A missing or malformed
   * id claims nothing, and the form is saved as sent.
   */
  private async claim(userId: string, id: string): Promise<EarlierSubmission | null> {
    if (!SUBMISSION_ID.test(id)) return null;
    const claimed = await this.redis.set(this.key(userId, id), PENDING, 'EX', REMEMBERED_SECONDS, 'NX');
    if (claimed === 'OK') return null;
    for (let waited = 0; ; waited += POLL_MS) {
      const value = await this.redis.get(this.key(userId, id));
      // Released (the first was refused): this one is no duplicate after all.
      if (value === null) return (await this.redis.set(this.key(userId, id), PENDING, 'EX', REMEMBERED_SECONDS, 'NX')) === 'OK' ? null : { location: null };
      if (value !== PENDING) return { location: value };
      if (waited >= WAIT_FOR_FIRST_MS) return { location: null };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Saves the form sent as `id` once: `save` runs only for the first submission of that id, and a
   * repeat gets what became of the first. A save that is refused (or throws) releases the id, so
   * the corrected form can be sent again with it.
   */
  async once<Refusal>(userId: string, id: string, save: () => Promise<SubmissionOutcome<Refusal>>): Promise<SubmissionOutcome<Refusal> | { earlier: EarlierSubmission }> {
    const earlier = await this.claim(userId, id);
    if (earlier) return { earlier };
    let outcome: SubmissionOutcome<Refusal> | undefined;
    try {
      outcome = await save();
    } finally {
      if (outcome && 'savedAt' in outcome) await this.saved(userId, id, outcome.savedAt);
      else await this.refused(userId, id);
    }
    return outcome;
  }

  private async saved(userId: string, id: string, location: string): Promise<void> {
    if (SUBMISSION_ID.test(id)) await this.redis.set(this.key(userId, id), location, 'EX', REMEMBERED_SECONDS);
  }

  private async refused(userId: string, id: string): Promise<void> {
    if (SUBMISSION_ID.test(id)) await this.redis.del(this.key(userId, id));
  }

  private key(userId: string, id: string): string {
    return `form-submission:${userId}:${id}`;
  }
}
