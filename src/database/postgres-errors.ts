/** True when `error` is Postgres refusing a duplicate (SQLSTATE 23505), optionally on one constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } })?.driverError ?? error;
  const { code, constraint: violated } = (driverError ?? {}) as { code?: string; constraint?: string };
  return code === '23505' && (constraint === undefined || violated === constraint);
}

/** True when `error` is Postgres refusing to break a reference (SQLSTATE 23503). */
export function isForeignKeyViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } })?.driverError ?? error;
  return (driverError as { code?: string } | undefined)?.code === '23503';
}

/** Socket errors of a server that is not there (or went away), as the driver reports them. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/**
 * True when `error` says the database cannot be reached right now, not that the query was wrong:
 * a refused or lost connection, a pool that timed out waiting for one, or Postgres shutting down
 * or starting (SQLSTATE class 08, 57P01-57P03).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const driverError = ((error as { driverError?: unknown })?.driverError ?? error) as { code?: string; message?: string } | undefined;
  const code = driverError?.code ?? '';
  if (UNREACHABLE_CODES.has(code) || code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)) return true;
  const message = driverError?.message ?? '';
  return /timeout exceeded when trying to connect|Connection terminated|connection is closed|Client has encountered a connection error/i.test(message);
}
