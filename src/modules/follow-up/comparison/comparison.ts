import type { ActionPlanView } from '../../action-plans/plans/action-plan.dto';
import type { ActionPlanStatus, Effect } from '../../action-plans/plans/action-plan.constants';
import type { EvaluationReportView } from '../../evaluations/evaluations/evaluation-report';
import { EvaluationRef, evaluationRef, planSummary } from '../follow-up.dto';
import type { PlanSummary } from '../follow-up.dto';
import { projectedAreaScore, projectedScore } from '../../action-plans/plans/projected-score';
import { roundPoints, scoresByCode } from '../score-maps';

export const COMPARISON_FLAGS = ['rose_with_no_action', 'completed_no_change', 'declined'] as const;
export type ComparisonFlag = (typeof COMPARISON_FLAGS)[number];

/**
 * How a plan came to stand behind a sub-question: it names it as a target; or, having no
 * targets, one of its findings names the sub-question; or, failing that, the finding's area
 * does (the plan then stands behind every sub-question of that area).
 */
export const PLAN_MATCHES = ['target', 'finding', 'area'] as const;
export type PlanMatch = (typeof PLAN_MATCHES)[number];

export type ComparedPlanInput = Pick<
  ActionPlanView,
  'id' | 'title' | 'owner' | 'status' | 'health' | 'progress' | 'dueDate' | 'completedAt' | 'effect' | 'effectSetBy' | 'findings' | 'targets'
>;

interface PlanState extends PlanSummary {
  completedAt: Date | null;
  effect: Effect | null;
  /** A manager set the effect; it is no longer the derived one. */
  effectOverridden: boolean;
}

export interface QuestionPlan extends PlanState {
  matchedBy: PlanMatch;
  /** What the plan expects to gain on this sub-question; null unless it is a target. */
  expectedPoints: number | null;
}

export interface AreaPlan extends PlanState {
  /** The sub-questions of the area this plan stands behind. */
  questionCodes: string[];
}

export interface QuestionComparison {
  code: string;
  text: string;
  maxPoints: number;
  before: number | null;
  after: number | null;
  delta: number | null;
  /** Expected points of the completed plans that target it (before capping at the maximum). */
  completedExpectedPoints: number;
  /** Previous score plus completedExpectedPoints, capped at maxPoints. */
  projected: number | null;
  flags: ComparisonFlag[];
  actionPlans: QuestionPlan[];
}

export interface AreaComparison {
  number: number;
  title: string;
  maxPoints: number;
  before: number | null;
  after: number | null;
  delta: number | null;
  projected: number | null;
  flags: ComparisonFlag[];
  questions: QuestionComparison[];
  actionPlans: AreaPlan[];
}

export interface ComparisonView {
  evaluation: EvaluationRef;
  previousEvaluation: EvaluationRef;
  areas: AreaComparison[];
  /**
   * `before` and `after` add up the areas compared: those whole in both evaluations (a draft
   * being entered has areas that are not yet); null when there is none.
   */
  total: { maxPoints: number; before: number | null; after: number | null; delta: number | null; projected: number; areasCompared: number };
  /** How many sub-questions carry each flag. */
  flagged: Record<ComparisonFlag, number>;
}

const WORKED_ON: ActionPlanStatus[] = ['in_progress', 'completed'];

/**
 * What needs a look, from a score change and the plans behind it:
 * - `declined`: the score went down;
 * - `rose_with_no_action`: it went up although no plan behind it was worked on (in progress or
 *   completed), so the rise is not explained by the action plans;
 * - `completed_no_change`: every plan behind it that was not cancelled is completed, and the
 *   score did not move.
 * Cancelled plans count for nothing.
 */
export function comparisonFlags(delta: number | null, plans: readonly { status: ActionPlanStatus }[]): ComparisonFlag[] {
  if (delta === null) return [];
  const live = plans.filter((plan) => plan.status !== 'cancelled');
  const flags: ComparisonFlag[] = [];
  if (delta > 0 && !live.some((plan) => WORKED_ON.includes(plan.status))) flags.push('rose_with_no_action');
  if (delta === 0 && live.length > 0 && live.every((plan) => plan.status === 'completed')) flags.push('completed_no_change');
  if (delta < 0) flags.push('declined');
  return flags;
}


const deltaOf = (before: number | null, after: number | null) => (before === null || after === null ? null : roundPoints(after - before));

/**
 * An area's points when they are the whole area's: printed in the report, or every sub-question
 * scored. A draft still being entered has only some, and their sum set against a full area
 * would read as a fall.
 */
const wholeAreaPoints = (area: EvaluationReportView['areas'][number] | undefined): number | null =>
  area && (area.reportedTotal !== null || area.questions.every((question) => question.achievedPoints !== null)) ? area.achievedPoints : null;

/**
 * The sub-questions each plan stands behind, with how it was matched (see PlanMatch). Only the
 * plan's findings in the previous evaluation count: they are what it was made to answer.
 */
export function questionsBehindPlan(
  plan: Pick<ComparedPlanInput, 'findings' | 'targets'>,
  previousEvaluationId: string,
  questionCodesByArea: ReadonlyMap<number, readonly string[]>,
): Map<string, { matchedBy: PlanMatch; expectedPoints: number | null }> {
  const behind = new Map<string, { matchedBy: PlanMatch; expectedPoints: number | null }>();
  const known = new Set([...questionCodesByArea.values()].flat());
  if (plan.targets.length > 0) {
    for (const target of plan.targets) {
      if (known.has(target.questionCode)) behind.set(target.questionCode, { matchedBy: 'target', expectedPoints: target.expectedPoints });
    }
    return behind;
  }
  const findings = plan.findings.filter((finding) => finding.evaluationId === previousEvaluationId);
  for (const finding of findings) {
    if (finding.questionCode && known.has(finding.questionCode)) behind.set(finding.questionCode, { matchedBy: 'finding', expectedPoints: null });
  }
  for (const finding of findings) {
    if (finding.questionCode && known.has(finding.questionCode)) continue;
    for (const code of questionCodesByArea.get(finding.areaNumber) ?? []) {
      if (!behind.has(code)) behind.set(code, { matchedBy: 'area', expectedPoints: null });
    }
  }
  return behind;
}

function planState(plan: ComparedPlanInput): PlanState {
  return {
    ...planSummary(plan),
    completedAt: plan.completedAt,
    effect: plan.effect,
    effectOverridden: plan.effectSetBy !== null,
  };
}

/**
 * The follow-up evaluation beside the one it follows up: per area and
 * sub-question before, after and delta, the plans behind each (those linked to the previous
 * evaluation's findings), the projected score and the flags. Area points are the areas' totals
 * as each report gives them (a printed total wins over the sum, §2); the whole is the sum of the
 * areas, as in the reports.
 */
export function buildComparison(previous: EvaluationReportView, current: EvaluationReportView, plans: readonly ComparedPlanInput[]): ComparisonView {
  const before = scoresByCode(previous);
  const questionCodesByArea = new Map(current.areas.map((area) => [area.number, area.questions.map((question) => question.code)]));
  const behindByPlan = plans.map((plan) => ({ plan, behind: questionsBehindPlan(plan, previous.id, questionCodesByArea) }));

  const areas = current.areas.map((area): AreaComparison => {
    const previousArea = previous.areas.find((candidate) => candidate.number === area.number);
    const questions = area.questions.map((question): QuestionComparison => {
      const was = before.get(question.code) ?? null;
      const actionPlans = behindByPlan
        .filter(({ behind }) => behind.has(question.code))
        .map(({ plan, behind }): QuestionPlan => ({ ...planState(plan), ...behind.get(question.code)! }));
      const completedExpectedPoints = roundPoints(
        actionPlans.filter((plan) => plan.status === 'completed').reduce((sum, plan) => sum + (plan.expectedPoints ?? 0), 0),
      );
      const delta = deltaOf(was, question.achievedPoints);
      return {
        code: question.code,
        text: question.text,
        maxPoints: question.maxPoints,
        before: was,
        after: question.achievedPoints,
        delta,
        completedExpectedPoints,
        projected: projectedScore(was, completedExpectedPoints, question.maxPoints),
        flags: comparisonFlags(delta, actionPlans),
        actionPlans,
      };
    });

    const areaPlans = behindByPlan
      .map(({ plan, behind }) => ({ plan, codes: area.questions.map((question) => question.code).filter((code) => behind.has(code)) }))
      .filter(({ codes }) => codes.length > 0)
      .map(({ plan, codes }): AreaPlan => ({ ...planState(plan), questionCodes: codes }));
    const areaBefore = wholeAreaPoints(previousArea);
    const areaAfter = wholeAreaPoints(area);
    const delta = deltaOf(areaBefore, areaAfter);
    return {
      number: area.number,
      title: area.title,
      maxPoints: area.maxPoints,
      before: areaBefore,
      after: areaAfter,
      delta,
      projected: projectedAreaScore(
        { before: areaBefore, maxPoints: area.maxPoints },
        questions.map((question) => ({ before: question.before, expectedGain: question.completedExpectedPoints, maxPoints: question.maxPoints })),
      ),
      flags: comparisonFlags(delta, areaPlans),
      questions,
      actionPlans: areaPlans,
    };
  });

  const flagged = Object.fromEntries(COMPARISON_FLAGS.map((flag) => [flag, 0])) as Record<ComparisonFlag, number>;
  for (const question of areas.flatMap((area) => area.questions)) for (const flag of question.flags) flagged[flag] += 1;
  const projected = roundPoints(areas.reduce((sum, area) => sum + (area.projected ?? 0), 0));
  const compared = areas.filter((area) => area.before !== null && area.after !== null);
  const sumOf = (points: (number | null)[]) => (compared.length === 0 ? null : roundPoints(points.reduce<number>((sum, value) => sum + (value ?? 0), 0)));
  const totalBefore = sumOf(compared.map((area) => area.before));
  const totalAfter = sumOf(compared.map((area) => area.after));
  return {
    evaluation: evaluationRef(current),
    previousEvaluation: evaluationRef(previous),
    areas,
    total: {
      maxPoints: current.total.maxPoints,
      before: totalBefore,
      after: totalAfter,
      delta: deltaOf(totalBefore, totalAfter),
      projected,
      areasCompared: compared.length,
    },
    flagged,
  };
}
