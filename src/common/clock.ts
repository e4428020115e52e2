import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The time "now", injected so that date rules (overdue, stale, the digest schedule) can be
 * tested at any moment. Queries take their "now" from here rather than from SQL `now()`.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
