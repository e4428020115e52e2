import type { DataSource } from 'typeorm';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { type AppProcess, crash, startApp, stopAll } from './app-processes';
import { deliveriesOf, expectEachExactlyOnce, municipalityWithRecipients, openDatabase } from './fault-fixture';

jest.setTimeout(120_000);

/**
 * Worker processes killed with SIGKILL while they send. Timeouts are short so that a lost send
 * comes back within seconds: a lease of 0.3 + 0.3 + 2 × 1.5 = 3.6 s; a queued delivery counts as
 * lost after 0.1 + 0.2 s of backoff and three leases, about 11 s.
 */
describe('kill -9 of digest workers in the middle of a batch', () => {
  let database: { url: string; dataSource: DataSource };
  let smtp: SmtpSink;
  const apps: AppProcess[] = [];
  const env = () => ({
    DATABASE_URL: database.url,
    REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}_crash`,
    SMTP_URL: smtp.url,
    DIGEST_SEND_ATTEMPTS: '3',
    DIGEST_RETRY_DELAY_MS: '100',
    SMTP_CONNECTION_TIMEOUT_MS: '300',
    SMTP_GREETING_TIMEOUT_MS: '300',
    SMTP_SOCKET_TIMEOUT_MS: '1500',
    DIGEST_CONCURRENCY: '4',
    DIGEST_TICK_PATTERN: '*/1 * * * * *',
    DIGEST_SCHEDULER_CHECK_MS: '1000',
  });
  const worker = async (extra: Record<string, string> = {}) => {
    const app = await startApp('worker', { ...env(), ...extra });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    database = await openDatabase();
    smtp = await new SmtpSink().start();
  });

  afterAll(async () => {
    await stopAll(apps);
    await smtp.close();
    await database.dataSource.destroy();
  });

  it('slow SMTP, then an SMTP server that hangs after DATA twice, then a working one: each recipient has the digest once, all marked sent', async () => {
    const { municipality, recipients } = await municipalityWithRecipients(database.dataSource, 16);
    const statuses = async () => (await deliveriesOf(database.dataSource, municipality)).map((delivery) => delivery.status);

    // 1 s per message: the first worker is killed with sends under way.
    smtp.delayMs = 1000;
    const first = await worker();
    await eventually(() => smtp.received.length >= 4, 30_000, 'the first digests at the SMTP server');
    await crash(first);
    expect((await statuses()).filter((status) => status !== 'sent').length).toBeGreaterThan(0);

    // A server that takes the message and never answers; the worker is killed mid-conversation, twice.
    smtp.hangAfterData = true;
    for (let round = 0; round < 2; round++) {
      const received = smtp.received.length;
      const hung = await worker();
      await eventually(() => smtp.received.length > received, 30_000, 'a send into the hanging server');
      await crash(hung);
    }

    smtp.hangAfterData = false;
    smtp.delayMs = 0;
    await worker();
    await eventually(async () => (await statuses()).every((status) => status === 'sent'), 60_000, 'every delivery sent');
    const duplicates = await expectEachExactlyOnce(smtp, recipients);
    // Duplicates come only from sends a kill interrupted: at most the concurrency per kill.
    expect(duplicates).toBeLessThanOrEqual(3 * 4);
    const deliveries = await deliveriesOf(database.dataSource, municipality);
    expect(deliveries).toHaveLength(recipients.length);
    expect(deliveries.every((delivery) => delivery.leaseUntil === null && delivery.sentAt !== null)).toBe(true);
  });

  it('kill -9 between recording the week and queueing its jobs: the next tick sends the week', async () => {
    await stopAll(apps.splice(0));
    const { municipality, recipients } = await municipalityWithRecipients(database.dataSource, 6);
    // No slow server here: shorter timeouts make a queued delivery lost after about 10 s. Connecting
    // and the greeting keep 2 s: the SMTP server runs in this busy process, and a send that fails
    // both its attempts is failed for good, which is not what this test is about.
    const quick = { DIGEST_SEND_ATTEMPTS: '2', SMTP_CONNECTION_TIMEOUT_MS: '2000', SMTP_GREETING_TIMEOUT_MS: '2000', SMTP_SOCKET_TIMEOUT_MS: '500' };
    const crashing = await worker({ ...quick, TEST_CRASH_AT: 'after-dispatch' });
    expect(await crashing.exited).toBe('SIGKILL');
    const recorded = await deliveriesOf(database.dataSource, municipality);
    expect(recorded.map((delivery) => delivery.status)).toEqual(recipients.map(() => 'queued'));
    const before = smtp.received.length;
    expect(recipients.some((recipient) => smtp.to(recipient.email).length > 0)).toBe(false);

    await worker(quick);
    let seen: string[] = [];
    await eventually(
      async () => {
        const deliveries = await deliveriesOf(database.dataSource, municipality);
        seen = deliveries.map((delivery) => (delivery.lastError ? `${delivery.status} (${delivery.lastError})` : delivery.status));
        return deliveries.every((delivery) => delivery.status === 'sent');
      },
      60_000,
      'the recorded week sent',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the deliveries: ${seen.join(', ')}`);
    });
    await expectEachExactlyOnce(smtp, recipients);
    expect(smtp.received.length - before).toBe(recipients.length);
  });
});
