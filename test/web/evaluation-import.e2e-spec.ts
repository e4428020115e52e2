import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { Evaluation } from '../../src/modules/evaluations/evaluations/evaluation.entity';
import { Finding } from '../../src/modules/evaluations/findings/finding.entity';
import { Score } from '../../src/modules/evaluations/scores/score.entity';
import type { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { makeMunicipality, makeUser, TEST_PASSWORD } from '../utils/factories';
import { expectAccessible, logIn, pressEnterOn, startWebTestApp, tabTo, typeInto, WebTestApp } from './browser';

const REPORTS = join(__dirname, '..', 'fixtures', 'reports');

/**
 * The import in a browser, on a municipality of its own with no evaluation yet (the demo already
 * holds Avesta 2014): a manager uploads the report, reads the preview, imports and publishes it.
 */
describe('importing a report in a browser', () => {
  let t: WebTestApp;
  let avesta: Municipality;
  const contexts: BrowserContext[] = [];
  const emails = { manager: 'chef@avesta.test', englishManager: 'manager@avesta.test', viewer: 'lasare@avesta.test', owner: 'agare@avesta.test', other: 'chef@annan.test' };

  async function signedIn(email: string): Promise<Page> {
    const context = await t.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await logIn(page, email, TEST_PASSWORD);
    return page;
  }
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const counts = async () => ({
    evaluations: await t.dataSource.getRepository(Evaluation).countBy({ municipalityId: avesta.id }),
    scores: await t.dataSource.getRepository(Score).countBy({ municipalityId: avesta.id }),
    findings: await t.dataSource.getRepository(Finding).countBy({ municipalityId: avesta.id }),
  });

  /**
   * Chooses a file as a keyboard user does: Tab reaches the field, then the file is given to it.
   * The system's file dialog that Space would open is the browser's, not the page's, and headless
   * Chromium does not open it reliably, so the file is set on the field that has the focus.
   */
  async function chooseFile(page: Page, name: string): Promise<void> {
    const field = page.getByLabel('Rapportfil', { exact: true });
    await tabTo(page, field);
    await field.setInputFiles(join(REPORTS, name));
  }

  beforeAll(async () => {
    t = await startWebTestApp({}, undefined, { demo: false });
    avesta = await makeMunicipality(t.dataSource, { code: '2084' });
    await makeUser(t.dataSource, avesta, 'manager', { email: emails.manager, name: 'Maria Kvalitet' });
    await makeUser(t.dataSource, avesta, 'manager', { email: emails.englishManager, locale: 'en' });
    await makeUser(t.dataSource, avesta, 'viewer', { email: emails.viewer });
    await makeUser(t.dataSource, avesta, 'owner', { email: emails.owner });
    const elsewhere = await makeMunicipality(t.dataSource);
    await makeUser(t.dataSource, elsewhere, 'manager', { email: emails.other });
  }, 60_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(() => t.close());

  it('a manager uploads the Avesta PDF, reads the preview with the area 6 warning and its line, imports, publishes and finds its uncovered weaknesses on Översikt', async () => {
    const page = await signedIn(emails.manager);
    await pressEnterOn(page, page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Utvärderingar' }));
    expect(await heading(page)).toBe('Utvärderingar');
    expect(await page.getByText('Inga utvärderingar motsvarar filtret.').count()).toBe(1);
    await expectAccessible(t, page);
    await pressEnterOn(page, page.getByRole('link', { name: 'Importera rapport' }));
    expect(await heading(page)).toBe('Importera rapport');
    await expectAccessible(t, page);

    await chooseFile(page, 'avesta-2014.pdf');
    await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska filen' }));
    expect(await heading(page)).toBe('Förhandsgranskning av importen');
    expect(page.url()).toMatch(/\/evaluations\/import\/[A-Za-z0-9_-]{32}$/);
    expect(await counts()).toEqual({ evaluations: 0, scores: 0, findings: 0 });

    const recognised = page.locator('section', { has: page.getByRole('heading', { name: 'Det här kändes igen' }) });
    expect(await recognised.innerText()).toMatch(/Kommun\s+Avesta kommun \(2084\)/);
    expect(await recognised.innerText()).toMatch(/Genomförd\s+december 2014/);
    expect(await recognised.innerText()).toMatch(/Filtyp\s+PDF/);
    expect(await recognised.innerText()).toMatch(/Totalt\s+404 av 800 poäng \(51 %\)/);

    // The area 6 warning, with the line of the report it concerns.
    const warnings = page.locator('#import-warnings');
    const area6 = warnings.getByRole('listitem').filter({ hasText: 'Område 6' });
    expect(await area6.innerText()).toMatch(/^Rad \d+: Område 6 \(.+\): delfrågorna summerar till 51 poäng men rapporten anger 52\./);

    // The score table: 8 areas, each sub-question with points, max and percent; sums and total.
    const totals = page.getByRole('table', { name: 'Poäng per område' });
    expect(await totals.getByRole('row').count()).toBe(1 + 8 + 1);
    expect(await totals.getByRole('row').filter({ hasText: '6.' }).innerText()).toMatch(/52\s+Tryckt i rapporten; delfrågorna ger 51\s+100\s+52\s*%/);
    expect(await totals.getByRole('row').last().innerText()).toMatch(/Totalt\s+404\s+800\s+51\s*%/);
    const area8 = page.getByRole('table', { name: 'Delfrågor i område 8' });
    expect(await area8.getByRole('row').filter({ hasText: '8.4' }).innerText()).toMatch(/13\s+15\s+83\s*%\s+Tryckt i rapporten; poängen ger 87 %/);

    // Findings by area and kind, and the good examples.
    const area2 = page.locator('section', { has: page.getByRole('heading', { name: /^Område 2\./ }) });
    expect(await area2.innerText()).toContain('Det finns ingen kommunövergripande strategi för brukarfokus');
    expect(await area2.getByRole('heading', { name: 'Svagheter' }).count()).toBe(1);
    const area1 = page.locator('section', { has: page.getByRole('heading', { name: /^Område 1\./ }) });
    expect(await area1.getByRole('heading', { name: 'Goda exempel' }).count()).toBe(1);
    expect(await area1.innerText()).toMatch(/Örebro: .*gott exempel/);
    await expectAccessible(t, page);

    await pressEnterOn(page, page.getByRole('button', { name: 'Importera som utkast' }));
    expect(await heading(page)).toBe('KommunKompassen Avesta kommun 2014');
    expect(await page.getByRole('status').first().innerText()).toContain('Rapporten är importerad som ett utkast.');
    expect(await page.locator('.app-draft').innerText()).toContain('Utkast.');
    const imported = await t.dataSource.getRepository(Evaluation).findOneByOrFail({ municipalityId: avesta.id });
    expect(imported).toMatchObject({ status: 'draft', source: 'import', conductedOn: '2014-12-01' });
    expect(await page.locator('#import-warnings').innerText()).toContain('Område 6');
    await expectAccessible(t, page);

    // Before publishing, Översikt has nothing to work from.
    await page.goto('/dashboard');
    expect(await page.locator('main').innerText()).toContain('Det finns ingen publicerad utvärdering');
    await page.goto(`/evaluations/${imported.id}`);
    await pressEnterOn(page, page.getByRole('link', { name: 'Publicera', exact: true }));
    expect(await heading(page)).toBe('Publicera KommunKompassen Avesta kommun 2014?');
    expect(await page.locator('main').innerText()).toContain('Den följer inte upp någon annan utvärdering, så ingen åtgärds effekt ändras.');
    await expectAccessible(t, page);
    await pressEnterOn(page, page.getByRole('button', { name: 'Publicera utvärderingen' }));
    expect(await page.getByRole('status').first().innerText()).toContain('Utvärderingen är publicerad.');
    expect(await page.locator('.app-draft').count()).toBe(0);

    await pressEnterOn(page, page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Översikt' }));
    expect(await page.locator('main').innerText()).toContain('KommunKompassen Avesta kommun 2014');
    const weaknesses = await t.dataSource.getRepository(Finding).countBy({ evaluationId: imported.id, kind: 'weakness' });
    const improvements = await t.dataSource.getRepository(Finding).countBy({ evaluationId: imported.id, kind: 'improvement' });
    const allAreas = page.getByRole('table', { name: 'Fynd per område' }).getByRole('row').last();
    // Needing action, covered, uncovered, dismissed: every improvement opportunity and weakness is uncovered.
    expect(await allAreas.innerText()).toMatch(new RegExp(`^Alla\\s+${weaknesses + improvements}\\s+0\\s+${weaknesses + improvements}\\s+0$`));
    await pressEnterOn(page, allAreas.getByRole('link').nth(2));
    expect(await heading(page)).toBe('Fynd');
    expect(await page.locator('article').count()).toBe(weaknesses + improvements);
    expect(await page.locator('article').getByText('Otäckt', { exact: true }).count()).toBe(weaknesses + improvements);
    const weakness = page.locator('article', { hasText: 'Det finns ingen kommunövergripande strategi för brukarfokus' });
    expect(await weakness.getByText('Otäckt', { exact: true }).count()).toBe(1);
  });

  it('the same report again: the preview says plainly that the month has an evaluation, and importing needs a tick', async () => {
    const page = await signedIn(emails.manager);
    await page.goto('/evaluations/import');
    await chooseFile(page, 'avesta-2014.windows-1252.txt');
    await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska filen' }));
    expect(await page.locator('main').innerText()).toMatch(/Filtyp\s+Text \(Windows-1252\)/);
    const notice = page.locator('section', { has: page.getByRole('heading', { name: 'Kommunen har redan en utvärdering från december 2014' }) });
    expect(await notice.innerText()).toContain('Avesta kommun har redan utvärderingen KommunKompassen Avesta kommun 2014.');
    await expectAccessible(t, page);
    const before = await counts();

    await pressEnterOn(page, page.getByRole('button', { name: 'Importera som utkast' }));
    expect(await page.locator('#error-summary').innerText()).toContain('Kryssa i att du vill importera en andra utvärdering');
    expect(await counts()).toEqual(before);
    await expectAccessible(t, page);

    await tabTo(page, page.getByLabel('Importera ändå, som en andra utvärdering av samma månad'));
    await page.keyboard.press('Space');
    await pressEnterOn(page, page.getByRole('button', { name: 'Importera som utkast' }));
    expect(await page.getByRole('status').first().innerText()).toContain('Rapporten är importerad som ett utkast.');
    expect((await counts()).evaluations).toBe(before.evaluations + 1);

    // The upload is used once: the preview's address is gone after the import.
    const again = await page.goto(page.url().replace(/\/evaluations\/.*/, '/evaluations'));
    expect(again?.status()).toBe(200);
    expect(await page.getByRole('table').getByRole('row').count()).toBe(3);
  });

  it('pasted text that is not a report shows the errors with their lines and saves nothing; a scan is refused saying why', async () => {
    const page = await signedIn(emails.manager);
    const before = await counts();
    await page.goto('/evaluations/import');
    await typeInto(page, page.getByLabel('Rapportens text', { exact: true }), 'Kallelse till kommunfullmäktige\nTid: måndag 18.00\nPlats: stadshuset');
    await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska texten' }));
    expect(await heading(page)).toBe('Importera rapport');
    expect(await page.locator('#error-summary').innerText()).toContain('Rapporten kunde inte läsas.');
    const errors = page.locator('#import-errors');
    expect(await errors.getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'Rapporten kunde inte läsas. Ingenting sparades.' }).count()).toBe(1);
    expect(await page.getByLabel('Rapportens text', { exact: true }).inputValue()).toContain('Kallelse till kommunfullmäktige');
    expect(await page.getByLabel('Rapportens text', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await counts()).toEqual(before);
    await expectAccessible(t, page);

    await page.goto('/evaluations/import');
    await chooseFile(page, 'avesta-2014.scan.pdf');
    await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska filen' }));
    expect(await page.locator('#import-errors').innerText()).toContain('PDF-filen innehåller ingen text, bara bilder');
    expect(await counts()).toEqual(before);
    await expectAccessible(t, page);

    await page.goto('/evaluations/import');
    await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska filen' }));
    expect(await page.locator('#import-errors').innerText()).toContain('Välj en fil eller klistra in rapportens text.');
  });

  it("a refused report is listed in the reader's language: Swedish words and numbers on a Swedish page, English on an English one with the report's own words marked Swedish", async () => {
    // Area 3's section heading gone, and sub-question 1.1 with more points than its max.
    const broken = readFileSync(join(REPORTS, 'avesta-2014.txt'), 'utf8')
      .replace(/^Område 3 Politisk styrning och kontroll$/m, 'Politisk styrning och kontroll')
      .replace('1.1\tFinns en plan/strategi för demokratiutveckling och information?\t10\t15', '1.1\tFinns en plan/strategi för demokratiutveckling och information?\t15,5\t15');
    const file = { name: 'avesta-2014.txt', mimeType: 'text/plain', buffer: Buffer.from(broken, 'utf8') };
    const before = await counts();

    const page = await signedIn(emails.manager);
    await page.goto('/evaluations/import');
    await tabTo(page, page.getByLabel('Rapportfil', { exact: true }));
    await page.getByLabel('Rapportfil', { exact: true }).setInputFiles(file);
    await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska filen' }));
    const errors = page.locator('#import-errors');
    expect(await errors.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Rad \d+: Delfråga 1\.1: 15,5 uppnådda poäng är fler än delfrågans max på 15 poäng\.$/),
      'Område 3 (Politisk styrning och kontroll) saknar avsnitt i den detaljerade genomgången (avsnitt 3, rubriken ”Område 3 Politisk styrning och kontroll”).',
    ]);
    expect(await errors.locator('[lang]').count()).toBe(0);
    await expectAccessible(t, page);

    const english = await signedIn(emails.englishManager);
    await english.goto('/evaluations/import');
    await tabTo(english, english.getByLabel('Report file', { exact: true }));
    await english.getByLabel('Report file', { exact: true }).setInputFiles(file);
    await pressEnterOn(english, english.getByRole('button', { name: 'Preview the file' }));
    const englishErrors = english.locator('#import-errors');
    expect(await englishErrors.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Line \d+: Sub-question 1\.1: 15\.5 points achieved exceed its max of 15\.$/),
      'Area 3 (Politisk styrning och kontroll) has no section in the detailed review (section 3, heading “Område 3 Politisk styrning och kontroll”).',
    ]);
    // The area's title is the report's Swedish, for a screen reader to read as Swedish (WCAG 3.1.2).
    expect(await englishErrors.locator('[lang="sv"]').allInnerTexts()).toEqual(['Politisk styrning och kontroll', 'Politisk styrning och kontroll']);
    expect(await englishErrors.locator('[lang="en"]').count()).toBe(0);
    await expectAccessible(t, english);
    expect(await counts()).toEqual(before);
  });

  it("a file the import cannot read at all is refused in the page's language, saying what to do: a scan, a damaged PDF, an old Word document, a picture", async () => {
    const before = await counts();
    const page = await signedIn(emails.manager);
    const errors = page.locator('#import-errors');
    async function upload(file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
      await page.goto('/evaluations/import');
      if (typeof file === 'string') return chooseFile(page, file).then(() => pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska filen' })));
      await tabTo(page, page.getByLabel('Rapportfil', { exact: true }));
      await page.getByLabel('Rapportfil', { exact: true }).setInputFiles(file);
      await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska filen' }));
    }

    // A scan: the first page as a picture, printed to PDF by Chromium (test/fixtures/reports/make-fixtures.ts).
    await upload('avesta-2014.scan.pdf');
    expect(await heading(page)).toBe('Importera rapport');
    expect(await errors.getByRole('listitem').allInnerTexts()).toEqual([
      'PDF-filen innehåller ingen text, bara bilder (är rapporten inskannad?). Ladda upp PDF-filen som SKR skickade den, spara rapporten som PDF med text eller som Word-dokument (.docx), eller klistra in rapportens text.',
    ]);
    expect(await errors.locator('[lang]').count()).toBe(0);
    expect(await page.getByLabel('Rapportfil', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(t, page);

    // A PDF cut short: our words, and PDF.js's own reason beside them as English.
    const pdf = readFileSync(join(REPORTS, 'avesta-2014.pdf'));
    await upload({ name: 'avesta-2014.pdf', mimeType: 'application/pdf', buffer: pdf.subarray(0, Math.floor(pdf.length / 3)) });
    expect(await errors.innerText()).toContain('PDF-filen kunde inte läsas: den är skadad eller ofullständig');
    expect(await errors.locator('[lang="en"]').allInnerTexts()).toEqual(['(Invalid PDF structure.)']);
    await expectAccessible(t, page);

    // An old Word document (.doc): not a format of a report the import reads.
    await upload({ name: 'rapport.doc', mimeType: 'application/msword', buffer: Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512, 1)]) });
    expect(await errors.getByRole('listitem').allInnerTexts()).toEqual([
      'Filen är ett Word-dokument i det äldre formatet (.doc) eller ett annat dokument från Office 97–2003, som importen inte läser. Öppna det i Word och spara det som Word-dokument (.docx) eller som PDF, eller klistra in rapportens text.',
    ]);
    expect(await errors.locator('[lang]').count()).toBe(0);
    await expectAccessible(t, page);

    // A photo of a page.
    await upload({ name: 'rapport.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex') });
    expect(await errors.innerText()).toContain('Filen är en bild (PNG), inte en rapport med text.');
    expect(await errors.locator('[lang]').count()).toBe(0);
    await expectAccessible(t, page);

    // The same scan on an English page is worded in English, not marked as another language.
    const english = await signedIn(emails.englishManager);
    await english.goto('/evaluations/import');
    await tabTo(english, english.getByLabel('Report file', { exact: true }));
    await english.getByLabel('Report file', { exact: true }).setInputFiles(join(REPORTS, 'avesta-2014.scan.pdf'));
    await pressEnterOn(english, english.getByRole('button', { name: 'Preview the file' }));
    expect(await english.locator('#import-errors').innerText()).toContain('The PDF holds no text, only pictures (is the report scanned?).');
    expect(await english.locator('#import-errors [lang]').count()).toBe(0);
    await expectAccessible(t, english);
    expect(await counts()).toEqual(before);
  });

  it('pasted text damaged by a NUL character, or over 2 MB, is refused saying so, and nothing is saved', async () => {
    const page = await signedIn(emails.manager);
    const before = await counts();
    const report = readFileSync(join(REPORTS, 'avesta-2014.txt'), 'utf8');
    const textField = page.getByLabel('Rapportens text', { exact: true });
    await page.goto('/evaluations/import');
    await textField.fill(report.replace('Avesta 2020', 'Avesta\u00002020'));
    await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska texten' }));
    expect(await page.locator('#import-errors').innerText()).toContain('innehåller ett osynligt nolltecken (NUL)');
    // The text comes back without the character, ready to be sent again.
    expect(await textField.inputValue()).toContain('Avesta2020');
    expect(await textField.inputValue()).not.toContain('\u0000');
    await expectAccessible(t, page);
    await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska texten' }));
    expect(await heading(page)).not.toBe('Importera rapport');

    await page.goto('/evaluations/import');
    // Pasted, not typed: 2 MB typed into the field would outlast the test.
    await textField.evaluate((field, pasted) => ((field as HTMLTextAreaElement).value = pasted), report.repeat(Math.ceil((2.2 * 1024 * 1024) / report.length)));
    await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska texten' }));
    expect(await page.locator('#import-errors').innerText()).toContain('Den inklistrade texten är större än 2 MB.');
    expect(await counts()).toEqual(before);
  });

  it('an import that fails while saving leaves no evaluation; the kept upload imports once the fault is gone', async () => {
    const page = await signedIn(emails.manager);
    await page.goto('/evaluations/import');
    await chooseFile(page, 'avesta-2014.txt');
    await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska filen' }));
    const preview = page.url();
    const before = await counts();
    await t.dataSource.query(`
      CREATE FUNCTION fail_reference_insert() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'reference insert refused by the test'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_reference_insert BEFORE INSERT ON evaluation_reference FOR EACH ROW EXECUTE FUNCTION fail_reference_insert();`);
    try {
      await tabTo(page, page.getByLabel('Importera ändå, som en andra utvärdering av samma månad'));
      await page.keyboard.press('Space');
      await pressEnterOn(page, page.getByRole('button', { name: 'Importera som utkast' }));
      expect(await heading(page)).toBe('Något gick fel');
      expect(await counts()).toEqual(before);
    } finally {
      await t.dataSource.query('DROP TRIGGER IF EXISTS fail_reference_insert ON evaluation_reference; DROP FUNCTION IF EXISTS fail_reference_insert();');
    }
    await page.goto(preview);
    await tabTo(page, page.getByLabel('Importera ändå, som en andra utvärdering av samma månad'));
    await page.keyboard.press('Space');
    await pressEnterOn(page, page.getByRole('button', { name: 'Importera som utkast' }));
    expect(await page.getByRole('status').first().innerText()).toContain('Rapporten är importerad som ett utkast.');
    expect((await counts()).evaluations).toBe(before.evaluations + 1);
  });

  it('an upload belongs to its session: another sign-in, even of the same person, cannot preview or import it', async () => {
    const page = await signedIn(emails.manager);
    await page.goto('/evaluations/import');
    await chooseFile(page, 'avesta-2014.txt');
    await pressEnterOn(page, page.getByRole('button', { name: 'Förhandsgranska filen' }));
    const preview = page.url();
    const before = await counts();

    for (const email of [emails.manager, emails.other]) {
      const other = await signedIn(email);
      const opened = await other.goto(preview);
      expect(opened?.status()).toBe(404);
      expect(await heading(other)).toBe('Uppladdningen finns inte längre');
      const token = await other.locator('input[name="_csrf"]').first().inputValue();
      const posted = await other.request.post(preview, { form: { _csrf: token, allowDuplicate: 'true' }, maxRedirects: 0 });
      expect(posted.status()).toBe(404);
    }
    expect(await counts()).toEqual(before);
  });

  it('the import refuses a missing or foreign CSRF token, and viewers and owners cannot import', async () => {
    const page = await signedIn(emails.manager);
    await page.goto('/evaluations/import');
    const avestaText = join(REPORTS, 'avesta-2014.txt');
    const before = await counts();
    const multipart = (extra: Record<string, string>) => ({
      multipart: { ...extra, file: { name: 'avesta-2014.txt', mimeType: 'text/plain', buffer: readFileSync(avestaText) } },
      maxRedirects: 0,
    });
    const missing = await page.request.post('/evaluations/import', multipart({}));
    expect(missing.status()).toBe(403);
    expect(await missing.text()).toContain('Formuläret har gått ut');
    const other = await signedIn(emails.other);
    await other.goto('/settings');
    const foreignToken = await other.locator('input[name="_csrf"]').first().inputValue();
    const foreign = await page.request.post('/evaluations/import', multipart({ _csrf: foreignToken }));
    expect(foreign.status()).toBe(403);
    expect(await counts()).toEqual(before);

    for (const email of [emails.viewer, emails.owner]) {
      const reader = await signedIn(email);
      await reader.goto('/evaluations');
      expect(await reader.getByRole('link', { name: 'Importera rapport' }).count()).toBe(0);
      expect(await reader.getByRole('link', { name: 'Ny utvärdering' }).count()).toBe(0);
      const refused = await reader.goto('/evaluations/import');
      expect(refused?.status()).toBe(403);
      await expectAccessible(t, reader);
    }
  });
});
