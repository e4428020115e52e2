import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { eventually } from '../utils/smtp-sink';
import { api, type AppProcess, login, runCli, startApp, stopAll } from './app-processes';
import { startThrowawayPostgres } from './throwaway-postgres';

jest.setTimeout(120_000);

describe('Postgres unreachable while the API serves', () => {
  let postgres: Awaited<ReturnType<typeof startThrowawayPostgres>>;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    postgres = await startThrowawayPostgres();
  });

  afterAll(async () => {
    await stopAll(apps);
    await postgres?.remove();
  });

  it('answers 503 in the error format within seconds, and recovers by itself when the database returns', async () => {
    const env = {
      DATABASE_URL: postgres.url('handlingsplan_outage_test'),
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}_pg`,
      MAIL_OUTBOX_DIR: 'var/test-outbox',
    };
    await runCli(['seed-demo'], env);
    const app = await startApp('all', env);
    apps.push(app);
    const token = await login(app, 'kvalitetschef@avesta.example', DEMO_PASSWORD);
    expect((await api(app, 'GET', '/api/action-plans?limit=3', { token })).status).toBe(200);

    await postgres.stop();
    for (const path of ['/api/action-plans?limit=3', '/api/dashboard', '/api/municipality']) {
      const answer = await api(app, 'GET', path, { token, timeoutMs: 20_000 });
      expect({ path, status: answer.status, body: answer.body }).toEqual({
        path,
        status: 503,
        body: expect.objectContaining({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/database/i) }),
      });
      expect(answer.ms).toBeLessThan(10_000);
    }
    const health = await api(app, 'GET', '/api/health');
    expect(health).toMatchObject({ status: 503, body: { database: 'down', redis: 'up' } });
    expect(health.body.message).toMatch(/database/);

    await postgres.start();
    await eventually(async () => (await api(app, 'GET', '/api/action-plans?limit=3', { token })).status === 200, 30_000, 'the API serving again');
    expect((await api(app, 'GET', '/api/health')).status).toBe(200);
  });
});
