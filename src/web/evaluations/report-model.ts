import { type EvaluationReportView, percentOf } from '../../modules/evaluations/evaluations/evaluation-report';
import type { ImportWarning } from '../../modules/evaluations/report-import/parsed-report';
import { catalogue, MailLocale } from '../../modules/mail';
import { type ImportMessageModel, importerEnglish, importWarningModel } from './import-messages';

const KINDS = ['strength', 'improvement', 'weakness'] as const;

/** A warning of the import in the reader's language, with the line of the report it concerns. */
export interface WarningModel extends ImportMessageModel {
  areaNumber: number | null;
}

export function warningModels(warnings: ImportWarning[], report: Pick<EvaluationReportView, 'areas'>, locale: MailLocale): WarningModel[] {
  return warnings.map((warning) => ({ areaNumber: warning.areaNumber ?? null, ...(importWarningModel(warning, locale) ?? storedWithoutParams(warning, report, locale)) }));
}

/**
 * A warning stored before warnings carried their params: a heading in the reader's language with
 * the importer's English beside it, or the English alone for a code the catalogue has no heading for.
 */
function storedWithoutParams(warning: ImportWarning, report: Pick<EvaluationReportView, 'areas'>, locale: MailLocale): ImportMessageModel {
  const words = catalogue();
  const line = warning.line ?? null;
  const area = warning.areaNumber !== undefined ? report.areas.find((candidate) => candidate.number === warning.areaNumber) : undefined;
  // The one mismatch the report's own figures let us say in full in either language.
  if (warning.code === 'AREA_SUM_MISMATCH' && area && area.summedPoints !== null && area.reportedTotal !== null) {
    const text = words.translate(locale, 'evaluation.warnings.areaSum', { area: area.number, title: area.title, summed: area.summedPoints, printed: area.reportedTotal });
    return { line, parts: [{ text, lang: null }], detail: null, lang: null };
  }
  const key = `evaluation.warnings.codes.${warning.code}`;
  if (!words.has(locale, key)) return importerEnglish(line, warning.message, locale);
  const text = words.translate(locale, key, { area: warning.areaNumber ?? '', question: warning.questionCode ?? '' });
  return { line, parts: [{ text, lang: null }], detail: warning.message, lang: null };
}

/**
 * The view model of the score table, findings and references of a report, shared by the import
 * preview (a dry run's report) and the evaluation page, so both show the same thing the same way.
 */
export function reportModel(report: EvaluationReportView) {
  return {
    areas: report.areas.map((area) => ({
      number: area.number,
      title: area.title,
      achievedPoints: area.achievedPoints,
      maxPoints: area.maxPoints,
      percent: area.percent,
      summedPoints: area.summedPoints,
      reportedTotal: area.reportedTotal,
      totalDiffers: area.reportedTotal !== null && area.summedPoints !== null && area.reportedTotal !== area.summedPoints,
      questions: area.questions.map((question) => {
        const derived = question.achievedPoints === null ? null : percentOf(question.achievedPoints, question.maxPoints);
        return {
          ...question,
          derivedPercent: derived,
          percentDiffers: question.reportedPercent !== null && derived !== null && question.reportedPercent !== derived,
        };
      }),
      // A dry run's report has no ids: nothing was saved.
      kinds: KINDS.map((kind) => ({
        kind,
        findings: area.findings[kind].map((finding) => ({ id: finding.id ?? null, text: finding.text, questionCode: finding.questionCode, position: finding.position })),
      })),
      findingCount: KINDS.reduce((sum, kind) => sum + area.findings[kind].length, 0),
      references: area.references.map((reference) => ({ municipalityName: reference.municipalityName, municipalityCode: reference.municipalityCode, sentence: reference.sentence })),
    })),
    total: report.total,
    findingCount: report.areas.reduce((sum, area) => sum + KINDS.reduce((inArea, kind) => inArea + area.findings[kind].length, 0), 0),
    referenceCount: report.areas.reduce((sum, area) => sum + area.references.length, 0),
  };
}
