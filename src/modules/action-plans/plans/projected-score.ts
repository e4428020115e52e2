import { roundPoints } from '../../evaluations/evaluations/evaluation-report';
import type { EvaluationReportView } from '../../evaluations/evaluations/evaluation-report';

/**
 * The one definition of "projected": previous points plus the expected points of the completed
 * plans targeting it, never above the maximum, and never from nothing (a sub-question without a
 * score has no projection). The comparison and the leadership digest both use it.
 */
export function projectedScore(before: number | null, expectedGain: number, maxPoints: number): number | null {
  if (before === null) return null;
  return roundPoints(Math.min(before + expectedGain, Math.max(before, maxPoints)));
}

/**
 * Per area, the points its completed plans' targets are expected to add to the evaluation's
 * scores: each sub-question's gain capped at its maximum.
 */
export function projectedAreaGains(
  report: Pick<EvaluationReportView, 'areas'>,
  completedPlans: { targets: { questionCode: string; expectedPoints: number }[] }[],
): Map<number, number> {
  const expected = new Map<string, number>();
  for (const target of completedPlans.flatMap((plan) => plan.targets)) {
    expected.set(target.questionCode, (expected.get(target.questionCode) ?? 0) + target.expectedPoints);
  }
  return new Map(
    report.areas.map((area) => [
      area.number,
      roundPoints(
        area.questions.reduce((sum, question) => {
          const projected = projectedScore(question.achievedPoints, expected.get(question.code) ?? 0, question.maxPoints);
          return sum + (projected === null ? 0 : projected - question.achievedPoints!);
        }, 0),
      ),
    ]),
  );
}
