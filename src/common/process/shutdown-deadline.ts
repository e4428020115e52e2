import type { AppConfig } from '../../config';

/** Beyond the grace period, the time the rest of the shutdown (pools, connections) may take. */
const CLOSING_MARGIN_MS = 5000;

/**
 * After SIGTERM or SIGINT, Nest finishes requests and jobs under way (bounded by
 * SHUTDOWN_GRACE_MS) and closes; should anything still hold the process after that, it exits
 * anyway, so a hanging server never keeps a stopping deployment for minutes.
 */
export function exitAfterShutdownDeadline(config: AppConfig, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
  const arm = (signal: NodeJS.Signals) => () => {
    setTimeout(() => {
      process.stderr.write(`Shutdown after ${signal} took longer than ${config.shutdownGraceMs + CLOSING_MARGIN_MS} ms; exiting\n`);
      process.exit(1);
    }, config.shutdownGraceMs + CLOSING_MARGIN_MS).unref();
  };
  for (const signal of signals) process.once(signal, arm(signal));
}
