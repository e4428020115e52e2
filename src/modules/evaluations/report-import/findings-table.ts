import type { AreaSection } from './area-sections';
import type { FindingKind, ImportError, ImportErrorCode, ImportMessageParams, ParsedFinding } from './parsed-report';
import { HEADING_ROW, KIND_HEADING_ALONE, KIND_HEADINGS } from './findings-headings';
import { collapseSpaces, type SourceLine } from './report-document';

// Findings: the "Styrkor / Förbättringsmöjligheter / Svagheter" table that ends each area section.
//
// The table comes in two layouts. Horizontal: a heading row with the three kinds, then the cells
// side by side, separated by tabs or list tags (a text export) or standing in fixed-width columns
// (a PDF text extractor's layout), with items wrapped over lines and the table possibly broken by
// a page. Vertical: each kind heading on its own line followed by its items (a cell-by-cell
// extraction). Either way the result is three columns of lines, each split into items; when the
// lines cannot be put into the three columns without guessing, the area is refused.

const FINDING_KINDS: FindingKind[] = ['strength', 'improvement', 'weakness'];
const LIST_TAG = /<\/?(?:ul|ol|li)\b[^>]*>/iu;
/** A glyph that opens an item. `-`, `*` and `–` need a space after them: "e-tjänster" is no bullet. */
const LEADING_BULLET = /^(•|▪|\uf0b7|[-*–](?=\s|$))\s*/u;
/** How far, in characters, a column may start from where its heading (or the page before) put it. */
const COLUMN_TOLERANCE = 10;
/** How far a column's left edge may wander over the table: a wrapped line's indent, a page's shift. */
const MAX_COLUMN_DRIFT = 6;
/** A word after a line-end hyphen that shows the hyphen stands for a word left out ("mål- och resultatstyrning"). */
const CONJUNCTION = /^(?:och|eller|samt|respektive|resp\.?|till|som)$/u;

/** A column's lines; `indent` counts from the column's left edge where the layout has one. */
interface ColumnLine {
  text: string;
  indent: number | null;
  line: number;
}

type Columns = [ColumnLine[], ColumnLine[], ColumnLine[]];

/** Tells whether a joined word is a word of the report (to undo hyphenation at a line end). */
export type WordCheck = (word: string) => boolean;

export function readFindingsTable(section: AreaSection, isReportWord: WordCheck, errors: ImportError[]): ParsedFinding[] {
  const header = section.findingsHeader;
  if (!header) return [];
  const body = section.findingsBody;
  const read = HEADING_ROW.test(header.compact) ? readHorizontal(header, body) : readVertical(header, body);
  if ('problem' in read) {
    errors.push({
      line: read.line,
      code: read.code,
      params: { areaNumber: section.areaNumber, areaTitle: section.areaTitle, ...read.params },
      message: `Area ${section.areaNumber} (${section.areaTitle}): the findings table cannot be split into "Styrkor", "Förbättringsmöjligheter" and "Svagheter" without guessing: ${read.problem}`,
    });
    return [];
  }
  return FINDING_KINDS.flatMap((kind, column) =>
    splitIntoItems(read.columns[column], isReportWord).map((text, index) => ({ areaNumber: section.areaNumber, kind, text, position: index + 1 })),
  );
}

/** Why the lines cannot be put into three columns: `problem` in English, `code` and `params` to word it in any language. */
interface TableProblem {
  code: ImportErrorCode;
  params: ImportMessageParams;
  problem: string;
  line: number;
}

type ColumnsOrProblem = { columns: Columns } | TableProblem;

/**
 * Each kind heading on its own line, in order, followed by its items. Three headings with no
 * item between them are a heading row broken into lines (a table read in reading order), and
 * whatever follows cannot be assigned to one of them.
 */
function readVertical(header: SourceLine, body: SourceLine[]): ColumnsOrProblem {
  const columns: Columns = [[], [], []];
  let current = 0;
  for (const line of body) {
    const heading = KIND_HEADING_ALONE.exec(line.compact);
    if (heading) {
      const next = FINDING_KINDS.indexOf(kindOf(heading[1]));
      if (next <= current) {
        return {
          code: 'FINDINGS_HEADING_OUT_OF_ORDER',
          params: { heading: heading[1], headingLine: line.number, previousHeading: headingName(current) },
          problem: `the heading "${heading[1]}" on line ${line.number} comes after "${headingName(current)}"`,
          line: line.number,
        };
      }
      current = next;
    } else if (line.compact !== '') {
      if (current === FINDING_KINDS.length - 1 && columns[0].length === 0 && columns[1].length === 0) {
        return {
          code: 'FINDINGS_HEADINGS_STACKED',
          params: { headerLine: header.number },
          problem: `its three headings stand one under the other with nothing between them (from line ${header.number}), so the items below them may belong to any`,
          line: line.number,
        };
      }
      columns[current].push({ text: line.compact, indent: null, line: line.number });
    }
  }
  return { columns };
}

function kindOf(heading: string): FindingKind {
  return KIND_HEADINGS.find((candidate) => candidate.pattern.test(heading))!.kind;
}

function headingName(column: number): string {
  return ['Styrkor', 'Förbättringsmöjligheter', 'Svagheter'][column];
}

function readHorizontal(header: SourceLine, body: SourceLine[]): ColumnsOrProblem {
  const lines = body.filter((line) => line.compact !== '');
  if (lines.length === 0) return { columns: [[], [], []] };
  const delimited = lines.some((line) => line.text.includes('\t') || LIST_TAG.test(line.text)) || header.text.includes('\t');
  if (!delimited) {
    const fixed = readFixedWidthColumns(header, body);
    if (fixed) return { columns: fixed };
  }
  return readDelimitedCells(header, lines);
}

/**
 * Cells separated by tabs, by runs of spaces where tabs were lost, or by the `<ul>` that opens
 * each cell of the published table. More than three cells cannot be assigned; fewer are the
 * trailing cells left empty.
 */
function readDelimitedCells(header: SourceLine, lines: SourceLine[]): ColumnsOrProblem {
  const CELL = '\u0001';
  // Newlines are kept through the marking, so each piece can still name its line.
  const marked = lines
    .map((line) => line.text)
    .join('\n')
    .replace(/<ul\b[^>]*>/giu, CELL)
    .replace(/<li\b[^>]*>/giu, ' • ')
    .replace(/<\/?[a-z][^>]*>/giu, ' ')
    .replace(/ {2,}/g, '\t')
    .replace(/ *\t */g, '\t')
    .replace(new RegExp(`\\t([ \\n]*)${CELL}`, 'g'), '\t$1')
    .replace(new RegExp(`^(\\s*)${CELL}`), '$1')
    .replace(new RegExp(CELL, 'g'), '\t');
  if (!marked.includes('\t')) {
    return { code: 'FINDINGS_CELLS_NOT_SEPARATED', params: {}, problem: 'its cells are not separated (no tabs, list tags or columns between them)', line: lines[0].number };
  }
  const cells: ColumnLine[][] = [[]];
  let lineIndex = 0;
  for (const [cellIndex, cell] of marked.split('\t').entries()) {
    if (cellIndex > 0) cells.push([]);
    cell.split('\n').forEach((piece, pieceIndex) => {
      if (pieceIndex > 0) lineIndex++;
      if (piece.trim() !== '') cells[cells.length - 1].push({ text: collapseSpaces(piece), indent: null, line: lines[lineIndex].number });
    });
  }
  while (cells.length > FINDING_KINDS.length && cells[cells.length - 1].length === 0) cells.pop();
  if (cells.length > FINDING_KINDS.length) {
    const extra = cells.slice(FINDING_KINDS.length).flat()[0];
    return {
      code: 'FINDINGS_TOO_MANY_CELLS',
      params: { cells: cells.length, headerLine: header.number },
      problem: `its rows read as ${cells.length} cells instead of 3 (the table starts on line ${header.number})`,
      line: extra?.line ?? header.number,
    };
  }
  return { columns: [cells[0] ?? [], cells[1] ?? [], cells[2] ?? []] };
}

/**
 * Fixed-width columns, as `pdftotext -layout` lays out a table: the heading row says roughly where
 * each column starts, and each line is cut at the gap in it nearest those places. The cut is made
 * line by line: proportional text set in fixed-width characters runs a little into the next
 * column's margin now and then, and a page break may shift the columns by a character or two.
 * Null when a line has no gap near where a column should start.
 */
function readFixedWidthColumns(header: SourceLine, body: SourceLine[]): Columns | null {
  const expected = headingPositions(header.text);
  if (!expected) return null;
  const cut: { line: SourceLine; block: number; cells: { text: string; start: number }[] }[] = [];
  const contentEdges: [number[], number[]] = [[], []];
  let block = 0;
  for (const line of body) {
    if (line.compact === '') {
      block++;
      continue;
    }
    const edges = [0];
    for (const [boundary, target] of [expected[1], expected[2]].entries()) {
      const edge = columnEdge(line.text, target, edges[edges.length - 1]);
      if (edge === null) return null;
      if (/\S/u.test(line.text[edge] ?? '')) contentEdges[boundary].push(edge);
      edges.push(edge);
    }
    edges.push(Infinity);
    const cells = [0, 1, 2].map((column) => {
      const text = line.text.slice(edges[column], edges[column + 1]);
      return { text, start: edges[column] + text.length - text.trimStart().length };
    });
    cut.push({ line, block, cells });
  }
  // In a real table a column's text starts at (nearly) the same place on every line.
  if (contentEdges.some((edges) => edges.length > 0 && Math.max(...edges) - Math.min(...edges) > MAX_COLUMN_DRIFT)) return null;
  const columns: Columns = [[], [], []];
  for (let column = 0; column < 3; column++) {
    const present = cut.filter(({ cells }) => cells[column].text.trim() !== '');
    const tableLeft = Math.min(...present.map(({ cells }) => cells[column].start));
    // Indents count from the column's left edge in the same block (a page may shift the column);
    // a block whose lines all start alike may hold only a wrapped item's rest, so it counts from the table's.
    const leftOf = (blockNumber: number) => {
      const starts = new Set(present.filter((entry) => entry.block === blockNumber).map(({ cells }) => cells[column].start));
      return starts.size > 1 ? Math.min(...starts) : tableLeft;
    };
    for (const { line, block: blockNumber, cells } of present) {
      columns[column].push({ text: collapseSpaces(cells[column].text), indent: cells[column].start - leftOf(blockNumber), line: line.number });
    }
  }
  return columns;
}

/** Where the heading row's three headings start, when they stand apart (two spaces or more between them). */
function headingPositions(text: string): [number, number, number] | null {
  if (text.includes('\t')) return null;
  const positions = KIND_HEADINGS.map(({ pattern }) => text.search(pattern));
  const [first, second, third] = positions;
  if (positions.some((position) => position < 0) || !(first < second && second < third)) return null;
  const gapsAreWide = /\S {2,}\S/u.test(text.slice(first, second + 1)) && /\S {2,}\S/u.test(text.slice(second - 1, third + 1));
  return gapsAreWide ? [first, second, third] : null;
}

/**
 * Where a line's next column starts, near `target`: at the end of a gap of two spaces or more or
 * one before a bullet glyph, preferring the bullet, then the wider kind of gap, then the nearest. A gap that runs past the
 * target into content far away means the column is empty on this line: it is cut at the target.
 */
function columnEdge(text: string, target: number, after: number): number | null {
  // The end of the line is a gap too, one that runs on forever.
  const gaps = [...text.matchAll(/ +/g)].map((gap) => ({ start: gap.index, end: gap.index + gap[0].length }));
  gaps.push({ start: text.length, end: Infinity });
  let best: { edge: number; rank: number[] } | null = null;
  for (const { start, end } of gaps) {
    const spansTarget = start <= target && target <= end;
    if (!spansTarget && Math.abs(end - target) > COLUMN_TOLERANCE) continue;
    const edge = Math.max(spansTarget && end - target > COLUMN_TOLERANCE ? target : end, after + 1);
    const rank = [LEADING_BULLET.test(text.slice(edge)) ? 0 : 1, end - start >= 2 || start === 0 ? 0 : 1, Math.abs(edge - target)];
    // A single space before a word is a space between words, not between columns.
    if (rank[0] === 1 && rank[1] === 1) continue;
    if (!best || compareRanks(rank, best.rank) < 0) best = { edge, rank };
  }
  return best?.edge ?? null;
}

function compareRanks(a: number[], b: number[]): number {
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index] - b[index];
  return 0;
}

/**
 * A column's lines as findings. A bullet glyph starts an item and text without one continues it
 * (a wrapped item); a column keeps to the glyph it starts with, so in a `•` list a line that
 * starts with "–" is the rest of a wrapped item. Without glyphs, a fixed-width column's hanging
 * indent marks the items, and otherwise each line is an item unless it starts in lower case.
 */
function splitIntoItems(lines: ColumnLine[], isReportWord: WordCheck): string[] {
  const items: string[][] = [];
  const firstGlyph = lines.map((line) => LEADING_BULLET.exec(line.text)?.[1]).find((glyph) => glyph !== undefined) ?? null;
  // Items on lines of their own ("- a", "- b"), few lines with the glyph inside too: a " - " inside
  // one is punctuation ("Avesta 2020 - stöd …"), not a bullet. Items run together repeat it line after line.
  const glyphLines = firstGlyph === null ? 0 : lines.filter((line) => LEADING_BULLET.exec(line.text)?.[1] === firstGlyph).length;
  const inlineGlyphLines = lines.filter((line) => splitAtInlineBullets(line.text.replace(LEADING_BULLET, ''), firstGlyph).length > 1).length;
  const itemsOnOwnLines = glyphLines >= 2 && inlineGlyphLines * 2 < glyphLines;
  const itemIndent = Math.min(...lines.map((line) => line.indent ?? 0));
  const hangingIndent = lines.some((line) => (line.indent ?? 0) > itemIndent);
  for (const line of lines) {
    let rest = line.text;
    let startsItem: boolean;
    const leading = LEADING_BULLET.exec(line.text);
    if (firstGlyph !== null) {
      startsItem = leading !== null && (leading[1] === '•' || leading[1] === firstGlyph);
      if (startsItem) rest = line.text.slice(leading![0].length);
    } else if (hangingIndent) {
      startsItem = (line.indent ?? 0) === itemIndent;
    } else {
      startsItem = !/^\p{Ll}/u.test(line.text);
    }
    splitAtInlineBullets(rest, itemsOnOwnLines ? null : firstGlyph).forEach((piece, index) => {
      const current = items[items.length - 1];
      if (index === 0 && !startsItem && current) current.push(piece);
      else items.push([piece]);
    });
  }
  return items.map((pieces) => joinWrappedLines(pieces, isReportWord)).filter((item) => /[\p{L}\p{N}]/u.test(item));
}

/**
 * Inside a line, `•` always separates items; a hyphen or star only in a list that uses it, runs its
 * items together on a line, and stands between spaces. An en dash inside a line is punctuation.
 */
const INLINE_BULLETS: Record<string, RegExp> = {
  '-': /[•▪\uf0b7]|\s-(?=\s|$)/u,
  '*': /[•▪\uf0b7]|\s\*(?=\s|$)/u,
};

function splitAtInlineBullets(text: string, glyph: string | null): string[] {
  return text.split((glyph !== null && INLINE_BULLETS[glyph]) || /[•▪\uf0b7]/u);
}

/**
 * The lines of a wrapped item, joined with one space. A hyphen at a line end is undone when the
 * joined word is a word of the report ("process-" + "kartläggning"); before "och" and the like it
 * stands for a left-out word and keeps its space; otherwise the hyphen stays ("e-" + "tjänster").
 */
function joinWrappedLines(pieces: string[], isReportWord: WordCheck): string {
  let joined = '';
  for (const raw of pieces) {
    const piece = collapseSpaces(raw);
    if (piece === '') continue;
    const hyphenated = /(\p{L}+)-$/u.exec(joined);
    const nextWord = /^\p{Ll}[\p{L}]*/u.exec(piece)?.[0];
    if (hyphenated && nextWord) {
      if (isReportWord(`${hyphenated[1]}${nextWord}`.toLowerCase())) joined = `${joined.slice(0, -1)}${piece}`;
      else if (CONJUNCTION.test(nextWord)) joined = `${joined} ${piece}`;
      else joined = `${joined}${piece}`;
    } else {
      joined = joined === '' ? piece : `${joined} ${piece}`;
    }
  }
  return collapseSpaces(joined);
}
