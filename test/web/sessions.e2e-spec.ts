import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { ActionPlan } from '../../src/modules/action-plans/plans/action-plan.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { expectAccessible, logIn, pressEnterOn, startWebTestApp, submitLogin, tabTo, WebTestApp } from './browser';

const MANAGER = 'kvalitetschef@avesta.example';
const OWNER = 'lena.holm@avesta.example';

describe('sessions for people, in a browser', () => {
  let t: WebTestApp;
  let context: BrowserContext;
  let page: Page;

  const mainText = () => page.locator('main').innerText();
  const heading = () => page.getByRole('heading', { level: 1 }).innerText();
  const sessionCookie = async () => (await context.cookies()).find((cookie) => cookie.name === 'hp.sid');

  beforeAll(async () => {
    t = await startWebTestApp();
  }, 60_000);
  afterAll(() => t.close());

  beforeEach(async () => {
    context = await t.newContext();
    page = await context.newPage();
  });
  afterEach(() => context.close());

  it('a manager signs in with the keyboard and lands on Översikt, with the scores as a chart and as a table', async () => {
    await page.goto('/dashboard');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await mainText()).toContain('Logga in för att fortsätta.');
    await expectAccessible(t, page);

    await logIn(page, MANAGER, DEMO_PASSWORD);

    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await heading()).toBe('Översikt');
    expect(await page.title()).toBe('Översikt – Handlingsplan – Avesta kommun');
    // The demo's latest evaluation: 452 of 800 points (demo-story.ts, CURRENT_EVALUATION).
    expect(await mainText()).toContain('Totalt 452 av 800 poäng (57');
    // The evaluation by its month, as everywhere it is named.
    expect(await mainText()).toMatch(/Senaste publicerade utvärdering: [^\n]+, \p{Ll}+ \d{4}\./u);
    expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Översikt' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('header').innerText()).toContain('Inloggad som Mats Berglund');
    // The chart is an image with a text alternative, and every bar's figure is also in the table.
    expect(await page.getByRole('img', { name: /Stapeldiagram/ }).count()).toBe(1);
    const scoreTable = page.getByRole('table', { name: 'Poäng per område' });
    expect(await scoreTable.getByRole('row').nth(1).innerText()).toMatch(/^1\. .*\t61 \/ 100\t61\s%$/);
    await expectAccessible(t, page);

    const cookie = await sessionCookie();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
  });

  it('sends an owner from / to Mina åtgärder and everyone else to Översikt', async () => {
    await logIn(page, OWNER, DEMO_PASSWORD);
    const response = await page.request.get('/', { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toBe('/action-plans?ownerId=me');
  });

  it('answers a wrong password and an unknown address with the same message, keeping the e-mail typed', async () => {
    await page.goto('/login');
    for (const email of [MANAGER, 'nobody@avesta.example']) {
      await page.getByLabel('E-postadress').fill(email);
      await page.getByLabel('Lösenord', { exact: true }).fill('not-the-password-1');
      await pressEnterOn(page, page.getByRole('button', { name: 'Logga in' }));
      expect(await page.getByRole('heading', { name: 'Rätta följande' }).count()).toBe(1);
      expect(await page.locator('#error-summary').innerText()).toContain('Fel e-postadress eller lösenord.');
      expect(await page.getByLabel('E-postadress').inputValue()).toBe(email);
      expect(await page.getByLabel('Lösenord', { exact: true }).inputValue()).toBe('');
    }
    await expectAccessible(t, page);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('comes back to the page asked for after login, and refuses to send anyone off the site', async () => {
    // An owner would land on Mina åtgärder; asked for Översikt, they come back to it.
    await page.goto('/dashboard');
    await submitLogin(page, OWNER, DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await heading()).toBe('Översikt');

    await context.clearCookies();
    await page.goto('/login?next=//evil.example/');
    await submitLogin(page, OWNER, DEMO_PASSWORD);
    expect(new URL(page.url()).host).toBe(new URL(t.baseUrl).host);
  });

  it('logout ends the session: the old cookie opens nothing, and the back button shows nothing private', async () => {
    await logIn(page, MANAGER, DEMO_PASSWORD);
    const stolen = await sessionCookie();
    expect(await page.locator('main').innerText()).toContain('Poäng per område');

    await pressEnterOn(page, page.getByRole('button', { name: 'Logga ut' }));
    expect(await mainText()).toContain('Du är utloggad.');

    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await mainText()).not.toContain('Poäng per område');

    const replay = await request(t.baseUrl).get('/dashboard').set('Cookie', `hp.sid=${stolen!.value}`);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/login?next=%2Fdashboard');
  });

  it('ends a session at once when the user is deactivated or their password changes', async () => {
    const users = t.dataSource.getRepository(User);
    const owner = await users.findOneByOrFail({ email: 'peter.dahl@avesta.example' });
    await logIn(page, owner.email, DEMO_PASSWORD);
    await page.goto('/dashboard');
    expect(await heading()).toBe('Översikt');

    // The password changed elsewhere (through the API): this browser's session ends too.
    await t.http
      .patch(`/api/users/${owner.id}`)
      .set('Authorization', `Bearer ${t.tokenFor(owner)}`)
      .send({ currentPassword: DEMO_PASSWORD, password: 'Ett-helt-nytt-lösen-77' })
      .expect(200);
    await page.goto('/dashboard');
    expect(new URL(page.url()).pathname).toBe('/login');

    await logIn(page, owner.email, 'Ett-helt-nytt-lösen-77');
    await page.goto('/dashboard');
    expect(await heading()).toBe('Översikt');
    await users.update(owner.id, { active: false });
    await page.goto('/dashboard');
    expect(new URL(page.url()).pathname).toBe('/login');
    await users.update(owner.id, { active: true });
  });

  it('refuses a form posted without the session’s CSRF token', async () => {
    await logIn(page, MANAGER, DEMO_PASSWORD);
    const cookie = await sessionCookie();
    const forged = await request(t.baseUrl).post('/settings/language').set('Cookie', `hp.sid=${cookie!.value}`).type('form').send({ locale: 'en', returnTo: '/' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Formuläret har gått ut');
    expect((await t.dataSource.getRepository(User).findOneByOrFail({ email: MANAGER })).locale).toBe('sv');
  });

  it('pages take no bearer token, and the API takes no session cookie', async () => {
    const manager = await t.dataSource.getRepository(User).findOneByOrFail({ email: MANAGER });
    const bearer = await request(t.baseUrl).get('/dashboard').set('Authorization', `Bearer ${t.tokenFor(manager)}`);
    expect(bearer.status).toBe(303);
    expect(bearer.headers.location).toMatch(/^\/login/);

    await logIn(page, MANAGER, DEMO_PASSWORD);
    const cookie = await sessionCookie();
    const api = await request(t.baseUrl).get('/api/dashboard').set('Cookie', `hp.sid=${cookie!.value}`);
    expect(api.status).toBe(401);
  });

  it('gives pages the strict policy, no caching and a renewed session, and the API and style sheets none of it', async () => {
    await logIn(page, MANAGER, DEMO_PASSWORD);
    const cookie = `hp.sid=${(await sessionCookie())!.value}`;
    const manager = await t.dataSource.getRepository(User).findOneByOrFail({ email: MANAGER });

    const pageAnswer = await request(t.baseUrl).get('/dashboard').set('Cookie', cookie);
    expect(pageAnswer.status).toBe(200);
    expect(pageAnswer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(pageAnswer.headers['cache-control']).toBe('no-store');
    expect(pageAnswer.headers['set-cookie']?.[0]).toMatch(/^hp\.sid=/);

    const apiAnswer = await request(t.baseUrl).get('/api/dashboard').set('Authorization', `Bearer ${t.tokenFor(manager)}`).set('Cookie', cookie);
    expect(apiAnswer.status).toBe(200);
    expect(apiAnswer.headers['content-security-policy']).not.toContain("frame-ancestors 'none'");
    expect(apiAnswer.headers['cache-control']).toBeUndefined();
    expect(apiAnswer.headers['set-cookie']).toBeUndefined();

    const styleSheet = await request(t.baseUrl).get('/assets/app.css').set('Cookie', cookie);
    expect(styleSheet.status).toBe(200);
    expect(styleSheet.headers['cache-control']).toBe('public, max-age=3600');
    expect(styleSheet.headers['set-cookie']).toBeUndefined();
  });

  it('switches the language on the user and keeps it for the next login', async () => {
    await logIn(page, 'erik.sandberg@avesta.example', DEMO_PASSWORD);
    await page.goto('/dashboard');
    await pressEnterOn(page, page.getByRole('button', { name: 'In English' }));
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await heading()).toBe('Overview');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(t, page);

    await pressEnterOn(page, page.getByRole('button', { name: 'Sign out' }));
    await logIn(page, 'erik.sandberg@avesta.example', DEMO_PASSWORD);
    await page.goto('/dashboard');
    expect(await heading()).toBe('Overview');
    await pressEnterOn(page, page.getByRole('button', { name: 'På svenska' }));
    expect(await heading()).toBe('Översikt');
  });

  it('writes a percentage as each language does, "57%" in English and "57 %" in Swedish, on every page that shows one', async () => {
    await logIn(page, MANAGER, DEMO_PASSWORD);
    const manager = await t.dataSource.getRepository(User).findOneByOrFail({ email: MANAGER });
    const plan = await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ municipalityId: manager.municipalityId, status: 'in_progress' });
    const [evaluation] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM evaluation WHERE municipality_id = $1 AND status = 'published' ORDER BY conducted_on DESC LIMIT 1`,
      [manager.municipalityId],
    );
    // The evaluation's own page also quotes the report ("ca 20 % av dessa förslag"): its score tables are the app's.
    const pages = [
      ['/dashboard', 'main'],
      ['/action-plans', 'main'],
      ['/evaluations', 'main'],
      [`/evaluations/${evaluation.id}`, 'main table'],
      [`/action-plans/${plan.id}`, 'main'],
    ];
    for (const [language, spacing] of [['In English', /\d%/], ['På svenska', /\d\u00a0%/]] as const) {
      await page.goto('/dashboard');
      await pressEnterOn(page, page.getByRole('button', { name: language }));
      for (const [path, scope] of pages) {
        await page.goto(path);
        const percentages = (await page.locator(scope).allInnerTexts()).join('\n').match(/\d\s*%/g) ?? [];
        expect({ path, shown: percentages.length > 0, otherwise: percentages.filter((percentage) => !spacing.test(percentage)) }).toEqual({ path, shown: true, otherwise: [] });
      }
    }
  });

  it('marks the report’s own Swedish words on an English page, so that a screen reader reads them as Swedish', async () => {
    await logIn(page, MANAGER, DEMO_PASSWORD);
    const manager = await t.dataSource.getRepository(User).findOneByOrFail({ email: MANAGER });
    const [evaluation] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM evaluation WHERE municipality_id = $1 AND status = 'published' ORDER BY conducted_on DESC LIMIT 1`,
      [manager.municipalityId],
    );
    await page.goto('/dashboard');
    await pressEnterOn(page, page.getByRole('button', { name: 'In English' }));
    try {
      await page.goto(`/evaluations/${evaluation.id}`);
      const area = page.locator('h2#area-1');
      expect(await area.innerText()).toBe('Area 1. Offentlighet och demokrati');
      expect(await area.locator('[lang="sv"]').innerText()).toBe('Offentlighet och demokrati');
      const findings = page.locator('ul.app-findings > li > span[id$="-text"]');
      expect(await findings.count()).toBeGreaterThan(10);
      expect(new Set(await findings.evaluateAll((spans) => spans.map((span) => span.getAttribute('lang'))))).toEqual(new Set(['sv']));
      await expectAccessible(t, page);

      await page.goto('/findings');
      const findingTexts = page.locator('p[id$="-text"] > span:first-child');
      expect(await findingTexts.count()).toBeGreaterThan(0);
      expect(new Set(await findingTexts.evaluateAll((spans) => spans.map((span) => span.getAttribute('lang'))))).toEqual(new Set(['sv']));
    } finally {
      await page.goto('/dashboard');
      await pressEnterOn(page, page.getByRole('button', { name: 'På svenska' }));
    }
  });

  it('after a refused form, the language switch and the address opened again come back to the page, not to the address the form posted to', async () => {
    await logIn(page, OWNER, DEMO_PASSWORD);
    const owner = await t.dataSource.getRepository(User).findOneByOrFail({ email: OWNER });
    const plan = await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ ownerId: owner.id, status: 'in_progress' });
    // A röd update without a comment is refused: the page comes back at the address posted to.
    const postRefusedUpdate = async () => {
      await page.goto(`/action-plans/${plan.id}`);
      await tabTo(page, page.getByRole('radio', { checked: true }));
      for (let presses = 0; presses < 3 && !(await page.getByRole('radio', { name: 'Röd' }).isChecked()); presses++) await page.keyboard.press('ArrowDown');
      await pressEnterOn(page, page.getByRole('button', { name: 'Spara läget' }));
      expect(await page.locator('#error-summary').innerText()).toContain('Skriv en kommentar');
      expect(new URL(page.url()).pathname).toBe(`/action-plans/${plan.id}/updates`);
    };
    await postRefusedUpdate();

    // The address in the address bar, opened again (Enter in the address bar, a bookmark).
    await page.goto(page.url());
    expect(new URL(page.url()).pathname).toBe(`/action-plans/${plan.id}`);
    expect(await heading()).toBe(plan.title);

    await postRefusedUpdate();
    await pressEnterOn(page, page.getByRole('button', { name: 'In English' }));
    expect(new URL(page.url()).pathname).toBe(`/action-plans/${plan.id}`);
    expect(await heading()).toBe(plan.title);
    expect(await page.getByRole('button', { name: 'Save progress' }).count()).toBe(1);
    await pressEnterOn(page, page.getByRole('button', { name: 'På svenska' }));

    // Every other address a form posts to and no page lives at leads to the page of its form.
    await pressEnterOn(page, page.getByRole('button', { name: 'Logga ut' }));
    await logIn(page, 'admin@avesta.example', DEMO_PASSWORD);
    const [finding] = await t.dataSource.query<{ id: string }[]>('SELECT id FROM finding WHERE municipality_id = $1 LIMIT 1', [owner.municipalityId]);
    const pages: [string, string, string][] = [
      [`/action-plans/${plan.id}/reopen`, `/action-plans/${plan.id}`, plan.title],
      ['/settings/password', '/settings', 'Inställningar'],
      ['/settings/calendar', '/settings', 'Inställningar'],
      ['/settings/language', '/settings', 'Inställningar'],
      [`/findings/${finding.id}/dismissal`, '/findings', 'Fynd'],
      [`/findings/${finding.id}/undismiss`, '/findings', 'Fynd'],
      [`/findings/${finding.id}/delete`, `/findings/${finding.id}/edit`, 'Ändra fynd'],
      ['/admin/digests/send', '/admin/digests', 'Veckosammanfattningar'],
      [`/admin/users/${owner.id}/invitation`, `/admin/users/${owner.id}`, owner.name],
    ];
    for (const [address, pagePath, pageHeading] of pages) {
      await page.goto(address);
      expect([address, new URL(page.url()).pathname, await heading()]).toEqual([address, pagePath, expect.stringContaining(pageHeading)]);
    }
    // An id that is no id leads nowhere: the 404 page, not a redirect.
    const malformed = await page.goto('/action-plans/inget-id/updates');
    expect([malformed!.status(), new URL(page.url()).pathname, await heading()]).toEqual([404, '/action-plans/inget-id/updates', 'Sidan finns inte']);
  });

  it('an address nothing lives at is the 404 page, with the menu for whoever is signed in; under /api it stays JSON', async () => {
    const anonymous = await page.goto('/ingen-sida-har');
    expect(anonymous!.status()).toBe(404);
    expect(await heading()).toBe('Sidan finns inte');
    expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).count()).toBe(0);
    await expectAccessible(t, page);

    await logIn(page, 'oliver.grant@avesta.example', DEMO_PASSWORD);
    const signedIn = await page.goto('/action-plans/mine/old-link');
    expect(signedIn!.status()).toBe(404);
    expect(await heading()).toBe('Page not found');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').count()).toBeGreaterThan(1);
    await expectAccessible(t, page);

    for (const address of ['/api/ingen-sida-har', '/assets/ingen.css']) {
      const answer = await request(t.baseUrl).get(address);
      expect([address, answer.status, answer.type, answer.body.code]).toEqual([address, 404, 'application/json', 'NOT_FOUND']);
    }
  });
});
