import type { DataSource } from 'typeorm';
import { TEST_PASSWORD, makeUser } from '../utils/factories';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { type AppProcess, login, startApp, stopAll } from './app-processes';
import { deliveriesOf, expectEachExactlyOnce, municipalityWithRecipients, openDatabase } from './fault-fixture';

jest.setTimeout(90_000);

describe('SIGTERM while a batch is sent and a request is under way', () => {
  let database: { url: string; dataSource: DataSource };
  let smtp: SmtpSink;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    database = await openDatabase();
    smtp = await new SmtpSink().start();
  });

  afterAll(async () => {
    await stopAll(apps);
    await smtp.close();
    await database.dataSource.destroy();
  });

  it('finishes the request and the sends under way, marks them sent, loses nothing, and exits within the grace period', async () => {
    const { municipality, recipients } = await municipalityWithRecipients(database.dataSource, 12);
    const manager = await makeUser(database.dataSource, municipality, 'manager', { leadershipDigest: false, ownerDigest: false });
    const env = {
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}_term`,
      SMTP_URL: smtp.url,
      DIGEST_CONCURRENCY: '4',
      DIGEST_TICK_PATTERN: '*/1 * * * * *',
      SHUTDOWN_GRACE_MS: '10000',
    };
    // API and worker in one process, as PROCESS_ROLE=all runs them.
    // Sends that outlast the rest of the shutdown, so they finish only if the worker waits for them.
    smtp.delayMs = 4000;
    const app = await startApp('all', env);
    apps.push(app);
    await eventually(async () => (await deliveriesOf(database.dataSource, municipality)).some((delivery) => delivery.status === 'sending'), 30_000, 'sends under way');
    const sendingAtStop = (await deliveriesOf(database.dataSource, municipality)).filter((delivery) => delivery.status === 'sending').map((delivery) => delivery.id);

    // A login takes a while (argon2); the signal arrives while it is being answered.
    const loggingIn = login(app, manager.email, TEST_PASSWORD);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stoppedAt = Date.now();
    app.kill('SIGTERM');
    const token = await loggingIn;
    expect(token).toMatch(/^ey/);
    // Nest closes, then ends the process with the signal it got; 1 would be the deadline's forced exit.
    expect([0, 'SIGTERM']).toContain(await app.exited);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000 + 5000);

    const afterStop = await deliveriesOf(database.dataSource, municipality);
    for (const id of sendingAtStop) expect(afterStop.find((delivery) => delivery.id === id)!.status).toBe('sent');
    expect(afterStop.filter((delivery) => delivery.status === 'sending')).toEqual([]);
    expect(afterStop.some((delivery) => delivery.status === 'queued')).toBe(true);

    // The rest goes out after a restart, and nobody gets a digest twice.
    smtp.delayMs = 0;
    apps.push(await startApp('worker', env));
    await eventually(async () => (await deliveriesOf(database.dataSource, municipality)).every((delivery) => delivery.status === 'sent'), 60_000, 'every digest sent');
    expect(await expectEachExactlyOnce(smtp, recipients)).toBe(0);
  });

  it('stops within the grace period when the SMTP server hangs; the held deliveries go out later with their Message-ID', async () => {
    await stopAll(apps.splice(0));
    const { municipality, recipients } = await municipalityWithRecipients(database.dataSource, 4);
    const env = {
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}_hang`,
      SMTP_URL: smtp.url,
      DIGEST_TICK_PATTERN: '*/1 * * * * *',
      // Only the grace period bounds the stop: the socket timeout is far longer.
      SMTP_SOCKET_TIMEOUT_MS: '600000',
      SHUTDOWN_GRACE_MS: '2000',
    };
    smtp.hangAfterData = true;
    const hanging = await startApp('worker', env);
    apps.push(hanging);
    await eventually(async () => (await deliveriesOf(database.dataSource, municipality)).some((delivery) => delivery.status === 'sending'), 30_000, 'a send into the hanging server');
    const stoppedAt = Date.now();
    hanging.kill('SIGTERM');
    await hanging.exited;
    expect(Date.now() - stoppedAt).toBeLessThan(2000 + 5000);

    // The held deliveries wait for their lease; a worker with short timeouts sends them.
    smtp.hangAfterData = false;
    await database.dataSource.query(`UPDATE digest_delivery SET lease_until = now() WHERE status = 'sending' AND municipality_id = $1`, [municipality.id]);
    apps.push(await startApp('worker', { ...env, SMTP_SOCKET_TIMEOUT_MS: '1000' }));
    await eventually(async () => (await deliveriesOf(database.dataSource, municipality)).every((delivery) => delivery.status === 'sent'), 60_000, 'every digest sent');
    await expectEachExactlyOnce(smtp, recipients);
  });
});
