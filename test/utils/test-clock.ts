import { Clock } from '../../src/common/clock';

/**
 * The app's clock under test: real time until a test sets it, then standing still at that
 * instant (or moved on by `advance`) until `release`.
 */
export class TestClock extends Clock {
  private fixed: number | null = null;

  override now(): Date {
    return this.fixed === null ? super.now() : new Date(this.fixed);
  }

  set(instant: Date | string): void {
    this.fixed = new Date(instant).getTime();
  }

  advance(milliseconds: number): void {
    this.fixed = this.now().getTime() + milliseconds;
  }

  release(): void {
    this.fixed = null;
  }
}
