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
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET is required when NODE_ENV=production']);
    expect(problemsOf({ JWT_SECRET: 'short' })).toEqual(['JWT_SECRET must be at least 32 characters long']);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) }).jwtSecret).toBe('s'.repeat(32));
  });

  it('runs only the API or only the workers when told to', () => {
    expect(loadConfig({ PROCESS_ROLE: 'api' })).toMatchObject({ runsApi: true, runsWorkers: false });
    expect(loadConfig({ PROCESS_ROLE: 'worker' })).toMatchObject({ runsApi: false, runsWorkers: true });
  });
});
