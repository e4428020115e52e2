import type { FrameworkDefinition } from '../frameworks/framework-definition';

/** What a report parse needs besides the text: the known frameworks and the municipality list. */
export interface ReportParseContext {
  frameworks: FrameworkDefinition[];
  municipalities: { code: string; name: string }[];
}

export type ReportParseResult = { ok: true; report: ParsedReport; warnings: ImportWarning[] } | { ok: false; errors: ImportError[] };

/**
 * Why a text cannot be imported, each reason with a code of its own. The pages word a refusal
 * from its code and params in the reader's language (`import.errors.<CODE>` in the catalogues);
 * every code here needs a text there.
 */
export const IMPORT_ERROR_CODES = [
  'EMPTY_TEXT',
  'MUNICIPALITY_NOT_NAMED',
  'MUNICIPALITY_UNKNOWN',
  'DATE_NOT_STATED',
  'NO_SCORE_TABLES',
  'FRAMEWORK_NOT_RECOGNISED',
  'SCORE_ROW_UNREADABLE',
  'AREA_NOT_IN_FRAMEWORK',
  'AREA_WITHOUT_SCORE_ROWS',
  'QUESTION_NOT_IN_FRAMEWORK',
  'QUESTION_TWICE',
  'POINTS_ABOVE_MAX',
  'QUESTION_MISSING',
  'AREA_WITHOUT_SUM_ROW',
  'AREA_SUM_ABOVE_MAX',
  'NO_AREA_SECTIONS',
  'AREA_WITHOUT_SECTION',
  'AREA_WITHOUT_FINDINGS_TABLE',
  'FINDINGS_HEADING_OUT_OF_ORDER',
  'FINDINGS_HEADINGS_STACKED',
  'FINDINGS_CELLS_NOT_SEPARATED',
  'FINDINGS_TOO_MANY_CELLS',
  'OTHER_MUNICIPALITY',
  'PARSER_DEFECT',
] as const;

/**
 * Why a file cannot be read at all, before any text is parsed: one code for each thing a user can
 * do something about. They come in the same `errors` list under the answer's own code
 * (`IMPORT.NO_TEXT_LAYER`, `IMPORT.UNREADABLE_FILE`, `IMPORT.UNSUPPORTED_FORMAT`,
 * `PAYLOAD_TOO_LARGE`), and need texts in the catalogues as the parser's codes do. A `reason`
 * param is a library's own English words about the file, not worded in the catalogues.
 */
export const IMPORT_FILE_ERROR_CODES = [
  'NO_TEXT_LAYER',
  'PDF_DAMAGED',
  'WORD_DAMAGED',
  'UTF8_DAMAGED',
  'OLD_OFFICE_FORMAT',
  'ZIP_NOT_WORD',
  'PICTURE',
  'BINARY_FILE',
  'UNKNOWN_ENCODING',
  'FILE_TOO_LARGE',
] as const;

export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number] | (typeof IMPORT_FILE_ERROR_CODES)[number];

/** The values a message names (an area's number and title, points, a line), for wording it in any language. */
export type ImportMessageParams = Record<string, string | number>;

/** Why a text cannot be imported. `line` is 1-based in the text as given; `message` is the English wording. */
export interface ImportError {
  line: number | null;
  code: ImportErrorCode;
  params: ImportMessageParams;
  message: string;
}

/**
 * Something the report prints that does not add up; the printed values are kept. Warnings are
 * stored with the evaluation: those stored before they carried `params` have only `message`.
 */
export interface ImportWarning {
  code: ImportWarningCode;
  message: string;
  params?: ImportMessageParams;
  areaNumber?: number;
  questionCode?: string;
  line?: number;
}

export const IMPORT_WARNING_CODES = [
  'AREA_SUM_MISMATCH',
  'AREA_MAX_MISMATCH',
  'AREA_TITLE_MISMATCH',
  'PERCENT_MISMATCH',
  'MAX_POINTS_MISMATCH',
  'TOTAL_MISMATCH',
  'UNRECOGNISED_SCORE_ROW',
  'MONTH_NOT_STATED',
] as const;

export type ImportWarningCode = (typeof IMPORT_WARNING_CODES)[number];

export type FindingKind = 'strength' | 'improvement' | 'weakness';

export interface ParsedReport {
  /** Looked up in the municipality list: "Avesta kommun" gives `{ code: '2084', name: 'Avesta' }`. */
  municipality: { code: string; name: string };
  year: number;
  /** 1–12, or null when the report states only the year. */
  month: number | null;
  /** `YYYY-MM-01`; January when the month is not stated. */
  conductedOn: string;
  frameworkKey: string;
  title: string;
  scores: ParsedScore[];
  areaTotals: ParsedAreaTotal[];
  findings: ParsedFinding[];
  references: ParsedReference[];
}

/** A sub-question row of section 4, values as printed. */
export interface ParsedScore {
  questionCode: string;
  achievedPoints: number;
  maxPoints: number;
  reportedPercent: number | null;
  line: number;
}

/** An area's sum row of section 4, values as printed; `title` as in the area's header row. */
export interface ParsedAreaTotal {
  areaNumber: number;
  title: string;
  reportedTotal: number;
  reportedMax: number;
  reportedPercent: number | null;
}

export interface ParsedFinding {
  areaNumber: number;
  kind: FindingKind;
  text: string;
  /** 1-based order within (area, kind). */
  position: number;
}

/** Another municipality named as an example, with the sentence that names it. */
export interface ParsedReference {
  areaNumber: number;
  municipalityCode: string;
  municipalityName: string;
  sentence: string;
}
