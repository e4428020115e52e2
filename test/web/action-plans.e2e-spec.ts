import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { ActionPlan } from '../../src/modules/action-plans/plans/action-plan.entity';
import { ProgressUpdate } from '../../src/modules/action-plans/updates/progress-update.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser, TEST_PASSWORD } from '../utils/factories';
import { expectAccessible, logIn, pressEnterOn, startWebTestApp, tabTo, typeInto, WebTestApp } from './browser';

const OWNER = 'lena.holm@avesta.example';
const MANAGERS = ['kvalitetschef@avesta.example', 'kommundirektor@avesta.example'];

describe('action plans in a browser', () => {
  let t: WebTestApp;
  const contexts: BrowserContext[] = [];

  async function signedIn(email: string): Promise<Page> {
    const context = await t.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await logIn(page, email, DEMO_PASSWORD);
    return page;
  }
  const updatesOf = (planId: string) => t.dataSource.getRepository(ProgressUpdate).countBy({ actionPlanId: planId });
  const mainText = (page: Page) => page.locator('main').innerText();

  beforeAll(async () => {
    t = await startWebTestApp();
  }, 60_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(() => t.close());

  it('an owner opens Mina åtgärder, posts a röd update without a comment (error, nothing saved), then with one', async () => {
    const page = await signedIn(OWNER);
    expect(new URL(page.url()).search).toBe('?ownerId=me');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Mina åtgärder');
    const owner = await t.dataSource.getRepository(User).findOneByOrFail({ email: OWNER });
    const owned = await t.dataSource.getRepository(ActionPlan).countBy({ ownerId: owner.id });
    expect(await mainText(page)).toMatch(new RegExp(`av ${owned} åtgärder`));
    await expectAccessible(t, page);

    // Only the plans in progress, chosen with the keyboard in the filter form.
    await tabTo(page, page.getByLabel('Pågår'));
    await page.keyboard.press('Space');
    await pressEnterOn(page, page.getByRole('button', { name: 'Visa' }));
    const rows = page.getByRole('table').getByRole('row');
    const statuses = await rows.evaluateAll((all) => all.slice(1).map((row) => (row.children[4] as HTMLElement).innerText.trim()));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['Pågår']));

    const firstPlan = rows.nth(1).getByRole('link');
    const title = await firstPlan.innerText();
    await pressEnterOn(page, firstPlan);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(title);
    const planId = new URL(page.url()).pathname.split('/')[2];
    const before = await updatesOf(planId);
    await expectAccessible(t, page);

    // Tab reaches the traffic lights' group at its chosen light; the arrow keys move to Röd.
    await tabTo(page, page.getByRole('radio', { checked: true }));
    for (let presses = 0; presses < 3 && !(await page.getByRole('radio', { name: 'Röd' }).isChecked()); presses++) await page.keyboard.press('ArrowDown');
    await typeInto(page, page.getByLabel('Framsteg i procent (0–100)'), '35');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara läget' }));

    const summary = page.locator('#error-summary');
    expect(await summary.innerText()).toContain('Skriv en kommentar');
    expect(await page.locator('#comment-error').innerText()).toContain('Skriv en kommentar');
    expect(await page.getByRole('radio', { name: 'Röd' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Framsteg i procent (0–100)').inputValue()).toBe('35');
    expect(await updatesOf(planId)).toBe(before);
    await expectAccessible(t, page);

    // The summary's link leads to the field.
    await pressEnterOn(page, summary.getByRole('link'));
    await typeInto(page, page.getByLabel('Kommentar'), 'Leverantören är sen; vi har bett om ny tidplan till nästa vecka.');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara läget' }));

    expect(new URL(page.url()).pathname).toBe(`/action-plans/${planId}`);
    expect(await page.getByRole('status').first().innerText()).toContain('Läget är sparat.');
    expect(await updatesOf(planId)).toBe(before + 1);
    const history = page.getByRole('list').filter({ has: page.getByText('Leverantören är sen') });
    expect(await history.first().innerText()).toContain('Lena Holm');
    expect(await page.locator('main').getByText(/^Röd$/).count()).toBeGreaterThan(0);
    await expectAccessible(t, page);

    // Klar at 50 %: the progress field says what completing needs, not how to write a number.
    await tabTo(page, page.getByLabel('Status', { exact: true }));
    await page.keyboard.type('Klar');
    await typeInto(page, page.getByLabel('Framsteg i procent (0–100)'), '50');
    await typeInto(page, page.getByLabel('Kommentar'), 'Klart, tror vi.');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara läget' }));
    expect(await page.locator('#progress-error').innerText()).toContain('En klar åtgärd har framsteget 100');
    expect(await updatesOf(planId)).toBe(before + 1);
  });

  it('a manager creates a plan from a finding: the form opens with it ticked, refuses what is missing, keeps what was typed', async () => {
    const page = await signedIn(MANAGERS[0]);
    const [weakness] = await t.dataSource.query<{ id: string; text: string }[]>(
      `SELECT f.id, f.text FROM finding f JOIN evaluation e ON e.id = f.evaluation_id
        WHERE f.kind = 'weakness' AND e.status = 'published' ORDER BY e.conducted_on DESC, f.position LIMIT 1`,
    );
    await page.goto(`/action-plans/new?findingId=${weakness.id}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ny åtgärd');
    const ticked = page.getByRole('checkbox', { checked: true });
    expect(await ticked.count()).toBe(1);
    expect(await ticked.getAttribute('value')).toBe(weakness.id);
    await expectAccessible(t, page);

    await typeInto(page, page.getByLabel('Titel'), 'Gemensam rutin för klagomål');
    await tabTo(page, page.getByLabel('Delfråga för mål 1'));
    await page.keyboard.type('1.1');
    await typeInto(page, page.getByLabel('Förväntade poäng för mål 1'), '2,5');
    await typeInto(page, page.getByLabel('Startdatum'), '2027-07-01');
    await typeInto(page, page.getByLabel('Slutdatum'), '2027-06-30');
    await pressEnterOn(page, page.getByRole('button', { name: 'Skapa åtgärden' }));
    // The owner missing and the due date before the start date, in one round.
    expect(await page.locator('#error-summary').getByRole('link').allInnerTexts()).toEqual([
      'Välj en ansvarig som är aktiv och kan rapportera läget.',
      'Skriv slutdatumet som år-månad-dag, till exempel 2027-06-30, och inte före startdatumet.',
    ]);
    expect(await page.getByRole('checkbox', { checked: true }).getAttribute('value')).toBe(weakness.id);
    expect(await page.getByLabel('Titel').inputValue()).toBe('Gemensam rutin för klagomål');
    expect(await page.getByLabel('Förväntade poäng för mål 1').inputValue()).toBe('2,5');
    await expectAccessible(t, page);

    await tabTo(page, page.getByLabel('Ansvarig', { exact: true }));
    await page.keyboard.type('Lena');
    await typeInto(page, page.getByLabel('Startdatum'), '2027-01-15');
    // The same sub-question as a second target: refused beside that target, in words that say why.
    await tabTo(page, page.getByLabel('Delfråga för mål 2'));
    await page.keyboard.type('1.1');
    await typeInto(page, page.getByLabel('Förväntade poäng för mål 2'), '3');
    await pressEnterOn(page, page.getByRole('button', { name: 'Skapa åtgärden' }));
    expect(await page.locator('#targets-1-questionCode-error').innerText()).toBe('Varje delfråga kan bara vara mål en gång.');
    await page.getByLabel('Delfråga för mål 2').selectOption('');
    await page.getByLabel('Förväntade poäng för mål 2').fill('');
    await pressEnterOn(page, page.getByRole('button', { name: 'Skapa åtgärden' }));

    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Gemensam rutin för klagomål');
    expect(await page.getByRole('status').first().innerText()).toContain('Åtgärden är skapad.');
    const created = await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ title: 'Gemensam rutin för klagomål' });
    expect(created.dueDate).toBe('2027-06-30');
    expect(await t.dataSource.query('SELECT expected_points::float8 AS points FROM action_plan_target WHERE action_plan_id = $1', [created.id])).toEqual([{ points: 2.5 }]);
    expect(await page.locator('main').innerText()).toContain('Lena Holm');
    // The finding it was opened from is the one it answers.
    expect(await page.locator('main').innerText()).toContain(weakness.text);
    await expectAccessible(t, page);

    await page.goto('/action-plans?q=rutin+för+klagomål');
    expect(await page.getByRole('table').getByRole('link', { name: 'Gemensam rutin för klagomål' }).count()).toBe(1);
  });

  it('the new-plan form sent twice at once (a double click) creates one plan; both answers lead to it', async () => {
    const page = await signedIn(MANAGERS[0]);
    const [weakness] = await t.dataSource.query<{ id: string }[]>(
      `SELECT f.id FROM finding f JOIN evaluation e ON e.id = f.evaluation_id WHERE f.kind = 'weakness' AND e.status = 'published' ORDER BY e.conducted_on DESC, f.position LIMIT 1`,
    );
    await page.goto(`/action-plans/new?findingId=${weakness.id}`);
    await typeInto(page, page.getByLabel('Titel'), 'Dubbelklickad åtgärd');
    await tabTo(page, page.getByLabel('Ansvarig', { exact: true }));
    await page.keyboard.type('Lena');
    await typeInto(page, page.getByLabel('Slutdatum'), '2027-09-30');
    // The form exactly as the browser would send it, sent twice without waiting.
    const body = await page.locator('form[method="post"][action="/action-plans/new"]').evaluate((form) => new URLSearchParams(new FormData(form as HTMLFormElement) as unknown as Record<string, string>).toString());
    const send = () => page.request.post('/action-plans/new', { data: body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((answer) => answer.status())).toEqual([303, 303]);
    const created = await t.dataSource.getRepository(ActionPlan).findBy({ title: 'Dubbelklickad åtgärd' });
    expect(created).toHaveLength(1);
    expect(answers.map((answer) => answer.headers().location)).toEqual([`/action-plans/${created[0].id}`, `/action-plans/${created[0].id}`]);
    // Sent again later (the back button, a resend): still the one plan, and the page says so.
    await page.goto(`/action-plans/new?findingId=${weakness.id}`);
    const resent = await send();
    expect(resent.headers().location).toBe(`/action-plans/${created[0].id}`);
    await page.goto(resent.headers().location);
    expect(await page.getByRole('status').first().innerText()).toContain('Åtgärden var redan skapad');
    expect(await t.dataSource.getRepository(ActionPlan).countBy({ title: 'Dubbelklickad åtgärd' })).toBe(1);
  });

  it('a progress report sent twice at once is saved once', async () => {
    const page = await signedIn(OWNER);
    const owner = await t.dataSource.getRepository(User).findOneByOrFail({ email: OWNER });
    const plan = await t.dataSource.getRepository(ActionPlan).findOneOrFail({ where: { ownerId: owner.id, status: 'in_progress' }, order: { dueDate: 'DESC' } });
    await page.goto(`/action-plans/${plan.id}`);
    await page.getByLabel('Grön').check();
    await typeInto(page, page.getByLabel('Kommentar'), 'Två klick, en rapport');
    const form = page.locator(`form[action="/action-plans/${plan.id}/updates"]`);
    const body = await form.evaluate((element) => new URLSearchParams(new FormData(element as HTMLFormElement) as unknown as Record<string, string>).toString());
    const before = await updatesOf(plan.id);
    const send = () => page.request.post(`/action-plans/${plan.id}/updates`, { data: body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((answer) => [answer.status(), answer.headers().location])).toEqual([
      [303, `/action-plans/${plan.id}`],
      [303, `/action-plans/${plan.id}`],
    ]);
    expect(await updatesOf(plan.id)).toBe(before + 1);
  });

  it("an owner sees no edit form and no progress form on another owner's plan, and a forged post is refused", async () => {
    const page = await signedIn(OWNER);
    const owner = await t.dataSource.getRepository(User).findOneByOrFail({ email: OWNER });
    const other = await t.dataSource
      .getRepository(ActionPlan)
      .createQueryBuilder('plan')
      .where('plan.ownerId != :ownerId AND plan.status IN (:...open)', { ownerId: owner.id, open: ['planned', 'in_progress'] })
      .getOneOrFail();
    await page.goto(`/action-plans/${other.id}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(other.title);
    expect(await page.getByRole('button', { name: 'Spara läget' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Ändra åtgärden' }).count()).toBe(0);

    const edit = await page.goto(`/action-plans/${other.id}/edit`);
    expect(edit?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Du saknar behörighet');

    // A post with the owner's own session and a valid CSRF token, to a plan they do not own.
    await page.goto(`/action-plans?ownerId=me`);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const before = await updatesOf(other.id);
    const forged = await page.request.post(`/action-plans/${other.id}/updates`, {
      form: { _csrf: token, health: 'on_track', progress: '90', comment: 'klart snart' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('Du saknar behörighet');
    expect(await updatesOf(other.id)).toBe(before);
  });

  it("two managers edit one plan: the second gets the conflict page, sees both values and applies theirs again, keeping the first one's other change", async () => {
    const [first, second] = [await signedIn(MANAGERS[0]), await signedIn(MANAGERS[1])];
    const plan = await t.dataSource.getRepository(ActionPlan).findOneOrFail({ where: { status: 'in_progress' }, order: { dueDate: 'ASC' } });
    await first.goto(`/action-plans/${plan.id}/edit`);
    await second.goto(`/action-plans/${plan.id}/edit`);
    await expectAccessible(t, first);

    await typeInto(first, first.getByLabel('Titel'), 'Första chefens titel');
    await typeInto(first, first.getByLabel('Slutdatum'), '2031-06-30');
    await pressEnterOn(first, first.getByRole('button', { name: 'Spara' }));
    expect(await first.getByRole('heading', { level: 1 }).innerText()).toBe('Första chefens titel');

    await typeInto(second, second.getByLabel('Titel'), 'Andra chefens titel');
    await typeInto(second, second.getByLabel('Enhet'), 'Kvalitet och utveckling');
    await pressEnterOn(second, second.getByRole('button', { name: 'Spara' }));

    expect(await second.getByRole('heading', { level: 1 }).innerText()).toBe('Någon annan har ändrat åtgärden');
    const table = second.getByRole('table', { name: 'Dina värden och de nuvarande' });
    const titleRow = await table.getByRole('row').filter({ hasText: 'Titel' }).innerText();
    expect(titleRow).toContain('Andra chefens titel');
    expect(titleRow).toContain('Första chefens titel');
    // Dates as the pages write them, in both columns.
    // The second manager did not touch the due date: the first one's new date stands on both sides.
    const dueDateRow = await table.getByRole('row').filter({ hasText: 'Slutdatum' }).innerText();
    expect(dueDateRow).toMatch(/^Slutdatum\s+30 juni 2031\s+30 juni 2031$/u);
    expect(titleRow).toContain('skiljer sig');
    expect(await second.getByLabel('Slutdatum').inputValue()).toBe('2031-06-30');
    expect(await second.getByLabel('Titel').inputValue()).toBe('Andra chefens titel');
    expect(await second.getByLabel('Enhet').inputValue()).toBe('Kvalitet och utveckling');
    expect((await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ id: plan.id })).title).toBe('Första chefens titel');
    await expectAccessible(t, second);

    await pressEnterOn(second, second.getByRole('button', { name: 'Spara mina värden' }));
    expect(await second.getByRole('heading', { level: 1 }).innerText()).toBe('Andra chefens titel');
    const saved = await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ id: plan.id });
    expect(saved).toMatchObject({ title: 'Andra chefens titel', unit: 'Kvalitet och utveckling', dueDate: '2031-06-30' });
  });

  describe('the findings and targets of a plan, changed on Ändra åtgärden', () => {
    const linksOf = async (planId: string) =>
      (await t.dataSource.query<{ text: string }[]>('SELECT f.text FROM action_plan_finding l JOIN finding f ON f.id = l.finding_id WHERE l.action_plan_id = $1 ORDER BY f.text', [planId])).map((row) => row.text);
    const targetsOf = async (planId: string) =>
      (await t.dataSource.query<{ code: string; points: number }[]>('SELECT question_code AS code, expected_points::float8 AS points FROM action_plan_target WHERE action_plan_id = $1 ORDER BY question_code', [planId])).map(
        (row) => `${row.code}=${row.points}`,
      );
    const planTitled = (title: string) => t.dataSource.getRepository(ActionPlan).findOneByOrFail({ title });
    const finding = (page: Page, text: string) => page.getByRole('checkbox', { name: new RegExp(text) });
    /** The plan answering a finding (by its words): found so, whatever an earlier test made of its title. */
    const planAnswering = async (text: string) => {
      const [{ id }] = await t.dataSource.query<{ id: string }[]>('SELECT l.action_plan_id AS id FROM action_plan_finding l JOIN finding f ON f.id = l.finding_id WHERE f.text = $1', [text]);
      return t.dataSource.getRepository(ActionPlan).findOneByOrFail({ id });
    };

    it('a manager unticks every finding (refused at the field, nothing saved, what was typed kept), then swaps a finding, changes a target and adds one', async () => {
      const plan = await planTitled('Mindre chefsområden i vård och omsorg');
      expect(await linksOf(plan.id)).toEqual(['Många chefer har för många medarbetare för att kunna leda nära']);
      expect(await targetsOf(plan.id)).toEqual(['4.5=3']);
      const page = await signedIn(MANAGERS[0]);
      await page.goto(`/action-plans/${plan.id}/edit`);
      // The plan's finding is ticked, among the evaluation's others; a dismissed one says so.
      expect(await page.getByRole('checkbox', { checked: true }).count()).toBe(1);
      expect(await finding(page, 'Många chefer har för många medarbetare').isChecked()).toBe(true);
      expect(await page.locator('main').innerText()).toContain('(Avfärdad: Samverkan sker redan inom Region Dalarnas ram');
      // Its target, and an empty row to add one.
      expect(await page.getByLabel('Delfråga för mål 1').inputValue()).toBe('4.5');
      expect(await page.getByLabel('Förväntade poäng för mål 1').inputValue()).toBe('3');
      expect(await page.getByLabel('Delfråga för mål 2').inputValue()).toBe('');
      expect(await page.getByLabel('Delfråga för mål 3').count()).toBe(0);
      await expectAccessible(t, page);

      await finding(page, 'Många chefer har för många medarbetare').uncheck();
      await typeInto(page, page.getByLabel('Titel'), 'Mindre chefsområden i hela omsorgen');
      await typeInto(page, page.getByLabel('Förväntade poäng för mål 1'), '2,5');
      await pressEnterOn(page, page.getByRole('button', { name: 'Spara', exact: true }));

      const summary = page.locator('#error-summary');
      expect(await summary.getByRole('link').allInnerTexts()).toEqual(['Välj minst ett fynd som åtgärden svarar på.']);
      expect(await page.locator('#findingIds-error').innerText()).toBe('Välj minst ett fynd som åtgärden svarar på.');
      expect(await page.getByRole('group', { name: 'Fynd som åtgärden svarar på' }).getAttribute('aria-describedby')).toBe('findingIds-error');
      expect(await page.locator('#findingIds').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('checkbox', { checked: true }).count()).toBe(0);
      expect(await page.getByLabel('Titel').inputValue()).toBe('Mindre chefsområden i hela omsorgen');
      expect(await page.getByLabel('Förväntade poäng för mål 1').inputValue()).toBe('2,5');
      expect(await linksOf(plan.id)).toEqual(['Många chefer har för många medarbetare för att kunna leda nära']);
      expect(await targetsOf(plan.id)).toEqual(['4.5=3']);
      expect((await planTitled('Mindre chefsområden i vård och omsorg')).version).toBe(plan.version);
      await expectAccessible(t, page);

      // The summary leads to the first finding.
      await pressEnterOn(page, summary.getByRole('link'));
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('findingIds');
      await finding(page, 'Ledarutvecklingsprogrammets resultat följs inte upp').check();
      await tabTo(page, page.getByLabel('Delfråga för mål 2'));
      await page.keyboard.type('4.6');
      await typeInto(page, page.getByLabel('Förväntade poäng för mål 2'), '2');
      await pressEnterOn(page, page.getByRole('button', { name: 'Spara', exact: true }));

      expect(new URL(page.url()).pathname).toBe(`/action-plans/${plan.id}`);
      expect(await page.getByRole('status').first().innerText()).toContain('Ändringarna är sparade.');
      const findings = await page.locator('#findings-heading + ul').innerText();
      expect(findings).toContain('Ledarutvecklingsprogrammets resultat följs inte upp');
      expect(findings).not.toContain('Många chefer');
      const targets = await page.getByRole('table', { name: 'Mål: delfrågor och förväntade poäng' }).getByRole('row').allInnerTexts();
      expect(targets.slice(1).map((row) => row.split(/\s+/).join(' '))).toEqual(['4.5 2,5', '4.6 2']);
      expect(await linksOf(plan.id)).toEqual(['Ledarutvecklingsprogrammets resultat följs inte upp']);
      expect(await targetsOf(plan.id)).toEqual(['4.5=2.5', '4.6=2']);
      expect((await planTitled('Mindre chefsområden i hela omsorgen')).version).toBe(plan.version + 1);

      // Opened again, the form writes the points as a Swedish page writes numbers.
      await page.goto(`/action-plans/${plan.id}/edit`);
      expect(await page.getByLabel('Förväntade poäng för mål 1').inputValue()).toBe('2,5');
    });

    it('another manager changed the findings meanwhile: kept when this one changed only the targets; both shown when both changed them', async () => {
      const climate = 'Klimatmålen saknar årlig uppföljning';
      const plan = await planAnswering(climate);
      const diversity = 'Mångfaldsplanen behöver mätbara mål';
      const innovation = 'Innovationsarbetet har stannat av sedan 2020';
      expect(await linksOf(plan.id)).toEqual([climate]);
      expect(await targetsOf(plan.id)).toEqual(['8.6=2']);
      const [first, second] = [await signedIn(MANAGERS[0]), await signedIn(MANAGERS[1])];

      // The first links another finding; the second, on a form opened before, adds a target.
      await first.goto(`/action-plans/${plan.id}/edit`);
      await second.goto(`/action-plans/${plan.id}/edit`);
      await finding(first, diversity).check();
      await pressEnterOn(first, first.getByRole('button', { name: 'Spara', exact: true }));
      expect(await first.getByRole('status').first().innerText()).toContain('Ändringarna är sparade.');
      await second.getByLabel('Delfråga för mål 2').selectOption('7.4');
      await typeInto(second, second.getByLabel('Förväntade poäng för mål 2'), '1');
      await pressEnterOn(second, second.getByRole('button', { name: 'Spara', exact: true }));

      expect(await second.getByRole('heading', { level: 1 }).innerText()).toBe('Någon annan har ändrat åtgärden');
      const table = second.getByRole('table', { name: 'Dina värden och de nuvarande' });
      // The second manager left the findings alone: the first one's links stand on both sides and in the form.
      const findingsRow = table.getByRole('row').filter({ has: second.getByRole('rowheader', { name: /^Fynd/ }) });
      const [mine, theirs] = await findingsRow.getByRole('cell').allInnerTexts();
      expect(mine).toBe(theirs);
      expect(mine).toContain(diversity);
      expect(mine).toContain(`Svaghet, Område 8 (8.6): ${climate}`);
      expect(await findingsRow.innerText()).not.toContain('skiljer sig');
      expect(await findingsRow.locator('[lang="sv"]').allInnerTexts()).toEqual(expect.arrayContaining([climate, diversity]));
      expect(await finding(second, diversity).isChecked()).toBe(true);
      expect(await finding(second, climate).isChecked()).toBe(true);
      // Its targets are its own, written as a person reads them.
      const targetsRow = table.getByRole('row').filter({ has: second.getByRole('rowheader', { name: /^Mål/ }) });
      expect(await targetsRow.innerText()).toContain('skiljer sig');
      expect((await targetsRow.getByRole('cell').allInnerTexts()).map((cell) => cell.split('\n'))).toEqual([['7.4: 1 poäng', '8.6: 2 poäng'], ['8.6: 2 poäng']]);
      expect(await second.getByLabel('Delfråga för mål 2').inputValue()).toBe('7.4');
      expect(await linksOf(plan.id)).toEqual([climate, diversity].sort());
      expect(await targetsOf(plan.id)).toEqual(['8.6=2']);
      await pressEnterOn(second, second.getByRole('button', { name: 'Spara mina värden' }));
      expect(await second.getByRole('status').first().innerText()).toContain('Ändringarna är sparade.');
      expect(await linksOf(plan.id)).toEqual([climate, diversity].sort());
      expect(await targetsOf(plan.id)).toEqual(['7.4=1', '8.6=2']);

      // Both change the findings: the conflict page shows both sets, the form keeps this manager's.
      await first.goto(`/action-plans/${plan.id}/edit`);
      await second.goto(`/action-plans/${plan.id}/edit`);
      await finding(first, diversity).uncheck();
      await pressEnterOn(first, first.getByRole('button', { name: 'Spara', exact: true }));
      expect(await first.getByRole('status').first().innerText()).toContain('Ändringarna är sparade.');
      await finding(second, innovation).check();
      await pressEnterOn(second, second.getByRole('button', { name: 'Spara', exact: true }));

      expect(await second.getByRole('heading', { level: 1 }).innerText()).toBe('Någon annan har ändrat åtgärden');
      const bothRow = second.getByRole('table', { name: 'Dina värden och de nuvarande' }).getByRole('row').filter({ has: second.getByRole('rowheader', { name: /^Fynd/ }) });
      expect(await bothRow.innerText()).toContain('skiljer sig');
      const [myFindings, currentFindings] = await bothRow.getByRole('cell').allInnerTexts();
      for (const text of [climate, diversity, innovation]) expect(myFindings).toContain(text);
      expect(currentFindings).toContain(climate);
      expect(currentFindings).not.toContain(diversity);
      expect(currentFindings).not.toContain(innovation);
      expect(await finding(second, innovation).isChecked()).toBe(true);
      expect(await finding(second, diversity).isChecked()).toBe(true);
      expect(await linksOf(plan.id)).toEqual([climate]);
      await expectAccessible(t, second);
      await pressEnterOn(second, second.getByRole('button', { name: 'Spara mina värden' }));
      expect(await second.getByRole('status').first().innerText()).toContain('Ändringarna är sparade.');
      expect(await linksOf(plan.id)).toEqual([climate, diversity, innovation].sort());
      expect(await targetsOf(plan.id)).toEqual(['7.4=1', '8.6=2']);
    });

    it('a target above its sub-question\'s maximum is refused at its row, as the API refuses it; an owner cannot post the form at all', async () => {
      const plan = await planTitled('Mindre chefsområden i hela omsorgen');
      const page = await signedIn(MANAGERS[1]);
      await page.goto(`/action-plans/${plan.id}/edit`);
      // Row 3 is the empty one; row 2 emptied: the error belongs to row 3 all the same.
      await page.getByLabel('Delfråga för mål 2').selectOption('');
      await page.getByLabel('Förväntade poäng för mål 2').fill('');
      await page.getByLabel('Delfråga för mål 3').selectOption('4.1');
      await typeInto(page, page.getByLabel('Förväntade poäng för mål 3'), '99');
      await pressEnterOn(page, page.getByRole('button', { name: 'Spara', exact: true }));
      expect(await page.locator('#targets-2-expectedPoints-error').innerText()).toBe('Skriv förväntade poäng som ett tal, högst delfrågans max.');
      expect(await page.getByLabel('Förväntade poäng för mål 3').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Förväntade poäng för mål 2').getAttribute('aria-invalid')).toBeNull();
      expect(await page.getByLabel('Förväntade poäng för mål 3').inputValue()).toBe('99');
      expect(await targetsOf(plan.id)).toEqual(['4.5=2.5', '4.6=2']);
      await expectAccessible(t, page);

      const owner = await signedIn(OWNER);
      await owner.goto('/action-plans?ownerId=me');
      const token = await owner.locator('input[name="_csrf"]').first().inputValue();
      const forged = await owner.request.post(`/action-plans/${plan.id}/edit`, {
        form: { _csrf: token, version: String(plan.version), findingIds: (await t.dataSource.query<{ id: string }[]>('SELECT id FROM finding LIMIT 1'))[0].id },
        maxRedirects: 0,
      });
      expect(forged.status()).toBe(403);
      expect(await linksOf(plan.id)).toEqual(['Ledarutvecklingsprogrammets resultat följs inte upp']);
    });
  });

  it('a cancelled plan whose owner has left keeps that owner when a manager rewords its title and its reason', async () => {
    const plans = t.dataSource.getRepository(ActionPlan);
    const plan = await plans.findOneOrFail({ where: { status: 'cancelled' }, order: { dueDate: 'ASC' } });
    const leaver = await makeUser(t.dataSource, { id: plan.municipalityId }, 'owner', { name: 'Tove Tidigare', active: false });
    await plans.update({ id: plan.id }, { ownerId: leaver.id });
    const page = await signedIn(MANAGERS[0]);
    await page.goto(`/action-plans/${plan.id}/edit`);
    const owner = page.getByLabel('Ansvarig', { exact: true });
    expect(await owner.inputValue()).toBe(leaver.id);
    expect(await owner.locator('option:checked').innerText()).toBe('Tove Tidigare (kan inte längre väljas)');
    await expectAccessible(t, page);

    await typeInto(page, page.getByLabel('Titel'), `${plan.title} (avslutad)`);
    await typeInto(page, page.getByLabel('Skäl att avbryta'), 'Ersatt av den regionala satsningen');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara' }));
    expect(await page.getByRole('status').first().innerText()).toContain('Ändringarna är sparade.');
    expect(await mainText(page)).toContain('Ersatt av den regionala satsningen');
    expect(await plans.findOneByOrFail({ id: plan.id })).toMatchObject({
      title: `${plan.title} (avslutad)`,
      ownerId: leaver.id,
      status: 'cancelled',
      cancellationReason: 'Ersatt av den regionala satsningen',
    });
  });

  it("the history shows a manager's edits beside the progress reports: who, when, what changed from what", async () => {
    const page = await signedIn(MANAGERS[1]);
    const plan = await t.dataSource.getRepository(ActionPlan).findOneOrFail({ where: { status: 'in_progress', title: 'Kostnad per brukare i budgetdialogen' } });
    await page.goto(`/action-plans/${plan.id}/edit`);
    // A blank title: the error summary and the message by the field, in Swedish.
    await typeInto(page, page.getByLabel('Titel'), ' ');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara' }));
    expect(await page.locator('#error-summary').innerText()).toContain('Skriv en titel.');
    await expectAccessible(t, page);

    await typeInto(page, page.getByLabel('Titel'), 'Kostnad per brukare i budgetdialogen 2027');
    await typeInto(page, page.getByLabel('Slutdatum'), '2027-12-31');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara' }));
    expect(await page.getByRole('status').first().innerText()).toContain('Ändringarna är sparade.');
    await expectAccessible(t, page);

    const history = page.locator('section', { has: page.getByRole('heading', { name: 'Historik' }) }).locator('ol > li');
    const newest = await history.first().innerText();
    expect(newest).toContain('Karin Lindqvist: ändrade åtgärden');
    expect(newest).toContain('Titel: Kostnad per brukare i budgetdialogen → Kostnad per brukare i budgetdialogen 2027');
    expect(newest).toMatch(/Slutdatum: \d+ \w+ \d{4} → 31 december 2027/);
    // The progress reports are there too, and the plan's creation, oldest last.
    const all = await history.allInnerTexts();
    expect(all.filter((entry) => entry.includes('lägesrapport')).length).toBe(3);
    expect(all.at(-1)).toContain('Mats Berglund: skapade åtgärden');
    expect(all.at(-1)).toContain('Ansvarig: Maria Svensson');
  });

  it('a closed plan has no progress form and says why; a manager reopens it, and a forged report to a closed plan is refused in Swedish', async () => {
    const owner = await t.dataSource.getRepository(User).findOneByOrFail({ email: OWNER });
    const plan = await t.dataSource.getRepository(ActionPlan).findOneOrFail({ where: { ownerId: owner.id, status: 'completed' }, order: { completedAt: 'DESC' } });
    const page = await signedIn(OWNER);
    await page.goto(`/action-plans/${plan.id}`);
    expect(await page.getByRole('button', { name: 'Spara läget' }).count()).toBe(0);
    expect(await mainText(page)).toContain('Åtgärden är klar och tar inte emot fler lägesrapporter.');
    expect(await mainText(page)).toContain('Be en samordnare att öppna åtgärden igen.');
    expect(await page.getByRole('button', { name: 'Öppna åtgärden igen' }).count()).toBe(0);
    await expectAccessible(t, page);

    // A report posted anyway (from a page opened before the plan was closed): refused, nothing saved, in Swedish.
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const before = await updatesOf(plan.id);
    const forged = await page.request.post(`/action-plans/${plan.id}/updates`, {
      form: { _csrf: token, health: 'on_track', progress: '100', comment: 'Allt klart enligt plan' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(400);
    const refused = await forged.text();
    expect(refused).toContain('Åtgärden är klar eller avbruten och tar inte emot lägesrapporter. En samordnare kan öppna den igen.');
    // Said as a notice, not as a form error pointing to a field the closed plan does not show; what was typed is given back.
    expect(refused).not.toContain('href="#health"');
    expect(refused).toMatch(/Din kommentar, som inte sparades:[\s\S]*Allt klart enligt plan/);
    expect(refused).not.toMatch(/takes no progress updates|PATCH/);
    expect(await updatesOf(plan.id)).toBe(before);

    const manager = await signedIn(MANAGERS[0]);
    await manager.goto(`/action-plans/${plan.id}`);
    await pressEnterOn(manager, manager.getByRole('button', { name: 'Öppna åtgärden igen' }));
    expect(await manager.getByRole('status').first().innerText()).toContain('Åtgärden är öppnad igen och tar emot lägesrapporter.');
    expect(await manager.getByRole('button', { name: 'Spara läget' }).count()).toBe(1);
    expect((await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ id: plan.id })).status).toBe('in_progress');
    expect(await manager.locator('section', { has: manager.getByRole('heading', { name: 'Historik' }) }).locator('ol > li').first().innerText()).toContain('Status: Klar → Pågår');
    await expectAccessible(t, manager);
    await page.reload();
    expect(await page.getByRole('button', { name: 'Spara läget' }).count()).toBe(1);

    // The owner types a report while a manager cancels the plan: the page sent says why nothing
    // was saved, as a notice (no link to a field the closed plan no longer shows), and gives the comment back.
    await page.getByLabel('Grön').check();
    await typeInto(page, page.getByLabel('Kommentar'), 'Skickat efter att åtgärden avbröts');
    const asManager = { Authorization: `Bearer ${t.tokenFor(await t.dataSource.getRepository(User).findOneByOrFail({ email: MANAGERS[0] }))}` };
    const reopened = await t.http.get(`/api/action-plans/${plan.id}`).set(asManager).expect(200);
    await t.http
      .patch(`/api/action-plans/${plan.id}`)
      .set(asManager)
      .send({ version: reopened.body.version, status: 'cancelled', cancellationReason: 'Ersätts av en gemensam satsning' })
      .expect(200);
    const beforeStale = await updatesOf(plan.id);
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara läget' }));
    const notice = await mainText(page);
    expect(notice).toContain('Åtgärden är klar eller avbruten och tar inte emot lägesrapporter. En samordnare kan öppna den igen.');
    expect(notice).toMatch(/Din kommentar, som inte sparades:[\s\S]*Skickat efter att åtgärden avbröts/);
    expect(await page.locator('#error-summary a[href="#health"]').count()).toBe(0);
    // Who cancelled it, and when, in the municipality's calendar.
    const today = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Stockholm' }).format(new Date());
    const cancelledBy = await t.dataSource.getRepository(User).findOneByOrFail({ email: MANAGERS[0] });
    expect(notice).toContain(`Avbruten: Ersätts av en gemensam satsning (${cancelledBy.name}, ${today})`);
    expect(await updatesOf(plan.id)).toBe(beforeStale);
    await expectAccessible(t, page);
  });

  it('an overdue plan is tagged Försenad, in the singular, in the list and on its page, and one plan found is counted in the singular', async () => {
    const page = await signedIn(MANAGERS[0]);
    await page.goto('/action-plans?overdue=true');
    const rows = page.getByRole('table').getByRole('row');
    expect(await rows.count()).toBeGreaterThan(1);
    const first = rows.nth(1);
    // The due date column: the date, then the tag.
    expect((await first.getByRole('cell').allInnerTexts())[3]).toMatch(/^\d{1,2} \p{L}+ \d{4} Försenad$/u);
    const title = await first.getByRole('link').innerText();
    await pressEnterOn(page, first.getByRole('link'));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(title);
    expect(await page.locator('main .ds-tag[data-color="danger"]').allInnerTexts()).toEqual(['Försenad']);

    // One plan found is "1 åtgärd", in the singular too.
    await page.goto(`/action-plans?q=${encodeURIComponent(title)}`);
    expect(await page.getByRole('table').getByRole('row').count()).toBe(2);
    expect(await page.getByRole('status').filter({ hasText: 'Visar' }).innerText()).toBe('Visar 1–1 av 1 åtgärd.');
  });

  it('a manager lists the plans completed from a day: the field keeps the day through sorting, paging and the export, and the list counts only those plans', async () => {
    // A day on which some, not all, of the completed plans were completed, in Stockholm.
    const [{ day }] = await t.dataSource.query<{ day: string }[]>(
      `SELECT to_char(completed_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD') AS day FROM action_plan
        WHERE status = 'completed' ORDER BY completed_at DESC OFFSET 1 LIMIT 1`,
    );
    const count = async (since: string) =>
      Number(
        (
          await t.dataSource.query<{ count: string }[]>(
            `SELECT count(*) FROM action_plan WHERE status = 'completed' AND completed_at >= ($1::date)::timestamp AT TIME ZONE 'Europe/Stockholm'`,
            [since],
          )
        )[0].count,
      );
    const expected = await count(day);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(await t.dataSource.getRepository(ActionPlan).countBy({ status: 'completed' }));

    const page = await signedIn(MANAGERS[0]);
    await page.goto('/action-plans');
    const dates = page.getByRole('group', { name: 'Datum' });
    expect(await dates.getAttribute('aria-describedby')).toBe('days-hint');
    expect(await page.locator('#days-hint').innerText()).toBe('Som år-månad-dag, till exempel 2026-03-02.');
    await page.getByLabel('Klar', { exact: true }).check();
    await typeInto(page, dates.getByLabel('Klar från och med'), day);
    await pressEnterOn(page, page.getByRole('button', { name: 'Visa' }));
    expect(new URL(page.url()).searchParams.get('completedFrom')).toBe(day);
    expect(await dates.getByLabel('Klar från och med').inputValue()).toBe(day);
    expect(await dates.getByLabel('Avbruten från och med').inputValue()).toBe('');
    const counted = expected === 1 ? 'åtgärd' : 'åtgärder';
    expect(await page.getByRole('status').filter({ hasText: 'Visar' }).innerText()).toBe(`Visar 1–${Math.min(expected, 25)} av ${expected} ${counted}.`);
    expect(await page.getByRole('table').getByRole('row').count()).toBe(Math.min(expected, 25) + 1);
    await expectAccessible(t, page);

    // Sorted another way, the day stays; so it does in the export links and the next page's.
    await page.getByLabel('Sortera').selectOption('-updatedAt');
    await pressEnterOn(page, page.getByRole('button', { name: 'Visa' }));
    expect(await dates.getByLabel('Klar från och med').inputValue()).toBe(day);
    expect(await page.getByRole('status').filter({ hasText: 'Visar' }).innerText()).toContain(` av ${expected} ${counted}.`);
    expect(await page.getByRole('link', { name: 'CSV' }).getAttribute('href')).toBe(`/action-plans/export?status=completed&completedFrom=${day}&sort=-updatedAt&format=csv`);
    const csv = await page.request.get((await page.getByRole('link', { name: 'CSV' }).getAttribute('href'))!);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(expected + 1);
    const next = page.getByRole('link', { name: 'Nästa sida' });
    if (expected > 25) expect(new URL((await next.getAttribute('href'))!, t.baseUrl).searchParams.get('completedFrom')).toBe(day);
    else expect(await next.count()).toBe(0);

    // A day that is no date is named beside its field, and nothing is listed.
    await page.goto(`/action-plans?createdFrom=2026-02-30`);
    expect(await page.locator('#error-summary').innerText()).toContain('Skriv datumet då åtgärderna skapades som år-månad-dag, till exempel 2026-03-02.');
    const created = page.getByLabel('Skapad från och med');
    expect(await created.inputValue()).toBe('2026-02-30');
    expect(await created.getAttribute('aria-invalid')).toBe('true');
    expect(await created.getAttribute('aria-describedby')).toBe('days-hint createdFrom-error');
    expect(await page.getByRole('status').filter({ hasText: 'åtgärder' }).innerText()).toBe('Inga åtgärder matchar filtret.');
    await expectAccessible(t, page);

    // The API's due-date range is there too: plans due within a year from today, both days included.
    const [{ first, last, due }] = await t.dataSource.query<{ first: string; last: string; due: number }[]>(
      `SELECT to_char(current_date, 'YYYY-MM-DD') AS first, to_char(current_date + 365, 'YYYY-MM-DD') AS last,
              count(*) FILTER (WHERE p.due_date BETWEEN current_date AND current_date + 365)::int AS due
         FROM action_plan p JOIN app_user u ON u.municipality_id = p.municipality_id WHERE u.email = $1`,
      [MANAGERS[0]],
    );
    expect(due).toBeGreaterThan(0);
    await page.goto('/action-plans');
    await typeInto(page, dates.getByLabel('Slutdatum från och med'), first);
    await typeInto(page, dates.getByLabel('Slutdatum till och med'), last);
    await pressEnterOn(page, page.getByRole('button', { name: 'Visa' }));
    expect(await dates.getByLabel('Slutdatum till och med').inputValue()).toBe(last);
    expect(await page.getByRole('status').filter({ hasText: 'Visar' }).innerText()).toContain(` av ${due} åtgärd`);
  });

  it('an empty list says so and passes axe', async () => {
    const page = await signedIn(MANAGERS[0]);
    await page.goto('/action-plans?q=inget+matchar+detta+alls');
    expect(await mainText(page)).toContain('Inga åtgärder matchar filtret.');
    expect(await page.getByRole('table').count()).toBe(0);
    await expectAccessible(t, page);
  });

  it('a filter the list cannot use is named in Swedish beside its field; a page past the end opens the last page', async () => {
    const page = await signedIn(MANAGERS[0]);
    // Longer than the field takes when typed, as an edited or pasted address can be.
    await page.goto(`/action-plans?q=${'a'.repeat(201)}&sort=oldest`);
    expect(await page.locator('#error-summary').innerText()).toMatch(/Skriv högst 200 tecken\.[\s\S]*Välj en sortering i listan\./);
    const search = page.getByLabel('Sök i titel och beskrivning');
    expect(await search.getAttribute('aria-invalid')).toBe('true');
    expect(await search.getAttribute('maxlength')).toBe('200');
    expect(await page.locator('#q-error').innerText()).toBe('Skriv högst 200 tecken.');
    expect(await page.getByLabel('Sortera').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('status').filter({ hasText: 'åtgärder' }).innerText()).toBe('Inga åtgärder matchar filtret.');
    await expectAccessible(t, page);

    const inProgress = await t.dataSource.getRepository(ActionPlan).countBy({ status: 'in_progress' });
    const lastPage = Math.floor((inProgress - 1) / 25) * 25;
    await page.goto('/action-plans?status=in_progress&offset=99975');
    expect(new URL(page.url()).searchParams.get('offset') ?? '0').toBe(String(lastPage));
    const counted = inProgress === 1 ? 'åtgärd' : 'åtgärder';
    expect(await page.getByRole('status').filter({ hasText: 'Visar' }).innerText()).toBe(`Visar ${lastPage + 1}–${inProgress} av ${inProgress} ${counted}.`);
  });

  it("another municipality's plan is a 404 page to a manager there, as in the API", async () => {
    const elsewhere = await makeMunicipality(t.dataSource);
    const stranger = await makeUser(t.dataSource, elsewhere, 'manager');
    const plan = await t.dataSource.getRepository(ActionPlan).findOneOrFail({ where: { status: 'in_progress' } });
    const context = await t.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await logIn(page, stranger.email, TEST_PASSWORD);

    for (const path of [`/action-plans/${plan.id}`, `/action-plans/${plan.id}/edit`]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sidan finns inte');
      expect(await mainText(page)).not.toContain(plan.title);
    }
    await expectAccessible(t, page);
    // The positive control: the same page for a manager of the plan's municipality.
    const own = await signedIn(MANAGERS[0]);
    expect((await own.goto(`/action-plans/${plan.id}`))?.status()).toBe(200);
  });

  it("the export keeps the list's filters and gives what the API gives", async () => {
    const page = await signedIn(MANAGERS[0]);
    await page.goto('/action-plans?status=completed');
    const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(href).toBe('/action-plans/export?status=completed&format=csv');
    const csv = await page.request.get(href!);
    const lines = (await csv.text()).trim().split('\r\n');
    const completed = await t.dataSource.getRepository(ActionPlan).countBy({ status: 'completed' });
    expect(lines.length - 1).toBe(completed);
    expect(lines.slice(1).every((line) => line.includes(';Klar;'))).toBe(true);

    const viaApi = await request(t.baseUrl).get('/api/action-plans/export?format=csv&status=completed').set('Authorization', `Bearer ${t.tokenFor(await t.dataSource.getRepository(User).findOneByOrFail({ email: MANAGERS[0] }))}`);
    expect(viaApi.text).toBe(await csv.text());

    // An English reader's export speaks English, as their list does.
    const english = await signedIn('oliver.grant@avesta.example');
    await english.goto('/action-plans?status=completed');
    const englishCsv = await english.request.get((await english.getByRole('link', { name: 'CSV' }).getAttribute('href'))!);
    const englishLines = (await englishCsv.text()).trim().split('\r\n');
    expect(englishLines[0]).toBe('Area;Finding;Action plan;Owner;Unit;Due date;Status;Traffic light;Progress (%);Latest comment');
    expect(englishLines.length - 1).toBe(completed);
    expect(englishLines.slice(1).every((line) => line.includes(';Completed;'))).toBe(true);
  });

  it('names each area of a plan once in the list, however many of its findings are in that area', async () => {
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      `SELECT l.action_plan_id AS id FROM action_plan_finding l JOIN finding f ON f.id = l.finding_id
        GROUP BY l.action_plan_id HAVING count(*) > count(DISTINCT f.area_number) LIMIT 1`,
    );
    const plan = await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ id });
    const areas = await t.dataSource.query<{ area_number: number }[]>(
      `SELECT DISTINCT f.area_number FROM action_plan_finding l JOIN finding f ON f.id = l.finding_id WHERE l.action_plan_id = $1 ORDER BY 1`,
      [id],
    );
    const page = await signedIn(MANAGERS[0]);
    await page.goto(`/action-plans?q=${encodeURIComponent(plan.title)}`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: plan.title, exact: true }) });
    expect(await row.getByRole('cell').nth(1).innerText()).toBe(areas.map((area) => area.area_number).join(', '));
  });
});
