import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Evaluation } from '../../src/modules/evaluations/evaluations/evaluation.entity';
import { Finding } from '../../src/modules/evaluations/findings/finding.entity';
import { Reference } from '../../src/modules/evaluations/references/reference.entity';
import { Score } from '../../src/modules/evaluations/scores/score.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { reportFixture, withoutIdentity } from '../utils/fixtures';
import { createTestApp, TestApp } from '../utils/test-app';

interface AreaView {
  number: number;
  achievedPoints: number;
  questions: { code: string; achievedPoints: number; maxPoints: number; percent: number }[];
  findings: Record<'strength' | 'improvement' | 'weakness', { text: string; position: number }[]>;
  references: { municipalityName: string; municipalityCode: string; sentence: string }[];
}

describe('importing a KommunKompassen report', () => {
  let t: TestApp;
  let manager: User;
  let viewer: User;
  let elsewhere: User;
  const avesta = reportFixture();
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const importText = (user: User, text: string, query = '') =>
    t.http.post(`/api/evaluations/import${query}`).set(as(user)).set('Content-Type', 'text/plain; charset=utf-8').send(text);
  const rowCounts = async () => ({
    evaluations: await t.dataSource.getRepository(Evaluation).count(),
    scores: await t.dataSource.getRepository(Score).count(),
    findings: await t.dataSource.getRepository(Finding).count(),
    references: await t.dataSource.getRepository(Reference).count(),
  });

  beforeAll(async () => {
    t = await createTestApp();
    const home = await makeMunicipality(t.dataSource, { code: '2084' });
    manager = await makeUser(t.dataSource, home, 'manager');
    viewer = await makeUser(t.dataSource, home, 'viewer');
    elsewhere = await makeUser(t.dataSource, await makeMunicipality(t.dataSource, { code: '1780' }), 'manager');
  });

  afterAll(() => t.close());

  describe('the Avesta 2014 report', () => {
    let imported: { evaluation: { id: string; areas: AreaView[]; [key: string]: unknown }; warnings: { code: string; areaNumber?: number; message: string }[] };
    const area = (number: number) => imported.evaluation.areas.find((candidate) => candidate.number === number)!;

    beforeAll(async () => {
      const response = await importText(manager, avesta).expect(201);
      imported = response.body;
    });

    it('is a draft of Avesta kommun from December 2014, imported', () => {
      expect(imported.evaluation).toMatchObject({
        title: expect.stringContaining('Avesta'),
        conductedOn: '2014-12-01',
        status: 'draft',
        source: 'import',
        framework: { key: 'kommunkompassen-2010' },
      });
    });

    it('has the 45 scores as printed', () => {
      const questions = imported.evaluation.areas.flatMap((candidate) => candidate.questions);
      expect(questions).toHaveLength(45);
      expect(questions.every((question) => typeof question.achievedPoints === 'number')).toBe(true);
      expect(questions.find((question) => question.code === '1.1')).toMatchObject({ achievedPoints: 10, maxPoints: 15, percent: 65 });
      expect(questions.find((question) => question.code === '8.4')).toMatchObject({ achievedPoints: 13, maxPoints: 15, percent: 83 });
      expect(questions.find((question) => question.code === '7.4')).toMatchObject({ achievedPoints: 4, maxPoints: 20, percent: 19 });
    });

    it('has the printed area totals and a total of 404 of 800', () => {
      expect(imported.evaluation.areas.map((candidate) => candidate.achievedPoints)).toEqual([52, 41, 56, 44, 46, 52, 45, 68]);
      expect(imported.evaluation.total).toMatchObject({ achievedPoints: 404, maxPoints: 800, complete: true });
    });

    it('has 24 strengths, 33 improvement opportunities and 19 weaknesses in their areas and order', () => {
      const count = (kind: 'strength' | 'improvement' | 'weakness') =>
        imported.evaluation.areas.reduce((sum, candidate) => sum + candidate.findings[kind].length, 0);
      expect([count('strength'), count('improvement'), count('weakness')]).toEqual([24, 33, 19]);
      expect(area(8).findings.weakness).toEqual([]);
      expect(area(1).findings.strength.map((finding) => finding.text)).toEqual([
        'Tydlig strategi för medborgarinflytande',
        'Annonsering dagspress och annonsblad',
        'Många goda exempel på forum för medborgardialog',
        'Fungerande medborgarförslagsverksamhet',
      ]);
      expect(area(2).findings.improvement.map((finding) => finding.position)).toEqual([1, 2, 3, 4]);
      expect(area(2).findings.improvement[3].text).toBe('Förbättra systematiken inom synpunktshanteringen');
      expect(area(2).findings.weakness[0].text).toBe('Det finns ingen kommunövergripande strategi för brukarfokus');
    });

    it('names the good examples per area, never Avesta itself', () => {
      const names = (number: number) => area(number).references.map((reference) => reference.municipalityName);
      expect(names(1)).toEqual(expect.arrayContaining(['Karlstad', 'Örebro']));
      expect(names(2)).toEqual(expect.arrayContaining(['Hammarö', 'Nacka', 'Skellefteå', 'Järfälla']));
      const all = imported.evaluation.areas.flatMap((candidate) => candidate.references);
      expect(all.some((reference) => reference.municipalityCode === '2084')).toBe(false);
      expect(area(1).references.find((reference) => reference.municipalityName === 'Örebro')!.sentence).toContain('gott exempel');
    });

    it('warns that area 6 rows add up to 51 while the report prints 52, and keeps the warning', async () => {
      const warning = imported.warnings.find((candidate) => candidate.code === 'AREA_SUM_MISMATCH');
      expect(warning).toMatchObject({ areaNumber: 6 });
      expect(warning!.message).toMatch(/51/);
      expect(warning!.message).toMatch(/52/);
      const stored = await t.http.get(`/api/evaluations/${imported.evaluation.id}`).set(as(viewer)).expect(200);
      expect(stored.body.warnings).toEqual(imported.warnings);
      expect(area(6)).toMatchObject({ achievedPoints: 52, summedPoints: 51, reportedTotal: 52 });
    });

    it('reads back exactly as it was imported', async () => {
      const stored = await t.http.get(`/api/evaluations/${imported.evaluation.id}`).set(as(viewer)).expect(200);
      expect(stored.body).toEqual(imported.evaluation);
    });

    it('a second import gives a second draft, not a merge', async () => {
      const before = await rowCounts();
      const second = await importText(manager, avesta).expect(201);
      expect(second.body.evaluation.id).not.toBe(imported.evaluation.id);
      expect(await rowCounts()).toEqual({
        evaluations: before.evaluations + 1,
        scores: before.scores + 45,
        findings: before.findings + 76,
        references: before.references + imported.evaluation.areas.flatMap((candidate) => candidate.references).length,
      });
    });
  });

  it('accepts JSON { text } as well', async () => {
    const response = await t.http.post('/api/evaluations/import?dryRun=true').set(as(manager)).send({ text: avesta }).expect(201);
    expect(response.body.evaluation.total.achievedPoints).toBe(404);
  });

  it('answers a dry run with the same result and saves nothing', async () => {
    const before = await rowCounts();
    const dryRun = await importText(manager, avesta, '?dryRun=true').expect(201);
    expect(await rowCounts()).toEqual(before);
    const real = await importText(manager, avesta).expect(201);
    expect(withoutIdentity(dryRun.body)).toEqual(withoutIdentity(real.body));
  });

  const variants = readdirSync(join(__dirname, '..', 'fixtures', 'reports')).filter(
    (name) => name.startsWith('avesta-2014.') && name.endsWith('.txt') && !/cut|missing/.test(name) && name !== 'avesta-2014.txt',
  );

  it('finds layout variants of the report to test', () => {
    expect(variants).toEqual(expect.arrayContaining(['avesta-2014.crlf.txt', 'avesta-2014.nbsp.txt', 'avesta-2014.no-list-tags.txt', 'avesta-2014.page-headers.txt']));
  });

  it.each(variants)('imports %s to the same evaluation as the original', async (variant) => {
    const original = await importText(manager, avesta, '?dryRun=true').expect(201);
    const response = await importText(manager, reportFixture(variant), '?dryRun=true').expect(201);
    expect(withoutIdentity(response.body)).toEqual(withoutIdentity(original.body));
  });

  describe('refuses, saving nothing,', () => {
    let before: Awaited<ReturnType<typeof rowCounts>>;

    beforeEach(async () => {
      before = await rowCounts();
    });

    afterEach(async () => {
      expect(await rowCounts()).toEqual(before);
    });

    it('an empty body (422)', async () => {
      const response = await importText(manager, '').expect(422);
      expect(response.body).toMatchObject({ statusCode: 422, code: 'IMPORT.NOT_A_REPORT', message: expect.any(String) });
      expect(response.body.errors.length).toBeGreaterThan(0);
      await t.http.post('/api/evaluations/import').set(as(manager)).send({}).expect(422);
    });

    it('a novel (422, naming what is missing)', async () => {
      const response = await importText(manager, reportFixture('novel.txt')).expect(422);
      expect(response.body.errors.map((error: { message: string }) => error.message).join('\n')).toMatch(/score/i);
    });

    it('a report with the score tables cut off (422)', async () => {
      const response = await importText(manager, reportFixture('avesta-2014.section-4-cut.txt')).expect(422);
      expect(response.body.errors.map((error: { message: string }) => error.message).join('\n')).toMatch(/Översikt av poängfördelning|score table/i);
    });

    it('a report missing one area\'s score rows (422, naming the area)', async () => {
      const response = await importText(manager, reportFixture('avesta-2014.area-7-rows-missing.txt')).expect(422);
      expect(JSON.stringify(response.body.errors)).toMatch(/7/);
    });

    it("another municipality's report (422)", async () => {
      const response = await importText(elsewhere, avesta).expect(422);
      expect(response.body.errors[0].message).toMatch(/Avesta/);
    });

    it('a body over 2 MB (413), before parsing', async () => {
      const response = await importText(manager, avesta.repeat(Math.ceil((2.2 * 1024 * 1024) / avesta.length))).expect(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('a JSON body whose text is not a string, or with unknown fields (400)', async () => {
      const notText = await t.http.post('/api/evaluations/import').set(as(manager)).send({ text: 42 }).expect(400);
      expect(notText.body.details[0].field).toBe('text');
      const extra = await t.http.post('/api/evaluations/import').set(as(manager)).send({ text: avesta, municipalityId: 'x' }).expect(400);
      expect(extra.body.details[0].field).toBe('municipalityId');
    });

    it('a viewer (403)', async () => {
      await importText(viewer, avesta).expect(403);
    });
  });
});
