import { DigestDispatch } from '../../src/modules/digests/digest-delivery.entity';
import { DigestsService } from '../../src/modules/digests/digests.service';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * "Today" and "this week" are the municipality's, whatever the server's clock says. Stockholm
 * changes to summer time on 29 March 2026 and back on 25 October; New York (the second zone)
 * on 8 March and 1 November. Each boundary is checked one second before and at the instant.
 */
describe('dates where the municipality is: overdue, due soon, stale and the digest week', () => {
  let t: TestApp;
  const places: Record<'stockholm' | 'newYork', { municipality: Municipality; manager: User; findingId: string }> = {} as never;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });

  const setUp = async (timezone: string) => {
    const municipality = await makeMunicipality(t.dataSource, { timezone, dueSoonDays: 7, staleAfterDays: 14 });
    const manager = await makeUser(t.dataSource, municipality, 'manager');
    const evaluation = (
      await t.http
        .post('/api/evaluations')
        .set(as(manager))
        .send({ frameworkKey: 'kommunkompassen-2010', title: 'Kommunkompassen', conductedOn: '2025-11-01' })
        .expect(201)
    ).body;
    const finding = (
      await t.http
        .post(`/api/evaluations/${evaluation.id}/findings`)
        .set(as(manager))
        .send({ areaNumber: 2, kind: 'improvement', text: 'Fler e-tjänster' })
        .expect(201)
    ).body;
    return { municipality, manager, findingId: finding.id as string };
  };

  /** A plan created at `createdAt` (by the clock), due on `dueDate`. */
  const plan = async (place: keyof typeof places, dueDate: string, createdAt = '2026-01-05T09:00:00Z') => {
    const { manager, findingId } = places[place];
    t.clock.set(createdAt);
    const created = await t.http
      .post('/api/action-plans')
      .set(as(manager))
      .send({ title: `Due ${dueDate}`, ownerId: manager.id, dueDate, findingIds: [findingId] })
      .expect(201);
    return created.body.id as string;
  };

  /** What the plan's page says at `instant`, and whether the list filters agree. */
  const statesAt = async (place: keyof typeof places, id: string, instant: string) => {
    const { manager } = places[place];
    t.clock.set(instant);
    const shown = (await t.http.get(`/api/action-plans/${id}`).set(as(manager)).expect(200)).body;
    const listed = async (flag: string) =>
      ((await t.http.get(`/api/action-plans?${flag}=true&limit=100`).set(as(manager)).expect(200)).body.items as { id: string }[]).some(
        (item) => item.id === id,
      );
    const states = { overdue: shown.overdue as boolean, dueSoon: shown.dueSoon as boolean, stale: shown.stale as boolean };
    expect({ overdue: await listed('overdue'), dueSoon: await listed('dueSoon'), stale: await listed('stale') }).toEqual(states);
    return states;
  };

  beforeAll(async () => {
    t = await createTestApp({ MAIL_OUTBOX_DIR: 'var/test-outbox' });
    places.stockholm = await setUp('Europe/Stockholm');
    places.newYork = await setUp('America/New_York');
  });

  afterEach(() => t.clock.release());
  afterAll(() => t.close());

  it('turns overdue at local midnight in Stockholm in winter (23:00 UTC), not at UTC midnight', async () => {
    const id = await plan('stockholm', '2026-11-30');
    expect(await statesAt('stockholm', id, '2026-11-30T22:59:59Z')).toMatchObject({ overdue: false, dueSoon: true });
    expect(await statesAt('stockholm', id, '2026-11-30T23:00:00Z')).toMatchObject({ overdue: true, dueSoon: false });
  });

  it('opens the due-soon window at local midnight: 7 days ahead from the local date', async () => {
    const id = await plan('stockholm', '2026-12-08');
    expect(await statesAt('stockholm', id, '2026-11-30T22:59:59Z')).toMatchObject({ dueSoon: false });
    expect(await statesAt('stockholm', id, '2026-11-30T23:00:00Z')).toMatchObject({ dueSoon: true, overdue: false });
  });

  it('turns overdue at local midnight on the day summer time starts (22:00 UTC) and the day it ends (23:00 UTC)', async () => {
    const spring = await plan('stockholm', '2026-03-29');
    expect(await statesAt('stockholm', spring, '2026-03-29T21:59:59Z')).toMatchObject({ overdue: false });
    expect(await statesAt('stockholm', spring, '2026-03-29T22:00:00Z')).toMatchObject({ overdue: true });
    const autumn = await plan('stockholm', '2026-10-25');
    expect(await statesAt('stockholm', autumn, '2026-10-25T22:59:59Z')).toMatchObject({ overdue: false });
    expect(await statesAt('stockholm', autumn, '2026-10-25T23:00:00Z')).toMatchObject({ overdue: true });
  });

  it('counts stale in calendar days of the municipality: created 10:00 on 20 March, stale after 10:00 on 3 April (summer time)', async () => {
    const id = await plan('stockholm', '2026-12-31', '2026-03-20T09:00:00Z');
    expect(await statesAt('stockholm', id, '2026-04-03T07:59:59Z')).toMatchObject({ stale: false });
    expect(await statesAt('stockholm', id, '2026-04-03T08:00:01Z')).toMatchObject({ stale: true });
  });

  it('restarts the stale count at each progress update, by the clock', async () => {
    const id = await plan('stockholm', '2026-12-31', '2026-09-01T08:00:00Z');
    t.clock.set('2026-09-10T08:00:00Z');
    await t.http
      .post(`/api/action-plans/${id}/updates`)
      .set(as(places.stockholm.manager))
      .send({ health: 'on_track', progress: 10 })
      .expect(201);
    expect(await statesAt('stockholm', id, '2026-09-20T08:00:00Z')).toMatchObject({ stale: false });
    expect(await statesAt('stockholm', id, '2026-09-24T08:00:01Z')).toMatchObject({ stale: true });
  });

  it('follows New York in a second time zone: midnight is 05:00 UTC in winter, 04:00 UTC once US summer time began', async () => {
    const winter = await plan('newYork', '2026-11-30');
    expect(await statesAt('newYork', winter, '2026-12-01T04:59:59Z')).toMatchObject({ overdue: false });
    expect(await statesAt('newYork', winter, '2026-12-01T05:00:00Z')).toMatchObject({ overdue: true });
    // 10 March: the US is on summer time, Europe not yet.
    const march = await plan('newYork', '2026-03-10');
    expect(await statesAt('newYork', march, '2026-03-11T03:59:59Z')).toMatchObject({ overdue: false });
    expect(await statesAt('newYork', march, '2026-03-11T04:00:00Z')).toMatchObject({ overdue: true });
  });

  it("names the export after the municipality's date: 00:30 on 1 December in Stockholm is still 30 November in UTC", async () => {
    t.clock.set('2026-11-30T23:30:00Z');
    const csv = await t.http.get('/api/action-plans/export?format=csv').set(as(places.stockholm.manager)).expect(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="handlingsplan-2026-12-01.csv"');
    const newYork = await t.http.get('/api/action-plans/export?format=csv').set(as(places.newYork.manager)).expect(200);
    expect(newYork.headers['content-disposition']).toBe('attachment; filename="handlingsplan-2026-11-30.csv"');
  });

  describe('the digest week', () => {
    let digests: DigestsService;
    const weeksDispatched = async (municipality: Municipality) =>
      (await t.dataSource.getRepository(DigestDispatch).findBy({ municipalityId: municipality.id })).map((dispatch) => dispatch.periodKey).sort();

    beforeAll(() => {
      digests = t.app.get(DigestsService);
    });

    /** A municipality of its own whose digest goes out at `hour` on Mondays, local time. */
    const digestPlace = async (timezone: string, hour: number) => {
      const municipality = await makeMunicipality(t.dataSource, { timezone, digestWeekday: 1, digestHour: hour });
      await makeUser(t.dataSource, municipality, 'manager');
      return municipality;
    };

    it('starts a new week at local midnight between Sunday and Monday in Stockholm, also the night after summer time began', async () => {
      const stockholm = await digestPlace('Europe/Stockholm', 0);
      // Sunday 29 March 23:59:59 summer time: still week 13 (whose Monday has passed: caught up now).
      await digests.tick(new Date('2026-03-29T21:59:59Z'));
      expect(await weeksDispatched(stockholm)).toEqual(['2026-W13']);
      // Monday 30 March 00:00 summer time is 22:00 UTC on Sunday.
      await digests.tick(new Date('2026-03-29T22:00:00Z'));
      expect(await weeksDispatched(stockholm)).toEqual(['2026-W13', '2026-W14']);
      // The night after summer time ended: Monday 26 October 00:00 is 23:00 UTC on Sunday.
      await digests.tick(new Date('2026-10-25T22:59:59Z'));
      expect(await weeksDispatched(stockholm)).toEqual(['2026-W13', '2026-W14', '2026-W43']);
      await digests.tick(new Date('2026-10-25T23:00:00Z'));
      expect(await weeksDispatched(stockholm)).toEqual(['2026-W13', '2026-W14', '2026-W43', '2026-W44']);
    });

    it('sends at the digest hour of New York: Monday 07:00 there is 12:00 UTC in winter', async () => {
      const newYork = await digestPlace('America/New_York', 7);
      await digests.tick(new Date('2026-11-30T11:59:59Z'));
      expect(await weeksDispatched(newYork)).toEqual([]);
      await digests.tick(new Date('2026-11-30T12:00:00Z'));
      expect(await weeksDispatched(newYork)).toEqual(['2026-W49']);
    });
  });
});
