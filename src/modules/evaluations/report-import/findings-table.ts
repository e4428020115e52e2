import type { AreaSection } from './area-sections';
import type { FindingKind, ImportWarning, ParsedFinding } from './parsed-report';
import { collapseSpaces, escapeRegExp } from './report-document';

// Findings: three cells of bullet lists.

const FINDING_KINDS: FindingKind[] = ['strength', 'improvement', 'weakness'];
const CELL_START = '\u0001';
/** A bullet that opens a line or cell. `-`, `*` and `–` need a space after them: "e-tjänster" is no bullet. */
const LEADING_BULLET = /^\s*(•|[-*–](?=\s|$))/u;

export function readFindingsTable(section: AreaSection, warnings: ImportWarning[]): ParsedFinding[] {
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
