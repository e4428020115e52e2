import type { FrameworkDefinition } from '../frameworks/framework-definition';

/** What a report parse needs besides the text: the known frameworks and the municipality list. */
export interface ReportParseContext {
  frameworks: FrameworkDefinition[];
  municipalities: { code: string; name: string }[];
}

export type ReportParseResult = { ok: true; report: ParsedReport; warnings: ImportWarning[] } | { ok: false; errors: ImportError[] };

/** Why a text cannot be imported. `line` is 1-based in the text as given. */
export interface ImportError {
  line: number | null;
  message: string;
}

/** Something the report prints that does not add up; the printed values are kept. */
export interface ImportWarning {
  code: ImportWarningCode;
  message: string;
  areaNumber?: number;
  questionCode?: string;
  line?: number;
}

export type ImportWarningCode =
  | 'AREA_SUM_MISMATCH'
  | 'AREA_MAX_MISMATCH'
  | 'AREA_TITLE_MISMATCH'
  | 'PERCENT_MISMATCH'
  | 'MAX_POINTS_MISMATCH'
  | 'TOTAL_MISMATCH'
  | 'UNRECOGNISED_SCORE_ROW'
  | 'MONTH_NOT_STATED';

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
