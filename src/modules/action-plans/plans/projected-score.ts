import { roundPoints } from '../../evaluations/evaluations/evaluation-report';
import type { EvaluationReportView } from '../../evaluations/evaluations/evaluation-report';

/**
 * The one definition of "projected": previous points plus the expected points of the completed
 * plans targeting it, never above the maximum, and never from nothing (a sub-question without a
 * score has no projection).
 */
export function projectedScore(before: number | null, expectedGain: number, maxPoints: number): number | null {
  if (before === null) return null;
  return roundPoints(Math.min(before + expectedGain, Math.max(before, maxPoints)));
}

/**
 * An area's projected score: its score plus what each of its sub-questions is projected to gain
 * (each capped at the sub-question's maximum; a sub-question without a score gains nothing), never
 * above the area's maximum, and none for an area without a score. The comparison and the
 * leadership digest both use it.
 */
export function projectedAreaScore(
  area: { before: number | null; maxPoints: number },
  questions: readonly { before: number | null; expectedGain: number; maxPoints: number }[],
): number | null {
  const gain = questions.reduce((sum, question) => {
    const projected = projectedScore(question.before, question.expectedGain, question.maxPoints);
    return projected === null ? sum : sum + projected - question.before!;
  }, 0);
  return projectedScore(area.before, roundPoints(gain), area.maxPoints);
}

/** Per sub-question code, the expected points of the completed plans that target it. */
export function completedExpectedPoints(plans: readonly { status: string; targets: readonly { questionCode: string; expectedPoints: number }[] }[]): Map<string, number> {
  const expected = new Map<string, number>();
  for (const target of plans.filter((plan) => plan.status === 'completed').flatMap((plan) => plan.targets)) {
    expected.set(target.questionCode, roundPoints((expected.get(target.questionCode) ?? 0) + target.expectedPoints));
  }
  return expected;
}

/** Per area of the evaluation, its projected score from the completed plans' targets. */
export function projectedAreaScores(
  report: Pick<EvaluationReportView, 'areas'>,
  plans: readonly { status: string; targets: readonly { questionCode: string; expectedPoints: number }[] }[],
): Map<number, number | null> {
  const expected = completedExpectedPoints(plans);
  return new Map(
    report.areas.map((area) => [
      area.number,
      projectedAreaScore(
        { before: area.achievedPoints, maxPoints: area.maxPoints },
        area.questions.map((question) => ({ before: question.achievedPoints, expectedGain: expected.get(question.code) ?? 0, maxPoints: question.maxPoints })),
      ),
    ]),
  );
}
