import type { FindingKind } from '../../evaluations/findings/finding-kinds';

export const CARRY_OVER_MATCHES = ['question', 'area'] as const;
export type CarryOverMatch = (typeof CARRY_OVER_MATCHES)[number];

export interface CarryOverPlanInput {
  id: string;
  title: string;
  dueDate: string;
  /** Every finding the plan links to now, in any evaluation. */
  findings: { id: string; areaNumber: number; questionCode: string | null }[];
  targets: { questionCode: string }[];
}

export interface CarryOverFindingInput {
  id: string;
  areaNumber: number;
  kind: FindingKind;
  position: number;
  questionCode: string | null;
  dismissed: boolean;
}

export interface CarryOverSuggestion {
  actionPlanId: string;
  findingId: string;
  match: CarryOverMatch;
}

const KIND_ORDER: Record<FindingKind, number> = { strength: 0, improvement: 1, weakness: 2 };
const MATCH_ORDER: Record<CarryOverMatch, number> = { question: 0, area: 1 };

/**
 * Which new findings each open plan could answer: a finding about a sub-question
 * the plan targets, or that one of its findings was about, comes first ("question"); then the
 * other findings in an area the plan works in, by its findings or its targets ("area"). Only
 * improvement opportunities and weaknesses that are not dismissed are proposed, and never a
 * finding the plan already links to. The sub-question's area is its code's first number
 * (`2.4` is in area 2), as in every KommunKompassen revision.
 *
 * Plans come in the order given, each with its suggestions best first, then in report order.
 */
export function suggestCarryOver(plans: readonly CarryOverPlanInput[], findings: readonly CarryOverFindingInput[]): CarryOverSuggestion[] {
  const candidates = findings
    .filter((finding) => finding.kind !== 'strength' && !finding.dismissed)
    .sort((a, b) => a.areaNumber - b.areaNumber || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.position - b.position);
  return plans.flatMap((plan) => {
    const linked = new Set(plan.findings.map((finding) => finding.id));
    const questions = new Set([
      ...plan.targets.map((target) => target.questionCode),
      ...plan.findings.flatMap((finding) => (finding.questionCode ? [finding.questionCode] : [])),
    ]);
    const areas = new Set([...plan.findings.map((finding) => finding.areaNumber), ...[...questions].map(areaOfQuestion)]);
    return candidates
      .filter((finding) => !linked.has(finding.id))
      .flatMap((finding): CarryOverSuggestion[] => {
        if (finding.questionCode && questions.has(finding.questionCode)) return [{ actionPlanId: plan.id, findingId: finding.id, match: 'question' }];
        if (areas.has(finding.areaNumber)) return [{ actionPlanId: plan.id, findingId: finding.id, match: 'area' }];
        return [];
      })
      .sort((a, b) => MATCH_ORDER[a.match] - MATCH_ORDER[b.match]);
  });
}

function areaOfQuestion(code: string): number {
  return Number(code.split('.')[0]);
}

/**
 * The plans in the order a manager works through them: those with a same-sub-question
 * suggestion first, then those with only same-area ones, then the rest (to link by hand); each
 * group by due date, then title.
 */
export function rankPlans<T extends Pick<CarryOverPlanInput, 'id' | 'dueDate' | 'title'>>(plans: readonly T[], suggestions: readonly CarryOverSuggestion[]): T[] {
  const best = new Map<string, number>();
  for (const suggestion of suggestions) {
    best.set(suggestion.actionPlanId, Math.min(best.get(suggestion.actionPlanId) ?? Infinity, MATCH_ORDER[suggestion.match]));
  }
  const rank = (plan: T) => best.get(plan.id) ?? CARRY_OVER_MATCHES.length;
  return [...plans].sort((a, b) => rank(a) - rank(b) || a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title, 'sv'));
}
