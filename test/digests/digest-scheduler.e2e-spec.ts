import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DigestDelivery, DigestDispatch } from '../../src/modules/digests/digest-delivery.entity';
import { DigestsService } from '../../src/modules/digests/digests.service';
import { DIGEST_QUEUE, DIGEST_TICK_SCHEDULER_ID } from '../../src/modules/digests/digests.constants';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

/** Monday 30 November 2026 at the given hour in Stockholm (UTC+1 in winter). */
const stockholmMonday = (hour: number) => new Date(Date.UTC(2026, 10, 30, hour - 1));

describe('the digest scheduler', () => {
  let t: TestApp;
  let stockholm: Municipality;
  let helsinki: Municipality;
  let digests: DigestsService;
  const dispatches = (municipality: Municipality) => t.dataSource.getRepository(DigestDispatch).findBy({ municipalityId: municipality.id });
  const deliveriesOf = (municipality: Municipality) => t.dataSource.getRepository(DigestDelivery).findBy({ municipalityId: municipality.id });

  beforeAll(async () => {
    // No SMTP here: e-mails go to an outbox folder; this file is about when digests are queued.
    t = await createTestApp({ DIGEST_TICK_PATTERN: '0 * * * *', MAIL_OUTBOX_DIR: 'var/test-outbox' });
    digests = t.app.get(DigestsService);
    stockholm = await makeMunicipality(t.dataSource);
    // Digests at 09:00 Helsinki time, which is 08:00 in Stockholm.
    helsinki = await makeMunicipality(t.dataSource, { timezone: 'Europe/Helsinki', digestHour: 9 });
    for (const municipality of [stockholm, helsinki]) {
      await makeUser(t.dataSource, municipality, 'manager');
      await makeUser(t.dataSource, municipality, 'viewer');
    }
  });

  afterAll(() => t.close());

  it('is registered as an hourly job scheduler at start, once however often the app starts', async () => {
    const queue = t.app.get<Queue>(getQueueToken(DIGEST_QUEUE));
    const second = await createTestApp({ DIGEST_TICK_PATTERN: '0 * * * *', MAIL_OUTBOX_DIR: 'var/test-outbox' });
    await second.close();
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.filter((scheduler) => scheduler.key === DIGEST_TICK_SCHEDULER_ID)).toEqual([
      expect.objectContaining({ pattern: '0 * * * *', name: 'tick' }),
    ]);
  });

  it('queues nothing at 06:00 on Monday in Stockholm', async () => {
    expect(await digests.tick(stockholmMonday(6))).toEqual([]);
    expect(await dispatches(stockholm)).toEqual([]);
    expect(await deliveriesOf(stockholm)).toEqual([]);
  });

  it("queues the week's digests at 07:00 on Monday in Stockholm, while Helsinki follows its own clock", async () => {
    const dispatched = await digests.tick(stockholmMonday(7));
    expect(dispatched).toEqual([stockholm.code]);
    expect((await dispatches(stockholm)).map((dispatch) => dispatch.periodKey)).toEqual(['2026-W49']);
    const queued = await deliveriesOf(stockholm);
    expect(queued.map((delivery) => delivery.kind)).toEqual(['leadership', 'leadership']);
    expect(await dispatches(helsinki)).toEqual([]);

    // 09:00 in Helsinki is 08:00 in Stockholm.
    expect(await digests.tick(stockholmMonday(8))).toEqual([helsinki.code]);
    expect((await dispatches(helsinki)).map((dispatch) => dispatch.periodKey)).toEqual(['2026-W49']);
  });

  it('does not queue the same week twice on later ticks', async () => {
    expect(await digests.tick(stockholmMonday(9))).toEqual([]);
    expect(await digests.tick(new Date('2026-12-03T12:00:00Z'))).toEqual([]);
    expect(await deliveriesOf(stockholm)).toHaveLength(2);
  });

  it('catches up a missed week once, after a day of downtime', async () => {
    // Nothing ran on Monday 7 December; the first tick is on Tuesday.
    const tuesday = new Date('2026-12-08T09:00:00Z');
    expect((await digests.tick(tuesday)).sort()).toEqual([stockholm.code, helsinki.code].sort());
    expect((await dispatches(stockholm)).map((dispatch) => dispatch.periodKey).sort()).toEqual(['2026-W49', '2026-W50']);
    expect(await digests.tick(new Date('2026-12-08T10:00:00Z'))).toEqual([]);
    const week50 = (await deliveriesOf(stockholm)).filter((delivery) => delivery.periodKey === '2026-W50');
    expect(week50).toHaveLength(2);
  });
});
