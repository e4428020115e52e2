import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { EvaluationsService } from '../../src/modules/evaluations/evaluations/evaluations.service';
import { MunicipalitiesService } from '../../src/modules/identity/municipalities/municipalities.service';
import { ActionPlan } from '../../src/modules/action-plans/plans/action-plan.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { UsersService } from '../../src/modules/identity/users/users.service';
import { expectAccessible, logIn, pressEnterOn, startWebTestApp, tabTo, WebTestApp } from './browser';

const MANAGER = 'kvalitetschef@avesta.example';
const VIEWER = 'ks.ordforande@avesta.example';
const OWNER = 'lena.holm@avesta.example';

describe('follow-up in a browser: the dossier, the comparison and carrying plans over', () => {
  let t: WebTestApp;
  const contexts: BrowserContext[] = [];
  let first: string;
  let followUp: string;
  /** The latest evaluation, which follows up 2018: the demo has a running 2018 plan left to carry over to it. */
  let latest: { id: string; title: string };

  async function signedIn(email: string): Promise<Page> {
    const context = await t.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await logIn(page, email, DEMO_PASSWORD);
    return page;
  }
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

  beforeAll(async () => {
    t = await startWebTestApp();
    const rows = await t.dataSource.query<{ id: string; title: string }[]>(`SELECT id, title FROM evaluation ORDER BY conducted_on`);
    first = rows.find((row) => row.title.endsWith('2014'))!.id;
    followUp = rows.find((row) => row.title.endsWith('2018'))!.id;
    latest = rows.at(-1)!;
  }, 60_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(() => t.close());

  it('a manager opens the dossier with the session and prints it as one document without the menus', async () => {
    const page = await signedIn(MANAGER);
    await page.goto(`/evaluations/${first}/follow-up`);
    expect(await heading(page)).toBe('KommunKompassen Avesta kommun 2014');
    // The window says which page it is: the evaluation's own page has the same heading.
    expect(await page.title()).toBe('Underlag för KommunKompassen Avesta kommun 2014 – Handlingsplan – Avesta kommun');
    const main = page.locator('main');
    expect(await main.innerText()).toContain('Aldrig åtgärdat');
    expect(await main.innerText()).toContain('Hanteras redan inom den nya styrmodellen.');
    // An evaluation is known by its month, as on its own page: no made-up first day.
    expect(await main.innerText()).toMatch(/genomförd december 2014\./);
    expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).toBe(true);
    await expectAccessible(t, page);

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).toBe(false);
    expect(await page.locator('header.app-header').isVisible()).toBe(false);
    expect(await page.locator('footer.app-footer').isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Uppföljning' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Område 8. Kommunen som samhällsbyggare' }).isVisible()).toBe(true);
    // As a PDF, too: one document.
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the comparison of the demo follow-up shows the flags, the chart and the figures, filtered in the URL', async () => {
    const page = await signedIn(VIEWER);
    await page.goto(`/evaluations/${followUp}/comparison`);
    expect(await heading(page)).toBe('Jämförelse');
    expect(await page.title()).toMatch(/^Jämförelse av .+ med KommunKompassen Avesta kommun 2014 – Handlingsplan – Avesta kommun$/);
    expect(await page.locator('main p.app-lead').innerText()).toMatch(/^[^(]+\(\p{Ll}+ \d{4}\) jämförd med KommunKompassen Avesta kommun 2014 \(december 2014\)/u);
    const chart = page.getByRole('img', { name: /Stapeldiagram: före, prognos och efter per område/ });
    expect(await chart.count()).toBe(1);
    expect(await chart.locator('rect.app-series--after').count()).toBe(8 + 1);
    // What the API says of the same comparison, read as a program would.
    const manager = await t.dataSource.getRepository(User).findOneByOrFail({ email: MANAGER });
    const api = (await request(t.app.getHttpServer()).get(`/api/evaluations/${followUp}/comparison`).set('Authorization', `Bearer ${t.tokenFor(manager)}`).expect(200)).body as {
      total: { before: number; after: number };
      flagged: Record<string, number>;
      areas: { number: number; questions: { code: string; flags: string[]; delta: number | null }[] }[];
    };
    const main = await page.locator('main').innerText();
    expect(main).toContain(`${api.total.before} / 800`);
    expect(main).toContain(`${api.total.after} / 800`);
    const words: Record<string, string> = { declined: 'Minskade', rose_with_no_action: 'Ökade utan åtgärd', completed_no_change: 'Klara åtgärder, ingen förändring' };
    for (const [flag, count] of Object.entries(api.flagged)) expect(main).toMatch(new RegExp(`${words[flag]}\\s+${count} delfråg`));
    const flagged = api.areas.flatMap((area) => area.questions.map((question) => ({ ...question, area: area.number }))).filter((question) => question.flags.length > 0);
    // The demo's follow-up lowers 1.4 and 8.5.
    expect(flagged.map((question) => question.code)).toEqual(expect.arrayContaining(['1.4', '8.5']));
    for (const question of flagged) {
      const row = page.getByRole('table', { name: new RegExp(`^Område ${question.area}\\.`) }).getByRole('row', { name: new RegExp(`^${question.code.replace('.', '\\.')} `) });
      for (const flag of question.flags) expect(await row.innerText()).toContain(words[flag]);
    }
    const row14 = page.getByRole('table', { name: /^Område 1\./ }).getByRole('row', { name: /^1\.4 / });
    expect(await row14.innerText()).toMatch(/−2/);
    // 1.5 rose by the three points the anti-corruption plan aimed at; the row links to the plan.
    const row15 = page.getByRole('table', { name: /^Område 1\./ }).getByRole('row', { name: /^1\.5 / });
    expect(await row15.innerText()).toMatch(/\+3/);
    expect(await row15.getByRole('link').count()).toBeGreaterThan(0);
    await expectAccessible(t, page);

    await tabTo(page, page.getByLabel('Visa'));
    await page.keyboard.press('ArrowDown');
    await pressEnterOn(page, page.getByRole('button', { name: 'Visa' }));
    expect(new URL(page.url()).search).toBe('?flagged=true');
    const flaggedRows = page.locator('tbody tr:not(.app-total)');
    expect(await flaggedRows.count()).toBe(flagged.length);
    expect(await page.locator('main form[method="post"]').count()).toBe(0);
    await expectAccessible(t, page);
  });

  it('carry-over links an open plan to a finding of the follow-up, and the plan shows both findings', async () => {
    const page = await signedIn(MANAGER);
    await page.goto(`/evaluations/${latest.id}/carry-over`);
    expect(await heading(page)).toBe('För över åtgärder');
    await expectAccessible(t, page);
    // The comparison it links to sets this evaluation beside the one it follows up, and says so.
    const [previous] = await t.dataSource.query<{ title: string }[]>('SELECT title FROM evaluation WHERE id = $1', [followUp]);
    expect(await page.getByRole('navigation', { name: 'Uppföljning' }).getByRole('link', { name: /^Jämförelse med / }).innerText()).toBe(`Jämförelse med ${previous.title}`);
    const plan = page.locator('article').first();
    const planId = (await plan.getAttribute('id'))!.replace('plan-', '');
    const chosen = plan.getByLabel('Fynd att koppla åtgärden till');
    const findingText = (await chosen.locator('option:checked').innerText()).replace(/^.*?: /, '').replace(/^.*?: /, '');
    const before = await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ id: planId });
    await pressEnterOn(page, plan.getByRole('button', { name: 'Koppla åtgärden' }));
    expect(await page.getByRole('status').first().innerText()).toContain('är kopplad till fyndet');
    // Shown by default are the plans not carried over yet: this one has moved to "Redan överförda".
    expect(await page.locator(`#plan-${planId}`).count()).toBe(0);
    await page.goto(`/evaluations/${latest.id}/carry-over?show=carried`);
    expect(await page.locator(`#plan-${planId}`).innerText()).toContain(`Redan kopplad till fynd i ${latest.title}`);

    await page.goto(`/action-plans/${planId}`);
    const findings = page.locator('section', { has: page.getByRole('heading', { name: /fynd/i, level: 2 }) }).getByRole('listitem');
    expect(await findings.count()).toBe(2);
    expect(await page.locator('main').innerText()).toContain(findingText);
    expect((await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ id: planId })).version).toBe(before.version + 1);
  });

  it('a viewer and an owner see no carry-over forms; a form without or with another session’s token is refused', async () => {
    for (const email of [VIEWER, OWNER]) {
      const page = await signedIn(email);
      await page.goto(`/evaluations/${latest.id}/carry-over?show=all`);
      expect(await page.locator('article').count()).toBeGreaterThan(0);
      expect(await page.locator('main form[method="post"]').count()).toBe(0);
      await expectAccessible(t, page);
    }
    const manager = await signedIn(MANAGER);
    await manager.goto(`/evaluations/${latest.id}/carry-over?show=all`);
    // An open plan of 2018 and a finding of the latest evaluation it does not answer yet.
    const [{ id: planId }] = await t.dataSource.query<{ id: string }[]>(
      `SELECT DISTINCT p.id FROM action_plan p JOIN action_plan_finding l ON l.action_plan_id = p.id JOIN finding f ON f.id = l.finding_id
        WHERE f.evaluation_id = $1 AND p.status IN ('planned', 'in_progress') ORDER BY p.id LIMIT 1`,
      [followUp],
    );
    const [{ id: findingId }] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM finding WHERE evaluation_id = $1 AND kind <> 'strength' AND id NOT IN (SELECT finding_id FROM action_plan_finding WHERE action_plan_id = $2) ORDER BY id LIMIT 1`,
      [latest.id, planId],
    );
    const cookie = (await manager.context().cookies()).find((candidate) => candidate.name === 'hp.sid')!;
    const other = await signedIn(MANAGER);
    await other.goto(`/evaluations/${latest.id}/carry-over`);
    const foreignToken = await other.locator('input[name="_csrf"]').first().inputValue();
    for (const token of [undefined, foreignToken]) {
      const forged = await request(t.baseUrl)
        .post(`/evaluations/${latest.id}/carry-over`)
        .set('Cookie', `hp.sid=${cookie.value}`)
        .type('form')
        .send({ ...(token ? { _csrf: token } : {}), actionPlanId: planId, findingId });
      expect(forged.status).toBe(403);
      expect(forged.text).toContain('Formuläret har gått ut');
    }
    const links = await t.dataSource.query<{ count: string }[]>(`SELECT count(*) FROM action_plan_finding WHERE action_plan_id = $1 AND finding_id = $2`, [planId, findingId]);
    expect(links[0].count).toBe('0');
  });

  it('a draft follow-up with scores only partly entered shows no fall: an area waits until it is whole, and the totals say which areas they cover', async () => {
    const manager = await t.dataSource.getRepository(User).findOneByOrFail({ email: MANAGER });
    const auth = { Authorization: `Bearer ${t.tokenFor(manager)}` };
    const draft = (
      await request(t.app.getHttpServer()).post('/api/evaluations').set(auth).send({ frameworkKey: 'kommunkompassen-2010', title: 'Uppföljning under inmatning', conductedOn: '2030-05-01', previousEvaluationId: latest.id }).expect(201)
    ).body as { id: string };
    // Area 1 whole, one sub-question of area 2 only.
    const framework = (await request(t.app.getHttpServer()).get('/api/frameworks/kommunkompassen-2010').set(auth).expect(200)).body as { areas: { number: number; questions: { code: string; maxPoints: number }[] }[] };
    const [area1, area2] = framework.areas;
    const rows = [...area1.questions, area2.questions[0]].map((question) => ({ questionCode: question.code, achievedPoints: question.maxPoints }));
    await request(t.app.getHttpServer()).put(`/api/evaluations/${draft.id}/scores`).set(auth).send(rows).expect(200);
    try {
      const page = await signedIn(MANAGER);
      await page.goto(`/evaluations/${draft.id}/comparison`);
      const facts = await page.locator('section', { has: page.getByRole('heading', { name: 'Totalt' }) }).innerText();
      // Only area 1 is whole on both sides: the totals are its own, and the page says so.
      expect(facts).toContain('Totalen gäller de 1 av 8 områden där alla delfrågor har poäng i båda utvärderingarna.');
      const areaTotal = (number: number) => page.locator(`#area-${number} tr.app-total`).innerText();
      // Area 1 is whole: compared. Area 2 has one score of several: its total row shows no change at all, not a fall.
      expect(await areaTotal(1)).toMatch(/[+±]/);
      expect(await areaTotal(2)).not.toMatch(/[−+±]\s*\d/);
      await expectAccessible(t, page);
    } finally {
      await request(t.app.getHttpServer()).delete(`/api/evaluations/${draft.id}`).set(auth);
    }
  });

  it('another municipality’s evaluation and an unknown id are a 404 page; an evaluation with nothing to compare says so', async () => {
    const elsewhere = await t.app.get(MunicipalitiesService).createFromCode('0180');
    const admin = await t.app
      .get(UsersService)
      .createInMunicipality(elsewhere.id, { email: 'admin@stockholm.example', name: 'Stockholms admin', role: 'admin', password: 'Blå-räv-hoppar-över-staketet' }, { municipalityId: elsewhere.id, userId: null });
    const theirs = await t.app
      .get(EvaluationsService)
      .create({ municipalityId: elsewhere.id, userId: admin.id, role: 'admin' }, { frameworkKey: 'kommunkompassen-2010', title: 'Stockholm 2015', conductedOn: '2015-05-01' });
    const page = await signedIn(MANAGER);
    for (const path of [`/evaluations/${theirs.id}/follow-up`, `/evaluations/${theirs.id}/comparison`, `/evaluations/${theirs.id}/carry-over`, '/evaluations/7b0c3c8e-0d6f-4c59-9f0c-2d1d4f1b8a11/comparison']) {
      const response = await page.goto(path);
      expect(response!.status()).toBe(404);
      expect(await heading(page)).toBe('Sidan finns inte');
    }
    const response = await page.goto(`/evaluations/${first}/comparison`);
    expect(response!.status()).toBe(409);
    expect(await page.locator('main').innerText()).toContain('följer inte upp någon tidigare utvärdering');
    await expectAccessible(t, page);
  });
});
