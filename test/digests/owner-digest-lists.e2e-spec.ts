import { DigestDelivery } from '../../src/modules/digests/digest-delivery.entity';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { StatementCounter } from '../utils/statement-counter';
import { createTestApp, TestApp } from '../utils/test-app';

const APP_URL = 'https://handlingsplan.avesta.example';

/**
 * Owners with more plans needing attention than a digest lists, sent through the queue to a real
 * SMTP server: each reason counts all of its plans and lists its own first ones, and a reason cut
 * short says so, with a link to the owner's plans of that reason on the site.
 */
describe('the owner digest of an owner with many plans', () => {
  const statements = new StatementCounter();
  let smtp: SmtpSink;
  let t: TestApp;
  let municipality: Municipality;
  let manager: User;
  /** 53 overdue plans, updated lately, and 2 due soon. */
  let busy: User;
  /** 200 plans overdue and not updated for months, and 3 due soon: the old ones must not crowd out the due soon ones. */
  let crowded: User;
  /** 2 overdue plans and 1 not updated for a long time. */
  let few: User;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });

  /** `count` plans of `owner` named `title n`, due `dueInDays + n` days from today, last updated `updatedDaysAgo` days ago. */
  const plans = (owner: User, title: string, count: number, dueInDays: number, updatedDaysAgo: number) =>
    t.dataSource.query(
      `INSERT INTO action_plan (municipality_id, title, owner_id, due_date, status, health, progress, last_update_at, created_at)
       SELECT $1, $2 || ' ' || n, $3, current_date + $4::int + n, 'in_progress', 'at_risk', 20, now() - make_interval(days => $5::int), now() - interval '300 days'
         FROM generate_series(1, $6::int) n`,
      [municipality.id, title, owner.id, dueInDays, updatedDaysAgo, count],
    );

  const mailTo = (owner: User) => {
    const mails = smtp.received.filter((mail) => mail.to === owner.email);
    expect(mails).toHaveLength(1);
    const { subject, text, html } = mails[0].parsed;
    return { subject: subject!, text: text!.replace(/\r\n/g, '\n'), html: decodeEntities(html as string) };
  };

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await createTestApp({ ...statements.env, SMTP_URL: smtp.url, APP_URL }, statements.logStream);
    municipality = await makeMunicipality(t.dataSource);
    manager = await makeUser(t.dataSource, municipality, 'manager', { leadershipDigest: false, ownerDigest: false });
    busy = await makeUser(t.dataSource, municipality, 'owner', { name: 'Bo Bråd' });
    crowded = await makeUser(t.dataSource, municipality, 'owner', { name: 'Cecilia Crowd', locale: 'en' });
    few = await makeUser(t.dataSource, municipality, 'owner', { name: 'Fia Få' });
    await plans(busy, 'Försenad åtgärd', 53, -400, 1);
    await plans(busy, 'Snart klar åtgärd', 2, 0, 1);
    await plans(crowded, 'Gammal åtgärd', 200, -400, 200);
    await plans(crowded, 'Snart slut', 3, 0, 1);
    await plans(few, 'Liten åtgärd', 2, -10, 1);
    await plans(few, 'Bortglömd åtgärd', 1, 100, 200);

    await t.http.post('/api/digests/send').set(as(manager)).send({ kind: 'owner' }).expect(202);
    const deliveries = () => t.dataSource.getRepository(DigestDelivery).findBy({ municipalityId: municipality.id });
    await eventually(async () => (await deliveries()).length === 3 && (await deliveries()).every((delivery) => delivery.status === 'sent'), 30_000, 'three owner digests sent');
    await smtp.settled();
  });

  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('counts every overdue plan, lists the first 50, and says so with a link to all of them', async () => {
    const { subject, text, html } = mailTo(busy);
    const link = `${APP_URL}/action-plans?ownerId=${busy.id}&overdue=true`;

    expect(subject).toMatch(/: 53 försenade, 2 har sista dag snart$/);
    expect(text).toContain('55 ÅTGÄRDER ATT SE ÖVER\n');
    expect(text).toContain(`Visar 50 av 53 försenade. Se alla på webbplatsen: ${link}\n`);
    expect(text).not.toMatch(/slutdatum snart\. Se alla/);
    expect(text.match(/^- Försenad åtgärd \d+$/gm)).toHaveLength(50);
    expect(text.match(/^- Snart klar åtgärd \d+$/gm)).toHaveLength(2);
    // The first 50 by due date: the 51st to 53rd are the ones left out.
    expect(text).toContain('- Försenad åtgärd 50\n');
    expect(text).not.toContain('- Försenad åtgärd 51\n');

    expect(html).toContain('55 åtgärder att se över');
    expect(html).toContain(`Visar 50 av 53 försenade. <a href="${link}"`);
    expect(html.match(/Visar \d+ av/g)).toHaveLength(1);

    // The link's list is the owner's overdue plans, all 53 of them.
    const listed = await t.http.get(`/api/action-plans?ownerId=${busy.id}&overdue=true&limit=1`).set(as(manager)).expect(200);
    expect(listed.body.total).toBe(53);
  });

  it("gives each reason its own first 50, so plans of one reason do not crowd out another's", () => {
    const { subject, text, html } = mailTo(crowded);

    expect(subject).toMatch(/: 200 overdue, 3 due soon, 200 need an update$/);
    expect(text).toContain('203 ACTIONS TO LOOK AT\n');
    expect(text).toContain(`Showing 50 of 200 overdue. See them all on the site: ${APP_URL}/action-plans?ownerId=${crowded.id}&overdue=true\n`);
    expect(text).toContain(`Showing 50 of 200 not updated for a long time. See them all on the site: ${APP_URL}/action-plans?ownerId=${crowded.id}&stale=true\n`);
    expect(text).not.toContain('due soon. See them all');
    expect(text.match(/^- Gammal åtgärd \d+$/gm)).toHaveLength(50);
    expect(text.match(/^- Snart slut \d+$/gm)).toHaveLength(3);
    expect(html.match(/Showing \d+ of/g)).toHaveLength(2);
  });

  it('says nothing of lists cut short when nothing is cut', () => {
    const { subject, text, html } = mailTo(few);

    expect(subject).toMatch(/: 2 försenade, 1 behöver uppdateras$/);
    expect(text).toContain('3 ÅTGÄRDER ATT SE ÖVER\n');
    expect(text).not.toContain('Visar');
    expect(text).not.toContain('Se alla på webbplatsen');
    expect(html).not.toContain('Visar');
  });

  it('reads the same number of statements for 3 plans as for 203', async () => {
    const preview = async (owner: User, requestId: string) =>
      t.http.get(`/api/digests/preview?kind=owner&userId=${owner.id}&format=text`).set({ ...as(manager), 'X-Request-Id': requestId }).expect(200);
    // The first preview reads the municipality, which the next ones within a minute reuse.
    await preview(few, statements.nextId('warm'));
    const small = statements.nextId('few');
    const large = statements.nextId('crowded');
    await preview(few, small);
    await preview(crowded, large);
    expect(statements.of(large)).toBe(statements.of(small));
  });
});

/** The HTML as a browser reads its attributes (Handlebars writes `=` as `&#x3D;`). */
function decodeEntities(value: string): string {
  return value.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}
