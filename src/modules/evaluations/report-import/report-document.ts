// The text as lines: what every other part of the parser reads.

export interface SourceLine {
  /** 1-based line number in the text as given. */
  number: number;
  /** Spaces normalised; page headers and footers blanked. Tabs are kept: they separate columns. */
  text: string;
  /** `text` with every run of whitespace as one space, trimmed: what row and heading patterns read. */
  compact: string;
}

export interface SourceDocument {
  lines: SourceLine[];
  /** The normalised lines joined with `\n`, for patterns that may span wrapped lines. */
  text: string;
  lineStarts: number[];
}

const UNUSUAL_SPACES = /[\u00a0\u2007\u202f\u2009\u200a]/g;
// The zero-width joiner stands outside the class: inside one it reads as joining its neighbours.
const INVISIBLE_CHARACTERS = /[\u200b\u200c\u2060\ufeff\u00ad\f]|\u200d/g;
/**
 * "Avesta kommun – KommunKompassen 2014   Sida 7", "Sida 7 av 26", "- 7 -". Capital "Sida" only:
 * a wrapped sentence may well end in "på sida 7".
 */
const PAGE_HEADER = /^(?:.{0,100}\b(?:Sida|SIDA)\s+\d{1,3}(?:\s*(?:av|\/)\s*\d{1,3})?|[-–]\s*\d{1,3}\s*[-–])$/u;

export function readDocument(raw: string): SourceDocument {
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

export function lineNumberAt(document: SourceDocument, offset: number): number {
  let low = 0;
  let high = document.lineStarts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (document.lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** For comparing titles: case, punctuation and dashes do not matter. */
export function comparable(text: string): string {
  return collapseSpaces(text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' '));
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
