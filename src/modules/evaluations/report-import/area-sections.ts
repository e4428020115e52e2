import type { FrameworkAreaDefinition, FrameworkDefinition } from '../frameworks/framework-definition';
import type { ImportError } from './parsed-report';
import { opensFindingsTable } from './findings-headings';
import { comparable, type SourceLine } from './report-document';

// Section 3: one section per area, ending with its findings table.

export interface AreaSection {
  areaNumber: number;
  headingLine: number;
  areaTitle: string;
  /** Paragraph lines: the section without its "Rubriker" block and findings table. */
  prose: SourceLine[];
  /** The line that opens the findings table: the three kind headings, or "Styrkor" alone above its items. */
  findingsHeader: SourceLine | null;
  findingsBody: SourceLine[];
}

/** "Område 1 Offentlighet och demokrati", "OMRÅDE 1 OFFENTLIGHET OCH DEMOKRATI", "3.1 Område 1 …". */
const AREA_SECTION_HEADING = /^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?Område\s+([1-9])(?![\p{N}])\s*[.:–-]?\s*(.*)$/iu;
/** A table-of-contents entry: dot leaders or a trailing page number. */
const CONTENTS_ENTRY = /(?:\.{3,}|…)|\s\d{1,3}$/u;
const TOPICS_HEADER = /^Rubriker(?:\s+Poäng)?$/iu;
/** A line of the topics block: a bullet item, a list tag, the area's points, or a wrapped item's lowercase rest. */
const TOPICS_LINE = /^(?:[•*▪\uf0b7–-]\s|<ul|\d{1,3}$|\p{Ll})/u;

export function locateAreaSections(lines: SourceLine[], endIndex: number, framework: FrameworkDefinition, errors: ImportError[]): AreaSection[] {
  const headings: { areaNumber: number; index: number }[] = [];
  for (const area of framework.areas) {
    const index = findAreaHeading(lines, endIndex, area);
    if (index < 0) {
      errors.push({
        line: null,
        code: 'AREA_WITHOUT_SECTION',
        params: { areaNumber: area.number, areaTitle: area.title },
        message: `Area ${area.number} (${area.title}) has no section in the detailed review (section 3, heading "Område ${area.number} ${area.title}")`,
      });
    } else {
      headings.push({ areaNumber: area.number, index });
    }
  }
  headings.sort((a, b) => a.index - b.index);
  return headings.map((heading, position) => {
    const sectionEnd = headings[position + 1]?.index ?? endIndex;
    const area = framework.areas.find((candidate) => candidate.number === heading.areaNumber);
    const section = splitAreaSection(lines.slice(heading.index + 1, sectionEnd), heading.areaNumber, area?.title ?? '', lines[heading.index].number);
    if (section.findingsHeader === null) {
      errors.push({
        line: section.headingLine,
        code: 'AREA_WITHOUT_FINDINGS_TABLE',
        params: { areaNumber: heading.areaNumber, areaTitle: area?.title ?? '' },
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
export function requireSomeAreaSection(lines: SourceLine[], endIndex: number, errors: ImportError[]): AreaSection[] {
  const found = lines.slice(0, endIndex).some((line) => {
    const match = AREA_SECTION_HEADING.exec(line.compact);
    return match !== null && !CONTENTS_ENTRY.test(match[2]);
  });
  if (!found) {
    errors.push({ line: null, code: 'NO_AREA_SECTIONS', params: {}, message: 'No area sections found (section 3, headings such as "Område 1 Offentlighet och demokrati")' });
  }
  return [];
}

function splitAreaSection(lines: SourceLine[], areaNumber: number, areaTitle: string, headingLine: number): AreaSection {
  const section: AreaSection = { areaNumber, areaTitle, headingLine, prose: [], findingsHeader: null, findingsBody: [] };
  let inTopics = false;
  for (const line of lines) {
    const text = line.compact;
    if (section.findingsHeader !== null) {
      section.findingsBody.push(line);
    } else if (opensFindingsTable(text)) {
      section.findingsHeader = line;
    } else if (TOPICS_HEADER.test(text)) {
      inTopics = true;
    } else if (inTopics && text !== '' && TOPICS_LINE.test(text)) {
      continue;
    } else {
      inTopics = false;
      section.prose.push(line);
    }
  }
  return section;
}
