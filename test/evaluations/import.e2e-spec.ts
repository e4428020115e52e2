import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Evaluation } from '../../src/modules/evaluations/evaluations/evaluation.entity';
import { Finding } from '../../src/modules/evaluations/findings/finding.entity';
import { Reference } from '../../src/modules/evaluations/references/reference.entity';
import { Score } from '../../src/modules/evaluations/scores/score.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { reportFixture, reportFixtureBytes, withoutIdentity } from '../utils/fixtures';
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
  const importBytes = (user: User, bytes: Buffer, contentType: string, query = '') =>
    t.http.post(`/api/evaluations/import${query}`).set(as(user)).set('Content-Type', contentType).send(bytes);
  const uploadFile = (user: User, bytes: Buffer, filename: string, query = '') =>
    t.http.post(`/api/evaluations/import${query}`).set(as(user)).attach('file', bytes, filename);
  /** A dry run that ignores the evaluations already imported in this file. */
  const TRY = '?dryRun=true&allowDuplicate=true';
  /** What must not differ between two files of the same report: all but ids, times and what the file was read as. */
  const sameEvaluation = (body: { evaluation: unknown; warnings: unknown }) => withoutIdentity({ evaluation: body.evaluation, warnings: body.warnings });
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
      expect(warning).toMatchObject({ areaNumber: 6, params: { areaNumber: 6, summed: 51, printed: 52 } });
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

    it('a second import of the same report is refused as a duplicate naming the first (409), and saves nothing', async () => {
      const before = await rowCounts();
      const response = await importText(manager, avesta).expect(409);
      expect(response.body).toMatchObject({ code: 'IMPORT.DUPLICATE', message: expect.stringContaining(imported.evaluation.id) });
      expect(response.body.message).toContain('2014-12-01');
      expect(response.body.details[0]).toMatchObject({ evaluationId: imported.evaluation.id });
      await importText(manager, avesta, '?dryRun=true').expect(409);
      expect(await rowCounts()).toEqual(before);
    });

    it('with allowDuplicate=true a second import gives a second draft, not a merge', async () => {
      const before = await rowCounts();
      const second = await importText(manager, avesta, '?allowDuplicate=true').expect(201);
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
    const response = await t.http.post(`/api/evaluations/import${TRY}`).set(as(manager)).send({ text: avesta }).expect(200);
    expect(response.body.evaluation.total.achievedPoints).toBe(404);
  });

  it('answers a dry run with 200, dryRun: true and the evaluation as it would be saved, without ids, saving nothing', async () => {
    const before = await rowCounts();
    const dryRun = await importText(manager, avesta, TRY).expect(200);
    expect(dryRun.body.dryRun).toBe(true);
    expect(JSON.stringify(dryRun.body)).not.toMatch(/"(id|evaluationId)":/);
    expect(await rowCounts()).toEqual(before);
    const real = await importText(manager, avesta, '?allowDuplicate=true').expect(201);
    expect(real.body.dryRun).toBe(false);
    expect(real.body.evaluation.id).toEqual(expect.any(String));
    expect(withoutIdentity(dryRun.body)).toEqual(withoutIdentity({ ...real.body, dryRun: true }));
  });

  describe('files as SKR sends them, made by other tools, import to the same evaluation as the clean text', () => {
    let clean: { evaluation: unknown; warnings: unknown };

    beforeAll(async () => {
      clean = (await importText(manager, avesta, TRY).expect(200)).body;
    });

    it.each([
      ['avesta-2014.pdf', 'application/pdf', 'pdf', null],
      ['avesta-2014.headings-in-cells.pdf', 'application/octet-stream', 'pdf', null],
      ['avesta-2014.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', null],
      ['avesta-2014.pdf.layout.txt', 'text/plain', 'text', 'UTF-8'],
      ['avesta-2014.headings-in-cells.pdf.layout.txt', 'text/plain', 'text', 'UTF-8'],
      ['avesta-2014.headings-in-cells.pdf.raw.txt', 'text/plain', 'text', 'UTF-8'],
      ['avesta-2014.windows-1252.txt', 'text/plain', 'text', 'Windows-1252'],
      ['avesta-2014.utf-16.txt', 'text/plain', 'text', 'UTF-16LE'],
      ['avesta-2014.utf-8-bom.txt', 'text/plain; charset=utf-8', 'text', 'UTF-8'],
    ])('%s sent as the body (%s) reads as %s %s', async (name, contentType, format, encoding) => {
      const response = await importBytes(manager, reportFixtureBytes(name), contentType, TRY).expect(200);
      expect(response.body.file).toEqual({ format, encoding });
      expect(sameEvaluation(response.body)).toEqual(sameEvaluation(clean));
    });

    it.each(['avesta-2014.pdf', 'avesta-2014.docx', 'avesta-2014.windows-1252.txt'])('%s uploaded as a multipart file', async (name) => {
      const response = await uploadFile(manager, reportFixtureBytes(name), name, TRY).expect(200);
      expect(sameEvaluation(response.body)).toEqual(sameEvaluation(clean));
    });

    it('recognises the kind from the content, not the content type or the file name', async () => {
      const pdfAsText = await importBytes(manager, reportFixtureBytes('avesta-2014.pdf'), 'text/plain', TRY).expect(200);
      expect(pdfAsText.body.file.format).toBe('pdf');
      const docxNamedTxt = await uploadFile(manager, reportFixtureBytes('avesta-2014.docx'), 'report.txt', TRY).expect(200);
      expect(docxNamedTxt.body.file.format).toBe('docx');
    });

    it('an ISO-8859-1 copy imports as its UTF-8 original does (ISO-8859-1 has no "•", "–" or "”": the copy uses "*", "-" and \'"\')', async () => {
      const original = await importText(manager, reportFixture('avesta-2014.latin1-characters.txt'), TRY).expect(200);
      const latin1 = await importBytes(manager, reportFixtureBytes('avesta-2014.iso-8859-1.txt'), 'text/plain', TRY).expect(200);
      expect(latin1.body.file).toEqual({ format: 'text', encoding: 'ISO-8859-1' });
      expect(sameEvaluation(latin1.body)).toEqual(sameEvaluation(original.body));
      const findings = (body: { evaluation: { areas: AreaView[] } }) => body.evaluation.areas.map((area) => Object.values(area.findings).map((list) => list.length));
      expect(findings(latin1.body)).toEqual(findings(clean as { evaluation: { areas: AreaView[] } }));
    });
  });

  const variants = readdirSync(join(__dirname, '..', 'fixtures', 'reports')).filter((name) =>
    /^avesta-2014\.(crlf|nbsp|page-headers|hyphen-bullets|star-bullets|en-dash-items-on-own-lines|wrapped|no-list-tags|tabs-as-spaces|tabs-as-single-spaces|all-at-once)\.txt$/.test(name),
  );

  it('finds layout variants of the report to test', () => {
    expect(variants).toHaveLength(11);
  });

  it.each(variants)('imports %s to the same evaluation as the original', async (variant) => {
    const original = await importText(manager, avesta, TRY).expect(200);
    const response = await importText(manager, reportFixture(variant), TRY).expect(200);
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

    it('a report missing one area\'s score rows (422, naming the area and its line)', async () => {
      const text = reportFixture('avesta-2014.area-7-rows-missing.txt');
      const response = await importText(manager, text).expect(422);
      expect(response.body.errors).toEqual([
        {
          line: text.split('\n').findIndex((line) => line.startsWith('7.\tVerksamhetsutveckling')) + 1,
          // A stable code and the values the message names, for a client to word it in its own language.
          code: 'AREA_WITHOUT_SCORE_ROWS',
          params: { areaNumber: 7, areaTitle: 'Verksamhetsutveckling' },
          message: 'Area 7 (Verksamhetsutveckling) has no score rows in section 4',
        },
      ]);
    });

    it('a findings table whose cells cannot be assigned to the three kinds (422, naming the area and line)', async () => {
      const lines = avesta.split('\n');
      const header = lines.findIndex((line, index) => line === 'Styrkor\tFörbättringsmöjligheter\tSvagheter' && lines.slice(0, index).some((l) => l.startsWith('Område 3 ')));
      lines[header + 1] = `${lines[header + 1]}\t<ul style="list-style-type: none"> • En fjärde kolumn`;
      const response = await importText(manager, lines.join('\n'), '?allowDuplicate=true').expect(422);
      expect(response.body.errors).toEqual([
        {
          line: header + 2,
          code: 'FINDINGS_TOO_MANY_CELLS',
          params: { areaNumber: 3, areaTitle: 'Politisk styrning och kontroll', cells: 4, headerLine: header + 1 },
          message: expect.stringMatching(/^Area 3 \(Politisk styrning och kontroll\): the findings table cannot be split .* 4 cells/),
        },
      ]);
    });

    it('the text pdftotext -raw gives of a table with a heading row, whose cells follow one another unmarked (422 per area, with its line)', async () => {
      const text = reportFixture('avesta-2014.pdf.raw.txt');
      const response = await importText(manager, text, '?allowDuplicate=true').expect(422);
      expect(response.body.errors).toHaveLength(8);
      const firstBody = text.split('\n').findIndex((line) => line === 'Styrkor Förbättringsmöjligheter Svagheter') + 2;
      expect(response.body.errors[0]).toEqual({
        line: firstBody,
        code: 'FINDINGS_CELLS_NOT_SEPARATED',
        params: { areaNumber: 1, areaTitle: 'Offentlighet och demokrati' },
        message: expect.stringMatching(/^Area 1 \(Offentlighet och demokrati\): .*not separated/),
      });
    });

    it('the reading-order text plain pdftotext gives, tables broken into lines (422, naming the rows it cannot read)', async () => {
      const response = await importText(manager, reportFixture('avesta-2014.pdf.reading-order.txt'), '?allowDuplicate=true').expect(422);
      expect(response.body.errors.length).toBeGreaterThan(0);
      expect(response.body.errors[0]).toEqual({
        line: expect.any(Number),
        code: 'SCORE_ROW_UNREADABLE',
        params: { questionCode: expect.stringMatching(/^\d\.\d$/), rowText: expect.any(String) },
        message: expect.stringMatching(/^The row for sub-question \d\.\d could not be read/),
      });
    });

    it('a scanned PDF, with no text layer (422 saying so)', async () => {
      const response = await importBytes(manager, reportFixtureBytes('avesta-2014.scan.pdf'), 'application/pdf').expect(422);
      expect(response.body).toMatchObject({ code: 'IMPORT.NO_TEXT_LAYER', message: expect.stringContaining('no text') });
      // Listed as a refused text's errors are, with a code a client words in its own language.
      expect(response.body.errors).toEqual([{ line: null, code: 'NO_TEXT_LAYER', params: {}, message: response.body.message }]);
    });

    it('a damaged PDF (422)', async () => {
      const pdf = reportFixtureBytes('avesta-2014.pdf');
      const response = await importBytes(manager, pdf.subarray(0, Math.floor(pdf.length / 3)), 'application/pdf').expect(422);
      // The reason PDF.js gives, carried back from the thread that read the file.
      expect(response.body).toMatchObject({ code: 'IMPORT.UNREADABLE_FILE', message: expect.stringContaining('(Invalid PDF structure.)') });
      expect(response.body.errors).toEqual([{ line: null, code: 'PDF_DAMAGED', params: { reason: 'Invalid PDF structure.' }, message: response.body.message }]);
    });

    it('a damaged Word document (422, the reason the library gives as a param)', async () => {
      const docx = reportFixtureBytes('avesta-2014.docx');
      const response = await importBytes(manager, docx.subarray(0, Math.floor(docx.length * 0.9)), 'application/octet-stream').expect(422);
      expect(response.body).toMatchObject({ code: 'IMPORT.UNREADABLE_FILE', message: expect.stringMatching(/^The Word document could not be read \(.+\); nothing was saved$/) });
      expect(response.body.errors).toEqual([{ line: null, code: 'WORD_DAMAGED', params: { reason: expect.any(String) }, message: response.body.message }]);
    });

    it('UTF-8 text with a stray Latin-1 byte (422, the line of the first as the line and a param)', async () => {
      const at = avesta.indexOf('Område 3');
      const damaged = Buffer.concat([Buffer.from(avesta.slice(0, at), 'utf8'), Buffer.from([0xe9]), Buffer.from(avesta.slice(at), 'utf8')]);
      const line = avesta.slice(0, at).split('\n').length;
      const response = await importBytes(manager, damaged, 'text/plain').expect(422);
      expect(response.body.code).toBe('IMPORT.UNREADABLE_FILE');
      expect(response.body.errors).toEqual([{ line, code: 'UTF8_DAMAGED', params: { line, byteCount: 1 }, message: response.body.message }]);
    });

    it.each([
      ['a PNG picture', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), 'image/png', 'PICTURE', { kind: 'PNG' }],
      ['a JPEG picture', Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(64, 0x80)]), 'image/jpeg', 'PICTURE', { kind: 'JPEG' }],
      ['a Word 97-2003 document', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512, 1)]), 'application/msword', 'OLD_OFFICE_FORMAT', {}],
      ['a ZIP archive that is not a Word document', Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from('content.xml')]), 'application/zip', 'ZIP_NOT_WORD', { kind: 'zip' }],
      [
        'an OpenDocument text',
        Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from('mimetypeapplication/vnd.oasis.opendocument.text content.xml')]),
        'application/vnd.oasis.opendocument.text',
        'ZIP_NOT_WORD',
        { kind: 'odt' },
      ],
      // Text in no encoding the import reads, as far as chardet can tell.
      ['binary data', Buffer.from(Array.from({ length: 4000 }, (_, index) => (index * 7919) % 256)), 'application/octet-stream', 'UNKNOWN_ENCODING', {}],
      ['Russian text in KOI8-R', Buffer.from(Array.from({ length: 210 }, (_, index) => [0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4, 0x20][index % 7])), 'text/plain', 'UNKNOWN_ENCODING', {}],
      // Valid UTF-8, but with control bytes no text holds.
      ['text holding binary data', Buffer.from('Analys av Avesta kommun\u0000\u0001\u0002\u0003\n'), 'application/octet-stream', 'BINARY_FILE', {}],
    ])('%s (415, naming the formats accepted)', async (_, bytes, contentType, code, params) => {
      const response = await importBytes(manager, bytes, contentType).expect(415);
      expect(response.body.code).toBe('IMPORT.UNSUPPORTED_FORMAT');
      expect(response.body.message).toMatch(/PDF.*Word document \(\.docx\).*UTF-8.*UTF-16.*Windows-1252.*ISO-8859-1/);
      expect(response.body.errors).toEqual([{ line: null, code, params, message: response.body.message }]);
    });

    it('a file over 2 MB uploaded as multipart (413)', async () => {
      const big = Buffer.concat([reportFixtureBytes('avesta-2014.pdf'), Buffer.alloc(2 * 1024 * 1024, 32)]);
      const response = await uploadFile(manager, big, 'report.pdf').expect(413);
      expect(response.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The file is larger than 2 MB, the most the import accepts' });
      expect(response.body.errors).toEqual([{ line: null, code: 'FILE_TOO_LARGE', params: { maxMegabytes: 2 }, message: response.body.message }]);
    });

    it('a PDF body over 2 MB (413)', async () => {
      const big = Buffer.concat([reportFixtureBytes('avesta-2014.pdf'), Buffer.alloc(2 * 1024 * 1024, 32)]);
      const response = await importBytes(manager, big, 'application/pdf').expect(413);
      expect(response.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the 2 MB this address accepts' });
      expect(response.body.errors).toEqual([{ line: null, code: 'FILE_TOO_LARGE', params: { maxMegabytes: 2 }, message: response.body.message }]);
    });

    it("another municipality's report (422)", async () => {
      const response = await importText(elsewhere, avesta).expect(422);
      expect(response.body.errors[0].message).toMatch(/Avesta/);
      expect(response.body.errors[0]).toMatchObject({ line: null, code: 'OTHER_MUNICIPALITY', params: { reportMunicipality: 'Avesta', reportCode: '2084' } });
    });

    it('a body over 2 MB (413), before parsing', async () => {
      const response = await importText(manager, avesta.repeat(Math.ceil((2.2 * 1024 * 1024) / avesta.length))).expect(413);
      expect(response.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the 2 MB this address accepts' });
    });

    it('a JSON text holding a NUL character (400 naming the field, not a failure of the database)', async () => {
      const damaged = avesta.replace('Avesta 2020', 'Avesta\u00002020');
      const response = await t.http.post('/api/evaluations/import').set(as(manager)).send({ text: damaged }).expect(400);
      expect(response.body.details).toEqual([{ field: 'text', message: 'text must not contain NUL characters' }]);
    });

    it('a JSON body whose text is not a string, or with unknown fields, and a multipart file with a field beside it (400)', async () => {
      const notText = await t.http.post('/api/evaluations/import').set(as(manager)).send({ text: 42 }).expect(400);
      expect(notText.body.details[0].field).toBe('text');
      const extra = await t.http.post('/api/evaluations/import').set(as(manager)).send({ text: avesta, municipalityId: 'x' }).expect(400);
      expect(extra.body.details[0].field).toBe('municipalityId');
      // A multipart form likewise: the file alone.
      const beside = await uploadFile(manager, Buffer.from(avesta), 'report.txt', TRY).field('municipalityId', 'x').expect(400);
      expect(beside.body.details).toEqual([{ field: 'municipalityId', message: 'property municipalityId should not exist' }]);
    });

    it('a viewer (403)', async () => {
      await importText(viewer, avesta).expect(403);
    });
  });

  describe('inside the transaction', () => {
    // A write that fails after the evaluation row is written: a trigger refuses the references.
    const FAIL_REFERENCES = `
      CREATE FUNCTION fail_reference_insert() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'reference insert refused by the test'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_reference_insert BEFORE INSERT ON evaluation_reference FOR EACH ROW EXECUTE FUNCTION fail_reference_insert();`;
    const REMOVE_TRIGGER = 'DROP TRIGGER IF EXISTS fail_reference_insert ON evaluation_reference; DROP FUNCTION IF EXISTS fail_reference_insert();';

    afterEach(() => t.dataSource.query(REMOVE_TRIGGER));

    it('a write that fails leaves no evaluation, scores or findings behind', async () => {
      const before = await rowCounts();
      await t.dataSource.query(FAIL_REFERENCES);
      const response = await importText(manager, avesta, '?allowDuplicate=true').expect(500);
      expect(response.body.code).toBe('INTERNAL_ERROR');
      expect(await rowCounts()).toEqual(before);
      await t.dataSource.query(REMOVE_TRIGGER);
      await importText(manager, avesta, '?allowDuplicate=true').expect(201);
      expect((await rowCounts()).evaluations).toBe(before.evaluations + 1);
    });
  });

  describe('never answers 5xx to what a caller may send (seeded property test)', () => {
    const clean = reportFixtureBytes('avesta-2014.txt');
    const files = readdirSync(join(__dirname, '..', 'fixtures', 'reports'))
      .filter((name) => /\.(txt|pdf|docx)$/.test(name))
      .map((name) => reportFixtureBytes(name));
    const sections = avesta.split(/\n(?=Område [1-8] |4\. Översikt)/);
    const statusOf = async (bytes: Buffer) => (await importBytes(manager, bytes, 'application/octet-stream', TRY)).status;

    it('random bytes give a 4xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 3000 }), async (bytes) => {
          const status = await statusOf(Buffer.from(bytes));
          expect(status).toBeGreaterThanOrEqual(400);
          expect(status).toBeLessThan(500);
        }),
        { seed: 2084, numRuns: 60 },
      );
    });

    it('every fixture cut at random points gives a 4xx, or the import when the cut spared it', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: files.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), async (file, fraction) => {
          const bytes = files[file];
          const status = await statusOf(bytes.subarray(0, Math.floor(bytes.length * fraction)));
          expect([200, 400, 409, 413, 415, 422]).toContain(status);
        }),
        { seed: 2084, numRuns: 100 },
      );
      expect(files.length).toBeGreaterThan(25);
    });

    it('the sections shuffled, dropped or repeated give a 4xx or the import, never a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 0, max: sections.length - 1 }), { minLength: 1, maxLength: sections.length + 2 }), async (order) => {
          const status = await statusOf(Buffer.from(order.map((index) => sections[index]).join('\n'), 'utf8'));
          expect([200, 409, 422]).toContain(status);
        }),
        { seed: 2084, numRuns: 40 },
      );
      expect(clean.length).toBeGreaterThan(0);
    });
  });
});
