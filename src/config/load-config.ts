import { availableParallelism } from 'node:os';
import { AppConfig, LOG_LEVELS, NODE_ENVS, PROCESS_ROLES } from './app-config';

type Env = Record<string, string | undefined>;

/** A development secret, refused when NODE_ENV=production. */
const DEVELOPMENT_JWT_SECRET = 'handlingsplan-development-secret-not-for-production';
const DEVELOPMENT_SESSION_SECRET = 'handlingsplan-development-session-secret-not-for-production';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Reads and validates every variable at once, so one start-up names all bad variables.
 * Throws ConfigValidationError; the entry points print it and exit.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const jwtSecret = read.string('JWT_SECRET', '');
  if (nodeEnv === 'production' && jwtSecret === '') {
    problems.push('JWT_SECRET is required when NODE_ENV=production');
  } else if (jwtSecret !== '' && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters long');
  }

  const sessionSecret = read.string('SESSION_SECRET', '');
  if (nodeEnv === 'production' && sessionSecret === '') {
    problems.push('SESSION_SECRET is required when NODE_ENV=production');
  } else if (sessionSecret !== '' && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long');
  }

  const config = new AppConfig({
    nodeEnv,
    port: read.integer('PORT', 3000, 1, 65535),
    appUrl: read.url('APP_URL', 'http://localhost:3000', ['http:', 'https:']).replace(/\/+$/, ''),
    databaseUrl: read.url('DATABASE_URL', 'postgres://postgres@localhost:5432/handlingsplan', ['postgres:', 'postgresql:']),
    redisUrl: read.url('REDIS_URL', 'redis://localhost:6379', ['redis:', 'rediss:']),
    redisKeyPrefix: read.pattern('REDIS_KEY_PREFIX', 'hp', /^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ or -, at most 32'),
    jwtSecret: jwtSecret || DEVELOPMENT_JWT_SECRET,
    jwtExpiresInSeconds: read.integer('JWT_EXPIRES_IN_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    sessionSecret: sessionSecret || DEVELOPMENT_SESSION_SECRET,
    sessionIdleMinutes: read.integer('SESSION_IDLE_MINUTES', 8 * 60, 1, 7 * 24 * 60),
    checkInLinkDays: read.integer('CHECK_IN_LINK_DAYS', 14, 1, 90),
    smtpUrl: read.optionalUrl('SMTP_URL', ['smtp:', 'smtps:']),
    mailOutboxDir: read.string('MAIL_OUTBOX_DIR', 'var/outbox'),
    mailFrom: read.pattern('MAIL_FROM', 'Handlingsplan <no-reply@handlingsplan.local>', /@/, 'an e-mail address'),
    processRole: read.oneOf('PROCESS_ROLE', PROCESS_ROLES, 'all'),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    loginAttemptsPerMinute: read.integer('LOGIN_ATTEMPTS_PER_MINUTE', 10, 1, 10000),
    loginAttemptsPerMinutePerClient: read.integer('LOGIN_ATTEMPTS_PER_MINUTE_PER_CLIENT', 100, 1, 100000),
    trustProxy: read.trustProxy('TRUST_PROXY'),
    digestSendAttempts: read.integer('DIGEST_SEND_ATTEMPTS', 5, 1, 50),
    digestRetryDelayMs: read.integer('DIGEST_RETRY_DELAY_MS', 30_000, 10, 3_600_000),
    digestTickPattern: ((pattern) => (pattern === 'off' ? null : pattern))(
      read.pattern('DIGEST_TICK_PATTERN', '0 * * * *', /^(off|(\S+\s+){4,5}\S+)$/, 'a cron pattern such as "0 * * * *", or off'),
    ),
    databasePoolSize: read.integer('DATABASE_POOL_SIZE', 10, 2, 500),
    digestConcurrency: read.integer('DIGEST_CONCURRENCY', 4, 1, 100),
    notificationReminderDays: read.integer('NOTIFICATION_REMINDER_DAYS', 7, 1, 365),
    notificationTickPattern: ((pattern) => (pattern === 'off' ? null : pattern))(
      read.pattern('NOTIFICATION_TICK_PATTERN', '*/15 * * * *', /^(off|(\S+\s+){4,5}\S+)$/, 'a cron pattern such as "*/15 * * * *", or off'),
    ),
    smtpConnectionTimeoutMs: read.integer('SMTP_CONNECTION_TIMEOUT_MS', 10_000, 100, 300_000),
    smtpGreetingTimeoutMs: read.integer('SMTP_GREETING_TIMEOUT_MS', 10_000, 100, 300_000),
    smtpSocketTimeoutMs: read.integer('SMTP_SOCKET_TIMEOUT_MS', 30_000, 100, 600_000),
    shutdownGraceMs: read.integer('SHUTDOWN_GRACE_MS', 20_000, 100, 600_000),
    digestSchedulerCheckMs: read.integer('DIGEST_SCHEDULER_CHECK_MS', 60_000, 100, 3_600_000),
    // Under test one process, so a test's child process is the one that serves (and can be killed).
    webConcurrency: read.integer('WEB_CONCURRENCY', nodeEnv === 'test' ? 1 : availableParallelism(), 1, 64),
    databaseNamedStatements: read.oneOf('DATABASE_NAMED_STATEMENTS', ['off', 'on'] as const, 'on') === 'on',
    databaseLogQueries: read.oneOf('DATABASE_LOG_QUERIES', ['off', 'on'] as const, 'off') === 'on',
    testCrashAt: nodeEnv === 'test' ? (read.string('TEST_CRASH_AT', '') || null) : null,
  } as AppConfig);

  checkPoolAgainstWorkers(config, problems);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}

/**
 * A digest job holds a pool connection while it claims, reads and marks a delivery (never across
 * SMTP). A process that serves the API and runs workers keeps at least half of its pool for the
 * API, so a batch of digests cannot make requests wait for a connection; a worker-only process
 * keeps one connection for the scheduler's tick.
 */
function checkPoolAgainstWorkers(config: AppConfig, problems: string[]): void {
  if (!config.runsWorkers) return;
  const limit = config.runsApi ? Math.floor(config.databasePoolSize / 2) : config.databasePoolSize - 1;
  if (config.digestConcurrency > limit) {
    problems.push(
      `DIGEST_CONCURRENCY (${config.digestConcurrency}) must be at most ${limit} with DATABASE_POOL_SIZE=${config.databasePoolSize}` +
        (config.runsApi ? ' (half the pool stays for the API when PROCESS_ROLE=all)' : ' (one connection stays for the scheduler)'),
    );
  }
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  pattern(name: string, fallback: string, pattern: RegExp, expected: string): string {
    const value = this.string(name, fallback);
    if (!pattern.test(value)) this.problems.push(`${name} must be ${expected}`);
    return value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  /** `off` (default), a number of proxy hops, or a list of addresses, subnets or loopback/linklocal/uniquelocal. */
  trustProxy(name: string): boolean | number | string {
    const value = this.raw(name);
    if (value === undefined || value === 'off') return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    const known = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;
    if (entries.every((entry) => known.test(entry))) return entries.join(',');
    this.problems.push(`${name} must be off, a number of proxy hops, or addresses/subnets such as loopback,10.0.0.0/8 (got "${value}")`);
    return false;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value as T;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    return this.optionalUrl(name, protocols) ?? fallback;
  }

  optionalUrl(name: string, protocols: string[]): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    let protocol: string;
    try {
      protocol = new URL(value).protocol;
    } catch {
      this.problems.push(`${name} is not a valid URL`);
      return null;
    }
    if (!protocols.includes(protocol)) {
      this.problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return null;
    }
    return value;
  }
}
