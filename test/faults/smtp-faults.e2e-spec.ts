import { type AddressInfo, createServer, type Server } from 'node:net';
import type { DataSource } from 'typeorm';
import { makeUser, TEST_PASSWORD } from '../utils/factories';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { api, type AppProcess, login, startApp, stopAll } from './app-processes';
import { deliveriesOf, municipalityWithRecipients, openDatabase } from './fault-fixture';

jest.setTimeout(120_000);

/**
 * An SMTP server that answers 451, one that answers 554 and one that drops the connection, each
 * of the test's own, against worker (and API) processes of the built app. Backoff is exponential
 * from DIGEST_RETRY_DELAY_MS: attempts at 0, +300 ms, +600 ms.
 */
describe('SMTP refusals and a dropped connection, against app processes', () => {
  let database: { url: string; dataSource: DataSource };
  const apps: AppProcess[] = [];
  const env = (smtpUrl: string) => ({
    DATABASE_URL: database.url,
    REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}_smtp`,
    SMTP_URL: smtpUrl,
    DIGEST_SEND_ATTEMPTS: '3',
    DIGEST_RETRY_DELAY_MS: '300',
    SMTP_CONNECTION_TIMEOUT_MS: '1000',
    SMTP_GREETING_TIMEOUT_MS: '1000',
    SMTP_SOCKET_TIMEOUT_MS: '2000',
    DIGEST_TICK_PATTERN: '*/1 * * * * *',
    DIGEST_SCHEDULER_CHECK_MS: '1000',
  });
  const start = async (role: AppProcess['role'], smtpUrl: string, extra: Record<string, string> = {}) => {
    const app = await startApp(role, { ...env(smtpUrl), ...extra });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    database = await openDatabase();
  });
  afterEach(async () => {
    await stopAll(apps.splice(0));
  });
  afterAll(async () => {
    await database.dataSource.destroy();
  });

  it('451: retried with growing delays, then failed with the reply kept', async () => {
    const smtp = await new SmtpSink().start();
    try {
      smtp.refuseWith = { code: 451, message: '4.3.0 Try again later' };
      const { municipality, recipients } = await municipalityWithRecipients(database.dataSource, 2);
      await start('worker', smtp.url);
      await eventually(async () => {
        const deliveries = await deliveriesOf(database.dataSource, municipality);
        return deliveries.length === 2 && deliveries.every((delivery) => delivery.status === 'failed');
      }, 45_000, 'both deliveries failed');
      for (const delivery of await deliveriesOf(database.dataSource, municipality)) {
        expect(delivery).toMatchObject({ attempts: 3, lastError: expect.stringContaining('451 4.3.0 Try again later') });
      }
      for (const recipient of recipients) {
        const times = smtp.refused.filter((refusal) => refusal.address === recipient.email).map((refusal) => refusal.at);
        expect(times).toHaveLength(3);
        // Exponential backoff: about 300 ms, then about 600 ms.
        expect(times[1] - times[0]).toBeGreaterThanOrEqual(250);
        expect(times[2] - times[1]).toBeGreaterThanOrEqual(500);
      }
      expect(smtp.received).toHaveLength(0);
    } finally {
      await smtp.close();
    }
  });

  it('554: failed at the first attempt, with the reply kept', async () => {
    const smtp = await new SmtpSink().start();
    try {
      smtp.refuseWith = { code: 554, message: '5.7.1 Rejected by policy' };
      const { municipality, recipients } = await municipalityWithRecipients(database.dataSource, 2);
      await start('worker', smtp.url);
      await eventually(async () => {
        const deliveries = await deliveriesOf(database.dataSource, municipality);
        return deliveries.length === 2 && deliveries.every((delivery) => delivery.status === 'failed');
      }, 45_000, 'both deliveries failed');
      for (const delivery of await deliveriesOf(database.dataSource, municipality)) {
        expect(delivery).toMatchObject({ attempts: 1, lastError: expect.stringContaining('554 5.7.1 Rejected by policy') });
      }
      // Give a retry time to happen, were there one: none comes.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const recipient of recipients) expect(smtp.refused.filter((refusal) => refusal.address === recipient.email)).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  it('a dropped connection: retried, failed with the error kept; "send now" later retries only the failed deliveries', async () => {
    const dropping: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    const smtp = await new SmtpSink().start();
    try {
      const droppingUrl = `smtp://127.0.0.1:${(dropping.address() as AddressInfo).port}`;
      const { municipality, recipients } = await municipalityWithRecipients(database.dataSource, 2);
      const manager = await makeUser(database.dataSource, municipality, 'manager', { leadershipDigest: false });
      await start('worker', droppingUrl);
      await eventually(async () => {
        const deliveries = await deliveriesOf(database.dataSource, municipality);
        return deliveries.length === 2 && deliveries.every((delivery) => delivery.status === 'failed');
      }, 45_000, 'both deliveries failed');
      for (const delivery of await deliveriesOf(database.dataSource, municipality)) {
        expect(delivery.attempts).toBe(3);
        expect(delivery.lastError).toMatch(/closed|ECONNRESET|unexpected/i);
      }
      await stopAll(apps.splice(0));

      // A working server now; "send now" through the API retries the two failed ones only.
      const apiProcess = await start('api', smtp.url);
      await start('worker', smtp.url);
      const token = await login(apiProcess, manager.email, TEST_PASSWORD);
      const sendNow = await api(apiProcess, 'POST', '/api/digests/send', { token, body: { kind: 'leadership' } });
      expect(sendNow).toMatchObject({ status: 202, body: { created: 0, retried: 2, alreadyDone: 0 } });
      await eventually(async () => (await deliveriesOf(database.dataSource, municipality)).every((delivery) => delivery.status === 'sent'), 30_000, 'both sent');
      const again = await api(apiProcess, 'POST', '/api/digests/send', { token, body: { kind: 'leadership' } });
      expect(again).toMatchObject({ status: 202, body: { created: 0, retried: 0, alreadyDone: 2 } });
      await smtp.settled();
      for (const recipient of recipients) expect(smtp.to(recipient.email)).toHaveLength(1);
    } finally {
      await smtp.close();
      await new Promise((resolve) => dropping.close(resolve));
    }
  });
});
