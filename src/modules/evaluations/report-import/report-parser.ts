import { municipalityDisplayName } from '../../identity/municipalities/municipality-name';
import type { FrameworkAreaDefinition, FrameworkDefinition } from '../frameworks/framework-definition';
import type {
  FindingKind,
  ImportError,
  ImportWarning,
  ParsedAreaTotal,
  ParsedFinding,
  ParsedReference,
  ParsedReport,
  ParsedScore,
  ReportParseContext,
  ReportParseResult,
} from './parsed-report';

/**
 * Reads the text of a published KommunKompassen report (DESIGN §5).
 *
 * Forgiving with layout (line endings, non-breaking spaces, tabs turned into spaces, page headers,
 * HTML list tags, bullet glyphs, wrapped lines), strict with meaning: a text without the
 * municipality, the date, every area's score rows and every area's section is refused with errors
 * that name what is missing. Never throws.
 */
export function parseReport(text: string, context: ReportParseContext): ReportParseResult {
  try {
    return parseReportText(text, context);
  } catch {
    // A parser defect must surface as a refused import, not as a failed request.
    return refuse([{ line: null, message: 'The report could not be read because of an internal error in the import.' }]);
  }
}

function parseReportText(text: string, context: ReportParseContext): ReportParseResult {
  if (typeof text !== 'string' || text.trim() === '') {
    return refuse([{ line: null, message: 'The text is empty: expected the text of a KommunKompassen report.' }]);
  }
  const document = readDocument(text);
  const errors: ImportError[] = [];
  const warnings: ImportWarning[] = [];
  const municipalities = municipalityIndex(context.municipalities);

  const municipality = identifyMunicipality(document, municipalities, errors);
  const date = identifyDate(document, warnings, errors);

  const scoreSection = locateScoreSection(document.lines);
  const scoreTables = scoreSection ? groupIntoAreaTables(readScoreRows(document.lines, scoreSection.firstRowIndex), warnings) : null;
  if (!scoreTables || scoreTables.areas.size === 0) {
    errors.push({ line: scoreSection?.headingLine ?? null, message: "No score tables found (section 4, 'Översikt av poängfördelning')" });
  }
  const framework = scoreTables && scoreTables.areas.size > 0 ? recogniseFramework(scoreTables, context.frameworks, errors) : null;
  const scores = framework && scoreTables ? checkScores(scoreTables, framework, warnings, errors) : null;

  const sectionsEnd = scoreSection?.startIndex ?? document.lines.length;
  const sections = framework
    ? locateAreaSections(document.lines, sectionsEnd, framework, errors)
    : requireSomeAreaSection(document.lines, sectionsEnd, errors);

  if (errors.length > 0 || !municipality || !date || !framework || !scores) return refuse(errors);

  const findings: ParsedFinding[] = [];
  const references: ParsedReference[] = [];
  for (const section of sections) {
    findings.push(...readFindingsTable(section, warnings));
    references.push(...findReferences(section, municipalities, municipality.code));
  }

  const report: ParsedReport = {
    municipality: { code: municipality.code, name: municipality.name },
    year: date.year,
    month: date.month,
    conductedOn: `${date.year}-${String(date.month ?? 1).padStart(2, '0')}-01`,
    frameworkKey: framework.key,
    title: `KommunKompassen ${municipalityDisplayName(municipality)} ${date.year}`,
    scores: scores.scores,
    areaTotals: scores.areaTotals,
    findings,
    references,
  };
  return { ok: true, report, warnings };
}

function refuse(errors: ImportError[]): ReportParseResult {
  return { ok: false, errors };
}

// ---------------------------------------------------------------------------------------------
// The text as lines

interface SourceLine {
  /** 1-based line number in the text as given. */
  number: number;
  /** Spaces normalised; page headers and footers blanked. Tabs are kept: they separate columns. */
  text: string;
  /** `text` with every run of whitespace as one space, trimmed: what row and heading patterns read. */
  compact: string;
}

interface SourceDocument {
  lines: SourceLine[];
  /** The normalised lines joined with `\n`, for patterns that may span wrapped lines. */
  text: string;
  lineStarts: number[];
}

const UNUSUAL_SPACES = /[\u00a0\u2007\u202f\u2009\u200a]/g;
const INVISIBLE_CHARACTERS = /[\u200b\u200c\u200d\u2060\ufeff\u00ad\f]/g;
/**
 * "Avesta kommun – KommunKompassen 2014   Sida 7", "Sida 7 av 26", "- 7 -". Capital "Sida" only:
 * a wrapped sentence may well end in "på sida 7".
 */
const PAGE_HEADER = /^(?:.{0,100}\b(?:Sida|SIDA)\s+\d{1,3}(?:\s*(?:av|\/)\s*\d{1,3})?|[-–]\s*\d{1,3}\s*[-–])$/u;

function readDocument(raw: string): SourceDocument {
  const lines = raw.split(/\r\n?|\n/).map((rawLine, index) => {
    const normalised = rawLine.replace(INVISIBLE_CHARACTERS, '').replace(UNUSUAL_SPACES, ' ');
    const compact = collapseSpaces(normalised);
    return PAGE_HEADER.test(compact) ? { number: index + 1, text: '', compact: '' } : { number: index + 1, text: normalised, compact };
  });
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.text.length + 1;
  }
  return { lines, text: lines.map((line) => line.text).join('\n'), lineStarts };
}

function lineNumberAt(document: SourceDocument, offset: number): number {
  let low = 0;
  let high = document.lineStarts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (document.lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** For comparing titles: case, punctuation and dashes do not matter. */
function comparable(text: string): string {
  return collapseSpaces(text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' '));
}

// ---------------------------------------------------------------------------------------------
// Municipality and date

interface MunicipalityIndex {
  list: { code: string; name: string }[];
  byComparableName: Map<string, { code: string; name: string }>;
  mentionPattern: RegExp;
}

const municipalityIndexes = new WeakMap<object, MunicipalityIndex>();

function municipalityIndex(list: { code: string; name: string }[]): MunicipalityIndex {
  const cached = municipalityIndexes.get(list);
  if (cached) return cached;
  // Longest first, so "Upplands Väsby" wins over any shorter name at the same place.
  const alternatives = [...list]
    .sort((a, b) => b.name.length - a.name.length)
    .map((municipality) => escapeRegExp(municipality.name).replace(/ /g, '\\s+'));
  const index: MunicipalityIndex = {
    list,
    byComparableName: new Map(list.map((municipality) => [comparable(municipality.name), municipality])),
    // Whole words only; a trailing "s" is the genitive ("Karlstads kommun", "Eskilstunas ledarskap").
    mentionPattern: new RegExp(`(?<![\\p{L}\\p{N}-])(${alternatives.join('|')})(s?)(?![\\p{L}\\p{N}-])`, 'gu'),
  };
  municipalityIndexes.set(list, index);
  return index;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lookUpMunicipality(index: MunicipalityIndex, printedName: string): { code: string; name: string } | undefined {
  const name = comparable(printedName.replace(/^region\s+/i, ''));
  return index.byComparableName.get(name) ?? (name.endsWith('s') ? index.byComparableName.get(name.slice(0, -1)) : undefined);
}

/** Where a report names the municipality it evaluates, most telling first. */
const OWN_MUNICIPALITY_PATTERNS: RegExp[] = [
  /Utvärderingen\s+av\s+([^.!?]{2,40}?)\s+kommun\s+genomfördes/iu,
  /Utvärderingen\s+av\s+(Region\s+Gotland)\s+genomfördes/iu,
  /ANALYS\s+AV\s+([^.!?]{2,40}?)\s+KOMMUN(?![\p{L}])/u,
  /^[ \t]*\d?[ \t]*([^.!?\n\t]{2,40}?)\s+kommun\s+i\s+förhållande\s+till\s+Kommunkompassen/imu,
  /KommunKompassen\s+([^.!?\n\t]{2,40}?)\s+kommun\s+(?:19|20)\d{2}/iu,
];

/** The first pattern that matches decides: a name it gives that is not in the list is an error, not a cue to look further. */
function identifyMunicipality(
  document: SourceDocument,
  index: MunicipalityIndex,
  errors: ImportError[],
): { code: string; name: string } | null {
  for (const pattern of OWN_MUNICIPALITY_PATTERNS) {
    const match = pattern.exec(document.text);
    if (!match) continue;
    const printedName = collapseSpaces(match[1]);
    const municipality = lookUpMunicipality(index, printedName);
    if (!municipality) {
      errors.push({
        line: lineNumberAt(document, match.index),
        message: `The report evaluates "${printedName}", which is not in the list of Sweden's ${index.list.length} municipalities`,
      });
    }
    return municipality ?? null;
  }
  errors.push({
    line: null,
    message:
      'The report does not name the evaluated municipality (expected a sentence such as "Utvärderingen av Avesta kommun genomfördes …" or a cover line "ANALYS AV AVESTA KOMMUN")',
  });
  return null;
}

const MONTH_NAMES = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];
const CONDUCTED_DATE = `genomfördes\\s+(?:under\\s+|i\\s+|på\\s+)?(?:(${MONTH_NAMES.join('|')})\\s+)?(?:år\\s+)?((?:19|20)\\d{2})(?!\\d)`;
/**
 * "Utvärderingen av Avesta kommun genomfördes i december år 2014", else the first "genomfördes
 * under 2014" or "genomfördes i mars 2016": a follow-up report may first mention the earlier one.
 */
const CONDUCTED_IN_PATTERNS: RegExp[] = [
  new RegExp(`Utvärderingen\\s+av\\s+[^.!?]{2,60}?\\s+${CONDUCTED_DATE}`, 'iu'),
  new RegExp(CONDUCTED_DATE, 'iu'),
];
/** The year alone, on the cover ("2014") or in a title line ("KommunKompassen Avesta kommun 2014"). */
const COVER_YEAR = /^(?:[ \t]*(?:19|20)\d{2}[ \t]*|.*KommunKompassen.*\s((?:19|20)\d{2}))$/imu;

function identifyDate(
  document: SourceDocument,
  warnings: ImportWarning[],
  errors: ImportError[],
): { year: number; month: number | null } | null {
  const conducted = firstMatch(CONDUCTED_IN_PATTERNS, document.text);
  if (conducted) {
    const month = conducted[1] ? MONTH_NAMES.indexOf(conducted[1].toLowerCase()) + 1 : null;
    if (month === null) warnings.push(monthNotStated(Number(conducted[2]), lineNumberAt(document, conducted.index)));
    return { year: Number(conducted[2]), month };
  }
  const frontMatter = document.lines
    .slice(0, 40)
    .map((line) => line.text)
    .join('\n');
  const cover = COVER_YEAR.exec(frontMatter);
  if (cover) {
    const year = Number(cover[1] ?? cover[0].trim());
    warnings.push(monthNotStated(year, lineNumberAt(document, cover.index)));
    return { year, month: null };
  }
  errors.push({
    line: null,
    message: 'The report does not say when the evaluation was made (expected a sentence such as "… genomfördes i december år 2014")',
  });
  return null;
}

function firstMatch(patterns: RegExp[], text: string): RegExpExecArray | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match;
  }
  return null;
}

function monthNotStated(year: number, line: number): ImportWarning {
  return {
    code: 'MONTH_NOT_STATED',
    message: `The report gives the year ${year} but not the month of the evaluation; it is dated January ${year}`,
    line,
  };
}

// ---------------------------------------------------------------------------------------------
// Section 4: score tables

interface PrintedNumber {
  value: number;
  /** Digits after the decimal sign as printed: the precision the value was rounded to. */
  decimals: number;
}

type ScoreRow =
  | { kind: 'area'; areaNumber: number; title: string; line: number }
  | {
      kind: 'question';
      areaNumber: number;
      code: string;
      text: string;
      achieved: PrintedNumber;
      max: PrintedNumber;
      percent: PrintedNumber | null;
      line: number;
    }
  | { kind: 'sum'; total: PrintedNumber; max: PrintedNumber; percent: PrintedNumber | null; line: number }
  | { kind: 'unreadable'; code: string; text: string; line: number };

const SCORE_SECTION_HEADING = /^(?:4\.?\s*)?Översikt av poängfördelning:?$/iu;
const NUMBER = '(\\d+(?:[.,]\\d+)?)';
/** `1.1  Finns en plan …?  10  15  65%` (the percent may be missing). */
const QUESTION_ROW = new RegExp(`^([1-9])\\.(\\d{1,2})\\.?\\s+(.*?)\\s+${NUMBER}\\s+${NUMBER}(?:\\s+${NUMBER}\\s*%?)?$`, 'u');
const QUESTION_ROW_START = /^[1-9]\.\d{1,2}\.?\s/u;
/** `1.  Offentlighet och demokrati  Uppnått  Max  Procent`. */
const AREA_HEADER_ROW = /^([1-9])\.?\s+(.+?)\s+Uppnått\s+Max(?:\s+Procent)?$/iu;
const AREA_HEADER_ROW_UNLABELLED = /^([1-9])\.\s+(\p{L}[^\d]*)$/u;
const AREA_HEADER_ROW_START = /^[1-9]\.?\s+\p{L}/u;
/** `52  100  52%`, possibly labelled "Summa" or "Totalt". */
const SUM_ROW = new RegExp(`^(?:(?:summa|totalt|total|sum)\\s*:?\\s*)?${NUMBER}\\s+${NUMBER}(?:\\s+${NUMBER}\\s*%?)?$`, 'iu');
/** A row whose text wrapped is read together with at most this many following lines. */
const MAX_CONTINUATION_LINES = 3;

interface ScoreSection {
  /** Where section 3 ends: the heading, or the first table row when the heading is missing. */
  startIndex: number;
  firstRowIndex: number;
  headingLine: number | null;
}

function locateScoreSection(lines: SourceLine[]): ScoreSection | null {
  const headingIndex = findLastIndex(lines, (line) => SCORE_SECTION_HEADING.test(line.compact));
  if (headingIndex >= 0) return { startIndex: headingIndex, firstRowIndex: headingIndex + 1, headingLine: lines[headingIndex].number };
  const firstHeaderIndex = lines.findIndex((line) => AREA_HEADER_ROW.test(line.compact));
  return firstHeaderIndex >= 0 ? { startIndex: firstHeaderIndex, firstRowIndex: firstHeaderIndex, headingLine: null } : null;
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (predicate(items[index])) return index;
  return -1;
}

function readScoreRows(lines: SourceLine[], fromIndex: number): ScoreRow[] {
  const rows: ScoreRow[] = [];
  let index = fromIndex;
  while (index < lines.length) {
    const text = lines[index].compact;
    const line = lines[index].number;
    if (text === '') {
      index++;
    } else if (QUESTION_ROW_START.test(text)) {
      const read = readWrappedRow(lines, index, parseQuestionRow);
      rows.push(read.row ?? { kind: 'unreadable', code: text.split(' ')[0].replace(/\.$/, ''), text, line });
      index = read.nextIndex;
    } else if (AREA_HEADER_ROW_START.test(text)) {
      const read = readWrappedRow(lines, index, parseAreaHeaderRow);
      const header = read.row ?? parseUnlabelledAreaHeaderRow(text, line);
      if (header) rows.push(header);
      index = read.row ? read.nextIndex : index + 1;
    } else {
      const sum = parseSumRow(text, line);
      if (sum) rows.push(sum);
      index++;
    }
  }
  return rows;
}

/** Reads a row that may have wrapped onto following lines; stops at the start of another row. */
function readWrappedRow(
  lines: SourceLine[],
  index: number,
  parse: (text: string, line: number) => ScoreRow | null,
): { row: ScoreRow | null; nextIndex: number } {
  const line = lines[index].number;
  let text = lines[index].compact;
  let next = index + 1;
  let row = parse(text, line);
  for (let joined = 0; !row && joined < MAX_CONTINUATION_LINES && next < lines.length; joined++) {
    while (next < lines.length && lines[next].compact === '') next++;
    const continuation = lines[next]?.compact ?? '';
    if (continuation === '' || QUESTION_ROW_START.test(continuation) || AREA_HEADER_ROW.test(continuation)) break;
    text = `${text} ${continuation}`;
    next++;
    row = parse(text, line);
  }
  return row ? { row, nextIndex: next } : { row: null, nextIndex: index + 1 };
}

function parseQuestionRow(text: string, line: number): ScoreRow | null {
  const match = QUESTION_ROW.exec(text);
  if (!match) return null;
  const areaNumber = Number(match[1]);
  return {
    kind: 'question',
    areaNumber,
    code: `${areaNumber}.${Number(match[2])}`,
    text: match[3],
    achieved: readPrintedNumber(match[4]),
    max: readPrintedNumber(match[5]),
    percent: match[6] ? readPrintedNumber(match[6]) : null,
    line,
  };
}

function parseAreaHeaderRow(text: string, line: number): ScoreRow | null {
  const match = AREA_HEADER_ROW.exec(text);
  return match ? { kind: 'area', areaNumber: Number(match[1]), title: match[2], line } : null;
}

function parseUnlabelledAreaHeaderRow(text: string, line: number): ScoreRow | null {
  const match = AREA_HEADER_ROW_UNLABELLED.exec(text);
  return match ? { kind: 'area', areaNumber: Number(match[1]), title: match[2].trim(), line } : null;
}

function parseSumRow(text: string, line: number): ScoreRow | null {
  const match = SUM_ROW.exec(text);
  if (!match) return null;
  return {
    kind: 'sum',
    total: readPrintedNumber(match[1]),
    max: readPrintedNumber(match[2]),
    percent: match[3] ? readPrintedNumber(match[3]) : null,
    line,
  };
}

function readPrintedNumber(printed: string): PrintedNumber {
  const [, decimals = ''] = printed.split(/[.,]/);
  return { value: Number(printed.replace(',', '.')), decimals: decimals.length };
}

type QuestionRow = Extract<ScoreRow, { kind: 'question' }>;
type SumRow = Extract<ScoreRow, { kind: 'sum' }>;

interface AreaScoreTable {
  areaNumber: number;
  title: string | null;
  headerLine: number | null;
  questions: QuestionRow[];
  sum: SumRow | null;
}

interface ScoreTables {
  areas: Map<number, AreaScoreTable>;
  grandTotal: SumRow | null;
  unreadable: Extract<ScoreRow, { kind: 'unreadable' }>[];
}

/** Sub-question rows belong to the area their code names; a sum row closes the area read last. */
function groupIntoAreaTables(rows: ScoreRow[], warnings: ImportWarning[]): ScoreTables {
  const tables: ScoreTables = { areas: new Map(), grandTotal: null, unreadable: [] };
  const tableFor = (areaNumber: number): AreaScoreTable => {
    let table = tables.areas.get(areaNumber);
    if (!table) {
      table = { areaNumber, title: null, headerLine: null, questions: [], sum: null };
      tables.areas.set(areaNumber, table);
    }
    return table;
  };
  let current: AreaScoreTable | null = null;
  for (const row of rows) {
    if (row.kind === 'area') {
      current = tableFor(row.areaNumber);
      current.title ??= row.title;
      current.headerLine ??= row.line;
    } else if (row.kind === 'question') {
      current = tableFor(row.areaNumber);
      current.questions.push(row);
    } else if (row.kind === 'unreadable') {
      tables.unreadable.push(row);
    } else if (current && !current.sum) {
      current.sum = row;
    } else if (current && !tables.grandTotal) {
      tables.grandTotal = row;
    } else {
      warnings.push({
        code: 'UNRECOGNISED_SCORE_ROW',
        message: `A row of numbers in section 4 (line ${row.line}) belongs to no area and was ignored`,
        line: row.line,
      });
    }
  }
  return tables;
}

/** The framework whose sub-questions the tables cover best; area titles break ties. */
function recogniseFramework(tables: ScoreTables, frameworks: FrameworkDefinition[], errors: ImportError[]): FrameworkDefinition | null {
  const codes = [...tables.areas.values()].flatMap((table) => table.questions.map((question) => question.code));
  let best: { framework: FrameworkDefinition; questions: number; titles: number } | null = null;
  for (const framework of frameworks) {
    const known = new Set(framework.areas.flatMap((area) => area.questions.map((question) => question.code)));
    const questions = codes.filter((code) => known.has(code)).length;
    const titles = framework.areas.filter((area) => {
      const title = tables.areas.get(area.number)?.title;
      return title !== null && title !== undefined && comparable(title) === comparable(area.title);
    }).length;
    if (questions + titles === 0) continue;
    if (!best || questions > best.questions || (questions === best.questions && titles > best.titles)) {
      best = { framework, questions, titles };
    }
  }
  if (!best) {
    const names = frameworks.map((framework) => framework.name).join(', ') || 'none configured';
    errors.push({ line: null, message: `The score tables in section 4 match no known framework (known: ${names})` });
    return null;
  }
  return best.framework;
}

interface CheckedScores {
  scores: ParsedScore[];
  areaTotals: ParsedAreaTotal[];
}

function checkScores(tables: ScoreTables, framework: FrameworkDefinition, warnings: ImportWarning[], errors: ImportError[]): CheckedScores {
  const checked: CheckedScores = { scores: [], areaTotals: [] };
  for (const row of tables.unreadable) {
    errors.push({
      line: row.line,
      message: `The row for sub-question ${row.code} could not be read (expected text, achieved points, max and percent): "${row.text}"`,
    });
  }
  for (const table of tables.areas.values()) {
    if (!framework.areas.some((area) => area.number === table.areaNumber)) {
      errors.push({
        line: table.headerLine ?? table.questions[0]?.line ?? null,
        message: `Area ${table.areaNumber} is not part of ${framework.name}`,
      });
    }
  }
  for (const area of framework.areas) {
    const table = tables.areas.get(area.number);
    if (!table || table.questions.length === 0) {
      errors.push({ line: table?.headerLine ?? null, message: `Area ${area.number} (${area.title}) has no score rows in section 4` });
      continue;
    }
    checked.scores.push(...checkAreaQuestions(table, area, framework, warnings, errors));
    const total = checkAreaTotal(table, area, warnings, errors);
    if (total) checked.areaTotals.push(total);
  }
  if (tables.grandTotal) checkGrandTotal(tables.grandTotal, checked.areaTotals, warnings);
  return checked;
}

function checkAreaQuestions(
  table: AreaScoreTable,
  area: FrameworkAreaDefinition,
  framework: FrameworkDefinition,
  warnings: ImportWarning[],
  errors: ImportError[],
): ParsedScore[] {
  const scores: ParsedScore[] = [];
  const seen = new Map<string, number>();
  for (const row of table.questions) {
    const question = area.questions.find((candidate) => candidate.code === row.code);
    if (!question) {
      errors.push({ line: row.line, message: `Sub-question ${row.code} is not part of ${framework.name}` });
      continue;
    }
    const firstLine = seen.get(row.code);
    if (firstLine !== undefined) {
      errors.push({ line: row.line, message: `Sub-question ${row.code} appears twice in section 4 (lines ${firstLine} and ${row.line})` });
      continue;
    }
    seen.set(row.code, row.line);
    if (row.achieved.value > row.max.value) {
      errors.push({
        line: row.line,
        message: `Sub-question ${row.code}: ${row.achieved.value} points achieved exceed its max of ${row.max.value}`,
      });
    }
    if (row.max.value !== question.maxPoints) {
      warnings.push({
        code: 'MAX_POINTS_MISMATCH',
        message: `Sub-question ${row.code}: the report gives a max of ${row.max.value} points, ${framework.name} has ${question.maxPoints}`,
        areaNumber: area.number,
        questionCode: row.code,
        line: row.line,
      });
    }
    if (row.percent && !percentFitsPoints(row.percent, row.achieved, row.max)) {
      warnings.push({
        code: 'PERCENT_MISMATCH',
        message: `Sub-question ${row.code}: ${row.percent.value} % cannot come from ${row.achieved.value} of ${row.max.value} points`,
        areaNumber: area.number,
        questionCode: row.code,
        line: row.line,
      });
    }
    scores.push({
      questionCode: row.code,
      achievedPoints: row.achieved.value,
      maxPoints: row.max.value,
      reportedPercent: row.percent?.value ?? null,
      line: row.line,
    });
  }
  for (const question of area.questions) {
    if (!seen.has(question.code)) {
      errors.push({
        line: table.sum?.line ?? table.headerLine,
        message: `Sub-question ${question.code} ("${question.text}") is missing from the score table of area ${area.number} (${area.title})`,
      });
    }
  }
  return scores;
}

function checkAreaTotal(
  table: AreaScoreTable,
  area: FrameworkAreaDefinition,
  warnings: ImportWarning[],
  errors: ImportError[],
): ParsedAreaTotal | null {
  const label = `Area ${area.number} (${area.title})`;
  const sum = table.sum;
  if (!sum) {
    const lastRow = table.questions[table.questions.length - 1];
    errors.push({ line: lastRow.line, message: `${label} has no sum row after its sub-questions in section 4` });
    return null;
  }
  const rowsTotal = roundTo(
    table.questions.reduce((total, row) => total + row.achieved.value, 0),
    2,
  );
  const rowsMax = roundTo(
    table.questions.reduce((total, row) => total + row.max.value, 0),
    2,
  );
  // Compared as printed: the report's own figures disagreeing is exactly what a reader must see.
  if (rowsTotal !== sum.total.value) {
    warnings.push({
      code: 'AREA_SUM_MISMATCH',
      message: `${label}: the sub-question rows add up to ${rowsTotal} points, the report prints ${sum.total.value}`,
      areaNumber: area.number,
      line: sum.line,
    });
  }
  if (rowsMax !== sum.max.value) {
    warnings.push({
      code: 'AREA_MAX_MISMATCH',
      message: `${label}: the sub-questions' max points add up to ${rowsMax}, the report prints ${sum.max.value}`,
      areaNumber: area.number,
      line: sum.line,
    });
  }
  if (sum.percent && !percentFitsPoints(sum.percent, sum.total, sum.max)) {
    warnings.push({
      code: 'PERCENT_MISMATCH',
      message: `${label}: ${sum.percent.value} % cannot come from ${sum.total.value} of ${sum.max.value} points`,
      areaNumber: area.number,
      line: sum.line,
    });
  }
  if (table.title !== null && comparable(table.title) !== comparable(area.title)) {
    warnings.push({
      code: 'AREA_TITLE_MISMATCH',
      message: `Area ${area.number} is titled "${table.title}" in the report and "${area.title}" in the framework`,
      areaNumber: area.number,
      line: table.headerLine ?? undefined,
    });
  }
  return {
    areaNumber: area.number,
    title: table.title ?? area.title,
    reportedTotal: sum.total.value,
    reportedMax: sum.max.value,
    reportedPercent: sum.percent?.value ?? null,
  };
}

function checkGrandTotal(grandTotal: SumRow, areaTotals: ParsedAreaTotal[], warnings: ImportWarning[]): void {
  const total = roundTo(
    areaTotals.reduce((sum, area) => sum + area.reportedTotal, 0),
    2,
  );
  if (total !== grandTotal.total.value) {
    warnings.push({
      code: 'TOTAL_MISMATCH',
      message: `The area totals add up to ${total} points, the report prints a total of ${grandTotal.total.value}`,
      line: grandTotal.line,
    });
  }
}

/**
 * Whether a printed percent can be the rounding of achieved / max, given that the achieved
 * points are themselves printed rounded (to the precision they are printed with). The max is a
 * framework constant and taken as exact. Avesta 8.4: 13 of 15 is 86.7 %, but 12.5 of 15 is
 * 83.3 %, so the printed 83 % fits.
 */
function percentFitsPoints(percent: PrintedNumber, achieved: PrintedNumber, max: PrintedNumber): boolean {
  if (max.value <= 0) return false;
  const pointsSlack = halfUnit(achieved);
  const percentSlack = halfUnit(percent);
  const lowest = (100 * Math.max(0, achieved.value - pointsSlack)) / max.value - percentSlack;
  const highest = (100 * (achieved.value + pointsSlack)) / max.value + percentSlack;
  const epsilon = 1e-9;
  return percent.value >= lowest - epsilon && percent.value <= highest + epsilon;
}

function halfUnit(printed: PrintedNumber): number {
  return 0.5 / 10 ** printed.decimals;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

// ---------------------------------------------------------------------------------------------
// Section 3: one section per area, ending with its findings table

interface AreaSection {
  areaNumber: number;
  headingLine: number;
  /** Paragraph lines: the section without its "Rubriker" block and findings table. */
  prose: SourceLine[];
  findingsHeaderLine: number | null;
  findingsBody: SourceLine[];
}

/** "Område 1 Offentlighet och demokrati". */
const AREA_SECTION_HEADING = /^Område\s+([1-9])(?![\p{N}])\s*[.:–-]?\s*(.*)$/u;
/** A table-of-contents entry: dot leaders or a trailing page number. */
const CONTENTS_ENTRY = /(?:\.{3,}|…)|\s\d{1,3}$/u;
const TOPICS_HEADER = /^Rubriker(?:\s+Poäng)?$/iu;
const FINDINGS_HEADER = /^Styrkor\s*[\s/|]\s*Förbättrings\p{L}*\s*[\s/|]\s*Svagheter$/iu;

function locateAreaSections(lines: SourceLine[], endIndex: number, framework: FrameworkDefinition, errors: ImportError[]): AreaSection[] {
  const headings: { areaNumber: number; index: number }[] = [];
  for (const area of framework.areas) {
    const index = findAreaHeading(lines, endIndex, area);
    if (index < 0) {
      errors.push({
        line: null,
        message: `Area ${area.number} (${area.title}) has no section in the detailed review (section 3, heading "Område ${area.number} ${area.title}")`,
      });
    } else {
      headings.push({ areaNumber: area.number, index });
    }
  }
  headings.sort((a, b) => a.index - b.index);
  return headings.map((heading, position) => {
    const sectionEnd = headings[position + 1]?.index ?? endIndex;
    const section = splitAreaSection(lines.slice(heading.index + 1, sectionEnd), heading.areaNumber, lines[heading.index].number);
    if (section.findingsHeaderLine === null) {
      const area = framework.areas.find((candidate) => candidate.number === heading.areaNumber);
      errors.push({
        line: section.headingLine,
        message: `Area ${heading.areaNumber} (${area?.title ?? ''}) has no findings table (a "Styrkor / Förbättringsmöjligheter / Svagheter" header followed by bullet lists)`,
      });
    }
    return section;
  });
}

/** The last heading for the area before section 4, preferring one whose title matches the framework's. */
function findAreaHeading(lines: SourceLine[], endIndex: number, area: FrameworkAreaDefinition): number {
  let fallback = -1;
  for (let index = endIndex - 1; index >= 0; index--) {
    const match = AREA_SECTION_HEADING.exec(lines[index].compact);
    if (!match || Number(match[1]) !== area.number || CONTENTS_ENTRY.test(match[2])) continue;
    if (comparable(match[2]) === comparable(area.title)) return index;
    if (fallback < 0) fallback = index;
  }
  return fallback;
}

/** Without a recognised framework, at least say whether the detailed review is there at all. */
function requireSomeAreaSection(lines: SourceLine[], endIndex: number, errors: ImportError[]): AreaSection[] {
  const found = lines.slice(0, endIndex).some((line) => {
    const match = AREA_SECTION_HEADING.exec(line.compact);
    return match !== null && !CONTENTS_ENTRY.test(match[2]);
  });
  if (!found) {
    errors.push({ line: null, message: 'No area sections found (section 3, headings such as "Område 1 Offentlighet och demokrati")' });
  }
  return [];
}

function splitAreaSection(lines: SourceLine[], areaNumber: number, headingLine: number): AreaSection {
  const section: AreaSection = { areaNumber, headingLine, prose: [], findingsHeaderLine: null, findingsBody: [] };
  let inTopics = false;
  for (const line of lines) {
    const text = line.compact;
    if (section.findingsHeaderLine !== null) {
      section.findingsBody.push(line);
    } else if (FINDINGS_HEADER.test(text)) {
      section.findingsHeaderLine = line.number;
    } else if (TOPICS_HEADER.test(text)) {
      inTopics = true;
    } else if (inTopics) {
      inTopics = text !== '';
    } else {
      section.prose.push(line);
    }
  }
  return section;
}

// ---------------------------------------------------------------------------------------------
// Findings: three cells of bullet lists

const FINDING_KINDS: FindingKind[] = ['strength', 'improvement', 'weakness'];
const CELL_START = '\u0001';
/** A bullet that opens a line or cell. `-`, `*` and `–` need a space after them: "e-tjänster" is no bullet. */
const LEADING_BULLET = /^\s*(•|[-*–](?=\s|$))/u;

function readFindingsTable(section: AreaSection, warnings: ImportWarning[]): ParsedFinding[] {
  const cells = splitIntoCells(section.findingsBody.map((line) => line.text).join('\n'));
  if (cells.length > FINDING_KINDS.length) {
    warnings.push({
      code: 'FINDINGS_TABLE_COLUMNS',
      message: `Area ${section.areaNumber}: the findings table reads as ${cells.length} columns instead of 3; the extra columns were added to "Svagheter"`,
      areaNumber: section.areaNumber,
      line: section.findingsHeaderLine ?? undefined,
    });
    cells.splice(FINDING_KINDS.length - 1, cells.length, cells.slice(FINDING_KINDS.length - 1).join('\n'));
  }
  return FINDING_KINDS.flatMap((kind, column) =>
    splitIntoItems(cells[column] ?? '').map((text, index) => ({ areaNumber: section.areaNumber, kind, text, position: index + 1 })),
  );
}

/**
 * Columns are separated by a tab, by a run of spaces where tabs were lost, or by an opening
 * `<ul>` (each cell of the published table is its own list). Spaces at the end of a line are
 * left over from editing, not a column gap.
 */
function splitIntoCells(body: string): string[] {
  const marked = body
    .replace(/ +$/gm, '')
    .replace(/<li\b[^>]*>/giu, ' • ')
    .replace(/<ul\b[^>]*>/giu, CELL_START)
    .replace(/<\/?[a-z][^>]*>/giu, ' ')
    .replace(/ {2,}/g, '\t')
    .replace(/ *\t */g, '\t')
    .replace(new RegExp(`\\t[ \\n]*${CELL_START}`, 'g'), '\t')
    .replace(new RegExp(`^\\s*${CELL_START}`), '')
    .replace(new RegExp(CELL_START, 'g'), '\t');
  const cells = marked.split('\t');
  while (cells.length > FINDING_KINDS.length && cells[cells.length - 1].trim() === '') cells.pop();
  return cells;
}

/**
 * Each bullet starts a finding; text without a bullet continues the one before (a wrapped item).
 * A cell keeps to the bullet glyph it starts with: in a `•` list a line that starts with "–" is
 * the rest of a wrapped item, and an en dash inside a line is punctuation, never a bullet.
 */
function splitIntoItems(cell: string): string[] {
  const items: string[][] = [];
  let glyph: string | null = null;
  for (const line of cell.split('\n')) {
    let rest = line;
    let startsItem = false;
    const leading = LEADING_BULLET.exec(line);
    if (leading && (leading[1] === '•' || glyph === null || glyph === leading[1])) {
      glyph ??= leading[1];
      startsItem = true;
      rest = line.slice(leading[0].length);
    }
    splitAtInlineBullets(rest, glyph).forEach((piece, index) => {
      const current = items[items.length - 1];
      if (index === 0 && !startsItem && current) current.push(piece);
      else items.push([piece]);
    });
  }
  return items.map((pieces) => collapseSpaces(pieces.join(' '))).filter((item) => /[\p{L}\p{N}]/u.test(item));
}

function splitAtInlineBullets(text: string, glyph: string | null): string[] {
  if (glyph === '-' || glyph === '*') return text.split(new RegExp(`•|\\s${escapeRegExp(glyph)}(?=\\s|$)`, 'u'));
  return text.split('•');
}

// ---------------------------------------------------------------------------------------------
// References: other municipalities named as examples

/**
 * A sentence refers to another municipality when it names it next to one of these cues.
 * The list follows how the reports phrase it: "ett gott exempel", "kan tjäna som goda exempel",
 * "Inspiration kan hämtas från", "X är en kommun som", "X och Y är två kommuner som", "är en av
 * de kommuner som ligger längst fram", "Kommuner som … är bl.a. X", "flera kommuner att titta på".
 * A bare list of names ("Nacka, Upplands Väsby och Karlstad.") counts when the sentence before it
 * has a cue; the reference then quotes both sentences.
 */
const EXAMPLE_CUES = new RegExp(
  `(?<![\\p{L}])(?:${[
    '(?:gott|goda|bra|intressanta?)\\s+exempel',
    'tjäna\\s+som',
    'inspiration',
    'förebild\\p{L}*',
    'är\\s+(?:en|två|tre|fyra|fem|några|ett\\s+par)\\s+(?:av\\s+(?:de|flera)\\s+)?kommun(?:er)?\\s+(?:som|med|där)',
    'kommuner\\s+som',
    'titta\\s+på',
    'ligger\\s+(?:längst|långt)\\s+fram',
    'lära\\s+(?:sig\\s+)?(?:av|från)',
    'kommit\\s+långt',
  ].join('|')})(?![\\p{L}])`,
  'iu',
);
/** What may stand between the names of a bare list. */
const LIST_FILLER = /^[\s,.;:!?()"”'–-]*(?:(?:och|samt|eller|bl\.\s?a\.|t\.\s?ex\.|exempelvis|till\s+exempel)[\s,.;:!?()"”'–-]*)*$/iu;
/**
 * Names that are also ordinary words ("Vara", "Mark", "Berg", "Lund" …): at the start of a sentence
 * they count only when followed by "kommun", a comma or "och" and another capitalised name.
 */
const WORDLIKE_NAMES = new Set([
  'Ale',
  'Berg',
  'Boden',
  'Eda',
  'Kil',
  'Lund',
  'Mark',
  'Mora',
  'Nora',
  'Orsa',
  'Sala',
  'Trosa',
  'Vara',
  'Åre',
]);
const NAME_IN_LIST_CONTEXT = /^s?\s*(?:kommuns?(?![\p{L}])|,|och\s+\p{Lu})/u;

interface MunicipalityMention {
  municipality: { code: string; name: string };
  start: number;
  end: number;
}

function findReferences(section: AreaSection, index: MunicipalityIndex, ownCode: string): ParsedReference[] {
  const references: ParsedReference[] = [];
  const seen = new Set<string>();
  let previous: { sentence: string; hasCue: boolean } | null = null;
  for (const paragraph of readParagraphs(section.prose)) {
    for (const sentence of splitSentences(paragraph)) {
      const hasCue = EXAMPLE_CUES.test(sentence);
      // Names are looked for only where a reference is possible, which keeps the import fast.
      if (hasCue || previous?.hasCue) {
        const mentions = findMentions(sentence, index);
        const quoted = hasCue ? sentence : previous && isBareList(sentence, mentions) ? `${previous.sentence} ${sentence}` : null;
        for (const mention of quoted ? mentions : []) {
          const key = `${mention.municipality.code}\u0000${quoted}`;
          if (mention.municipality.code === ownCode || seen.has(key)) continue;
          seen.add(key);
          references.push({
            areaNumber: section.areaNumber,
            municipalityCode: mention.municipality.code,
            municipalityName: mention.municipality.name,
            sentence: quoted ?? sentence,
          });
        }
      }
      previous = { sentence, hasCue };
    }
  }
  return references;
}

function findMentions(sentence: string, index: MunicipalityIndex): MunicipalityMention[] {
  const mentions: MunicipalityMention[] = [];
  for (const match of sentence.matchAll(index.mentionPattern)) {
    const municipality = index.byComparableName.get(comparable(match[1]));
    if (!municipality) continue;
    const start = match.index;
    const end = start + match[0].length;
    const atSentenceStart = /^[\s"“”'(]*$/u.test(sentence.slice(0, start));
    if (WORDLIKE_NAMES.has(municipality.name) && atSentenceStart && !NAME_IN_LIST_CONTEXT.test(sentence.slice(start + match[1].length))) {
      continue;
    }
    mentions.push({ municipality, start, end });
  }
  return mentions;
}

function isBareList(sentence: string, mentions: MunicipalityMention[]): boolean {
  if (mentions.length === 0) return false;
  let rest = '';
  let position = 0;
  for (const mention of mentions) {
    rest += `${sentence.slice(position, mention.start)} `;
    position = mention.end;
  }
  rest += sentence.slice(position);
  return LIST_FILLER.test(rest);
}

/** Paragraphs are separated by blank lines; one broken by a page break is put back together. */
function readParagraphs(lines: SourceLine[]): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const text = collapseSpaces(current.join(' '));
    current = [];
    if (text === '') return;
    const previous = paragraphs[paragraphs.length - 1];
    if (previous !== undefined && !/[.!?:;…"”)]$/u.test(previous) && /^\p{Ll}/u.test(text)) {
      paragraphs[paragraphs.length - 1] = /\p{L}-$/u.test(previous) ? previous.slice(0, -1) + text : `${previous} ${text}`;
    } else {
      paragraphs.push(text);
    }
  };
  for (const line of lines) {
    if (line.compact === '') flush();
    else current.push(line.text);
  }
  flush();
  return paragraphs;
}

/**
 * A sentence ends at . ! ? before a capital letter or digit, except after an abbreviation that
 * usually leads into a name ("bl.a. Karlskrona", "t.ex. Nacka"). "m.m.", "etc." and "osv." end lists,
 * so they may end a sentence.
 */
const SENTENCE_END = /[.!?…]+["”’)]*\s+(?=["“”'(]?[\p{Lu}\p{N}])/gu;
const ENDS_WITH_ABBREVIATION =
  /(?:^|[\s(])(?:bl\.\s?a|t\.\s?ex|s\.\s?k|d\.\s?v\.\s?s|dvs|ca|resp|jfr|inkl|exkl|fr\.\s?o\.\s?m|t\.\s?o\.\s?m|p\.\s?g\.\s?a|pga|tex|nr|kap|st)\.$/iu;

function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].trimEnd().length;
    const candidate = paragraph.slice(start, end);
    if (ENDS_WITH_ABBREVIATION.test(candidate)) continue;
    sentences.push(candidate.trim());
    start = match.index + match[0].length;
  }
  const rest = paragraph.slice(start).trim();
  if (rest !== '') sentences.push(rest);
  return sentences;
}
