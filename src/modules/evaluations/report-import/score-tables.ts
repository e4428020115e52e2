import type { ImportWarning } from './parsed-report';
import type { SourceLine } from './report-document';

// Section 4: the score tables, read row by row and grouped by area, values as printed.

export interface PrintedNumber {
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
/**
 * `1.1  Finns en plan …?  10  15  65%` (the percent may be missing). The text may stand on lines of
 * its own around the figures, as in a table whose cells are centred vertically (`1.4  23  30  78%`):
 * the framework has each sub-question's text.
 */
const QUESTION_ROW = new RegExp(`^([1-9])\\.(\\d{1,2})\\.?\\s+(?:(.*?)\\s+)?${NUMBER}\\s+${NUMBER}(?:\\s+${NUMBER}\\s*%?)?$`, 'u');
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

export function locateScoreSection(lines: SourceLine[]): ScoreSection | null {
  const headingIndex = findLastIndex(lines, (line) => SCORE_SECTION_HEADING.test(line.compact));
  if (headingIndex >= 0) return { startIndex: headingIndex, firstRowIndex: headingIndex + 1, headingLine: lines[headingIndex].number };
  const firstHeaderIndex = lines.findIndex((line) => AREA_HEADER_ROW.test(line.compact));
  return firstHeaderIndex >= 0 ? { startIndex: firstHeaderIndex, firstRowIndex: firstHeaderIndex, headingLine: null } : null;
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (predicate(items[index])) return index;
  return -1;
}

export function readScoreRows(lines: SourceLine[], fromIndex: number): ScoreRow[] {
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
    text: match[3] ?? '',
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
export type SumRow = Extract<ScoreRow, { kind: 'sum' }>;

export interface AreaScoreTable {
  areaNumber: number;
  title: string | null;
  headerLine: number | null;
  questions: QuestionRow[];
  sum: SumRow | null;
}

export interface ScoreTables {
  areas: Map<number, AreaScoreTable>;
  grandTotal: SumRow | null;
  unreadable: Extract<ScoreRow, { kind: 'unreadable' }>[];
}

/** Sub-question rows belong to the area their code names; a sum row closes the area read last. */
export function groupIntoAreaTables(rows: ScoreRow[], warnings: ImportWarning[]): ScoreTables {
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
        params: { line: row.line },
        message: `A row of numbers in section 4 (line ${row.line}) belongs to no area and was ignored`,
        line: row.line,
      });
    }
  }
  return tables;
}
