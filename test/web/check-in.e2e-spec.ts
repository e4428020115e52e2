import { Writable } from 'node:stream';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { ActionPlan } from '../../src/modules/action-plans/plans/action-plan.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { expectAccessible, logIn, pressEnterOn, startWebTestApp, typeInto, WebTestApp } from './browser';

const APP_URL = 'http://handlingsplan.example';
const REFUSED = 'Länken fungerar inte';

interface CheckInLink {
  planId: string;
  /** The path and query of the link, to open on the test server. */
  path: string;
  token: string;
  owner: User;
}

/**
 * "Rapportera läge" from the owner digest: the link of a real e-mail (sent through the queue to an
 * SMTP server and parsed) opens a page for that plan without login, posts as the owner, and is
 * refused, posting nothing, once it has expired, its user is gone or no longer owns the plan, or it
 * was altered or used on another plan's address.
 */
describe('check-in from the e-mail, in a browser', () => {
  let t: WebTestApp;
  let smtp: SmtpSink;
  let manager: User;
  const logLines: string[] = [];
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const contexts: BrowserContext[] = [];
  /** Every check-in link of every owner digest sent, by plan. */
  const links = new Map<string, CheckInLink>();
  /** The plans the tests make, due soon so that their owners' digests list them. */
  const planIds: Record<'first' | 'second' | 'otherOwners', string> = { first: '', second: '', otherOwners: '' };

  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const updatesOf = async (planId: string) => Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM progress_update WHERE action_plan_id = $1', [planId]))[0].n);
  const allUpdates = async () => Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM progress_update'))[0].n);
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const mainText = (page: Page) => page.locator('main').innerText();

  async function freshPage(): Promise<Page> {
    const context = await t.newContext();
    contexts.push(context);
    return context.newPage();
  }

  /** The refusal page: a clear heading, why, nothing saved, and the way to log in instead. */
  async function expectRefused(page: Page, status: number | undefined, reason: RegExp): Promise<void> {
    expect(status).toBe(403);
    expect(await heading(page)).toBe(REFUSED);
    const text = await mainText(page);
    expect(text).toMatch(reason);
    expect(text).toContain('Ingenting har sparats.');
    expect(await page.getByRole('link', { name: 'Logga in' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Spara läget' }).count()).toBe(0);
  }

  /**
   * Chooses a traffic light with the keyboard: Tab reaches the radio group (at its checked radio,
   * when one is), the arrow keys move the choice within it.
   */
  async function chooseHealth(page: Page, name: string): Promise<void> {
    const target = page.getByRole('radio', { name });
    for (let presses = 0; presses < 60; presses++) {
      if (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'health').catch(() => false)) break;
      await page.keyboard.press('Tab');
    }
    for (let presses = 0; presses < 3 && !(await target.isChecked()); presses++) await page.keyboard.press('ArrowDown');
    expect(await target.isChecked()).toBe(true);
  }

  /** Opens a working link and fills the form for a röd update, ready to send. */
  async function openAndFill(link: CheckInLink, comment: string): Promise<Page> {
    const page = await freshPage();
    const response = await page.goto(link.path);
    expect(response?.status()).toBe(200);
    await chooseHealth(page, 'Röd');
    await typeInto(page, page.getByLabel('Kommentar'), comment);
    return page;
  }

  /** The link with its token's claims changed and the signature kept: what a tamperer can make. */
  function tampered(link: CheckInLink, claims: Record<string, unknown>): string {
    const [header, payload, signature] = link.token.split('.');
    const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...claims };
    return [header, Buffer.from(JSON.stringify(changed)).toString('base64url'), signature].join('.');
  }

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await startWebTestApp({ SMTP_URL: smtp.url, APP_URL, LOG_LEVEL: 'info' }, logs);
    manager = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'kvalitetschef@avesta.example' });
    const lena = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'lena.holm@avesta.example' });
    const johan = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'johan.nystrom@avesta.example' });
    const [weakness] = await t.dataSource.query<{ id: string }[]>(
      `SELECT f.id FROM finding f JOIN evaluation e ON e.id = f.evaluation_id WHERE f.kind = 'weakness' AND e.status = 'published' ORDER BY e.conducted_on DESC, f.position LIMIT 1`,
    );
    const dueIn = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const createPlan = async (title: string, owner: User, days: number) =>
      (await t.http.post('/api/action-plans').set(as(manager)).send({ title, ownerId: owner.id, dueDate: dueIn(days), findingIds: [weakness.id] }).expect(201)).body.id as string;
    planIds.first = await createPlan('Inför e-tjänst för felanmälan', lena, 3);
    planIds.second = await createPlan('Ta fram rutin för uppföljning av klagomål', lena, 5);
    planIds.otherOwners = await createPlan('Samordna öppettider i medborgarservice', johan, 4);

    await t.http.post('/api/digests/send').set(as(manager)).send({ kind: 'owner' }).expect(202);
    await eventually(
      async () => (await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM digest_delivery WHERE status IN ('queued', 'sending')`))[0].n === '0',
      60_000,
      'the owner digests sent',
    );
    for (const mail of await smtp.settled()) {
      const owner = await t.dataSource.getRepository(User).findOneByOrFail({ email: mail.to });
      const html = mail.parsed.html || '';
      for (const match of html.matchAll(/href="(http:\/\/handlingsplan\.example\/check-in\/[^"]+)"/g)) {
        const url = new URL(decodeEntities(match[1]));
        const planId = url.pathname.split('/')[2];
        const token = url.searchParams.get('token')!;
        // The text part carries the same link.
        expect(mail.parsed.text).toContain(url.toString());
        links.set(planId, { planId, path: `${url.pathname}${url.search}`, token, owner });
      }
    }
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await t.close();
    await smtp.close();
  });

  afterEach(() => t.clock.release());

  /** The links of the plans the tests made: two of one owner, one of another. */
  function pickLinks(): { first: CheckInLink; second: CheckInLink; otherOwners: CheckInLink } {
    const linkOf = (id: string) => {
      const link = links.get(id);
      if (!link) throw new Error(`No check-in link in the digests for plan ${id}`);
      return link;
    };
    return { first: linkOf(planIds.first), second: linkOf(planIds.second), otherOwners: linkOf(planIds.otherOwners) };
  }

  it('opens the link of a parsed digest, posts a röd update with a comment, and the plan page shows it as the owner’s', async () => {
    expect(links.size).toBeGreaterThan(2);
    const { first } = pickLinks();
    const plan = await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ id: first.planId });
    const before = await updatesOf(first.planId);

    const page = await freshPage();
    const response = await page.goto(first.path);
    expect(response?.status()).toBe(200);
    expect(await heading(page)).toBe(plan.title);
    expect(await page.title()).toBe(`Rapportera läge: ${plan.title} – Handlingsplan`);
    const text = await mainText(page);
    expect(text).toContain(`Du rapporterar som ${first.owner.name}.`);
    expect(text).toContain('Slutdatum');
    expect(text).toContain('Senaste kommentar');
    // No menu of a signed-in person: the link signs nobody in.
    expect(await page.getByRole('navigation').count()).toBe(0);
    await expectAccessible(t, page);

    // Röd without a comment: the same rule as everywhere, nothing saved.
    await chooseHealth(page, 'Röd');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara läget' }));
    expect(await page.locator('#error-summary').innerText()).toContain('Skriv en kommentar');
    expect(await page.getByRole('radio', { name: 'Röd' }).isChecked()).toBe(true);
    expect(await updatesOf(first.planId)).toBe(before);
    await expectAccessible(t, page);

    const comment = 'Konsulten har hoppat av; vi söker en ersättare och återkommer med ny tidplan.';
    await typeInto(page, page.getByLabel('Kommentar'), comment);
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara läget' }));
    expect(await page.getByRole('status').first().innerText()).toContain('Tack! Läget är sparat.');
    expect(await mainText(page)).toContain(comment);
    expect(await updatesOf(first.planId)).toBe(before + 1);
    await expectAccessible(t, page);

    // Signed in as the owner, the plan page shows the update as theirs.
    const ownerPage = await freshPage();
    await logIn(ownerPage, first.owner.email, DEMO_PASSWORD);
    await ownerPage.goto(`/action-plans/${first.planId}`);
    const entry = ownerPage.locator('.app-timeline > li').first();
    expect(await entry.innerText()).toContain(first.owner.name);
    expect(await entry.innerText()).toContain(comment);
    expect(await entry.innerText()).toContain('Röd');

    // Recorded as the owner's, and the audit says it came from an e-mail link.
    const [update] = await t.dataSource.query<{ id: string; author_id: string; health: string }[]>(
      'SELECT id, author_id, health FROM progress_update WHERE action_plan_id = $1 ORDER BY created_at DESC LIMIT 1',
      [first.planId],
    );
    expect(update).toMatchObject({ author_id: first.owner.id, health: 'off_track' });
    const audit = await t.http.get(`/api/audit-events?entityType=progress-update&entityId=${update.id}`).set(as(manager)).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ actorId: first.owner.id, action: 'create', via: 'email-link' })]);
  });

  it('a report sent twice at once (a double tap) is saved once, and the repeat is told so', async () => {
    const { first } = pickLinks();
    const page = await openAndFill(first, 'Två tryck, en rapport');
    const form = page.locator(`form[action="/check-in/${first.planId}"]`);
    const body = await form.evaluate((element) => new URLSearchParams(new FormData(element as HTMLFormElement) as unknown as Record<string, string>).toString());
    const before = await updatesOf(first.planId);
    const send = () => page.request.post(`/check-in/${first.planId}`, { data: body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((answer) => answer.status())).toEqual([303, 303]);
    expect(await updatesOf(first.planId)).toBe(before + 1);
    // Sent once more later (the back button): still one report, and the page says why.
    const resent = await send();
    expect(await updatesOf(first.planId)).toBe(before + 1);
    await page.goto(resent.headers().location);
    expect(await page.getByRole('status').first().innerText()).toContain('Lägesrapporten var redan sparad');
  });

  it('refuses a tampered token and a token used on another plan’s address, and posts nothing', async () => {
    const { first, second } = pickLinks();
    const before = await allUpdates();
    const page = await freshPage();

    // The claims changed to another plan, the signature kept.
    const forged = tampered(first, { pid: second.planId });
    await expectRefused(page, (await page.goto(`/check-in/${second.planId}?token=${forged}`))?.status(), /inte giltig/);
    await expectAccessible(t, page);

    // A real token of one plan, on another plan's address.
    await expectRefused(page, (await page.goto(`/check-in/${second.planId}?token=${first.token}`))?.status(), /hör till en annan åtgärd/);
    // No token at all.
    await expectRefused(page, (await page.goto(`/check-in/${second.planId}`))?.status(), /inte giltig/);

    // Posting either straight to the other plan's form, with this browser's valid CSRF token.
    await page.goto(first.path);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    for (const token of [forged, first.token]) {
      const posted = await page.request.post(`/check-in/${second.planId}`, {
        form: { _csrf: csrf, token, health: 'off_track', progress: '10', comment: 'Inte min åtgärd' },
        maxRedirects: 0,
      });
      expect(posted.status()).toBe(403);
      expect(await posted.text()).toContain(REFUSED);
    }
    expect(await allUpdates()).toBe(before);
  });

  it('refuses a link whose plan has been given to someone else since, and posts nothing', async () => {
    const { second } = pickLinks();
    const newOwner = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'kommundirektor@avesta.example' });
    const page = await openAndFill(second, 'Skickat efter att åtgärden bytt ansvarig');
    const before = await updatesOf(second.planId);

    const plan = await t.http.get(`/api/action-plans/${second.planId}`).set(as(manager)).expect(200);
    await t.http.patch(`/api/action-plans/${second.planId}`).set(as(manager)).send({ version: plan.body.version, ownerId: newOwner.id }).expect(200);

    const [response] = await Promise.all([page.waitForResponse((answer) => answer.request().method() === 'POST'), pressEnterOn(page, page.getByRole('button', { name: 'Spara läget' }))]);
    await expectRefused(page, response.status(), /fått en annan ansvarig/);
    await expectAccessible(t, page);
    expect(await updatesOf(second.planId)).toBe(before);
    await expectRefused(page, (await page.goto(second.path))?.status(), /fått en annan ansvarig/);
  });

  it('refuses the link of a user who has been deactivated, and posts nothing', async () => {
    const { otherOwners } = pickLinks();
    const page = await openAndFill(otherOwners, 'Skickat efter att kontot avslutats');
    const before = await updatesOf(otherOwners.planId);

    // Deactivated as the admin page does it, but with the plans left with the user: the link
    // itself must stop working, not only because the plans moved on.
    await t.dataSource.query('UPDATE app_user SET active = false WHERE id = $1', [otherOwners.owner.id]);
    try {
      const [response] = await Promise.all([page.waitForResponse((answer) => answer.request().method() === 'POST'), pressEnterOn(page, page.getByRole('button', { name: 'Spara läget' }))]);
      await expectRefused(page, response.status(), /kontot är avslutat/);
      expect(await updatesOf(otherOwners.planId)).toBe(before);
    } finally {
      await t.dataSource.query('UPDATE app_user SET active = true WHERE id = $1', [otherOwners.owner.id]);
    }
  });

  it('refuses a link older than CHECK_IN_LINK_DAYS (14 days), and posts nothing', async () => {
    const { first } = pickLinks();
    const page = await openAndFill(first, 'Skickat för sent');
    const before = await updatesOf(first.planId);

    // Thirteen days on, the link still works; fifteen days on, it has expired.
    t.clock.set(new Date(Date.now() + 13 * 24 * 3600 * 1000));
    expect((await (await freshPage()).goto(first.path))?.status()).toBe(200);
    t.clock.set(new Date(Date.now() + 15 * 24 * 3600 * 1000));
    const [response] = await Promise.all([page.waitForResponse((answer) => answer.request().method() === 'POST'), pressEnterOn(page, page.getByRole('button', { name: 'Spara läget' }))]);
    await expectRefused(page, response.status(), /för gammal/);
    await expectAccessible(t, page);
    expect(await updatesOf(first.planId)).toBe(before);

    // The link is still the owner's: its refusal speaks their language, not the Swedish browser's.
    await t.dataSource.query(`UPDATE app_user SET locale = 'en' WHERE id = $1`, [first.owner.id]);
    try {
      const english = await freshPage();
      expect((await english.goto(first.path))?.status()).toBe(403);
      expect(await english.locator('html').getAttribute('lang')).toBe('en');
      expect(await english.locator('main').innerText()).toContain('The link is too old');
    } finally {
      await t.dataSource.query(`UPDATE app_user SET locale = 'sv' WHERE id = $1`, [first.owner.id]);
    }
  });

  it('never writes a token into the logs', () => {
    const checkInLines = logLines.filter((line) => line.includes('"req"') && line.includes('/check-in/'));
    expect(checkInLines.length).toBeGreaterThan(0);
    for (const line of checkInLines) expect(line).toMatch(/token=\[redacted\]|"url":"\/check-in\/[0-9a-f-]+"/);
    const everything = logLines.join('\n');
    for (const { token } of links.values()) {
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(token.split('.')[2]);
    }
  });
});

/** An attribute value as the browser reads it (Handlebars writes `=` as `&#x3D;`). */
function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_whole, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_whole, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
