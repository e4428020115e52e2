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
