import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { api, type AppProcess, login, runCli, startApp, startRedis, stopAll } from './app-processes';
import { deliveriesOf, expectEachExactlyOnce, municipalityWithRecipients, openDatabase } from './fault-fixture';

jest.setTimeout(120_000);

const MANAGER = 'kvalitetschef@avesta.example';

/**
 * A Redis of the test's own (no persistence, so a restart comes back empty), an API process and
 * a worker process. Redis holds nothing Postgres cannot rebuild: the scheduler registers itself
 * again and the tick queues again what was recorded and not sent.
 */
describe('Redis stopped, restarted empty and flushed while the app runs', () => {
  let database: { url: string; dataSource: DataSource };
  let smtp: SmtpSink;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let apiProcess: AppProcess;
  const apps: AppProcess[] = [];
  const statuses = async (municipality: { id: string }) => (await deliveriesOf(database.dataSource, municipality)).map((delivery) => delivery.status);

  beforeAll(async () => {
    database = await openDatabase();
    smtp = await new SmtpSink().start();
    redis = await startRedis();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'faults',
      SMTP_URL: smtp.url,
      DIGEST_SEND_ATTEMPTS: '3',
      DIGEST_RETRY_DELAY_MS: '100',
      SMTP_CONNECTION_TIMEOUT_MS: '1000',
      SMTP_GREETING_TIMEOUT_MS: '1000',
      SMTP_SOCKET_TIMEOUT_MS: '2500',
      DIGEST_TICK_PATTERN: '*/1 * * * * *',
      DIGEST_SCHEDULER_CHECK_MS: '1000',
    };
    await runCli(['seed-demo'], env);
    apiProcess = await startApp('api', env);
    apps.push(apiProcess, await startApp('worker', env));
  });

  afterAll(async () => {
    await stopAll(apps);
    await redis.stop();
    await smtp.close();
    await database.dataSource.destroy();
  });

  it('keeps plans and updates working while Redis is down, says so in /api/health, and sends the digests once it is back', async () => {
    const { municipality, recipients } = await municipalityWithRecipients(database.dataSource, 10);
    const token = await login(apiProcess, MANAGER, DEMO_PASSWORD);
    smtp.delayMs = 400;
    await eventually(() => smtp.received.length >= 2, 30_000, 'the first digests');

    await redis.stop();
    const health = await api(apiProcess, 'GET', '/api/health');
    expect(health).toMatchObject({ status: 503, body: { status: 'down', redis: 'down', database: 'up' } });
    expect(health.body.message).toContain('Redis');
    expect(health.ms).toBeLessThan(3000);

    // Logins are let through without the rate limit's counter (README: "if Redis is down").
    const tokenWithoutRedis = await login(apiProcess, MANAGER, DEMO_PASSWORD);
    const plans = await api(apiProcess, 'GET', '/api/action-plans?status=planned,in_progress&limit=5', { token: tokenWithoutRedis });
    expect(plans.status).toBe(200);
    expect(plans.body.items.length).toBeGreaterThan(0);
    const plan = plans.body.items[0] as { id: string };
    const update = await api(apiProcess, 'POST', `/api/action-plans/${plan.id}/updates`, { token, body: { health: 'on_track', progress: 55, comment: 'Written while Redis was down' } });
    expect(update.status).toBe(201);
    const updates = await api(apiProcess, 'GET', `/api/action-plans/${plan.id}/updates`, { token });
    expect(JSON.stringify(updates.body)).toContain('Written while Redis was down');

    const send = await api(apiProcess, 'POST', '/api/digests/send', { token, body: {} });
    expect(send).toMatchObject({ status: 503, body: { statusCode: 503, code: 'DIGESTS.QUEUE_UNAVAILABLE' } });
    expect(send.ms).toBeLessThan(5000);

    // Back, and empty: no scheduler, no jobs, no record of the queue's owner.
    redis = await startRedis(redis.port);
    // Health is green once Redis answers and the digest scheduler is back, which can be a moment
    // before the queue's owner is recorded again (the scheduler's next check, within its second).
    let healthAgain = await api(apiProcess, 'GET', '/api/health');
    await eventually(
      async () => {
        healthAgain = await api(apiProcess, 'GET', '/api/health');
        return healthAgain.status === 200 && healthAgain.body.digestQueueOwner !== 'not recorded';
      },
      30_000,
      'health ok again, the queue recorded as ours',
    );
    expect(healthAgain.body).toMatchObject({ redis: 'up', digestScheduler: 'registered', digestQueueOwner: 'this deployment' });
    smtp.delayMs = 0;
    await eventually(async () => (await statuses(municipality)).every((status) => status === 'sent'), 60_000, 'every digest sent');
    expect(await expectEachExactlyOnce(smtp, recipients)).toBe(0);
  });

  it('comes back from a FLUSHALL in the middle of a batch: scheduler again, every digest once', async () => {
    const { municipality, recipients } = await municipalityWithRecipients(database.dataSource, 10);
    smtp.delayMs = 400;
    await eventually(async () => (await statuses(municipality)).includes('sent'), 30_000, 'the first digest of the batch');
    const client = new Redis(redis.url);
    try {
      await client.flushall();
    } finally {
      client.disconnect();
    }
    smtp.delayMs = 0;
    await eventually(async () => (await statuses(municipality)).every((status) => status === 'sent'), 60_000, 'every digest sent');
    expect(await expectEachExactlyOnce(smtp, recipients)).toBe(0);
    expect((await api(apiProcess, 'GET', '/api/health')).body).toMatchObject({ digestScheduler: 'registered', digestQueueOwner: 'this deployment' });
  });
});
