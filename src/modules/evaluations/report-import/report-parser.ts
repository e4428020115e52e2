import { municipalityDisplayName } from '../../identity/municipalities/municipality-name';
import { locateAreaSections, requireSomeAreaSection } from './area-sections';
import { readFindingsTable } from './findings-table';
import type {
  ImportError,
  ImportWarning,
  ParsedFinding,
  ParsedReference,
  ParsedReport,
  ReportParseContext,
  ReportParseResult,
} from './parsed-report';
import { readDocument } from './report-document';
import { identifyDate, identifyMunicipality, municipalityIndex } from './report-municipality';
import { findReferences } from './report-references';
import { checkScores, recogniseFramework } from './score-checks';
import { groupIntoAreaTables, locateScoreSection, readScoreRows } from './score-tables';

/**
 * Reads the text of a published KommunKompassen report, as a pipeline:
 *
 * 1. lines: normalised, page furniture (running headers and footers) found by repetition and dropped;
 * 2. who and when: the municipality and the date of the evaluation;
 * 3. section 4: score rows read and grouped by area, the framework recognised, the figures checked;
 * 4. section 3: the area sections, each split into prose, topics and its findings table;
 * 5. per area: the findings table read into its three kinds, references found in the prose.
 *
 * Forgiving with layout, strict with meaning: a text without the municipality, the date, every
 * area's score rows and every area's section, or with a findings table whose cells cannot be
 * assigned to the three kinds, is refused with errors that name what is wrong and where. An
 * exception is a defect of the parser: it is not caught here (the import logs it and refuses).
 */
export function parseReport(text: string, context: ReportParseContext): ReportParseResult {
  if (typeof text !== 'string' || text.trim() === '') {
    return refuse([{ line: null, code: 'EMPTY_TEXT', params: {}, message: 'The text is empty: expected the text of a KommunKompassen report.' }]);
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
    errors.push({ line: scoreSection?.headingLine ?? null, code: 'NO_SCORE_TABLES', params: {}, message: "No score tables found (section 4, 'Översikt av poängfördelning')" });
  }
  const framework = scoreTables && scoreTables.areas.size > 0 ? recogniseFramework(scoreTables, context.frameworks, errors) : null;
  const scores = framework && scoreTables ? checkScores(scoreTables, framework, warnings, errors) : null;

  const sectionsEnd = scoreSection?.startIndex ?? document.lines.length;
  const sections = framework
    ? locateAreaSections(document.lines, sectionsEnd, framework, errors)
    : requireSomeAreaSection(document.lines, sectionsEnd, errors);

  if (errors.length > 0 || !municipality || !date || !framework || !scores) return refuse(errors);

  const isReportWord = reportWords(document.text);
  const findings: ParsedFinding[] = [];
  const references: ParsedReference[] = [];
  for (const section of sections) {
    findings.push(...readFindingsTable(section, isReportWord, errors));
    references.push(...findReferences(section, municipalities, municipality.code));
  }
  if (errors.length > 0) return refuse(errors);

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

/** The words the report uses, for telling a hyphenated word from a compound split at a line end. */
function reportWords(text: string): (word: string) => boolean {
  let words: Set<string> | null = null;
  return (word) => {
    words ??= new Set(text.toLowerCase().match(/\p{L}+/gu) ?? []);
    return words.has(word);
  };
}

function refuse(errors: ImportError[]): ReportParseResult {
  return { ok: false, errors };
}
