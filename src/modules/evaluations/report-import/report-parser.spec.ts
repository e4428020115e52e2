import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMunicipalityList } from '../../identity/data/municipality-list';
import { FRAMEWORKS } from '../frameworks';
import type { ImportError, ImportWarning, ParsedReport, ReportParseResult } from './parsed-report';
import { parseOrRefuse } from './report-import.service';
import { parseReport } from './report-parser';

const FIXTURES = join(__dirname, '../../../../test/fixtures/reports');
const readFixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const context = { frameworks: FRAMEWORKS, municipalities: loadMunicipalityList() };
const parse = (text: string): ReportParseResult => parseReport(text, context);

function parsed(text: string): { report: ParsedReport; warnings: ImportWarning[] } {
  const result = parse(text);
  if (!result.ok) throw new Error(`Expected the report to parse, got: ${JSON.stringify(result.errors, null, 2)}`);
  return result;
}

function refused(text: string): ImportError[] {
  const result = parse(text);
  if (result.ok) throw new Error('Expected the report to be refused');
  return result.errors;
}

const messages = (errors: ImportError[]): string[] => errors.map((error) => error.message);

/** Line numbers shift with the layout; everything else must not. */
function withoutLineNumbers(result: ReportParseResult) {
  if (!result.ok) return result;
  return {
    report: { ...result.report, scores: result.report.scores.map(({ line: _line, ...score }) => score) },
    warnings: result.warnings.map(({ line: _line, ...warning }) => warning),
  };
}

/** 1-based number of the first line of `text` that satisfies `predicate`. */
function lineNumberOf(text: string, predicate: (line: string) => boolean): number {
  return text.split(/\r?\n/).findIndex(predicate) + 1;
}

const AVESTA = readFixture('avesta-2014.txt');

describe('parseReport on the Avesta 2014 report', () => {
  const { report, warnings } = parsed(AVESTA);

  it('identifies the municipality, the date and the framework', () => {
    expect(report.municipality).toEqual({ code: '2084', name: 'Avesta' });
    expect(report.year).toBe(2014);
    expect(report.month).toBe(12);
    expect(report.conductedOn).toBe('2014-12-01');
    expect(report.frameworkKey).toBe('kommunkompassen-2010');
    expect(report.title).toBe('KommunKompassen Avesta kommun 2014');
  });

  it.each([
    ['Falu kommun', 'FALU KOMMUN', { code: '2080', name: 'Falun' }],
    ['Västerås stad', 'VÄSTERÅS STAD', { code: '1980', name: 'Västerås' }],
    ['Göteborgs Stad', 'GÖTEBORGS STAD', { code: '1480', name: 'Göteborg' }],
  ])('identifies a report on %s', (own, cover, municipality) => {
    const text = AVESTA.replace(/Avesta kommun/g, own).replace('AVESTA KOMMUN', cover);
    expect(parsed(text).report.municipality).toEqual(municipality);
  });

  it('keeps all 45 sub-question scores as printed', () => {
    // [code, achieved, max, percent] as printed in section 4 of the report, an area a line.
    // prettier-ignore
    const printed: [string, number, number, number][] = [
      ['1.1', 10, 15, 65], ['1.2', 8, 20, 42], ['1.3', 8, 25, 30], ['1.4', 23, 30, 78], ['1.5', 3, 10, 34],
      ['2.1', 5, 15, 30], ['2.2', 12, 25, 49], ['2.3', 6, 15, 43], ['2.4', 6, 15, 38], ['2.5', 7, 15, 45], ['2.6', 5, 15, 35],
      ['3.1', 8, 15, 50], ['3.2', 12, 25, 48], ['3.3', 16, 25, 63], ['3.4', 12, 20, 62], ['3.5', 8, 15, 55],
      ['4.1', 5, 15, 30], ['4.2', 4, 10, 40], ['4.3', 11, 20, 54], ['4.4', 10, 15, 66], ['4.5', 8, 20, 42], ['4.6', 6, 20, 31],
      ['5.1', 6, 15, 40], ['5.2', 8, 20, 40], ['5.3', 6, 20, 30], ['5.4', 9, 15, 57], ['5.5', 8, 20, 42], ['5.6', 9, 10, 92],
      ['6.1', 5, 15, 30], ['6.2', 16, 20, 79], ['6.3', 10, 25, 39], ['6.4', 6, 15, 41], ['6.5', 11, 15, 74], ['6.6', 3, 10, 32],
      ['7.1', 5, 15, 32], ['7.2', 11, 25, 43], ['7.3', 11, 20, 53], ['7.4', 4, 20, 19], ['7.5', 14, 20, 68],
      ['8.1', 10, 15, 64], ['8.2', 15, 20, 76], ['8.3', 16, 20, 79], ['8.4', 13, 15, 83], ['8.5', 2, 10, 20], ['8.6', 12, 20, 58],
    ];
    expect(report.scores.map((score) => [score.questionCode, score.achievedPoints, score.maxPoints, score.reportedPercent])).toEqual(
      printed,
    );
    expect(report.scores.find((score) => score.questionCode === '1.1')).toMatchObject({
      achievedPoints: 10,
      maxPoints: 15,
      reportedPercent: 65,
      line: lineNumberOf(AVESTA, (line) => line.startsWith('1.1\t')),
    });
  });

  it('keeps the printed area totals, which add up to 404 of 800', () => {
    expect(report.areaTotals.map((area) => [area.areaNumber, area.reportedTotal, area.reportedMax, area.reportedPercent])).toEqual([
      [1, 52, 100, 52],
      [2, 41, 100, 41],
      [3, 56, 100, 56],
      [4, 44, 100, 44],
      [5, 46, 100, 46],
      [6, 52, 100, 52],
      [7, 45, 100, 45],
      [8, 68, 100, 68],
    ]);
    expect(report.areaTotals.reduce((sum, area) => sum + area.reportedTotal, 0)).toBe(404);
    expect(report.areaTotals[5].title).toBe('Kommunen som arbetsgivare - personalpolitik');
  });

  it('warns only that area 6 rows add up to 51 while the report prints 52', () => {
    expect(warnings).toEqual([
      {
        code: 'AREA_SUM_MISMATCH',
        params: { areaNumber: 6, areaTitle: 'Kommunen som arbetsgivare - personalpolitik', summed: 51, printed: 52 },
        areaNumber: 6,
        // The sum row right after sub-question 6.6.
        line: lineNumberOf(AVESTA, (line) => line.startsWith('6.6\t')) + 1,
        message: expect.stringMatching(/Area 6 .*51.*52/),
      },
    ]);
  });

  it('reads 24 strengths, 33 improvement opportunities and 19 weaknesses in their areas', () => {
    const count = (kind: string) => report.findings.filter((finding) => finding.kind === kind).length;
    expect([count('strength'), count('improvement'), count('weakness')]).toEqual([24, 33, 19]);

    const perArea = (kind: string) =>
      [1, 2, 3, 4, 5, 6, 7, 8].map(
        (area) => report.findings.filter((finding) => finding.areaNumber === area && finding.kind === kind).length,
      );
    expect(perArea('strength')).toEqual([4, 3, 2, 3, 2, 4, 3, 3]);
    expect(perArea('improvement')).toEqual([3, 4, 6, 4, 4, 6, 2, 4]);
    expect(perArea('weakness')).toEqual([3, 4, 5, 2, 2, 1, 2, 0]);
  });

  it('keeps each finding text and its order within the cell', () => {
    const cell = (area: number, kind: string) => report.findings.filter((finding) => finding.areaNumber === area && finding.kind === kind);
    const texts = (area: number, kind: string) => cell(area, kind).map((finding) => finding.text);

    expect(texts(1, 'strength')).toEqual([
      'Tydlig strategi för medborgarinflytande',
      'Annonsering dagspress och annonsblad',
      'Många goda exempel på forum för medborgardialog',
      'Fungerande medborgarförslagsverksamhet',
    ]);
    expect(texts(1, 'improvement').at(-1)).toBe('Kommunövergripande strategi kring motverkande av korruption.');
    expect(texts(3, 'improvement')[0]).toBe('Förenkla och förtydliga kommunövergripande vision');
    expect(texts(3, 'improvement').at(-1)).toBe('Skapa forum för planering, uppföljning och analys i budgetprocessen');
    expect(texts(3, 'weakness').at(-1)).toBe('Inga återkommande politikerundersökningar');
    expect(texts(6, 'weakness')).toEqual(['Ingen kommunövergripande medarbetarutbildning']);
    expect(texts(8, 'strength')).toEqual([
      'Mål för kulturliv, näringsliv och miljö i budget',
      'Avesta 2020 – stöd och samverkan med näringslivet',
      'Skolan har många internationella samarbetsprojekt',
    ]);
    expect(texts(8, 'improvement').at(-1)).toBe('Utveckla de internationella kontakterna');
    expect(cell(2, 'weakness').map((finding) => finding.position)).toEqual([1, 2, 3, 4]);
  });

  it('finds the municipalities named as examples, in the area where they are named', () => {
    const named = (area: number) =>
      report.references.filter((reference) => reference.areaNumber === area).map((reference) => reference.municipalityName);

    expect(named(1)).toEqual(['Karlstad', 'Örebro', 'Gällivare', 'Sundsvall']);
    // prettier-ignore
    expect(named(2)).toEqual([
      'Hammarö', 'Örebro', 'Nacka',
      'Nacka', 'Upplands Väsby', 'Karlstad',
      'Skellefteå', 'Järfälla',
      'Karlstad',
      'Hammarö',
      'Vetlanda',
      'Kungsbacka',
    ]);
    expect(named(3)).toEqual(['Ängelholm', 'Karlstad', 'Kramfors', 'Örebro']);
    expect(named(4)).toEqual(['Västerås', 'Eskilstuna', 'Sundsvall', 'Eskilstuna']);
    expect(named(5)).toEqual(['Nacka', 'Eskilstuna']);
    expect(named(6)).toEqual([]);
    expect(named(7)).toEqual(['Karlskrona', 'Kungsbacka', 'Örebro', 'Borås', 'Malung-Sälen', 'Motala']);
    expect(named(8)).toEqual([]);
    expect(report.references.some((reference) => reference.municipalityCode === '2084')).toBe(false);
  });

  it('quotes the sentence that names the municipality, with its code', () => {
    expect(report.references).toContainEqual({
      areaNumber: 1,
      municipalityCode: '1780',
      municipalityName: 'Karlstad',
      sentence: 'Här är Karlstad kommun ett gott exempel.',
    });
    expect(report.references).toContainEqual({
      areaNumber: 2,
      municipalityCode: '0114',
      municipalityName: 'Upplands Väsby',
      sentence: 'Här finns flera kommuner att titta på. Nacka, Upplands Väsby och Karlstad.',
    });
    expect(report.references).toContainEqual({
      areaNumber: 7,
      municipalityCode: '2023',
      municipalityName: 'Malung-Sälen',
      sentence: 'Inspiration kan hämtas från Borås, Malung-Sälen och Motala.',
    });
  });

  it('does not take a mere mention for an example', () => {
    // "Avesta deltar i ett aspirantprogram … tillsammans med Västerås." and "I Arvika finns vissa anslag …"
    const sentences = report.references.map((reference) => reference.sentence);
    expect(sentences.some((sentence) => sentence.includes('tillsammans med Västerås'))).toBe(false);
    expect(report.references.some((reference) => reference.municipalityName === 'Arvika')).toBe(false);
  });
});

describe('parseReport on layout variants of the Avesta report', () => {
  const original = withoutLineNumbers(parse(AVESTA));

  it.each([
    'avesta-2014.crlf.txt',
    'avesta-2014.nbsp.txt',
    'avesta-2014.page-headers.txt',
    'avesta-2014.hyphen-bullets.txt',
    'avesta-2014.star-bullets.txt',
    'avesta-2014.en-dash-items-on-own-lines.txt',
    'avesta-2014.wrapped.txt',
    'avesta-2014.no-list-tags.txt',
    'avesta-2014.tabs-as-spaces.txt',
    'avesta-2014.tabs-as-single-spaces.txt',
    'avesta-2014.all-at-once.txt',
  ])('%s gives the same report', (file) => {
    const variant = readFixture(file);
    expect(variant).not.toBe(AVESTA);
    expect(withoutLineNumbers(parse(variant))).toEqual(original);
  });

  it('gives line numbers in the text as given', () => {
    const variant = readFixture('avesta-2014.page-headers.txt');
    const score = parsed(variant).report.scores.find((candidate) => candidate.questionCode === '8.4');
    expect(score?.line).toBe(lineNumberOf(variant, (line) => line.startsWith('8.4\t')));
  });
});

describe('parseReport refusing what is not a complete report', () => {
  it.each(['', '   \r\n\t\n '])('refuses an empty text (%j)', (text) => {
    expect(refused(text)).toEqual([{ line: null, code: 'EMPTY_TEXT', params: {}, message: expect.stringContaining('The text is empty') }]);
  });

  it('refuses a novel, naming what is missing', () => {
    const errors = messages(refused(readFixture('novel.txt')));
    expect(errors).toEqual(
      expect.arrayContaining([
        "No score tables found (section 4, 'Översikt av poängfördelning')",
        expect.stringContaining('No area sections found'),
        expect.stringContaining('does not name the evaluated municipality'),
        expect.stringContaining('does not say when the evaluation was made'),
      ]),
    );
  });

  it('refuses the report with section 4 cut off', () => {
    expect(messages(refused(readFixture('avesta-2014.section-4-cut.txt')))).toEqual([
      "No score tables found (section 4, 'Översikt av poängfördelning')",
    ]);
  });

  it("refuses the report when one area's score rows are missing, pointing at its table", () => {
    const text = readFixture('avesta-2014.area-7-rows-missing.txt');
    expect(refused(text)).toEqual([
      {
        line: lineNumberOf(text, (line) => line.startsWith('7.\tVerksamhetsutveckling')),
        code: 'AREA_WITHOUT_SCORE_ROWS',
        params: { areaNumber: 7, areaTitle: 'Verksamhetsutveckling' },
        message: 'Area 7 (Verksamhetsutveckling) has no score rows in section 4',
      },
    ]);
  });

  it('refuses a score table that lacks one sub-question', () => {
    const text = AVESTA.replace(/^3\.4\t.*\n/m, '');
    expect(messages(refused(text))).toEqual([expect.stringMatching(/^Sub-question 3\.4 .* is missing from the score table of area 3/)]);
  });

  it('refuses a score table without its sum row', () => {
    const text = AVESTA.replace('\t\t56\t100\t56%\n', '');
    expect(messages(refused(text))).toEqual([expect.stringContaining('Area 3 (Politisk styrning och kontroll) has no sum row')]);
  });

  it('refuses more points than the max', () => {
    const text = AVESTA.replace(
      '1.1\tFinns en plan/strategi för demokratiutveckling och information?\t10\t15',
      '1.1\tFinns en plan/strategi för demokratiutveckling och information?\t16\t15',
    );
    expect(messages(refused(text))).toContainEqual(expect.stringContaining('Sub-question 1.1: 16 points achieved exceed its max of 15'));
    expect(refused(text)).toContainEqual(expect.objectContaining({ code: 'POINTS_ABOVE_MAX', params: { questionCode: '1.1', achieved: 16, max: 15 } }));
  });

  it('refuses an area whose sum row prints more points than its max, naming the area and line', () => {
    const text = AVESTA.replace('\t\t52\t100\t52%', '\t\t152\t100\t152%');
    expect(text).not.toBe(AVESTA);
    expect(refused(text)).toEqual([
      {
        line: lineNumberOf(text, (line) => line === '\t\t152\t100\t152%'),
        code: 'AREA_SUM_ABOVE_MAX',
        params: { areaNumber: 1, areaTitle: 'Offentlighet och demokrati', total: 152, max: 100 },
        message: 'Area 1 (Offentlighet och demokrati): the sum row prints 152 points, above its max of 100',
      },
    ]);
  });

  it('refuses a report on a municipality that is not in the list', () => {
    const text = AVESTA.replace(/Avesta kommun/g, 'Atlantis kommun').replace('AVESTA KOMMUN', 'ATLANTIS KOMMUN');
    expect(refused(text)).toEqual([
      {
        line: lineNumberOf(text, (line) => line.startsWith('Utvärderingen av Atlantis kommun')),
        code: 'MUNICIPALITY_UNKNOWN',
        params: { printedName: 'Atlantis', municipalityCount: 290 },
        message: expect.stringContaining('"Atlantis", which is not in the list of Sweden\'s 290 municipalities'),
      },
    ]);
  });

  it('refuses a report whose area section has no findings table', () => {
    const text = AVESTA.replace(/Styrkor\tFörbättringsmöjligheter\tSvagheter\n(?=<ul[^\n]*\n\nOmråde 6)/, '');
    expect(messages(refused(text))).toEqual([expect.stringContaining('Area 5 (Resultat och effektivitet) has no findings table')]);
    expect(refused(text)[0]).toMatchObject({ code: 'AREA_WITHOUT_FINDINGS_TABLE', params: { areaNumber: 5, areaTitle: 'Resultat och effektivitet' } });
  });

  it('refuses a report without the section of one area, naming the area', () => {
    const text = AVESTA.replace(/^Område 3 Politisk styrning och kontroll$/m, 'Politisk styrning och kontroll');
    expect(text).not.toBe(AVESTA);
    expect(refused(text)).toContainEqual({
      line: null,
      code: 'AREA_WITHOUT_SECTION',
      params: { areaNumber: 3, areaTitle: 'Politisk styrning och kontroll' },
      message: 'Area 3 (Politisk styrning och kontroll) has no section in the detailed review (section 3, heading "Område 3 Politisk styrning och kontroll")',
    });
  });

  it('never throws, whatever the text (it no longer catches its own exceptions, so a defect would fail here)', () => {
    let seed = 2084;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = ['•', '-', '\t', '\n', '\r', ' ', '%', '1.', '4.', 'Område ', 'Styrkor', '<ul>', '5', 'ä', '\u00a0', '(', '[', '\\'];
    const texts: string[] = [];
    for (let i = 0; i < 100; i++) {
      const start = Math.floor(random() * AVESTA.length);
      texts.push(AVESTA.slice(start, start + Math.floor(random() * 20000)));
      texts.push(Array.from({ length: 200 }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    }
    for (const text of texts) {
      expect(() => parse(text)).not.toThrow();
      expect(typeof parse(text).ok).toBe('boolean');
    }
    expect(parseReport(undefined as unknown as string, context).ok).toBe(false);
  });
});

describe('parseReport on text made by other tools from the Avesta PDF', () => {
  const original = withoutLineNumbers(parse(AVESTA));

  it.each(['avesta-2014.pdf.layout.txt', 'avesta-2014.headings-in-cells.pdf.layout.txt', 'avesta-2014.headings-in-cells.pdf.raw.txt'])(
    '%s gives the same report',
    (file) => {
      expect(withoutLineNumbers(parse(readFixture(file)))).toEqual(original);
    },
  );

  it('reads the findings table that a page break splits in two, the page footer and header between its parts', () => {
    const text = readFixture('avesta-2014.pdf.layout.txt');
    const lines = text.split('\n');
    const header = lines.findIndex((line) => line.includes('Styrkor') && line.includes('Svagheter') && lines.slice(0, lines.indexOf(line)).some((l) => l.includes('Område 2 Tillgänglighet')));
    const footer = lines.findIndex((line, index) => index > header && /Sveriges Kommuner och Landsting 2015-01-16 +\d+ \(23\)/.test(line));
    const nextArea = lines.findIndex((line, index) => index > header && line.trim().startsWith('Område 3 '));
    expect(footer).toBeGreaterThan(header);
    expect(footer).toBeLessThan(nextArea);
    const area2 = parsed(text).report.findings.filter((finding) => finding.areaNumber === 2);
    expect(area2.filter((finding) => finding.kind === 'weakness').map((finding) => finding.text)).toEqual([
      'Det finns ingen kommunövergripande strategi för brukarfokus',
      'Inga möjligheter att jämföra enheter avseende kvalitet och resultat',
      'Servicecenter eller liknande saknas',
      'Endast en servicedeklaration',
    ]);
  });
});

describe('parseReport on other bullet glyphs, and on none', () => {
  const original = withoutLineNumbers(parse(AVESTA));

  it.each([
    ['\uf0b7', 'the Symbol-font bullet Word leaves in copied text'],
    ['▪', 'a small square'],
  ])('reads %s (%s) as a bullet', (glyph) => {
    expect(withoutLineNumbers(parse(AVESTA.replace(/•/g, glyph)))).toEqual(original);
  });

  it('reads " - " inside an item as punctuation when each item has a line of its own, as a Latin-1 copy writes the dash', () => {
    // ISO-8859-1 has no "–" or "•": a conversion writes both as "-", the bullets and the dash in "Avesta 2020 – stöd …" alike.
    const latin1 = readFixture('avesta-2014.en-dash-items-on-own-lines.txt').replace(/[–•]/g, '-');
    expect(latin1).toContain('- Avesta 2020 - stöd och samverkan med näringslivet');
    const findings = parsed(latin1).report.findings.map((finding) => finding.text);
    expect(findings).toEqual(parsed(AVESTA).report.findings.map((finding) => finding.text.replace(/–/g, '-')));
  });

  it.each([
    ['in capitals', (heading: string) => heading.toLocaleUpperCase('sv-SE')],
    ['numbered as subsections of section 3', (heading: string) => `3.${heading.split(' ')[1]} ${heading}`],
  ])('finds the area sections with their headings %s', (_, rewrite) => {
    const text = AVESTA.replace(/^Område [1-8] .+$/gm, (heading) => rewrite(heading));
    expect(text).toMatch(/^(OMRÅDE 1 OFFENTLIGHET|3\.1 Område 1 Offentlighet)/m);
    expect(withoutLineNumbers(parse(text))).toEqual(withoutLineNumbers(parse(AVESTA)));
  });

  it('reads score rows whose text stands on lines of its own around the figures, as a table with cells centred vertically gives', () => {
    // Each question's text split around its row: the first half above it, the rest below.
    const text = AVESTA.replace(/^([1-8]\.\d{1,2})\t([^\t]+)\t(\d+)\t(\d+)\t(\d+%)$/gm, (_, code: string, question: string, achieved: string, max: string, percent: string) => {
      const words = question.split(' ');
      const half = Math.ceil(words.length / 2);
      return `\t${words.slice(0, half).join(' ')}\n${code}\t\t${achieved}\t${max}\t${percent}\n\t${words.slice(half).join(' ')}`;
    });
    expect(text).toContain('\n1.4\t\t23\t30\t78%\n');
    expect(withoutLineNumbers(parse(text))).toEqual(withoutLineNumbers(parse(AVESTA)));
  });

  it('reads items without glyphs in fixed-width columns by their hanging indent', () => {
    const layout = readFixture('avesta-2014.pdf.layout.txt');
    const withoutGlyphs = layout.replace(/• /g, '  ');
    expect(withoutGlyphs).not.toContain('•');
    expect(withoutLineNumbers(parse(withoutGlyphs))).toEqual(original);
  });
});

describe('parseReport with page furniture injected at random places (seeded)', () => {
  const original = withoutLineNumbers(parse(AVESTA));
  const FURNITURE = [
    (page: number) => `Sveriges Kommuner och Landsting 2015-01-16\t${page} (26)`,
    (page: number) => `Sida ${page} av 26`,
    () => 'Avesta kommun – KommunKompassen 2014',
    (page: number) => `- ${page} -`,
    () => 'Kommunkompassen\t2014',
    (page: number) => `Sida ${page}`,
  ];
  /**
   * Every 10 to 40 lines a footer, a running header or both; now and then right after a findings
   * table's heading row, or after the first line of its cells (inside a wrapped item).
   */
  function withFurniture(text: string, seed: number): string {
    let state = seed;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const kinds = FURNITURE.filter(() => random() < 0.6);
    if (kinds.length === 0) kinds.push(FURNITURE[0]);
    const lines = text.split('\n');
    const headingRows = lines.flatMap((line, index) => (/^\s*Styrkor\s+Förbättringsmöjligheter\s+Svagheter$/.test(line) ? [index] : []));
    const out: string[] = [];
    let page = 1;
    let nextBreak = 10 + Math.floor(random() * 30);
    lines.forEach((line, index) => {
      if (headingRows.some((row) => index === row + 1 || index === row + 2) && random() < 0.4) nextBreak = out.length;
      if (out.length >= nextBreak) {
        page++;
        for (const kind of kinds) out.push(kind(page));
        nextBreak = out.length + 10 + Math.floor(random() * 30);
      }
      out.push(line);
    });
    return out.join('\n');
  }

  it.each(Array.from({ length: 25 }, (_, index) => index + 1))('seed %i changes nothing', (seed) => {
    const text = withFurniture(AVESTA, seed);
    expect(text.length).toBeGreaterThan(AVESTA.length);
    expect(withoutLineNumbers(parse(text))).toEqual(original);
  });

  it.each(['avesta-2014.wrapped.txt', 'avesta-2014.pdf.layout.txt', 'avesta-2014.headings-in-cells.pdf.raw.txt'])(
    'in %s, wrapped items and fixed-width tables included, seeds 100 to 109 change nothing',
    (file) => {
      const text = readFixture(file);
      for (let seed = 100; seed < 110; seed++) {
        expect(withoutLineNumbers(parse(withFurniture(text, seed)))).toEqual(original);
      }
    },
  );

  it.each(['Summa', 'Totalt', 'Summa:'])('reads every area sum row labelled "%s" as its sum, not as a running footer', (label) => {
    const text = AVESTA.replace(/^\t\t(\d+\t\d+\t\d+%)$/gm, `${label}\t$1`);
    expect(text.match(new RegExp(`^${label}\t`, 'gm'))).toHaveLength(8);
    expect(withoutLineNumbers(parse(text))).toEqual(original);
  });

  it('the same kind of line, recurring with no page numbers that run on, is content and is kept', () => {
    // The points of an area printed on a line of their own recur, but never as 7, 8, 9 …
    const text = AVESTA.replace(/\n\nAllmänt\n/g, '\n\n12\n\nAllmänt\n');
    expect(parsed(text).report.findings).toHaveLength(76);
  });
});

describe('parseReport on the findings table in column blocks (each kind heading above its items)', () => {
  /** Rewrites every findings table as three blocks: "Styrkor", its items one a line, "Förbättringsmöjligheter", … */
  function columnBlocks(text: string): string {
    const lines = text.split('\n');
    return lines
      .flatMap((line, index) => {
        if (line === 'Styrkor\tFörbättringsmöjligheter\tSvagheter') return [];
        if (lines[index - 1] !== 'Styrkor\tFörbättringsmöjligheter\tSvagheter') return [line];
        const cells = line.split('\t').map((cell) => cell.replace(/<ul[^>]*>/g, '').split('•').map((item) => item.trim()).filter((item) => item !== ''));
        return ['Styrkor', ...cells[0].map((item) => `• ${item}`), '', 'Förbättringsmöjligheter', ...(cells[1] ?? []).map((item) => `• ${item}`), '', 'Svagheter', ...(cells[2] ?? []).map((item) => `• ${item}`)];
      })
      .join('\n');
  }

  it('gives the same report', () => {
    const text = columnBlocks(AVESTA);
    expect(text).toContain('\nFörbättringsmöjligheter\n• ');
    expect(withoutLineNumbers(parse(text))).toEqual(withoutLineNumbers(parse(AVESTA)));
  });

  it('refuses three headings one under the other followed by all the items (a heading row read in reading order)', () => {
    const lines = AVESTA.split('\n');
    const header = lines.indexOf('Styrkor\tFörbättringsmöjligheter\tSvagheter');
    const items = lines[header + 1].replace(/<ul[^>]*>/g, '').split(/[•\t]/).map((item) => item.trim()).filter((item) => item !== '');
    const text = [...lines.slice(0, header), 'Styrkor', '', 'Förbättringsmöjligheter', '', 'Svagheter', '', ...items.map((item) => `• ${item}`), ...lines.slice(header + 2)].join('\n');
    const errors = refused(text);
    expect(errors).toEqual([
      {
        line: header + 7,
        code: 'FINDINGS_HEADINGS_STACKED',
        params: { areaNumber: 1, areaTitle: 'Offentlighet och demokrati', headerLine: header + 1 },
        message: expect.stringMatching(/^Area 1 \(Offentlighet och demokrati\): .*three headings stand one under the other/),
      },
    ]);
  });

  it('refuses a kind heading out of order, naming the area and line', () => {
    const text = columnBlocks(AVESTA).replace('Svagheter\n• Otydlig kommunikationsstrategi', 'Styrkor\n• Otydlig kommunikationsstrategi');
    const line = lineNumberOf(text, (candidate) => candidate === 'Styrkor') ;
    const errors = refused(text);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/^Area 1 \(Offentlighet och demokrati\): the findings table cannot be split/);
    expect(errors[0]).toMatchObject({
      code: 'FINDINGS_HEADING_OUT_OF_ORDER',
      params: { areaNumber: 1, areaTitle: 'Offentlighet och demokrati', heading: 'Styrkor', headingLine: errors[0].line, previousHeading: 'Förbättringsmöjligheter' },
    });
    expect(errors[0].line).toBeGreaterThan(line);
  });
});

describe('parseReport joining the lines of a wrapped finding', () => {
  /** Area 8's weakness cell (empty in the report) holding one item wrapped over two lines, in the column-block layout. */
  function weaknessOfArea8(first: string, second: string): string[] {
    const lines = AVESTA.split('\n');
    const header = lines.lastIndexOf('Styrkor\tFörbättringsmöjligheter\tSvagheter');
    const cells = lines[header + 1].split('\t');
    const items = (cell: string) => cell.replace(/<ul[^>]*>/g, '').split('•').map((item) => item.trim()).filter((item) => item !== '').map((item) => `• ${item}`);
    const table = ['Styrkor', ...items(cells[0]), 'Förbättringsmöjligheter', ...items(cells[1]), 'Svagheter', `• ${first}`, second];
    const text = [...lines.slice(0, header), ...table, ...lines.slice(header + 2)].join('\n');
    return parsed(text).report.findings.filter((finding) => finding.areaNumber === 8 && finding.kind === 'weakness').map((finding) => finding.text);
  }

  it('undoes a hyphenation when the joined word is a word of the report', () => {
    expect(weaknessOfArea8('Ingen kommunöver-', 'gripande plan')).toEqual(['Ingen kommunövergripande plan']);
  });

  it('keeps a hyphen that belongs to the word, and the space of a left-out word', () => {
    expect(weaknessOfArea8('Få e-', 'tjänster')).toEqual(['Få e-tjänster']);
    expect(weaknessOfArea8('Otydlig mål-', 'och resultatstyrning')).toEqual(['Otydlig mål- och resultatstyrning']);
  });
});

describe('parseOrRefuse, when the parser fails', () => {
  it('refuses the report and logs an error line with the stack for the operator', () => {
    const logged: unknown[][] = [];
    const logger = { error: (...args: unknown[]) => logged.push(args) };
    const result = parseOrRefuse(AVESTA, context, logger, () => {
      throw new TypeError('a defect in the parser');
    });
    expect(result).toEqual({ ok: false, errors: [{ line: null, code: 'PARSER_DEFECT', params: {}, message: expect.stringContaining('error in the import') }] });
    expect(logged).toHaveLength(1);
    expect(logged[0][1]).toEqual(expect.stringContaining('TypeError: a defect in the parser\n    at '));
  });

  it('passes the parser\'s answer through when it does not fail', () => {
    const logger = { error: jest.fn() };
    expect(parseOrRefuse(AVESTA, context, logger).ok).toBe(true);
    expect(logger.error).not.toHaveBeenCalled();
  });
});

describe('parseReport warnings', () => {
  it('warns when a printed percent cannot come from the printed points', () => {
    const text = AVESTA.replace('\t13\t15\t83%', '\t13\t15\t95%');
    expect(parsed(text).warnings).toContainEqual(
      expect.objectContaining({
        code: 'PERCENT_MISMATCH',
        params: { questionCode: '8.4', percent: 95, achieved: 13, max: 15 },
        questionCode: '8.4',
        areaNumber: 8,
        message: expect.stringContaining('95 %'),
      }),
    );
  });

  it('accepts a percent that rounding of the printed points explains', () => {
    // 13 printed points stand for 12.5 to 13.5 of 15, that is 83.3 % to 90 %: 83 % and 86 % fit, 80 % does not.
    expect(parsed(AVESTA.replace('\t13\t15\t83%', '\t13\t15\t86%')).warnings.map((warning) => warning.code)).toEqual(['AREA_SUM_MISMATCH']);
    expect(parsed(AVESTA.replace('\t13\t15\t83%', '\t13\t15\t80%')).warnings).toContainEqual(
      expect.objectContaining({ code: 'PERCENT_MISMATCH', questionCode: '8.4' }),
    );
  });

  it("warns when a max differs from the framework's, keeping the printed max", () => {
    const { report, warnings } = parsed(
      AVESTA.replace('Hur informeras medborgarna?\t8\t20\t42%', 'Hur informeras medborgarna?\t8\t25\t32%'),
    );
    expect(report.scores.find((score) => score.questionCode === '1.2')?.maxPoints).toBe(25);
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'MAX_POINTS_MISMATCH', questionCode: '1.2', areaNumber: 1 }));
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'AREA_MAX_MISMATCH', areaNumber: 1 }));
  });

  it.each([
    ['genomfördes den 3–5 december 2014', 12],
    ['genomfördes den 3 och 4 december 2014', 12],
    ['genomfördes 2014-12-03', 12],
    ['genomfördes den 2014-12-03', 12],
    ['genomfördes i november–december 2014', 11],
    ['genomfördes 27 oktober - 2 november 2014', 10],
  ])('reads the month from "%s"', (sentence, month) => {
    const { report, warnings } = parsed(AVESTA.replace('genomfördes i december år 2014', sentence));
    expect([report.year, report.month]).toEqual([2014, month]);
    expect(warnings.map((warning) => warning.code)).not.toContain('MONTH_NOT_STATED');
  });

  it('dates the evaluation to January when the report gives only the year', () => {
    const { report, warnings } = parsed(AVESTA.replace('genomfördes i december år 2014', 'genomfördes under 2014'));
    expect([report.year, report.month, report.conductedOn]).toEqual([2014, null, '2014-01-01']);
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'MONTH_NOT_STATED' }));
  });
});

describe('parseReport references', () => {
  /** Adds a paragraph to area 8's prose, just before its findings table. */
  function referencesInArea8(paragraph: string): string[] {
    const tableHeader = AVESTA.lastIndexOf('Styrkor\tFörbättringsmöjligheter\tSvagheter');
    const text = `${AVESTA.slice(0, tableHeader)}${paragraph}\n\n${AVESTA.slice(tableHeader)}`;
    return parsed(text)
      .report.references.filter((reference) => reference.areaNumber === 8)
      .map((reference) => reference.municipalityName);
  }

  it('reads genitive and multi-word names', () => {
    expect(
      referencesInArea8('Här är Karlstads kommun ett gott exempel. Upplands-Bro och Lilla Edet är två kommuner som kommit långt.'),
    ).toEqual(['Karlstad', 'Upplands-Bro', 'Lilla Edet']);
  });

  it('matches whole names only, and not ordinary words that are also names', () => {
    expect(
      referencesInArea8(
        'Det kan vara ett gott exempel. Mark och vatten är goda exempel på frågor där Stockholmsregionen har kommit långt. Vara kommun kan tjäna som förebild.',
      ),
    ).toEqual(['Vara']);
  });

  it('never refers to the municipality the report is about', () => {
    expect(referencesInArea8('Avestas arbete med Avesta 2020 är ett gott exempel för andra kommuner.')).toEqual([]);
  });

  it('reads a bare list of names in the paragraph after the cue', () => {
    expect(referencesInArea8('Det finns kommuner att titta på.\n\nLund, Umeå och Gävle.')).toEqual(['Lund', 'Umeå', 'Gävle']);
  });
});

describe('loadMunicipalityList', () => {
  it('lists the 290 municipalities with their four-digit codes', () => {
    const municipalities = loadMunicipalityList();
    expect(municipalities).toHaveLength(290);
    expect(municipalities).toContainEqual({ code: '2084', name: 'Avesta', countyCode: '20' });
    expect(municipalities).toContainEqual({ code: '0114', name: 'Upplands Väsby', countyCode: '01' });
  });
});
