import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { DigestDelivery, DigestDispatch } from '../../src/modules/digests/digest-delivery.entity';
import { digestPeriodKey } from '../../src/modules/digests/digest-period';
import { DigestDeliverer } from '../../src/modules/digests/digest-deliverer.service';
import { DigestsService } from '../../src/modules/digests/digests.service';
import { DIGEST_JOBS, DIGEST_QUEUE, DIGEST_TICK_SCHEDULER_ID } from '../../src/modules/digests/digests.constants';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { createTestApp, TestApp } from '../utils/test-app';

/** Monday 23 November 2026, 07:00 in Stockholm: the default digest hour of a past week. */
const MONDAY_0700 = new Date('2026-11-23T06:00:00Z');

class LogLines extends Writable {
  readonly lines: string[] = [];
  _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    callback();
  }
}

describe('digest delivery under faults (one process)', () => {
  let smtp: SmtpSink;
  let t: TestApp;
  let logs: LogLines;
  let municipality: Municipality;
  let manager: User;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const deliveries = () => t.dataSource.getRepository(DigestDelivery).findBy({ municipalityId: municipality.id, periodKey: digestPeriodKey(new Date(), 'Europe/Stockholm') });

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    logs = new LogLines();
    t = await createTestApp(
      { SMTP_URL: smtp.url, DIGEST_SEND_ATTEMPTS: '3', DIGEST_RETRY_DELAY_MS: '20', LOG_LEVEL: 'warn', SMTP_SOCKET_TIMEOUT_MS: '5000' },
      logs,
    );
    municipality = await makeMunicipality(t.dataSource);
    manager = await makeUser(t.dataSource, municipality, 'manager', { leadershipDigest: true });
  });

  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  beforeEach(() => {
    smtp.refuseWith = null;
    smtp.delayMs = 0;
  });

  it("records the week's dispatch marker and its deliveries together, so a failure in between leaves the week to the next tick", async () => {
    const other = await makeMunicipality(t.dataSource);
    await makeUser(t.dataSource, other, 'manager');
    // The deliveries' insert fails once, after the marker's.
    await t.dataSource.query(`
      CREATE FUNCTION refuse_delivery() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER refuse_delivery BEFORE INSERT ON digest_delivery FOR EACH ROW EXECUTE FUNCTION refuse_delivery();`);
    try {
      await expect(t.app.get(DigestsService).tick(MONDAY_0700)).rejects.toThrow(/disk full/);
    } finally {
      await t.dataSource.query('DROP TRIGGER refuse_delivery ON digest_delivery; DROP FUNCTION refuse_delivery();');
    }
    // The tick stopped at the first municipality; none is marked as done for the week.
    expect(await t.dataSource.getRepository(DigestDispatch).countBy({ periodKey: '2026-W48' })).toBe(0);

    const dispatched = await t.app.get(DigestsService).tick(MONDAY_0700);
    expect(dispatched.sort()).toEqual([municipality.code, other.code].sort());
    expect(await t.dataSource.getRepository(DigestDelivery).countBy({ municipalityId: other.id, periodKey: '2026-W48' })).toBe(1);
  });

  it('holds no transaction open while the SMTP server takes its time, only a lease on the delivery', async () => {
    smtp.delayMs = 2000;
    await t.app.get(DigestsService).sendNow({ municipalityId: municipality.id }, ['leadership']);
    await eventually(async () => (await deliveries()).some((delivery) => delivery.status === 'sending'), 10_000, 'a delivery being sent');
    const [sending] = (await deliveries()).filter((delivery) => delivery.status === 'sending');
    expect(sending.leaseUntil!.getTime()).toBeGreaterThan(Date.now());
    const database = (await t.dataSource.query('SELECT current_database() AS name'))[0].name as string;
    const idleInTransaction = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1 AND state LIKE 'idle in transaction%'`,
      [database],
    );
    expect(idleInTransaction[0].count).toBe(0);
    await eventually(async () => (await deliveries()).every((delivery) => delivery.status === 'sent'), 15_000, 'the digest sent');
    expect((await deliveries())[0].leaseUntil).toBeNull();
  });

  it('sends a delivery again, with the same Message-ID, once the lease of a worker that died mid-send has ended', async () => {
    const [delivery] = await deliveries();
    const firstMessageId = delivery.messageId;
    expect(firstMessageId).toMatch(new RegExp(`^<digest-${delivery.id}@[a-z0-9.-]+>$`));
    const before = smtp.to(manager.email).length;
    // As a worker killed during the SMTP conversation leaves it.
    await t.dataSource.getRepository(DigestDelivery).update(delivery.id, { status: 'sending', leaseUntil: new Date(Date.now() - 1000), messageId: null });
    await t.app.get(DigestsService).tick(MONDAY_0700);
    await eventually(async () => (await deliveries())[0].status === 'sent', 10_000, 'the delivery sent again');
    await smtp.settled();
    const mails = smtp.to(manager.email);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.parsed.messageId).toBe(firstMessageId);
  });

  it('fails a job whose delivery does not exist, and says so in the error log', async () => {
    const queue = t.app.get<Queue>(getQueueToken(DIGEST_QUEUE));
    const deliveryId = randomUUID();
    const job = await queue.add(DIGEST_JOBS.deliver, { deliveryId }, { jobId: `missing-${deliveryId}`, attempts: 3 });
    await eventually(async () => (await queue.getJobState(job.id!)) === 'failed', 10_000, 'the job failed');
    const failed = await queue.getJob(job.id!);
    expect(failed!.failedReason).toContain(`Digest delivery ${deliveryId} does not exist`);
    expect(failed!.attemptsMade).toBe(1);
    expect(logs.lines.some((line) => line.includes('"level":50') && line.includes(deliveryId) && line.includes(job.id!))).toBe(true);
  });

  it('answers "send now" with 503 within seconds while Redis is unreachable, and records nothing', async () => {
    const cut = await createTestApp({ PROCESS_ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const before = await t.dataSource.getRepository(DigestDelivery).count();
      const started = Date.now();
      const response = await cut.http.post('/api/digests/send').set(as(manager)).send({}).expect(503);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(response.body).toMatchObject({ statusCode: 503, code: 'DIGESTS.QUEUE_UNAVAILABLE' });
      expect(await t.dataSource.getRepository(DigestDelivery).count()).toBe(before);
      const health = await cut.http.get('/api/health').expect(503);
      expect(health.body).toMatchObject({ status: 'down', redis: 'down', database: 'up' });
    } finally {
      await cut.close();
    }
  });

  it('a delivery sent after its week ended says its own week, so it does not read as a second digest of the next', async () => {
    const late = await makeMunicipality(t.dataSource);
    const reader = await makeUser(t.dataSource, late, 'manager', { leadershipDigest: true });
    // Recorded for week 48, and sent only after midnight on Sunday (a worker down over the turn of the week).
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO digest_delivery (municipality_id, user_id, kind, period_key, status) VALUES ($1, $2, 'leadership', '2026-W48', 'queued') RETURNING id`,
      [late.id, reader.id],
    );
    t.clock.set('2026-11-29T23:10:00Z'); // Monday 30 November 2026, 00:10 in Stockholm: week 49
    try {
      expect(await t.app.get(DigestDeliverer).deliver(id, true)).toBe('sent');
    } finally {
      t.clock.release();
    }
    await eventually(() => smtp.to(reader.email).length === 1, 10_000, 'the late digest');
    const [mail] = (await smtp.settled()).filter((received) => received.to === reader.email);
    expect(mail.parsed.subject).toMatch(/^Veckorapport .* v\. 48:/);
    expect(mail.parsed.text).toContain('VECKORAPPORT V. 48');
    expect(mail.parsed.html).toContain('Veckorapport v. 48');
  });
});

describe('the digest scheduler and the queue owner, as /api/health reports them', () => {
  const prefix = process.env.REDIS_KEY_PREFIX!;
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(() => redis.quit());

  it('reports a scheduler lost from Redis, and the worker registers it again by itself', async () => {
    const t = await createTestApp({ DIGEST_TICK_PATTERN: '0 * * * *', DIGEST_SCHEDULER_CHECK_MS: '1500' });
    try {
      const queue = t.app.get<Queue>(getQueueToken(DIGEST_QUEUE));
      await eventually(async () => (await t.http.get('/api/health')).body.digestScheduler === 'registered', 10_000, 'the scheduler registered');
      await queue.removeJobScheduler(DIGEST_TICK_SCHEDULER_ID);
      const lost = await t.http.get('/api/health').expect(503);
      expect(lost.body).toMatchObject({ status: 'down', digestScheduler: 'missing', redisKeyPrefix: prefix });
      expect(lost.body.message).toMatch(/digest scheduler is missing/);
      await eventually(async () => (await t.http.get('/api/health')).status === 200, 10_000, 'the scheduler registered again');
      expect(await queue.getJobScheduler(DIGEST_TICK_SCHEDULER_ID)).toMatchObject({ pattern: '0 * * * *' });
    } finally {
      await t.close();
    }
  });

  it("refuses to start a worker on a queue that another deployment's database recorded", async () => {
    const key = `${prefix}:bull:digests:deployment-id`;
    const ours = await redis.get(key);
    const theirs = randomUUID();
    await redis.set(key, theirs);
    try {
      await expect(createTestApp({ PROCESS_ROLE: 'worker' })).rejects.toThrow(`belongs to deployment ${theirs}`);
      const api = await createTestApp({ PROCESS_ROLE: 'api' });
      try {
        const health = await api.http.get('/api/health').expect(503);
        expect(health.body).toMatchObject({ digestQueueOwner: 'foreign', redisKeyPrefix: prefix });
        expect(health.body.deploymentId).toMatch(/^[0-9a-f-]{36}$/);
        expect(health.body.deploymentId).not.toBe(theirs);
      } finally {
        await api.close();
      }
    } finally {
      if (ours) await redis.set(key, ours);
      else await redis.del(key);
    }
  });
});
