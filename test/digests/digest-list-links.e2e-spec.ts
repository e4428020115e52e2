import { DigestDelivery } from '../../src/modules/digests/digest-delivery.entity';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { createTestApp, TestApp } from '../utils/test-app';

const APP_URL = 'https://handlingsplan.avesta.example';

/**
 * A leadership digest sent at Monday 07:00 in Stockholm (9 March 2026, 06:00 UTC), whose week
 * starts the previous Monday at 00:00 there (1 March, 23:00 UTC). Its week's lists are longer
 * than a mail shows, and plans just before the week's start must not count: the "Visar 50 av N"
 * link of each list opens a list of the same N plans.
 */
describe("the links of a leadership digest's week", () => {
  let smtp: SmtpSink;
  let t: TestApp;
  let municipality: Municipality;
  let manager: User;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const weekStart = '2026-03-01T23:00:00Z';

  /** `count` plans of a kind, `minutes` minutes after the week's start (before it when negative), one minute apart. */
  const plans = (kind: 'completed' | 'cancelled' | 'created', count: number, minutes: number) =>
    t.dataSource.query(
      `INSERT INTO action_plan (municipality_id, title, owner_id, due_date, status, health, progress, completed_at, cancelled_at, cancellation_reason, created_at)
       SELECT $1, $3 || ' ' || n, $2, '2026-09-30',
              CASE $3 WHEN 'completed' THEN 'completed' WHEN 'cancelled' THEN 'cancelled' ELSE 'planned' END,
              CASE $3 WHEN 'completed' THEN 'on_track' END,
              CASE $3 WHEN 'completed' THEN 100 ELSE 0 END,
              CASE $3 WHEN 'completed' THEN $4::timestamptz + make_interval(mins => $5::int + n) END,
              CASE $3 WHEN 'cancelled' THEN $4::timestamptz + make_interval(mins => $5::int + n) END,
              CASE $3 WHEN 'cancelled' THEN 'Ersatt av en annan åtgärd' END,
              CASE $3 WHEN 'created' THEN $4::timestamptz + make_interval(mins => $5::int + n) ELSE '2025-06-01T10:00:00Z' END
         FROM generate_series(0, $6::int - 1) n`,
      [municipality.id, manager.id, kind, weekStart, minutes, count],
    );

  let text: string;

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await createTestApp({ SMTP_URL: smtp.url, APP_URL });
    municipality = await makeMunicipality(t.dataSource, { timezone: 'Europe/Stockholm' });
    manager = await makeUser(t.dataSource, municipality, 'manager', { ownerDigest: false });
    // This week: from its first minute on. Before it: the last minutes of the Sunday a week ago.
    await plans('completed', 52, 0);
    await plans('completed', 3, -3);
    await plans('cancelled', 51, 0);
    await plans('cancelled', 2, -2);
    await plans('created', 60, 0);
    await plans('created', 4, -4);

    t.clock.set('2026-03-09T06:00:00Z');
    await t.http.post('/api/digests/send').set(as(manager)).send({ kind: 'leadership' }).expect(202);
    const deliveries = () => t.dataSource.getRepository(DigestDelivery).findBy({ municipalityId: municipality.id });
    await eventually(async () => (await deliveries()).length === 1 && (await deliveries()).every((delivery) => delivery.status === 'sent'), 30_000, 'the leadership digest sent');
    await smtp.settled();
    const mails = smtp.received.filter((mail) => mail.to === manager.email);
    expect(mails).toHaveLength(1);
    text = mails[0].parsed.text!.replace(/\r\n/g, '\n');
  });

  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** The link after "Visar 50 av `total`" of the list headed `heading`, and how many plans the API lists behind it. */
  const followed = async (heading: RegExp, total: number) => {
    const section = text.slice(text.search(heading));
    const match = /Visar 50 av (\d+)\. Se alla på webbplatsen: (\S+)\n/.exec(section);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBe(total);
    const url = new URL(match![2]);
    expect(url.origin).toBe(APP_URL);
    expect(url.pathname).toBe('/action-plans');
    const listed = await t.http.get(`/api${url.pathname}${url.search}&limit=1`).set(as(manager)).expect(200);
    return { url, listed: listed.body.total as number };
  };

  it("counts the plans completed since the week's first day, and links to a list of just those", async () => {
    expect(text).toContain('KLARA DEN HÄR VECKAN (52)');
    const { url, listed } = await followed(/KLARA DEN HÄR VECKAN/, 52);
    expect(url.search).toBe('?status=completed&completedFrom=2026-03-02&sort=-updatedAt');
    expect(listed).toBe(52);
  });

  it('links the cancelled and the new plans to lists of the same week', async () => {
    const cancelled = await followed(/Avbrutna åtgärder/, 51);
    expect(cancelled.url.search).toBe('?status=cancelled&cancelledFrom=2026-03-02&sort=-updatedAt');
    expect(cancelled.listed).toBe(51);
    const created = await followed(/Nya åtgärder/, 60);
    expect(created.url.search).toBe('?createdFrom=2026-03-02&sort=-createdAt');
    expect(created.listed).toBe(60);
  });
});
