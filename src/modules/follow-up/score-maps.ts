import type { EvaluationReportView } from '../evaluations/evaluations/evaluation-report';
export { roundPoints } from '../evaluations/evaluations/evaluation-report';

/** Achieved points by sub-question code; null where the evaluation has no score for it. */
export type ScoresByCode = ReadonlyMap<string, number | null>;

export function scoresByCode(report: Pick<EvaluationReportView, 'areas'>): ScoresByCode {
  return new Map(report.areas.flatMap((area) => area.questions.map((question) => [question.code, question.achievedPoints] as const)));
}

