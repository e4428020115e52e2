import type { FindingKind } from './parsed-report';

// The headings of the findings table that ends each area section: "Styrkor", "Förbättringsmöjligheter", "Svagheter".

export const KIND_HEADINGS: { kind: FindingKind; pattern: RegExp }[] = [
  { kind: 'strength', pattern: /Styrkor/iu },
  { kind: 'improvement', pattern: /Förbättrings\p{L}*/iu },
  { kind: 'weakness', pattern: /Svagheter/iu },
];
/** The three headings on one line: a table laid out horizontally. */
export const HEADING_ROW = /^Styrkor\s*[\s/|]\s*Förbättrings\p{L}*\s*[\s/|]\s*Svagheter$/iu;
/** One heading alone on its line: a table laid out vertically, each heading above its items. */
export const KIND_HEADING_ALONE = /^(Styrkor|Förbättrings\p{L}*|Svagheter):?$/iu;

/** Whether a line opens a findings table: the three headings on one line, or "Styrkor" alone above its items. */
export function opensFindingsTable(compact: string): boolean {
  return HEADING_ROW.test(compact) || /^Styrkor:?$/iu.test(compact);
}
