import type { ActionPlanView } from './action-plan.dto';

/** The areas a plan works on, each once and in order: "2, 7" for findings in areas 2, 2 and 7. */
export function areasOf(plan: Pick<ActionPlanView, 'findings'>): string {
  return [...new Set(plan.findings.map((finding) => finding.areaNumber))].sort((a, b) => a - b).join(', ');
}
