import { ConfigValidationError, loadConfig } from './load-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      databaseUrl: 'postgres://postgres@localhost:5432/handlingsplan',
      redisUrl: 'redis://localhost:6379',
      smtpUrl: null,
      mailOutboxDir: 'var/outbox',
      processRole: 'all',
      databaseNamedStatements: true,
    });
    expect(config.runsApi && config.runsWorkers).toBe(true);
  });

  it('names each bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', PROCESS_ROLE: 'both', DATABASE_URL: 'mysql://x', SMTP_URL: 'not a url' });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT must be a whole number/);
    expect(problems.join('\n')).toMatch(/PROCESS_ROLE must be one of all, api, worker/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must start with postgres:\/\//);
    expect(problems.join('\n')).toMatch(/SMTP_URL is not a valid URL/);
  });

  it('requires JWT_SECRET in production, and a long one whenever it is given', () => {
    expect(problemsOf({ NODE_ENV: 'production', SESSION_SECRET: 'c'.repeat(32) })).toEqual(['JWT_SECRET is required when NODE_ENV=production']);
    expect(problemsOf({ JWT_SECRET: 'short' })).toEqual(['JWT_SECRET must be at least 32 characters long']);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), SESSION_SECRET: 'c'.repeat(32) }).jwtSecret).toBe('s'.repeat(32));
  });

  it('requires SESSION_SECRET in production, and a long one whenever it is given', () => {
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) })).toEqual(['SESSION_SECRET is required when NODE_ENV=production']);
    expect(problemsOf({ SESSION_SECRET: 'short' })).toEqual(['SESSION_SECRET must be at least 32 characters long']);
    expect(loadConfig({ SESSION_IDLE_MINUTES: '30' }).sessionIdleMinutes).toBe(30);
    expect(loadConfig({}).sessionIdleMinutes).toBe(480);
  });

  it('lets check-in links work 14 days unless told otherwise, between 1 and 90', () => {
    expect(loadConfig({}).checkInLinkDays).toBe(14);
    expect(loadConfig({ CHECK_IN_LINK_DAYS: '3' }).checkInLinkDays).toBe(3);
    expect(problemsOf({ CHECK_IN_LINK_DAYS: '0' })).toEqual([expect.stringContaining('CHECK_IN_LINK_DAYS')]);
    expect(problemsOf({ CHECK_IN_LINK_DAYS: '365' })).toEqual([expect.stringContaining('CHECK_IN_LINK_DAYS')]);
  });

  it('sends statements unprepared only when told to, and names a bad value', () => {
    expect(loadConfig({ DATABASE_NAMED_STATEMENTS: 'off' }).databaseNamedStatements).toBe(false);
    expect(problemsOf({ DATABASE_NAMED_STATEMENTS: 'no' }).join('\n')).toMatch(/DATABASE_NAMED_STATEMENTS must be one of off, on/);
  });

  it('runs only the API or only the workers when told to', () => {
    expect(loadConfig({ PROCESS_ROLE: 'api' })).toMatchObject({ runsApi: true, runsWorkers: false });
    expect(loadConfig({ PROCESS_ROLE: 'worker' })).toMatchObject({ runsApi: false, runsWorkers: true });
  });

  it('refuses a digest concurrency that could take the pool the API needs', () => {
    expect(problemsOf({ DATABASE_POOL_SIZE: '10', DIGEST_CONCURRENCY: '6' })).toEqual([
      'DIGEST_CONCURRENCY (6) must be at most 5 with DATABASE_POOL_SIZE=10 (half the pool stays for the API when PROCESS_ROLE=all)',
    ]);
    expect(problemsOf({ DATABASE_POOL_SIZE: '10', DIGEST_CONCURRENCY: '5' })).toEqual([]);
    // A worker-only process has no API to leave room for; one connection stays for the tick.
    expect(problemsOf({ PROCESS_ROLE: 'worker', DATABASE_POOL_SIZE: '10', DIGEST_CONCURRENCY: '9' })).toEqual([]);
    expect(problemsOf({ PROCESS_ROLE: 'worker', DATABASE_POOL_SIZE: '10', DIGEST_CONCURRENCY: '10' })).toHaveLength(1);
    expect(problemsOf({ PROCESS_ROLE: 'api', DATABASE_POOL_SIZE: '2', DIGEST_CONCURRENCY: '50' })).toEqual([]);
  });

  it('derives the stuck-delivery threshold from the retry backoff and the SMTP timeouts', () => {
    const config = loadConfig({
      DIGEST_SEND_ATTEMPTS: '4',
      DIGEST_RETRY_DELAY_MS: '1000',
      SMTP_CONNECTION_TIMEOUT_MS: '1000',
      SMTP_GREETING_TIMEOUT_MS: '1000',
      SMTP_SOCKET_TIMEOUT_MS: '2000',
    });
    expect(config.digestLeaseMs).toBe(1000 + 1000 + 2 * 2000);
    // Backoffs of 1 s, 2 s and 4 s between the four tries, and a lease for each try.
    expect(config.digestStuckAfterMs).toBe(7000 + 4 * 6000);
  });

  it('has SMTP timeouts of seconds, not minutes, by default', () => {
    const config = loadConfig({});
    expect(config.smtpConnectionTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(config.smtpSocketTimeoutMs).toBeLessThanOrEqual(60_000);
    expect(config.shutdownGraceMs).toBeLessThanOrEqual(60_000);
  });

  it('ignores the crash hook outside tests', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), SESSION_SECRET: 'c'.repeat(32), TEST_CRASH_AT: 'after-dispatch' }).testCrashAt).toBeNull();
    expect(loadConfig({ NODE_ENV: 'test', TEST_CRASH_AT: 'after-dispatch' }).testCrashAt).toBe('after-dispatch');
  });
});
