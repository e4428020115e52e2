import { DemoModule } from '../../src/cli/demo/demo.module';
import { DEMO_MUNICIPALITY_CODE, DemoSeeder } from '../../src/cli/demo/demo-seeder';
import { DigestDelivery } from '../../src/modules/digests/digest-delivery.entity';
import { digestPeriodKey } from '../../src/modules/digests/digest-period';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { createTestApp, TestApp } from '../utils/test-app';

describe('weekly digests, sent through the queue to a real SMTP server', () => {
  let smtp: SmtpSink;
  let t: TestApp;
  let avesta: Municipality;
  let users: User[];
  let manager: User;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const periodKey = () => digestPeriodKey(new Date(), 'Europe/Stockholm');
  const deliveries = () => t.dataSource.getRepository(DigestDelivery).find({ where: { municipalityId: avesta.id } });
  const allSettled = async () => (await deliveries()).every((delivery) => delivery.status !== 'queued' && delivery.status !== 'sending');
  const startApp = () =>
    createTestApp({ SMTP_URL: smtp.url, DIGEST_SEND_ATTEMPTS: '3', DIGEST_RETRY_DELAY_MS: '20', APP_URL: 'https://handlingsplan.avesta.example' }, undefined, [DemoModule]);

  /** The owners who have something overdue, due soon or stale, asked of the list API. */
  const ownersWithSomethingToSay = async () => {
    const owners = users.filter((user) => user.role === 'owner');
    const result: User[] = [];
    for (const owner of owners) {
      for (const flag of ['overdue', 'dueSoon', 'stale']) {
        const list = await t.http.get(`/api/action-plans?ownerId=${owner.id}&${flag}=true&limit=1`).set(as(manager)).expect(200);
        if (list.body.total > 0) {
          result.push(owner);
          break;
        }
      }
    }
    return result;
  };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await startApp();
    await t.app.get(DemoSeeder).seed();
    avesta = await t.dataSource.getRepository(Municipality).findOneByOrFail({ code: DEMO_MUNICIPALITY_CODE });
    users = await t.dataSource.getRepository(User).findBy({ municipalityId: avesta.id });
    manager = users.find((user) => user.email === 'kvalitetschef@avesta.example')!;
  });

  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  describe("this week's digests on the demo data", () => {
    beforeAll(async () => {
      const response = await t.http.post('/api/digests/send').set(as(manager)).send({}).expect(202);
      expect(response.body).toMatchObject({ periodKey: periodKey(), retried: 0, alreadyDone: 0 });
      await eventually(allSettled, 30_000, 'every delivery sent or skipped');
      await smtp.settled();
    });

    it('sends one leadership digest to each leadership recipient, in their language, with HTML and text', () => {
      const leaders = users.filter((user) => user.leadershipDigest);
      expect(leaders.map((user) => user.role).sort()).toEqual(['admin', 'manager', 'manager', 'viewer', 'viewer']);
      for (const leader of leaders) {
        const mails = smtp.to(leader.email).filter((mail) => mail.parsed.headers.get('x-handlingsplan-digest') === `leadership/${periodKey()}`);
        expect(mails).toHaveLength(1);
        const { parsed } = mails[0];
        expect(parsed.html).toBeTruthy();
        expect(parsed.text).toBeTruthy();
        expect(parsed.subject).toMatch(leader.locale === 'en' ? /digest|week/i : /vecko|vecka|v\./i);
      }
    });

    it('sends an owner digest to each owner with something overdue, due soon or stale, and skips the rest', async () => {
      const expected = await ownersWithSomethingToSay();
      expect(expected.length).toBeGreaterThan(0);
      const owners = users.filter((user) => user.role === 'owner');
      for (const owner of owners) {
        const mails = smtp.to(owner.email);
        expect(mails).toHaveLength(expected.includes(owner) ? 1 : 0);
      }
      const ownerDeliveries = (await deliveries()).filter((delivery) => delivery.kind === 'owner');
      expect(ownerDeliveries.filter((delivery) => delivery.status === 'sent').map((delivery) => delivery.userId).sort()).toEqual(
        expected.map((user) => user.id).sort(),
      );
      expect(ownerDeliveries.every((delivery) => delivery.status === 'sent' || delivery.status === 'skipped')).toBe(true);
      // A skip says why, and is no error.
      const skipped = ownerDeliveries.filter((delivery) => delivery.status === 'skipped');
      expect(skipped.length).toBeGreaterThan(0);
      expect(skipped.map((delivery) => [delivery.skipReason, delivery.lastError])).toEqual(skipped.map(() => ['nothing_to_report', null]));
      expect(ownerDeliveries.filter((delivery) => delivery.status === 'sent').every((delivery) => delivery.skipReason === null)).toBe(true);
    });

    it("lists the owner's own overdue plans by title, with links to update them, in the owner's language", async () => {
      // An owner with overdue plans: with none, the titles below would be looked for in vain and never missed.
      let found: { owner: User; overdue: { id: string; title: string }[] } | undefined;
      for (const candidate of await ownersWithSomethingToSay()) {
        const items = (await t.http.get(`/api/action-plans?ownerId=${candidate.id}&overdue=true&limit=500`).set(as(manager)).expect(200)).body.items;
        if (items.length > 0) {
          found = { owner: candidate, overdue: items };
          break;
        }
      }
      if (!found) throw new Error('No owner of the demo has an overdue plan');
      const { owner, overdue } = found;
      expect(smtp.to(owner.email)).toHaveLength(1);
      const { parsed } = smtp.to(owner.email)[0];
      const others = (await t.http.get(`/api/action-plans?limit=500`).set(as(manager)).expect(200)).body.items.filter(
        (plan: { owner: { id: string } }) => plan.owner.id !== owner.id,
      );
      for (const plan of overdue) {
        expect(parsed.text).toContain(plan.title);
        expect(parsed.text).toContain(`https://handlingsplan.avesta.example/action-plans/${plan.id}`);
      }
      // Each plan once, however many reasons it has (overdue and not updated both, say).
      const mine = [...(parsed.text ?? '').matchAll(/\/action-plans\/([0-9a-f-]{36})\n/g)].map((match) => match[1]);
      expect(mine.length).toBeGreaterThan(0);
      expect(new Set(mine).size).toBe(mine.length);
      const someoneElses = others.find((plan: { title: string }) => !overdue.some((mine: { title: string }) => mine.title === plan.title));
      expect(parsed.text).not.toContain(`/action-plans/${someoneElses.id}`);
      // The same owner reading English gets the same plans in English words.
      await t.dataSource.query(`UPDATE app_user SET locale = 'en' WHERE id = $1`, [owner.id]);
      try {
        const english = (await t.http.get(`/api/digests/preview?kind=owner&userId=${owner.id}&format=text`).set(as(manager)).expect(200)).text;
        for (const plan of overdue) expect(english).toContain(plan.title);
        expect(english).toMatch(/^Hello /m);
        expect(english).toMatch(/^\d+ ACTIONS? TO LOOK AT$/m);
        expect(english).toMatch(/^ {2}(Overdue|Due soon|No update for a long time)( · |$)/m);
        expect(english).not.toMatch(/^Hej |ÅTGÄRDER? ATT SE ÖVER|Försenad|Ingen uppdatering på länge/m);
      } finally {
        await t.dataSource.query(`UPDATE app_user SET locale = 'sv' WHERE id = $1`, [owner.id]);
      }
    });

    it('gives leadership the right counts and names overdue plans', async () => {
      const { parsed } = smtp.to('ks.ordforande@avesta.example')[0];
      const overdue = (await t.http.get('/api/action-plans?overdue=true&limit=500').set(as(manager)).expect(200)).body;
      expect(overdue.total).toBeGreaterThan(0);
      expect(parsed.text).toContain(`- Försenade: ${overdue.total}\n`);
      for (const plan of overdue.items.slice(0, 3)) expect(parsed.text).toContain(plan.title);
      const dashboard = (await t.http.get('/api/dashboard').set(as(manager)).expect(200)).body;
      expect(parsed.text).toContain(`- Öppna åtgärder: ${dashboard.attention.active}\n`);
      expect(parsed.html).toContain('Gul');
    });

    it('answers a preview with the same content as the sent mail', async () => {
      const viewer = users.find((user) => user.email === 'ks.ordforande@avesta.example')!;
      const sent = smtp.to(viewer.email)[0].parsed;
      const text = await t.http.get(`/api/digests/preview?kind=leadership&userId=${viewer.id}&format=text`).set(as(manager)).expect(200);
      expect(text.text.trim()).toBe(sent.text!.replace(/\r\n/g, '\n').trim());
      const json = await t.http.get(`/api/digests/preview?kind=leadership&userId=${viewer.id}&format=json`).set(as(manager)).expect(200);
      expect(json.body.subject).toBe(sent.subject);
      const html = await t.http.get(`/api/digests/preview?kind=leadership&userId=${viewer.id}&format=html`).set(as(manager)).expect(200);
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.text.replace(/\r\n/g, '\n').trim()).toBe((sent.html as string).replace(/\r\n/g, '\n').trim());
    });

    it('sends nothing new when asked again in the same week, and logs each delivery once', async () => {
      const before = smtp.received.length;
      const again = await t.http.post('/api/digests/send').set(as(manager)).send({}).expect(202);
      expect(again.body).toMatchObject({ created: 0, retried: 0 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.received.length).toBe(before);
      const log = await t.http.get(`/api/digests/deliveries?periodKey=${periodKey()}&limit=500`).set(as(manager)).expect(200);
      const keys = log.body.items.map((delivery: DigestDelivery) => `${delivery.userId}/${delivery.kind}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(log.body.items.filter((delivery: DigestDelivery) => delivery.status === 'sent')).toHaveLength(before);
    });
  });

  it('retries a refusing SMTP server, ends failed with the error, and later delivers those and only those', async () => {
    const municipality = await t.dataSource.getRepository(Municipality).save({ code: '1780', name: 'Karlstads kommun' });
    const admin = await t.dataSource.getRepository(User).save({
      municipalityId: municipality.id, email: 'chef@karlstad.example', name: 'Chef', role: 'admin', passwordHash: 'x', leadershipDigest: true, ownerDigest: true,
    });
    const viewer = await t.dataSource.getRepository(User).save({
      municipalityId: municipality.id, email: 'ks@karlstad.example', name: 'KS', role: 'viewer', passwordHash: 'x', leadershipDigest: true, ownerDigest: true,
    });
    const karlstad = () => t.dataSource.getRepository(DigestDelivery).find({ where: { municipalityId: municipality.id } });

    smtp.refuseWith = { code: 451, message: '4.3.0 Mail server temporarily unavailable' };
    try {
      await t.http.post('/api/digests/send').set(as(admin)).send({ kind: 'leadership' }).expect(202);
      await eventually(async () => (await karlstad()).every((delivery) => delivery.status === 'failed'), 30_000, 'deliveries to fail');
    } finally {
      smtp.refuseWith = null;
    }
    const failed = await karlstad();
    expect(failed).toHaveLength(2);
    for (const delivery of failed) {
      expect(delivery.attempts).toBe(3);
      expect(delivery.lastError).toContain('451');
    }
    expect(smtp.to(admin.email)).toHaveLength(0);

    const sentBefore = smtp.received.length;
    const retry = await t.http.post('/api/digests/send').set(as(admin)).send({ kind: 'leadership' }).expect(202);
    expect(retry.body).toMatchObject({ created: 0, retried: 2 });
    await eventually(async () => (await karlstad()).every((delivery) => delivery.status === 'sent'), 30_000, 'retried deliveries to be sent');
    await smtp.settled();
    expect(smtp.received.length - sentBefore).toBe(2);
    expect(smtp.to(admin.email)).toHaveLength(1);
    expect(smtp.to(viewer.email)).toHaveLength(1);
  });

  it('gives 403 to non-managers and validates the preview and the log filters', async () => {
    const viewer = users.find((user) => user.role === 'viewer')!;
    await t.http.post('/api/digests/send').set(as(viewer)).send({}).expect(403);
    await t.http.get('/api/digests/deliveries').set(as(viewer)).expect(403);
    const badKind = await t.http.get(`/api/digests/preview?kind=monthly&userId=${viewer.id}`).set(as(manager)).expect(400);
    expect(badKind.body.details[0].field).toBe('kind');
    await t.http.get('/api/digests/deliveries?periodKey=week48').set(as(manager)).expect(400);
    await t.http.post('/api/digests/send').set(as(manager)).send({ kind: 'daily' }).expect(400);
    const foreign = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'chef@karlstad.example' });
    await t.http.get(`/api/digests/preview?kind=leadership&userId=${foreign.id}`).set(as(manager)).expect(404);
  });
});
