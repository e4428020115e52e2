import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { eventually } from '../utils/smtp-sink';
import { browserFor, expectAccessible, logIn } from '../web/browser';
import { api, type AppProcess, login, runCli, startApp, stopAll } from './app-processes';
import { startThrowawayPostgres } from './throwaway-postgres';

jest.setTimeout(120_000);

describe('Postgres unreachable while the API serves', () => {
  let postgres: Awaited<ReturnType<typeof startThrowawayPostgres>>;
  let app: AppProcess;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    postgres = await startThrowawayPostgres();
    const env = {
      DATABASE_URL: postgres.url('handlingsplan_outage_test'),
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}_pg`,
      MAIL_OUTBOX_DIR: 'var/test-outbox',
    };
    await runCli(['seed-demo'], env);
    app = await startApp('all', env);
    apps.push(app);
  });

  afterAll(async () => {
    await stopAll(apps);
    await postgres?.remove();
  });

  it('answers 503 in the error format within seconds, and recovers by itself when the database returns', async () => {
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

  it('tells a signed-in person in a browser that the service is unavailable, without signing them out', async () => {
    const visitor = await browserFor(app.url);
    try {
      const tab = await (await visitor.newContext()).newPage();
      const heading = () => tab.getByRole('heading', { level: 1 }).innerText();
      await logIn(tab, 'kvalitetschef@avesta.example', DEMO_PASSWORD);
      expect({ path: new URL(tab.url()).pathname, heading: await heading() }).toEqual({ path: '/dashboard', heading: 'Översikt' });

      await postgres.stop();
      const started = Date.now();
      const during = await tab.reload();
      expect({ status: during?.status(), path: new URL(tab.url()).pathname, heading: await heading() }).toEqual({
        status: 503,
        path: '/dashboard',
        heading: 'Tjänsten är inte tillgänglig just nu',
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await tab.locator('main').innerText()).toContain('Handlingsplan når inte sin databas just nu. Försök igen om en stund.');
      await expectAccessible(visitor, tab);

      await postgres.start();
      // The same session opens Översikt again: the outage did not end it.
      await eventually(async () => (await tab.reload())?.status() === 200, 30_000, 'the pages serving again');
      expect({ path: new URL(tab.url()).pathname, heading: await heading() }).toEqual({ path: '/dashboard', heading: 'Översikt' });
    } finally {
      await visitor.close();
    }
  });
});
