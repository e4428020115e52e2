import { AppConfig } from './app-config';
import { ConfigValidationError, loadConfig } from './load-config';

/** For entry points: a bad variable stops the process with a message that names it. */
export function loadConfigOrExit(overrides: Record<string, string> = {}): AppConfig {
  try {
    return loadConfig({ ...process.env, ...overrides });
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
