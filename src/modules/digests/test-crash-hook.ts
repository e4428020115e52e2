import type { AppConfig } from '../../config';

/** Points where a fault-injection test may have the process die, as `kill -9` would. */
export type CrashPoint = 'after-dispatch';

/**
 * Kills this process on the spot when the test configuration names this point. `TEST_CRASH_AT`
 * is read only when NODE_ENV=test, so production never stops here.
 */
export function crashHere(config: AppConfig, point: CrashPoint): void {
  if (config.testCrashAt === point) process.kill(process.pid, 'SIGKILL');
}
