import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { DigestDelivery } from '../../src/modules/digests/digest-delivery.entity';
import { digestPeriodKey } from '../../src/modules/digests/digest-period';
import { DigestsService } from '../../src/modules/digests/digests.service';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { MunicipalitiesService } from '../../src/modules/identity/municipalities/municipalities.service';
import { User } from '../../src/modules/identity/users/user.entity';
import { UsersService } from '../../src/modules/identity/users/users.service';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { expectAccessible, logIn, pressEnterOn, startWebTestApp, submitLogin, tabTo, typeInto, WebTestApp } from './browser';

const ADMIN = 'admin@avesta.example';
const APP_URL = 'http://handlingsplan.example';

describe('administration in a browser', () => {
  let t: WebTestApp;
  let smtp: SmtpSink;
  const contexts: BrowserContext[] = [];
  const users = () => t.dataSource.getRepository(User);

  async function newPage(): Promise<Page> {
    const context = await t.newContext();
    contexts.push(context);
    return context.newPage();
  }
  async function signedIn(email: string, password = DEMO_PASSWORD): Promise<Page> {
    const page = await newPage();
    await logIn(page, email, password);
    return page;
  }
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const status = (page: Page) => page.getByRole('status').first().innerText();
  const adminMenu = (page: Page) => page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' });

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await startWebTestApp({ SMTP_URL: smtp.url, APP_URL });
  }, 60_000);
  afterEach(async () => {
    t.clock.release();
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('an admin invites a user, who sets a password from the e-mail, signs in, and is then listed with a last login', async () => {
    const admin = await signedIn(ADMIN);
    await pressEnterOn(admin, adminMenu(admin));
    expect(await heading(admin)).toBe('Användare');
    expect(await admin.getByRole('table').innerText()).toMatch(/Lena Holm\s+lena\.holm@avesta\.example\s+Åtgärdsansvarig/);
    await expectAccessible(t, admin);

    await pressEnterOn(admin, admin.getByRole('link', { name: 'Bjud in en användare' }));
    expect(await heading(admin)).toBe('Bjud in en användare');
    await expectAccessible(t, admin);
    // Without an address: the error, what was typed kept.
    await typeInto(admin, admin.getByLabel('Namn'), 'Nora Nyström');
    await pressEnterOn(admin, admin.getByRole('button', { name: 'Skicka inbjudan' }));
    expect(await admin.locator('#error-summary').innerText()).toContain('Skriv en giltig e-postadress.');
    expect(await admin.getByLabel('Namn').inputValue()).toBe('Nora Nyström');
    await expectAccessible(t, admin);
    // An address someone already has: the message beside the field too.
    await typeInto(admin, admin.getByLabel('E-postadress'), 'lena.holm@avesta.example');
    await pressEnterOn(admin, admin.getByRole('button', { name: 'Skicka inbjudan' }));
    expect(await admin.locator('#error-summary').innerText()).toContain('E-postadressen används redan av någon annan.');
    expect(await admin.getByLabel('E-postadress').getAttribute('aria-invalid')).toBe('true');
    expect(await admin.locator('#email-error').innerText()).toBe('E-postadressen används redan av någon annan.');
    await expectAccessible(t, admin);
    await typeInto(admin, admin.getByLabel('E-postadress'), 'nora.nystrom@avesta.example');
    await tabTo(admin, admin.getByLabel('Roll'));
    await admin.keyboard.type('Samordnare');
    await typeInto(admin, admin.getByLabel('Enhet (valfritt)'), 'Kommunledningskontoret');
    await pressEnterOn(admin, admin.getByRole('button', { name: 'Skicka inbjudan' }));
    expect(await heading(admin)).toBe('Nora Nyström');
    expect(await status(admin)).toContain('Inbjudan är skickad till nora.nystrom@avesta.example.');
    expect(await admin.locator('main').innerText()).toContain('Användaren har inte loggat in ännu.');
    await expectAccessible(t, admin);

    await eventually(() => smtp.to('nora.nystrom@avesta.example').length === 1, 20_000, 'the invitation e-mail');
    const mail = smtp.to('nora.nystrom@avesta.example')[0].parsed;
    expect(mail.subject).toBe('Du är inbjuden till Handlingsplan i Avesta kommun');
    expect(mail.text).toContain('7 dagar');
    const link = /http:\/\/handlingsplan\.example(\/invitation\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1];
    expect(mail.html).toContain(link);

    const invited = await newPage();
    await invited.goto(link);
    expect(await heading(invited)).toBe('Välj ditt lösenord');
    await expectAccessible(t, invited);
    await typeInto(invited, invited.getByLabel('Nytt lösenord', { exact: true }), 'Gröna-hästar-dansar-i-Avesta');
    await typeInto(invited, invited.getByLabel('Nytt lösenord igen'), 'Gröna-hästar-dansar-i-Avesta!');
    await pressEnterOn(invited, invited.getByRole('button', { name: 'Spara lösenordet' }));
    expect(await invited.locator('#error-summary').count()).toBe(1);
    await typeInto(invited, invited.getByLabel('Nytt lösenord', { exact: true }), 'Gröna-hästar-dansar-i-Avesta');
    await typeInto(invited, invited.getByLabel('Nytt lösenord igen'), 'Gröna-hästar-dansar-i-Avesta');
    await pressEnterOn(invited, invited.getByRole('button', { name: 'Spara lösenordet' }));
    expect(new URL(invited.url()).pathname).toBe('/login');
    await submitLogin(invited, 'nora.nystrom@avesta.example', 'Gröna-hästar-dansar-i-Avesta');
    expect(await heading(invited)).toBe('Översikt');
    expect(await invited.locator('header').innerText()).toContain('Inloggad som Nora Nyström (Samordnare)');
    // A manager, not an admin: no administration.
    expect(await adminMenu(invited).count()).toBe(0);

    // The link worked once.
    const again = await newPage();
    await again.goto(link);
    expect(await again.locator('main').innerText()).toContain('Länken fungerar inte längre');

    await admin.goto('/admin/users?role=manager');
    expect(new URL(admin.url()).search).toBe('?role=manager');
    const row = admin.getByRole('row', { name: /Nora Nyström/ });
    expect(await row.innerText()).toContain('Kommunledningskontoret');
    expect(await row.innerText()).not.toContain('Aldrig');
    expect(await admin.getByRole('table').innerText()).not.toContain('Lena Holm');
  });

  it('a deactivated user’s open session ends at once; their open plans need a successor first', async () => {
    // The owner with the most open plans.
    const [busiest] = await t.dataSource.query<{ email: string }[]>(
      `SELECT u.email FROM app_user u JOIN action_plan p ON p.owner_id = u.id
        WHERE u.role = 'owner' AND p.status IN ('planned', 'in_progress') GROUP BY u.email ORDER BY count(*) DESC, u.email LIMIT 1`,
    );
    const lena = await users().findOneByOrFail({ email: busiest.email });
    const owner = await signedIn(lena.email);
    expect(await heading(owner)).toBe('Mina åtgärder');
    const open = await t.dataSource.query<{ count: string }[]>(`SELECT count(*) FROM action_plan WHERE owner_id = $1 AND status IN ('planned', 'in_progress')`, [lena.id]);
    expect(Number(open[0].count)).toBeGreaterThan(1);

    const sara = await users().findOneByOrFail({ email: 'kvalitetschef@avesta.example' });
    const saraBefore = Number((await t.dataSource.query<{ count: string }[]>(`SELECT count(*) FROM action_plan WHERE owner_id = $1 AND status IN ('planned', 'in_progress')`, [sara.id]))[0].count);
    const admin = await signedIn(ADMIN);
    await admin.goto('/admin/users');
    await pressEnterOn(admin, admin.getByRole('link', { name: lena.name }));
    // A radio group: Tab reaches the chosen one, the arrow keys choose another.
    await tabTo(admin, admin.getByLabel('Aktiv', { exact: true }));
    await admin.keyboard.press('ArrowDown');
    expect(await admin.getByLabel(/^Inaktivera/).isChecked()).toBe(true);
    await pressEnterOn(admin, admin.getByRole('button', { name: 'Spara ändringarna' }));
    expect(await admin.locator('#error-summary').innerText()).toContain(`Användaren äger ${open[0].count} öppna åtgärder. Välj vem som tar över dem.`);
    expect(await admin.locator('#open-plans li').count()).toBe(Number(open[0].count));
    expect(await users().findOneByOrFail({ id: lena.id })).toMatchObject({ active: true });
    await expectAccessible(t, admin);
    // The owner is still signed in.
    await owner.reload();
    expect(await heading(owner)).toBe('Mina åtgärder');

    await tabTo(admin, admin.getByLabel('Vem tar över de öppna åtgärderna?'));
    await admin.keyboard.type(sara.name);
    await pressEnterOn(admin, admin.getByRole('button', { name: 'Spara ändringarna' }));
    expect(await status(admin)).toContain(`${lena.name} är inaktiverad och kan inte längre logga in.`);

    await owner.goto('/action-plans?ownerId=me');
    expect(new URL(owner.url()).pathname).toBe('/login');
    const openOf = async (id: string) =>
      Number((await t.dataSource.query<{ count: string }[]>(`SELECT count(*) FROM action_plan WHERE owner_id = $1 AND status IN ('planned', 'in_progress')`, [id]))[0].count);
    expect(await openOf(lena.id)).toBe(0);
    expect(await openOf(sara.id)).toBe(saraBefore + Number(open[0].count));
    expect((await users().findOneByOrFail({ id: lena.id })).active).toBe(false);

    // Reactivated, she signs in again.
    await admin.getByLabel('Aktiv', { exact: true }).check();
    await pressEnterOn(admin, admin.getByRole('button', { name: 'Spara ändringarna' }));
    expect(await status(admin)).toContain(`${lena.name} är aktiv igen.`);
    await logIn(owner, lena.email, DEMO_PASSWORD);
    expect(await heading(owner)).toBe('Mina åtgärder');

    // The change is in the log, with the fields before and after, linked to the user.
    await admin.goto(`/admin/audit?entityType=user&entityId=${lena.id}`);
    expect(await heading(admin)).toBe('Ändringslogg');
    const latest = admin.locator('article').first();
    expect(await latest.innerText()).toMatch(/Aktiv\s+Nej\s+Ja/);
    expect(await latest.getByRole('link', { name: 'Användare' }).getAttribute('href')).toBe(`/admin/users/${lena.id}`);
    expect(await admin.locator('article').nth(1).innerText()).toMatch(/Aktiv\s+Ja\s+Nej/);
    await expectAccessible(t, admin);
    await admin.goto(`/admin/audit?entityType=action-plan&actorId=${(await users().findOneByOrFail({ email: ADMIN })).id}`);
    expect(await admin.locator('main').innerText()).toMatch(new RegExp(`Ansvarig\\s+${lena.name}\\s+${sara.name}`));
    expect(await admin.getByLabel('Gäller').inputValue()).toBe('action-plan');
    // An evaluation's framework, and the evaluation it follows up, are named, not shown as ids.
    await admin.goto('/admin/audit?entityType=evaluation');
    const evaluationLog = await admin.locator('main').innerText();
    expect(evaluationLog).toMatch(/Ramverk\s+–\s+KommunKompassen 2010/);
    expect(evaluationLog).toMatch(/Följer upp\s+–\s+KommunKompassen Avesta kommun 2014/);
    await expectAccessible(t, admin);
  });

  it('an admin changes the digest hour; the next week’s digests go out at that hour and the delivery log shows them', async () => {
    const avesta = await t.dataSource.getRepository(Municipality).findOneByOrFail({ code: '2084' });
    const admin = await signedIn(ADMIN);
    await admin.goto('/admin/municipality');
    expect(await heading(admin)).toBe('Kommunens inställningar');
    await expectAccessible(t, admin);
    const weekday = avesta.digestWeekday;
    const hour = avesta.digestHour === 6 ? 7 : 6;
    await tabTo(admin, admin.getByLabel('Timme'));
    await admin.keyboard.type(`${String(hour).padStart(2, '0')}:00`);
    // A bad number of days is refused with its field named, and nothing is saved.
    await typeInto(admin, admin.getByLabel(/Slutdatum snart inom/), 'fjorton');
    await pressEnterOn(admin, admin.getByRole('button', { name: 'Spara inställningarna' }));
    expect(await admin.locator('#error-summary').innerText()).toContain('Skriv ett antal dagar mellan 1 och 365.');
    expect((await t.dataSource.getRepository(Municipality).findOneByOrFail({ id: avesta.id })).digestHour).toBe(avesta.digestHour);
    await expectAccessible(t, admin);
    await typeInto(admin, admin.getByLabel(/Slutdatum snart inom/), '14');
    await pressEnterOn(admin, admin.getByRole('button', { name: 'Spara inställningarna' }));
    expect(await status(admin)).toContain('Inställningarna är sparade.');
    expect(await admin.locator('#next-digest').innerText()).toContain(`${String(hour).padStart(2, '0')}:00`);
    expect(await t.dataSource.getRepository(Municipality).findOneByOrFail({ id: avesta.id })).toMatchObject({ digestHour: hour, dueSoonDays: 14 });

    // Next week, on the digest weekday: an hour before the new hour nothing goes out; at the hour it does.
    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    const day = new Date(nextWeek);
    while ((day.getUTCDay() || 7) !== weekday) day.setUTCDate(day.getUTCDate() - 1);
    const localHour = (h: number) => {
      // Stockholm is UTC+1 in winter and UTC+2 in summer; find the UTC instant of the local hour.
      for (const offset of [1, 2]) {
        const candidate = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h - offset));
        if (new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Stockholm' }).format(candidate) === String(h).padStart(2, '0')) return candidate;
      }
      throw new Error('no such hour');
    };
    const periodKey = digestPeriodKey(localHour(hour), 'Europe/Stockholm');
    const ofWeek = () => t.dataSource.getRepository(DigestDelivery).findBy({ municipalityId: avesta.id, periodKey });
    const digests = t.app.get(DigestsService);
    t.clock.set(localHour(hour - 1));
    await digests.tick();
    expect(await ofWeek()).toHaveLength(0);
    t.clock.set(localHour(hour));
    await digests.tick();
    expect((await ofWeek()).length).toBeGreaterThan(0);
    await eventually(async () => (await ofWeek()).every((delivery) => delivery.status === 'sent' || delivery.status === 'skipped'), 30_000, 'the week’s deliveries done');
    const deliveries = await ofWeek();

    await admin.goto('/admin/digests');
    expect(await heading(admin)).toBe('Veckosammanfattningar');
    await typeInto(admin, admin.getByLabel('Vecka'), periodKey);
    await pressEnterOn(admin, admin.getByRole('button', { name: 'Visa' }).last());
    expect(new URL(admin.url()).searchParams.get('periodKey')).toBe(periodKey);
    const log = admin.getByRole('table', { name: 'Utskick' });
    expect(await log.locator('tbody tr').count()).toBe(Math.min(30, deliveries.length));
    const sent = deliveries.filter((delivery) => delivery.status === 'sent').length;
    expect(sent).toBeGreaterThan(0);
    expect(await log.locator('tbody').getByText('Skickad', { exact: true }).count()).toBe(Math.min(30, sent));
    // Nothing failed: a skipped digest says why beside its status, not as an error.
    expect(deliveries.some((delivery) => delivery.status === 'skipped')).toBe(true);
    expect(new Set(await log.locator('tbody td:last-child').allInnerTexts())).toEqual(new Set(['–']));
    expect(await log.locator('tbody td').getByText(/^Inget att skicka Inget att rapportera$/).count()).toBeGreaterThan(0);
    expect(await admin.locator('main').innerText()).toContain(`av ${deliveries.length} utskick`);
    await expectAccessible(t, admin);

    // "Send now" in that week: everything is done already.
    await pressEnterOn(admin, admin.getByRole('button', { name: 'Skicka veckans sammanfattningar nu' }));
    expect(await status(admin)).toContain(`Veckans sammanfattningar (${periodKey}) skickas: 0 nya, 0 på nytt, ${deliveries.length} var redan klara.`);
  });

  it('an admin previews any user’s digest as they would get it', async () => {
    const admin = await signedIn(ADMIN);
    await admin.goto('/admin/digests');
    await tabTo(admin, admin.getByLabel('Mottagare').first());
    await admin.keyboard.type('Karin');
    await pressEnterOn(admin, admin.getByRole('button', { name: 'Visa' }).first());
    const karin = await users().findOneByOrFail({ email: 'kommundirektor@avesta.example' });
    expect(new URL(admin.url()).searchParams.get('previewUserId')).toBe(karin.id);
    expect(await admin.locator('#preview-subject').innerText()).toMatch(/vecka|vecko/i);
    const frame = admin.frameLocator('iframe.app-mail-preview');
    expect(await frame.locator('body').innerText()).toContain('Veckans läge');
    expect(await admin.locator('main pre').textContent()).toContain('VECKANS LÄGE');
    await expectAccessible(t, admin);
  });

  it('a viewer, an owner and a manager see no administration; another municipality’s user is a 404 page', async () => {
    for (const email of ['ks.ordforande@avesta.example', 'lena.holm@avesta.example', 'kvalitetschef@avesta.example']) {
      const page = await signedIn(email);
      expect(await adminMenu(page).count()).toBe(0);
      for (const path of ['/admin/users', '/admin/municipality', '/admin/audit', '/admin/digests']) {
        const response = await page.goto(path);
        expect(response!.status()).toBe(403);
        expect(await heading(page)).toBe('Du saknar behörighet');
      }
    }
    const elsewhere = await t.app.get(MunicipalitiesService).createFromCode('0180');
    const stranger = await t.app
      .get(UsersService)
      .createInMunicipality(elsewhere.id, { email: 'admin@stockholm.example', name: 'Stockholms admin', role: 'admin', password: 'Blå-räv-hoppar-över-staketet' }, { municipalityId: elsewhere.id, userId: null });
    const admin = await signedIn(ADMIN);
    const response = await admin.goto(`/admin/users/${stranger.id}`);
    expect(response!.status()).toBe(404);
    expect(await heading(admin)).toBe('Sidan finns inte');
    await expectAccessible(t, admin);
  });

  it('every administration form refuses a missing or another session’s CSRF token and changes nothing', async () => {
    const admin = await signedIn(ADMIN);
    await admin.goto('/admin/users');
    const cookie = (await admin.context().cookies()).find((candidate) => candidate.name === 'hp.sid')!;
    const other = await signedIn(ADMIN);
    await other.goto('/admin/municipality');
    const foreign = await other.locator('main input[name="_csrf"]').first().inputValue();
    const lena = await users().findOneByOrFail({ email: 'lena.holm@avesta.example' });
    const before = { users: await users().count(), municipality: await t.dataSource.getRepository(Municipality).findOneByOrFail({ code: '2084' }), deliveries: await t.dataSource.getRepository(DigestDelivery).count() };
    const forms: [string, Record<string, string>][] = [
      ['/admin/users', { name: 'Falsk', email: 'falsk@avesta.example', role: 'admin', locale: 'sv' }],
      [`/admin/users/${lena.id}`, { name: 'Falsk', role: 'admin', active: 'true' }],
      [`/admin/users/${lena.id}/invitation`, {}],
      ['/admin/municipality', { timezone: 'Europe/London', digestWeekday: '3', digestHour: '3', staleAfterDays: '9', dueSoonDays: '9', nextEvaluationDate: '' }],
      ['/admin/digests/send', {}],
      ['/invitation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { password: 'Gröna-hästar-dansar-i-Avesta', passwordAgain: 'Gröna-hästar-dansar-i-Avesta' }],
    ];
    for (const [path, form] of forms) {
      for (const token of [undefined, foreign]) {
        const forged = await request(t.baseUrl)
          .post(path)
          .set('Cookie', `hp.sid=${cookie.value}`)
          .type('form')
          .send({ ...(token ? { _csrf: token } : {}), ...form });
        expect({ path, token: token ? 'foreign' : 'missing', status: forged.status }).toEqual({ path, token: token ? 'foreign' : 'missing', status: 403 });
        expect(forged.text).toContain('Formuläret har gått ut');
      }
    }
    expect(await users().count()).toBe(before.users);
    expect(await users().findOneByOrFail({ id: lena.id })).toMatchObject({ name: 'Lena Holm', role: 'owner' });
    expect(await t.dataSource.getRepository(Municipality).findOneByOrFail({ code: '2084' })).toEqual(before.municipality);
    expect(await t.dataSource.getRepository(DigestDelivery).count()).toBe(before.deliveries);
  });
});
