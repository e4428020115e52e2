import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { ActionPlan } from '../../src/modules/action-plans/plans/action-plan.entity';
import { Evaluation } from '../../src/modules/evaluations/evaluations/evaluation.entity';
import { EvaluationsService } from '../../src/modules/evaluations/evaluations/evaluations.service';
import { Finding } from '../../src/modules/evaluations/findings/finding.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { expectAccessible, logIn, pressEnterOn, startWebTestApp, tabTo, typeInto, WebTestApp } from './browser';

const MANAGER = 'kvalitetschef@avesta.example';
const VIEWER = 'ks.ordforande@avesta.example';
const OWNER = 'lena.holm@avesta.example';
const REPORT_2014 = 'KommunKompassen Avesta kommun 2014';
const FOLLOW_UP_2018 = 'KommunKompassen Avesta 2018';
/** Entered by hand in these tests, following up the demo's latest evaluation a year later. */
const NEXT = 'Nästa uppföljning';

describe('evaluations in a browser', () => {
  let t: WebTestApp;
  const contexts: BrowserContext[] = [];
  const byTitle = (title: string) => t.dataSource.getRepository(Evaluation).findOneByOrFail({ title });

  async function signedIn(email: string): Promise<Page> {
    const context = await t.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await logIn(page, email, DEMO_PASSWORD);
    return page;
  }
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const main = (page: Page) => page.locator('main').innerText();
  /** The demo's latest published evaluation, and the month a year after it. */
  let latest: Evaluation;
  let nextMonth: string;

  beforeAll(async () => {
    t = await startWebTestApp();
    latest = (await t.dataSource.getRepository(Evaluation).findOne({ where: { status: 'published' }, order: { conductedOn: 'DESC' } }))!;
    nextMonth = `${Number(latest.conductedOn.slice(0, 4)) + 1}-10`;
  }, 90_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(() => t.close());

  it('lists the evaluations with date, status, source, total and what each follows up; the filters live in the URL', async () => {
    const page = await signedIn(MANAGER);
    await pressEnterOn(page, page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Utvärderingar' }));
    expect(await heading(page)).toBe('Utvärderingar');
    expect(await page.getByRole('link', { name: 'Utvärderingar' }).getAttribute('aria-current')).toBe('page');
    const all = await t.dataSource.getRepository(Evaluation).find({ order: { conductedOn: 'DESC' } });
    const rows = await page.getByRole('table').getByRole('row').allInnerTexts();
    expect(rows.length).toBe(1 + all.length);
    expect(rows.slice(1).map((row) => row.split('\t')[0])).toEqual(all.map((evaluation) => evaluation.title));
    const rowOf = (title: string) => rows.find((row) => row.startsWith(`${title}\t`));
    expect(rowOf(FOLLOW_UP_2018)).toMatch(new RegExp(`^${FOLLOW_UP_2018}\\s+november 2018\\s+Publicerad\\s+Inmatad för hand\\s+\\d+ / 800 \\(\\d+\\s*%\\)\\s+${REPORT_2014}$`));
    expect(rowOf(REPORT_2014)).toMatch(new RegExp(`^${REPORT_2014}\\s+december 2014\\s+Publicerad\\s+Importerad rapport\\s+404 / 800 \\(51\\s*%\\)\\s+–$`));
    await expectAccessible(t, page);

    await tabTo(page, page.getByLabel('Källa'));
    await page.keyboard.type('Imp');
    await pressEnterOn(page, page.getByRole('button', { name: 'Visa' }));
    expect(new URL(page.url()).search).toBe('?status=&source=import');
    expect(await page.getByRole('table').getByRole('row').count()).toBe(1 + all.filter((evaluation) => evaluation.source === 'import').length);
    expect(await page.getByLabel('Källa').inputValue()).toBe('import');
    const imported = all.filter((evaluation) => evaluation.source === 'import').length;
    expect(await page.getByRole('status').filter({ hasText: 'Visar' }).innerText()).toBe(`Visar 1–${imported} av ${imported} ${imported === 1 ? 'utvärdering' : 'utvärderingar'}.`);

    await page.goto('/evaluations?status=draft');
    expect(await page.getByText('Inga utvärderingar motsvarar filtret.').count()).toBe(1);
    const bad = await page.goto('/evaluations?status=klar');
    expect(bad?.status()).toBe(400);
    expect(await page.locator('#error-summary').innerText()).toContain('Välj utkast eller publicerad');
    await expectAccessible(t, page);
  });

  it('the imported report: the score table marks what the report printed where it differs from the points, and names the good examples', async () => {
    const page = await signedIn(VIEWER);
    const report = await byTitle(REPORT_2014);
    await page.goto('/evaluations');
    await pressEnterOn(page, page.getByRole('link', { name: REPORT_2014 }).first());
    expect(await heading(page)).toBe(REPORT_2014);
    expect(page.url()).toContain(`/evaluations/${report.id}`);
    const totals = page.getByRole('table', { name: 'Poäng per område' });
    expect(await totals.getByRole('row').filter({ hasText: '6.' }).innerText()).toMatch(/52\s+Tryckt i rapporten; delfrågorna ger 51/);
    expect(await totals.getByRole('row').last().innerText()).toMatch(/Totalt\s+404\s+800\s+51\s*%/);
    const area8 = page.getByRole('table', { name: 'Delfrågor i område 8' });
    expect(await area8.getByRole('row').filter({ hasText: '8.4' }).innerText()).toMatch(/13\s+15\s+83\s*%\s+Tryckt i rapporten; poängen ger 87 %/);
    // A row whose printed percent is what its points give carries no mark.
    const stored = (await t.http.get(`/api/evaluations/${report.id}`).set({ Authorization: `Bearer ${t.tokenFor(await t.dataSource.getRepository(User).findOneByOrFail({ email: VIEWER }))}` }).expect(200)).body as {
      areas: { number: number; questions: { code: string; achievedPoints: number; maxPoints: number; reportedPercent: number }[] }[];
    };
    const consistent = stored.areas[7].questions.find((question) => question.reportedPercent === Math.round((question.achievedPoints / question.maxPoints) * 100))!;
    expect(await area8.getByRole('row').filter({ hasText: `${consistent.code} ` }).innerText()).not.toContain('Tryckt');
    expect(await main(page)).toMatch(/Örebro: .*gott exempel/);
    expect(await page.locator('#import-warnings').innerText()).toMatch(/Rad \d+: Område 6/);
    // A viewer reads; nothing to change.
    expect(await page.locator('main form[method="post"]').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Rätta poäng' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Ändra' }).count()).toBe(0);
    await expectAccessible(t, page);
    const follow = page.getByRole('link', { name: 'Uppföljningsunderlag (att skriva ut)' });
    expect(await follow.getAttribute('href')).toBe(`/evaluations/${report.id}/follow-up`);
  });

  it('a manager enters an evaluation by hand: the rules of the API show as form errors, then it is a draft that says so', async () => {
    const page = await signedIn(MANAGER);
    await page.goto('/evaluations');
    await pressEnterOn(page, page.getByRole('link', { name: 'Ny utvärdering' }));
    expect(await heading(page)).toBe('Ny utvärdering');
    await expectAccessible(t, page);

    // Nothing but a month no one writes: the summary lists the problems in the form's order.
    await typeInto(page, page.getByLabel('Månad då utvärderingen gjordes'), 'maj 2016');
    await pressEnterOn(page, page.getByRole('button', { name: 'Skapa utvärderingen' }));
    expect(await page.locator('#error-summary').getByRole('link').allInnerTexts()).toEqual(['Skriv en titel (högst 200 tecken)', 'Ange år och månad, till exempel 2018-11']);

    await typeInto(page, page.getByLabel('Titel'), 'Uppföljning 2016');
    await pressEnterOn(page, page.getByRole('button', { name: 'Skapa utvärderingen' }));
    expect(await page.locator('#error-summary').innerText()).toContain('Ange år och månad, till exempel 2018-11');
    expect(await page.getByLabel('Titel').inputValue()).toBe('Uppföljning 2016');
    await expectAccessible(t, page);
    // A month that does not exist: said once, in the form's words (not the API's about the date it would make).
    await typeInto(page, page.getByLabel('Månad då utvärderingen gjordes'), '2016-13');
    await pressEnterOn(page, page.getByRole('button', { name: 'Skapa utvärderingen' }));
    expect(await page.locator('#error-summary').getByRole('link').allInnerTexts()).toEqual(['Ange år och månad, till exempel 2018-11']);

    // A previous evaluation must be earlier: 2018 cannot be followed up in 2016.
    await typeInto(page, page.getByLabel('Månad då utvärderingen gjordes'), '2016-05');
    await tabTo(page, page.getByLabel('Följer upp'));
    await page.keyboard.type(FOLLOW_UP_2018);
    await pressEnterOn(page, page.getByRole('button', { name: 'Skapa utvärderingen' }));
    expect(await page.locator('#error-summary').innerText()).toContain('Välj en utvärdering som gjordes före den här.');
    expect(await page.locator('#previousEvaluationId-error').innerText()).toBe('Välj en utvärdering som gjordes före den här.');
    expect(await t.dataSource.getRepository(Evaluation).countBy({ title: 'Uppföljning 2016' })).toBe(0);

    await typeInto(page, page.getByLabel('Titel'), NEXT);
    await typeInto(page, page.getByLabel('Månad då utvärderingen gjordes'), nextMonth);
    await tabTo(page, page.getByLabel('Följer upp'));
    await page.keyboard.type(latest.title);
    await pressEnterOn(page, page.getByRole('button', { name: 'Skapa utvärderingen' }));
    expect(await heading(page)).toBe(NEXT);
    expect(await page.getByRole('status').first().innerText()).toContain('Utvärderingen är skapad som utkast.');
    expect(await page.locator('.app-draft').innerText()).toContain('Utkast. Den här utvärderingen är inte publicerad.');
    expect(await main(page)).toMatch(new RegExp(`Följer upp\\s+${latest.title}`));
    expect(await page.getByRole('link', { name: `Jämförelse med ${latest.title}` }).count()).toBe(1);
    await expectAccessible(t, page);
    await page.goto('/evaluations?status=draft');
    expect(await page.getByRole('table').getByRole('row').nth(1).innerText()).toMatch(
      new RegExp(`^${NEXT}\\s+oktober ${nextMonth.slice(0, 4)}\\s+Utkast\\s+Inmatad för hand\\s+0 / 800 \\(0\\s*%\\)\\s+Ofullständig\\s+${latest.title}$`),
    );
  });

  it('a manager enters and corrects scores, all or nothing, with Swedish decimals', async () => {
    const draft = await byTitle(NEXT);
    const page = await signedIn(MANAGER);
    await page.goto(`/evaluations/${draft.id}`);
    await pressEnterOn(page, page.getByRole('link', { name: 'Rätta poäng' }));
    expect(await heading(page)).toBe(`Rätta poäng: ${NEXT}`);
    expect(await page.locator('.app-draft').count()).toBe(1);
    await expectAccessible(t, page);
    const field = (code: string) => page.getByLabel(new RegExp(`^${code.replace('.', '\\.')} `));
    await typeInto(page, field('1.1'), '6,5');
    await typeInto(page, field('1.2'), '99');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara poängen' }));
    expect(await page.locator('#error-summary').innerText()).toMatch(/Delfråga 1\.2: ange poäng från 0 till \d+/);
    // The summary's link leads to the field it names.
    await tabTo(page, page.locator('#error-summary').getByRole('link', { name: /Delfråga 1\.2/ }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/#./);
    expect(await page.evaluate(() => document.querySelector(':target')?.getAttribute('name') ?? null)).toBe('score-1.2');
    expect(await field('1.1').inputValue()).toBe('6,5');
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM score WHERE evaluation_id = $1', [draft.id]))[0].n).toBe(0);
    await expectAccessible(t, page);
    await typeInto(page, field('1.2'), '10');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara poängen' }));
    expect(await page.getByRole('status').first().innerText()).toContain('2 poäng är ändrade.');
    const area1 = page.getByRole('table', { name: 'Delfrågor i område 1' });
    expect(await area1.getByRole('row').filter({ hasText: '1.1' }).innerText()).toMatch(/6,5\s+\d+\s+\d+\s*%/);
    expect(await area1.getByRole('row').last().innerText()).toMatch(/Summa\s+16,5/);
  });

  it('a manager adds, edits, moves and deletes findings; a finding a plan answers cannot be deleted', async () => {
    const draft = await byTitle(NEXT);
    const page = await signedIn(MANAGER);
    await page.goto(`/evaluations/${draft.id}`);
    await pressEnterOn(page, page.getByRole('link', { name: 'Lägg till ett fynd' }));
    await tabTo(page, page.getByLabel('Område', { exact: true }));
    await page.keyboard.type('3');
    await typeInto(page, page.getByLabel('Fyndet', { exact: true }), 'Målen följs inte upp i nämnderna');
    await pressEnterOn(page, page.getByRole('button', { name: 'Lägg till fyndet' }));
    expect(await page.locator('#error-summary').innerText()).toContain('Välj om fyndet är en styrka, en förbättringsmöjlighet eller en svaghet');
    expect(await page.getByLabel('Fyndet', { exact: true }).inputValue()).toBe('Målen följs inte upp i nämnderna');
    await expectAccessible(t, page);

    // A radio group is one Tab stop; the arrow keys choose within it.
    const chooseWeakness = async () => {
      await tabTo(page, page.getByLabel('Styrka'));
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await page.getByLabel('Svaghet').isChecked()).toBe(true);
    };
    await chooseWeakness();
    await pressEnterOn(page, page.getByRole('button', { name: 'Lägg till fyndet' }));
    expect(await page.getByRole('status').first().innerText()).toContain('Fyndet är tillagt.');
    await tabTo(page, page.getByLabel('Område', { exact: true }));
    await page.keyboard.type('3');
    await chooseWeakness();
    await typeInto(page, page.getByLabel('Fyndet', { exact: true }), 'Budgeten saknar koppling till målen');
    // A sub-question of another area: the field says so, not how to write one.
    await typeInto(page, page.getByLabel('Delfråga (valfritt)'), '2.1');
    await pressEnterOn(page, page.getByRole('button', { name: 'Lägg till fyndet' }));
    expect(await page.locator('#questionCode-error').innerText()).toContain('Delfrågan hör inte till fyndets område');
    await typeInto(page, page.getByLabel('Delfråga (valfritt)'), '3.2');
    await pressEnterOn(page, page.getByRole('button', { name: 'Lägg till fyndet' }));

    const area3 = page.locator('section', { has: page.getByRole('heading', { name: /^Område 3\./ }) });
    const weaknesses = area3.getByRole('heading', { name: 'Svagheter' }).locator('xpath=following-sibling::ul[1]').getByRole('listitem');
    expect(await weaknesses.allInnerTexts()).toEqual([expect.stringContaining('Målen följs inte upp i nämnderna'), expect.stringMatching(/Budgeten saknar koppling till målen\s+3\.2/)]);

    // Move the second to the top and reword it.
    await pressEnterOn(page, weaknesses.nth(1).getByRole('link', { name: 'Ändra' }));
    expect(await heading(page)).toBe('Ändra fynd');
    expect(await page.locator('.app-draft').count()).toBe(1);
    await expectAccessible(t, page);
    await typeInto(page, page.getByLabel('Fyndet', { exact: true }), 'Budgeten saknar tydlig koppling till målen');
    await tabTo(page, page.getByLabel('Plats i listan'));
    await page.keyboard.type('1');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara fyndet' }));
    expect(await page.getByRole('status').first().innerText()).toContain('Fyndet är sparat.');
    expect(await weaknesses.allInnerTexts()).toEqual([expect.stringContaining('Budgeten saknar tydlig koppling till målen'), expect.stringContaining('Målen följs inte upp i nämnderna')]);

    await pressEnterOn(page, weaknesses.nth(1).getByRole('link', { name: 'Ändra' }));
    await pressEnterOn(page, page.getByRole('button', { name: 'Ta bort fyndet' }));
    expect(await page.getByRole('status').first().innerText()).toContain('Fyndet är borttaget.');
    expect(await weaknesses.allInnerTexts()).toEqual([expect.stringContaining('Budgeten saknar tydlig koppling till målen')]);

    // A finding of 2014 that a plan answers stays.
    const report = await byTitle(REPORT_2014);
    const [{ finding_id: answered }] = await t.dataSource.query(
      'SELECT apf.finding_id FROM action_plan_finding apf JOIN finding f ON f.id = apf.finding_id WHERE f.evaluation_id = $1 LIMIT 1',
      [report.id],
    );
    await page.goto(`/findings/${answered}/edit`);
    await pressEnterOn(page, page.getByRole('button', { name: 'Ta bort fyndet' }));
    expect(await page.getByRole('alert').innerText()).toContain('Fyndet kan inte tas bort: åtgärder svarar på det.');
    expect(await t.dataSource.getRepository(Finding).countBy({ id: answered })).toBe(1);
  });

  it('a failed publish says so and leaves the evaluation a draft and every effect as it was', async () => {
    const page = await signedIn(MANAGER);
    const report = await byTitle(REPORT_2014);
    // A later step of publishing that fails, after the effects were derived in the same transaction.
    t.app.get(EvaluationsService).registerPublishListener((_manager, _actor, evaluation) =>
      evaluation.title === 'Misslyckas' ? Promise.reject(new Error('a later step of publishing failed')) : Promise.resolve(),
    );
    await page.goto('/evaluations/new');
    await typeInto(page, page.getByLabel('Titel'), 'Misslyckas');
    await typeInto(page, page.getByLabel('Månad då utvärderingen gjordes'), '2020-03');
    await tabTo(page, page.getByLabel('Följer upp'));
    await page.keyboard.type(REPORT_2014);
    await pressEnterOn(page, page.getByRole('button', { name: 'Skapa utvärderingen' }));
    const failing = await byTitle('Misslyckas');
    const effects = async () => (await t.dataSource.getRepository(ActionPlan).find({ order: { id: 'ASC' } })).map((plan) => [plan.id, plan.effect, plan.version]);
    const before = await effects();

    await pressEnterOn(page, page.getByRole('link', { name: 'Publicera', exact: true }));
    const linked = await t.dataSource.query('SELECT count(DISTINCT apf.action_plan_id)::int AS n FROM action_plan_finding apf JOIN finding f ON f.id = apf.finding_id WHERE f.evaluation_id = $1', [report.id]);
    expect(await main(page)).toContain(`Effekten räknas fram för ${linked[0].n} åtgärder som svarar på fynd i ${REPORT_2014}.`);
    expect(await page.getByRole('table', { name: 'Åtgärdernas effekt vid publicering' }).getByRole('row').count()).toBe(linked[0].n + 1);
    await expectAccessible(t, page);
    await pressEnterOn(page, page.getByRole('button', { name: 'Publicera utvärderingen' }));
    expect(await page.getByRole('alert').innerText()).toContain('Publiceringen misslyckades. Ingenting ändrades');
    expect((await byTitle('Misslyckas')).status).toBe('draft');
    expect(await effects()).toEqual(before);
    expect(await page.locator('.app-draft').count()).toBe(1);
    await expectAccessible(t, page);
    expect(failing.previousEvaluationId).toBe(report.id);
  });

  it('publishing the follow-up makes it the one Översikt works from, and gives each plan the effect its page promised', async () => {
    const page = await signedIn(MANAGER);
    const draft = await byTitle(NEXT);
    // A plan with a target, decided on a month after the follow-up was conducted: publishing makes its effect unknown.
    const manager = await t.dataSource.getRepository(User).findOneByOrFail({ email: MANAGER });
    const [weakness] = await t.dataSource.getRepository(Finding).find({ where: { evaluationId: latest.id, kind: 'weakness' }, take: 1 });
    const late = (
      await t.http
        .post('/api/action-plans')
        .set('Authorization', `Bearer ${t.tokenFor(manager)}`)
        .send({ title: 'Beslutad efter uppföljningen', ownerId: manager.id, dueDate: '2030-06-30', findingIds: [weakness.id], targets: [{ questionCode: '1.3', expectedPoints: 20 }] })
        .expect(201)
    ).body as { id: string };
    await t.dataSource.query(`UPDATE action_plan SET created_at = $2::date + interval '1 month' WHERE id = $1`, [late.id, draft.conductedOn]);

    await page.goto(`/evaluations/${draft.id}/publish`);
    expect(await main(page)).toContain(`Den ersätter ${latest.title}.`);
    expect(await main(page)).toMatch(/\d+ delfrågor saknar poäng\./);
    const promised = new Map(
      (await page.getByRole('table', { name: 'Åtgärdernas effekt vid publicering' }).getByRole('row').allInnerTexts()).slice(1).map((row) => {
        const cells = row.split('\t');
        return [cells[0], cells.at(-1)!];
      }),
    );
    expect(promised.get('Beslutad efter uppföljningen')).toBe('Beslutad efter utvärderingen: blir okänd');
    await pressEnterOn(page, page.getByRole('button', { name: 'Publicera utvärderingen' }));
    // Every plan the page said becomes unknown did; every plan it said keeps its effect kept it.
    const plans = await t.dataSource.getRepository(ActionPlan).findBy({ municipalityId: manager.municipalityId });
    for (const plan of plans.filter((plan) => promised.get(plan.title)?.endsWith('blir okänd'))) expect([plan.title, plan.effect]).toEqual([plan.title, 'unknown']);
    expect([...promised.values()].filter((text) => text.endsWith('blir okänd')).length).toBeGreaterThan(0);
    expect(await page.getByRole('status').first().innerText()).toContain('Utvärderingen är publicerad.');
    expect(await page.locator('.app-draft').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Publicera', exact: true }).count()).toBe(0);
    await page.goto('/dashboard');
    expect(await main(page)).toContain(NEXT);
    const again = await page.goto(`/evaluations/${draft.id}/publish`);
    expect(again?.url()).toContain(`/evaluations/${draft.id}`);
    expect(await page.getByRole('status').first().innerText()).toContain('Utvärderingen är redan publicerad.');
  });

  it('viewers and owners see no editing and may not open the forms; a draft is marked for them too', async () => {
    const draft = await byTitle('Misslyckas');
    const [someFinding] = await t.dataSource.getRepository(Finding).find({ take: 1 });
    for (const email of [VIEWER, OWNER]) {
      const page = await signedIn(email);
      await page.goto('/evaluations');
      expect(await page.getByRole('link', { name: 'Ny utvärdering' }).count()).toBe(0);
      await page.goto(`/evaluations/${draft.id}`);
      expect(await page.locator('.app-draft').count()).toBe(1);
      expect(await page.locator('main form[method="post"]').count()).toBe(0);
      expect(await page.getByRole('link', { name: /^(Publicera|Rätta poäng|Lägg till ett fynd|Ändra)$/ }).count()).toBe(0);
      expect(await page.getByRole('link', { name: /För över pågående åtgärder/ }).count()).toBe(0);
      await expectAccessible(t, page);
      for (const path of [`/evaluations/${draft.id}/scores`, `/evaluations/${draft.id}/publish`, `/findings/${someFinding.id}/edit`, '/evaluations/new']) {
        const refused = await page.goto(path);
        expect(refused?.status()).toBe(403);
      }
      const token = await page.locator('input[name="_csrf"]').first().inputValue();
      const forged = await page.request.post(`/evaluations/${draft.id}/publish`, { form: { _csrf: token }, maxRedirects: 0 });
      expect(forged.status()).toBe(403);
    }
    expect((await byTitle('Misslyckas')).status).toBe('draft');
  });

  it("another municipality's evaluation and finding are 404 pages, and every form refuses a missing or foreign CSRF token", async () => {
    const elsewhere = await makeMunicipality(t.dataSource);
    const stranger = await makeUser(t.dataSource, elsewhere, 'manager');
    const auth = { Authorization: `Bearer ${t.tokenFor(stranger)}` };
    const foreign = (await t.http.post('/api/evaluations').set(auth).send({ frameworkKey: 'kommunkompassen-2010', title: 'Främmande', conductedOn: '2020-01-01' }).expect(201)).body;
    const foreignFinding = (await t.http.post(`/api/evaluations/${foreign.id}/findings`).set(auth).send({ areaNumber: 1, kind: 'weakness', text: 'Främmande fynd' }).expect(201)).body;

    const page = await signedIn(MANAGER);
    for (const path of [`/evaluations/${foreign.id}`, `/evaluations/${foreign.id}/scores`, `/evaluations/${foreign.id}/publish`, `/findings/${foreignFinding.id}/edit`]) {
      const opened = await page.goto(path);
      expect(opened?.status()).toBe(404);
      expect(await heading(page)).toBe('Sidan finns inte');
      expect(await main(page)).not.toContain('Främmande');
    }
    await expectAccessible(t, page);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const posted = await page.request.post(`/evaluations/${foreign.id}/publish`, { form: { _csrf: token }, maxRedirects: 0 });
    expect(posted.status()).toBe(404);
    expect((await t.dataSource.getRepository(Evaluation).findOneByOrFail({ id: foreign.id })).status).toBe('draft');

    const draft = await byTitle('Misslyckas');
    const [own] = await t.dataSource.getRepository(Finding).find({ where: { evaluationId: (await byTitle(NEXT)).id } });
    const otherContext = await t.newContext();
    contexts.push(otherContext);
    const other = await otherContext.newPage();
    await logIn(other, 'kommundirektor@avesta.example', DEMO_PASSWORD);
    const foreignToken = await other.locator('input[name="_csrf"]').first().inputValue();
    const forms: [string, Record<string, string>][] = [
      [`/evaluations/${draft.id}/publish`, {}],
      [`/evaluations/${draft.id}/findings`, { areaNumber: '1', kind: 'weakness', text: 'Smugglat fynd' }],
      [`/evaluations/${draft.id}/scores`, { 'score-1.1': '3' }],
      [`/findings/${own.id}/edit`, { text: 'Smugglad text', position: '1' }],
      [`/findings/${own.id}/delete`, {}],
      ['/evaluations/new', { frameworkKey: 'kommunkompassen-2010', title: 'Smugglad', month: '2023-01' }],
    ];
    for (const [path, form] of forms) {
      for (const csrf of [{}, { _csrf: foreignToken }] as Record<string, string>[]) {
        const refused = await page.request.post(path, { form: { ...form, ...csrf }, maxRedirects: 0 });
        expect([path, refused.status()]).toEqual([path, 403]);
        expect(await refused.text()).toContain('Formuläret har gått ut');
      }
    }
    expect((await byTitle('Misslyckas')).status).toBe('draft');
    expect(await t.dataSource.getRepository(Finding).countBy({ text: 'Smugglat fynd' })).toBe(0);
    expect((await t.dataSource.getRepository(Finding).findOneByOrFail({ id: own.id })).text).toBe(own.text);
    expect(await t.dataSource.getRepository(Evaluation).countBy({ title: 'Smugglad' })).toBe(0);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM score WHERE evaluation_id = $1', [draft.id]))[0].n).toBe(0);
  });
});
