import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { DEMO_MUNICIPALITY_CODE } from '../../src/cli/demo/demo-seeder';
import { DigestDelivery } from '../../src/modules/digests/digest-delivery.entity';
import { DIGEST_JOBS, DIGEST_QUEUE } from '../../src/modules/digests/digests.constants';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { api, type AppProcess, login, runCli, startApp, stopAll } from './app-processes';
import { openDatabase } from './fault-fixture';

jest.setTimeout(300_000);

const GENERATED_RECIPIENTS = 200;

describe('two API processes and two worker processes on one Postgres and one Redis', () => {
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

  it("sends a week's digests for the demo and a few hundred more recipients exactly once, the load split between the workers", async () => {
    const env = {
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}_two`,
      SMTP_URL: smtp.url,
      DIGEST_CONCURRENCY: '4',
      DATABASE_POOL_SIZE: '10',
    };
    await runCli(['seed-demo'], env);
    const avesta = await database.dataSource.getRepository(Municipality).findOneByOrFail({ code: DEMO_MUNICIPALITY_CODE });
    await database.dataSource.query(
      `INSERT INTO app_user (municipality_id, email, name, role, password_hash, leadership_digest)
       SELECT $1, 'mottagare-' || n || '@avesta.example', 'Mottagare ' || n, 'viewer', 'not-a-login', true FROM generate_series(1, $2) AS n`,
      [avesta.id, GENERATED_RECIPIENTS],
    );
    smtp.delayMs = 10;
    const [first, second] = [await startApp('api', env), await startApp('api', env)];
    const workers = [await startApp('worker', { ...env, LOG_LEVEL: 'info' }), await startApp('worker', { ...env, LOG_LEVEL: 'info' })];
    apps.push(first, second, ...workers);

    // "Send now" on both API processes at once: the week is recorded once.
    const [tokenA, tokenB] = [await login(first, 'kvalitetschef@avesta.example', DEMO_PASSWORD), await login(second, 'kommundirektor@avesta.example', DEMO_PASSWORD)];
    const answers = await Promise.all([
      api(first, 'POST', '/api/digests/send', { token: tokenA, body: {} }),
      api(second, 'POST', '/api/digests/send', { token: tokenB, body: {} }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
    const deliveries = () => database.dataSource.getRepository(DigestDelivery).findBy({ municipalityId: avesta.id });
    const recorded = await deliveries();
    expect(answers[0].body.created + answers[1].body.created).toBe(recorded.length);
    expect(recorded.length).toBeGreaterThan(GENERATED_RECIPIENTS);

    await eventually(async () => (await deliveries()).every((delivery) => delivery.status === 'sent' || delivery.status === 'skipped'), 90_000, 'every digest sent or skipped');
    await smtp.settled();
    const sent = (await deliveries()).filter((delivery) => delivery.status === 'sent');
    // Exactly once: as many messages as sent deliveries, each Message-ID once, each to its recipient.
    const received = smtp.received.map((mail) => mail.parsed.messageId);
    expect(received).toHaveLength(sent.length);
    expect(new Set(received).size).toBe(sent.length);
    expect(new Set(sent.map((delivery) => delivery.messageId))).toEqual(new Set(received));

    const sentBy = workers.map((worker) => worker.output().split('\n').filter((line) => line.includes('Sent e-mail')).length);
    expect(sentBy[0] + sentBy[1]).toBe(sent.length);
    // Both took a real share of the load.
    expect(Math.min(...sentBy)).toBeGreaterThan(sent.length / 5);

    // Each delivery queued twice, its two jobs side by side (as a requeue racing the original job
    // leaves them): the two workers run both at once, and only one may send.
    const doubled = await database.dataSource.query<{ id: string }[]>(
      `INSERT INTO digest_delivery (municipality_id, user_id, kind, period_key, status)
       SELECT municipality_id, id, 'leadership', '2026-W01', 'queued' FROM app_user WHERE municipality_id = $1 AND email LIKE 'mottagare-%' AND email < 'mottagare-5'
       RETURNING id`,
      [avesta.id],
    );
    expect(doubled.length).toBeGreaterThan(20);
    const queue = new Queue(DIGEST_QUEUE, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: `${env.REDIS_KEY_PREFIX}:bull` });
    try {
      await queue.addBulk(
        doubled.flatMap(({ id }) => [0, 1].map(() => ({ name: DIGEST_JOBS.deliver, data: { deliveryId: id }, opts: { jobId: `delivery-${id}-${randomUUID()}`, attempts: 3 } }))),
      );
    } finally {
      await queue.close();
    }
    const ids = doubled.map(({ id }) => id);
    const twice = () => database.dataSource.getRepository(DigestDelivery).findBy(ids.map((id) => ({ id })));
    await eventually(async () => (await twice()).every((delivery) => delivery.status === 'sent'), 60_000, 'every doubly queued digest sent');
    await smtp.settled();
    const messageIds = new Set((await twice()).map((delivery) => delivery.messageId));
    expect(smtp.received.filter((mail) => messageIds.has(mail.parsed.messageId ?? null))).toHaveLength(ids.length);
  });
});
