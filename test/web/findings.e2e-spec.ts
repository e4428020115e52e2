import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { ActionPlan } from '../../src/modules/action-plans/plans/action-plan.entity';
import { Finding } from '../../src/modules/evaluations/findings/finding.entity';
import { expectAccessible, logIn, pressEnterOn, startWebTestApp, tabTo, typeInto, WebTestApp } from './browser';

const MANAGER = 'kvalitetschef@avesta.example';

describe('findings and new plans in a browser', () => {
  let t: WebTestApp;
  const contexts: BrowserContext[] = [];

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
  }, 60_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(() => t.close());

  // Runs first: it leaves the findings as it found them (dismissed, then undone); the next one covers one.
  it('a manager dismisses an uncovered finding with a reason and undoes it; a viewer sees no forms', async () => {
    const page = await signedIn(MANAGER);
    await page.goto('/findings?coverage=uncovered');
    const first = page.locator('article').first();
    const id = (await first.getAttribute('id'))!;
    await tabTo(page, first.locator('summary'));
    await page.keyboard.press('Enter');

    // Too short, then too long: refused, the form open again with the reason as typed and the message beside it.
    const article = page.locator(`#${id}`);
    const reason = article.getByLabel('Varför tar kommunen ingen åtgärd?');
    // Too long says the limit; too short, the field's own words (they name both limits).
    for (const [refusedReason, message] of [
      ['ab', 'Skriv varför kommunen inte åtgärdar fyndet, med 3 till 2 000 tecken.'],
      ['x'.repeat(2001), 'Skriv högst 2\u00a0000 tecken.'],
    ]) {
      await reason.fill(refusedReason);
      await pressEnterOn(page, article.getByRole('button', { name: 'Avfärda fyndet' }));
      expect(await page.locator('#error-summary').innerText()).toContain(message);
      expect(await article.locator('details').getAttribute('open')).not.toBeNull();
      expect(await reason.inputValue()).toBe(refusedReason);
      expect(await page.locator(`#reason-${id.replace('finding-', '')}-error`).innerText()).toBe(message);
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(t, page);
    }
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM finding WHERE dismissed_at IS NOT NULL AND id = $1', [id.replace('finding-', '')]))[0].n).toBe(0);

    await typeInto(page, reason, 'Ingår redan i budgetprocessen.');
    await pressEnterOn(page, article.getByRole('button', { name: 'Avfärda fyndet' }));
    expect(await page.getByRole('status').first().innerText()).toContain('Fyndet är avfärdat.');
    expect(await page.locator(`#${id}`).count()).toBe(0);
    await expectAccessible(t, page);

    // Ny åtgärd still offers it (a plan may answer it after all), marked with the decision and its reason.
    const findingLabel = async () => {
      await page.goto('/action-plans/new');
      const box = page.locator(`input[name="findingIds"][value="${id.replace('finding-', '')}"]`);
      return page.locator(`label[for="${await box.getAttribute('id')}"]`).innerText();
    };
    expect(await findingLabel()).toMatch(/\(Avfärdad: Ingår redan i budgetprocessen\.\)$/);
    await expectAccessible(t, page);

    await page.goto('/findings?coverage=dismissed');
    const dismissed = page.locator(`#${id}`);
    expect(await dismissed.innerText()).toContain('Ingår redan i budgetprocessen.');
    expect(await dismissed.innerText()).toContain('Mats Berglund');
    await expectAccessible(t, page);
    await pressEnterOn(page, dismissed.getByRole('button', { name: 'Ångra avfärdandet' }));
    expect(await page.getByRole('status').first().innerText()).toContain('Avfärdandet är ångrat.');
    await expectAccessible(t, page);
    expect(await findingLabel()).not.toContain('Avfärdad');
    // A filter that finds nothing says so, and passes axe too.
    await page.goto('/findings?coverage=dismissed&areaNumber=7');
    expect(await page.locator('article').count()).toBe(0);
    expect(await page.locator('main').getByRole('status').innerText()).toBe('0 fynd.');
    await expectAccessible(t, page);

    const viewer = await signedIn('ks.ordforande@avesta.example');
    await viewer.goto('/findings');
    expect(await viewer.locator('article').count()).toBeGreaterThan(0);
    expect(await viewer.locator('main form[method="post"]').count()).toBe(0);
    expect(await viewer.getByRole('link', { name: 'Skapa åtgärd' }).count()).toBe(0);
    await expectAccessible(t, viewer);
  });

  it('each "Behöver åtgärd" number on Översikt opens a list of that many findings, none of them a strength or dismissed', async () => {
    const page = await signedIn(MANAGER);
    const findingsTable = page.getByRole('table', { name: 'Fynd per område' });
    const rows = findingsTable.getByRole('row');
    // The header row aside: the eight areas (those with findings) and the total.
    const needing = await rows.evaluateAll((all) =>
      all.slice(1).flatMap((row) => {
        const link = row.querySelector('td a');
        return link ? [{ count: Number.parseInt(link.textContent ?? '', 10), href: link.getAttribute('href')! }] : [];
      }),
    );
    expect(needing.length).toBeGreaterThan(2);
    expect(needing.at(-1)!.count).toBe(needing.slice(0, -1).reduce((sum, area) => sum + area.count, 0));
    for (const { count, href } of [needing[0], needing.at(-1)!]) {
      await page.goto(href);
      expect(await page.getByLabel('Täckning').inputValue()).toBe('needingAction');
      expect(await page.getByRole('status').filter({ hasText: 'fynd' }).innerText()).toBe(`${count} fynd.`);
      const findings = page.locator('article');
      expect(await findings.count()).toBe(count);
      expect(await findings.getByText('Avfärdad', { exact: true }).count()).toBe(0);
      expect(await page.locator('h3', { hasText: 'Styrkor' }).count()).toBe(0);
      // A plan's status, traffic light and owner read as one list: "Pågår, Grön, ansvarig …".
      expect(await page.locator('main').innerText()).not.toMatch(/\S ,/);
    }
    await expectAccessible(t, page);
  });

  it('a manager follows "otäckta" from Översikt to an uncovered weakness, creates a plan for it and finds it in the list', async () => {
    const page = await signedIn(MANAGER);
    expect(await heading(page)).toBe('Översikt');
    // The area with the most uncovered findings, by the overview's own table.
    const findingsTable = page.getByRole('table', { name: 'Fynd per område' });
    const uncoveredLinks = findingsTable.getByRole('link', { name: /Otäckta$/ });
    const counts = await uncoveredLinks.evaluateAll((links) => links.map((link) => Number.parseInt(link.textContent ?? '0', 10)));
    const best = counts.indexOf(Math.max(...counts));
    expect(counts[best]).toBeGreaterThan(0);
    await pressEnterOn(page, uncoveredLinks.nth(best));

    expect(await heading(page)).toBe('Fynd');
    expect(await page.getByLabel('Täckning').inputValue()).toBe('uncovered');
    const findings = page.locator('article');
    expect(await findings.count()).toBe(counts[best]);
    expect(await findings.getByText('Otäckt', { exact: true }).count()).toBe(counts[best]);
    await expectAccessible(t, page);

    const weakness = page.locator('h3', { hasText: 'Svagheter' }).locator('xpath=following-sibling::article[1]');
    const weaknessText = (await weakness.locator('p').first().innerText()).trim();
    await pressEnterOn(page, weakness.getByRole('link', { name: 'Skapa åtgärd' }));

    expect(await heading(page)).toBe('Ny åtgärd');
    const ticked = page.getByRole('checkbox', { checked: true });
    expect(await ticked.count()).toBe(1);
    expect(await page.locator(`label[for="${await ticked.getAttribute('id')}"]`).innerText()).toContain(weaknessText.replace(/\s+\d+\.\d+$/, ''));
    await expectAccessible(t, page);

    // Sent without an owner and due date: the errors, the finding still ticked.
    await typeInto(page, page.getByLabel('Titel'), 'Inför gemensam rutin för uppföljning av klagomål');
    await pressEnterOn(page, page.getByRole('button', { name: 'Skapa åtgärden' }));
    expect(await page.locator('#error-summary').innerText()).toMatch(/ansvarig/i);
    expect(await page.getByRole('checkbox', { checked: true }).count()).toBe(1);
    expect(await page.getByLabel('Titel').inputValue()).toBe('Inför gemensam rutin för uppföljning av klagomål');
    await expectAccessible(t, page);

    await tabTo(page, page.getByLabel('Ansvarig', { exact: true }));
    await page.keyboard.type('Lena');
    await typeInto(page, page.getByLabel('Slutdatum'), '2027-06-30');
    await pressEnterOn(page, page.getByRole('button', { name: 'Skapa åtgärden' }));

    expect(await heading(page)).toBe('Inför gemensam rutin för uppföljning av klagomål');
    expect(await page.getByRole('status').first().innerText()).toContain('Åtgärden är skapad.');
    expect(await page.locator('main').innerText()).toContain('Lena Holm');
    const created = await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ title: 'Inför gemensam rutin för uppföljning av klagomål' });
    expect(created.dueDate).toBe('2027-06-30');

    await page.goto('/action-plans?q=rutin+för+uppföljning+av+klagomål');
    expect(await page.getByRole('table').getByRole('link', { name: 'Inför gemensam rutin för uppföljning av klagomål' }).count()).toBe(1);
    // The finding is covered now.
    await page.goto(`/findings?coverage=covered`);
    expect(await page.locator('main').innerText()).toContain(weaknessText.replace(/\s+\d+\.\d+$/, ''));
  });

  it('an address with a value the page cannot use is a 400 page saying so, a malformed id a 404 page, a refused form a page saying why', async () => {
    const page = await signedIn(MANAGER);
    const edited = await page.goto('/findings?coverage=alla');
    expect(edited!.status()).toBe(400);
    expect(await heading(page)).toBe('Sidan kan inte visas med de här värdena');
    expect(await page.locator('main').innerText()).toContain('välj bland alternativen på sidan');
    await expectAccessible(t, page);

    const malformed = await page.goto('/action-plans/inte-ett-id');
    expect(malformed!.status()).toBe(404);
    expect(await heading(page)).toBe('Sidan finns inte');

    // A strength has no dismissal to undo: a forged or stale form is refused in the page's words.
    await page.goto('/findings');
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const strength = await t.dataSource.getRepository(Finding).findOneByOrFail({ kind: 'strength' });
    const [refused] = await Promise.all([
      page.waitForResponse((answer) => answer.url().endsWith(`/findings/${strength.id}/undismiss`)),
      page.evaluate(
        ({ action, csrf }) => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = action;
          const field = Object.assign(document.createElement('input'), { type: 'hidden', name: '_csrf', value: csrf });
          form.append(field);
          document.body.append(form);
          form.submit();
        },
        { action: `/findings/${strength.id}/undismiss`, csrf: token },
      ),
    ]);
    expect(refused.status()).toBe(422);
    await page.waitForLoadState();
    expect(await heading(page)).toBe('Det gick inte att genomföra');
    expect(await page.locator('main').innerText()).toContain('Åtgärder svarar bara på förbättringsmöjligheter och svagheter.');
    await expectAccessible(t, page);
  });
});
