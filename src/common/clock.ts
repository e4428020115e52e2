import { Global, Injectable, Module } from '@nestjs/common';
import { localDate } from './local-date';

/**
 * The time "now", injected so that date rules (overdue, stale, the digest schedule) can be
 * tested at any moment. Queries take their "now" from here rather than from SQL `now()`, and no
 * code outside this class calls `new Date()` without an argument (the linter refuses it).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's date (`YYYY-MM-DD`) where the municipality is. */
  today(place: { timezone: string }): string {
    return localDate(this.now(), place.timezone);
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
