import { findPageFurniture } from './page-furniture';

// The text as lines, without page furniture: what every other part of the parser reads.

export interface SourceLine {
  /** 1-based line number in the text as given. */
  number: number;
  /** Spaces normalised. Tabs and runs of spaces are kept: they separate columns. */
  text: string;
  /** `text` with every run of whitespace as one space, trimmed: what row and heading patterns read. */
  compact: string;
}

export interface SourceDocument {
  /** The lines that are not page furniture, in order; each keeps its number in the text as given. */
  lines: SourceLine[];
  /** Those lines joined with `\n`, for patterns that may span wrapped lines. */
  text: string;
  lineStarts: number[];
}

const UNUSUAL_SPACES = /[\u00a0\u2007\u202f\u2009\u200a]/g;
// The zero-width joiner stands outside the class: inside one it reads as joining its neighbours.
const INVISIBLE_CHARACTERS = /[\u200b\u200c\u2060\ufeff\u00ad\f]|\u200d/g;

export function readDocument(raw: string): SourceDocument {
  const all = raw.split(/\r\n?|\n/).map((rawLine, index) => {
    const text = rawLine.replace(INVISIBLE_CHARACTERS, '').replace(UNUSUAL_SPACES, ' ').replace(/\s+$/, '');
    return { number: index + 1, text, compact: collapseSpaces(text) };
  });
  const furniture = findPageFurniture(all.map((line) => line.compact));
  const lines = all.filter((_, index) => !furniture.has(index));
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.text.length + 1;
  }
  return { lines, text: lines.map((line) => line.text).join('\n'), lineStarts };
}

/** The number, in the text as given, of the line that holds `offset` of `document.text`. */
export function lineNumberAt(document: SourceDocument, offset: number): number {
  let low = 0;
  let high = document.lineStarts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (document.lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return document.lines[low]?.number ?? 1;
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
