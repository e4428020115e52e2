export const PROCESS_ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The validated configuration of one process. Built once at start from the environment by
 * `loadConfig` and injected by its class, so nothing else reads `process.env`.
 */
export class AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  readonly appUrl: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Prefix of every Redis key this deployment writes (queues, rate limits). */
  readonly redisKeyPrefix: string;
  readonly jwtSecret: string;
  readonly jwtExpiresInSeconds: number;
  /** Signs the browser session cookie. */
  readonly sessionSecret: string;
  /** A browser session ends after this long without a request. */
  readonly sessionIdleMinutes: number;
  /** How long a "Rapportera läge" link in an e-mail works, in days from when the e-mail was made. */
  readonly checkInLinkDays: number;
  readonly smtpUrl: string | null;
  readonly mailOutboxDir: string;
  readonly mailFrom: string;
  readonly processRole: ProcessRole;
  readonly logLevel: LogLevel;
  /** Login attempts allowed per e-mail address typed, and per account found, within one minute. */
  readonly loginAttemptsPerMinute: number;
  /** Login attempts allowed from one client address within one minute, whatever the e-mail. */
  readonly loginAttemptsPerMinutePerClient: number;
  /**
   * Express's `trust proxy`: which proxies in front of the app may name the client address in
   * X-Forwarded-For (false: none, the connection's address is the client's).
   */
  readonly trustProxy: boolean | number | string;
  /** Tries of one digest e-mail before it is marked failed. */
  readonly digestSendAttempts: number;
  /** First retry delay of a digest e-mail; each next one doubles it. */
  readonly digestRetryDelayMs: number;
  /** Cron pattern of the digest scheduler's tick, or null when this deployment runs none. */
  readonly digestTickPattern: string | null;
  /** A reminder goes to a plan's owner this many days before its due date. */
  readonly notificationReminderDays: number;
  /** Cron pattern of the notification scan (reminders, overdue, lost jobs), or null for none. */
  readonly notificationTickPattern: string | null;
  /** Connections of this process's Postgres pool. */
  readonly databasePoolSize: number;
  /** Digest jobs one worker process runs at once; each holds a pool connection only briefly. */
  readonly digestConcurrency: number;
  /** SMTP: time to open the connection, to get the greeting, and of silence on the socket. */
  readonly smtpConnectionTimeoutMs: number;
  readonly smtpGreetingTimeoutMs: number;
  readonly smtpSocketTimeoutMs: number;
  /** How long a stopping process waits for requests and sends under way before it gives up. */
  readonly shutdownGraceMs: number;
  /** How often a worker checks that the digest scheduler is still registered in Redis. */
  readonly digestSchedulerCheckMs: number;
  /**
   * API processes: with more than one, the process started is a supervisor that forks this many
   * (Node's cluster, sharing the port) and replaces one that dies. A worker-only process ignores it.
   */
  readonly webConcurrency: number;
  /**
   * Statements with parameters are sent as named prepared statements, parsed and planned once per
   * connection. Off behind a pooler that moves a session's statements between server connections.
   */
  readonly databaseNamedStatements: boolean;
  /**
   * Every SQL statement logged (an info line `query` with the request id): for counting the
   * queries of a request, e.g. in `npm run bench:api`. Off in normal running.
   */
  readonly databaseLogQueries: boolean;
  /** Test hook: the process kills itself at this point (never set in production). */
  readonly testCrashAt: string | null;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }

  get runsApi(): boolean {
    return this.processRole !== 'worker';
  }

  get runsWorkers(): boolean {
    return this.processRole !== 'api';
  }

  /**
   * How long a worker holds a delivery it claimed for sending: the longest an SMTP conversation
   * lasts before one of its timeouts fires (connect, greeting, then silence while sending and
   * while waiting for the reply to DATA). A worker killed mid-send gives it up when this ends.
   */
  get digestLeaseMs(): number {
    return this.smtpConnectionTimeoutMs + this.smtpGreetingTimeoutMs + 2 * this.smtpSocketTimeoutMs;
  }

  /**
   * A queued delivery untouched for this long has lost its job (a crash, or Redis lost its data):
   * longer than every retry's backoff and every try's lease together, so a delivery that is only
   * waiting for its next retry is never taken for lost.
   */
  get digestStuckAfterMs(): number {
    const backoff = this.digestRetryDelayMs * (2 ** (this.digestSendAttempts - 1) - 1);
    return backoff + this.digestSendAttempts * this.digestLeaseMs;
  }
}
