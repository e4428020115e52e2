import { coversFindings, findingCoverage, isActive } from '../../action-plans/plans/action-plan-states';
import type { Coverage } from '../../action-plans/plans/action-plan-states';
import type { ActionPlanView } from '../../action-plans/plans/action-plan.dto';
import type { ActionPlanStatus, Effect, Health } from '../../action-plans/plans/action-plan.constants';
import type { EvaluationReportView, FindingView } from '../../evaluations/evaluations/evaluation-report';
import type { FindingKind } from '../../evaluations/findings/finding-kinds';
import { existedWhenConducted } from '../effects/effect-derivation';
import { EvaluationRef, evaluationRef } from '../follow-up.dto';

export { COVERAGES } from '../../action-plans/plans/action-plan-states';
export type { Coverage } from '../../action-plans/plans/action-plan-states';

export interface DossierPlan {
  id: string;
  title: string;
  owner: { id: string; name: string };
  unit: string | null;
  status: ActionPlanStatus;
  health: Health | null;
  progress: number;
  cancellationReason: string | null;
  startDate: string | null;
  dueDate: string;
  completedAt: Date | null;
  lastUpdateAt: Date | null;
  latestComment: string | null;
  overdue: boolean;
  effect: Effect | null;
  effectComment: string | null;
  /** Why the effect is unknown when the dossier can say: the plan was decided on after the follow-up was conducted. */
  effectNote: 'created_after_follow_up' | null;
  createdAt: Date;
}

export interface DossierFindingRef {
  id: string;
  areaNumber: number;
  kind: FindingKind;
  text: string;
  questionCode: string | null;
}

export interface DossierDismissal {
  reason: string;
  by: { id: string; name: string } | null;
  at: Date | null;
}

export interface DossierFinding extends DossierFindingRef {
  position: number;
  /** Null for strengths, which call for no action. A dismissal wins over a plan (§2). */
  coverage: Coverage | null;
  dismissal: DossierDismissal | null;
  actionPlans: DossierPlan[];
}

export interface DossierCounts {
  /** Distinct plans linked to the findings: done + open + cancelled = total; overdue are among the open. */
  actions: { total: number; done: number; open: number; overdue: number; cancelled: number };
  /** Improvement opportunities and weaknesses: covered + dismissed + uncovered = total. */
  findings: { total: number; covered: number; dismissed: number; uncovered: number };
}

export interface DossierQuestion {
  code: string;
  text: string;
  achievedPoints: number | null;
  maxPoints: number;
  percent: number | null;
}

export interface DossierArea {
  number: number;
  title: string;
  achievedPoints: number | null;
  maxPoints: number;
  percent: number | null;
  questions: DossierQuestion[];
  /** In report order: strengths, improvement opportunities, weaknesses. */
  findings: DossierFinding[];
  summary: DossierCounts;
}

export interface FollowUpDossier {
  municipality: { name: string };
  evaluation: EvaluationRef & { framework: { key: string; name: string } };
  generatedAt: Date;
  score: { achievedPoints: number; maxPoints: number; percent: number };
  summary: DossierCounts;
  areas: DossierArea[];
  /** The published evaluation that followed this one up, whose scores gave the plans their effects. */
  followUp: DossierFollowUp | null;
  /** Improvement opportunities and weaknesses no plan (that is not cancelled) answers, and not dismissed. */
  uncovered: DossierFindingRef[];
  dismissed: (DossierFindingRef & DossierDismissal)[];
}

export interface DossierFollowUp {
  id: string;
  title: string;
  conductedOn: string;
}

function dossierPlan(plan: ActionPlanView, followUp: DossierFollowUp | null, timeZone: string): DossierPlan {
  const decidedAfter = followUp !== null && !existedWhenConducted(plan.createdAt, followUp.conductedOn, timeZone);
  return {
    id: plan.id,
    title: plan.title,
    owner: plan.owner,
    unit: plan.unit,
    status: plan.status,
    health: plan.health,
    progress: plan.progress,
    cancellationReason: plan.cancellation?.reason ?? null,
    startDate: plan.startDate,
    dueDate: plan.dueDate,
    completedAt: plan.completedAt,
    lastUpdateAt: plan.lastUpdateAt,
    latestComment: plan.latestComment,
    overdue: plan.overdue,
    effect: plan.effect,
    effectComment: plan.effectComment,
    effectNote: decidedAfter && plan.effect === 'unknown' && plan.effectSetBy === null ? 'created_after_follow_up' : null,
    createdAt: plan.createdAt,
  };
}

function coverageOf(finding: FindingView, plans: readonly DossierPlan[]): Coverage | null {
  return findingCoverage({ kind: finding.kind, dismissed: finding.dismissal !== null }, plans.some((plan) => coversFindings(plan.status)));
}

export function countDossier(findings: readonly DossierFinding[]): DossierCounts {
  const plans = new Map(findings.flatMap((finding) => finding.actionPlans.map((plan) => [plan.id, plan] as const)));
  const all = [...plans.values()];
  const open = all.filter((plan) => isActive(plan.status));
  const actionable = findings.filter((finding) => finding.coverage !== null);
  return {
    actions: {
      total: all.length,
      done: all.filter((plan) => plan.status === 'completed').length,
      open: open.length,
      overdue: open.filter((plan) => plan.overdue).length,
      cancelled: all.filter((plan) => plan.status === 'cancelled').length,
    },
    findings: {
      total: actionable.length,
      covered: actionable.filter((finding) => finding.coverage === 'covered').length,
      dismissed: actionable.filter((finding) => finding.coverage === 'dismissed').length,
      uncovered: actionable.filter((finding) => finding.coverage === 'uncovered').length,
    },
  };
}

const findingRef = (finding: DossierFinding): DossierFindingRef => ({
  id: finding.id,
  areaNumber: finding.areaNumber,
  kind: finding.kind,
  text: finding.text,
  questionCode: finding.questionCode,
});

/**
 * What the printed dossier renders: the dossier, with each area's strengths listed apart so the
 * page can leave out a "Styrkor" heading with nothing under it.
 */
export function dossierPageData(dossier: FollowUpDossier) {
  return { ...dossier, areas: dossier.areas.map((area) => ({ ...area, strengths: area.findings.filter((finding) => finding.kind === 'strength') })) };
}

/**
 * The follow-up dossier: what the evaluation found, per area, and what was done
 * about each finding. `plans` are the plans linked to the evaluation's findings; `names` names
 * the users who dismissed findings.
 */
export function buildDossier(input: {
  municipality: { name: string };
  report: EvaluationReportView;
  plans: readonly ActionPlanView[];
  names: ReadonlyMap<string, string>;
  generatedAt: Date;
  followUp?: DossierFollowUp | null;
  timeZone?: string;
}): FollowUpDossier {
  const followUp = input.followUp ?? null;
  const { report, names } = input;
  const plansByFinding = new Map<string, DossierPlan[]>();
  for (const plan of input.plans) {
    const view = dossierPlan(plan, followUp, input.timeZone ?? 'Europe/Stockholm');
    for (const finding of plan.findings) plansByFinding.set(finding.id, [...(plansByFinding.get(finding.id) ?? []), view]);
  }

  const areas = report.areas.map((area): DossierArea => {
    const findings = [...area.findings.strength, ...area.findings.improvement, ...area.findings.weakness].map((finding): DossierFinding => {
      const actionPlans = plansByFinding.get(finding.id) ?? [];
      const byId = finding.dismissal?.byId ?? null;
      return {
        id: finding.id,
        areaNumber: finding.areaNumber,
        kind: finding.kind,
        text: finding.text,
        questionCode: finding.questionCode,
        position: finding.position,
        coverage: coverageOf(finding, actionPlans),
        dismissal: finding.dismissal
          ? { reason: finding.dismissal.reason, by: byId ? { id: byId, name: names.get(byId) ?? '' } : null, at: finding.dismissal.at }
          : null,
        actionPlans,
      };
    });
    return {
      number: area.number,
      title: area.title,
      achievedPoints: area.achievedPoints,
      maxPoints: area.maxPoints,
      percent: area.percent,
      questions: area.questions.map((question) => ({
        code: question.code,
        text: question.text,
        achievedPoints: question.achievedPoints,
        maxPoints: question.maxPoints,
        percent: question.percent,
      })),
      findings,
      summary: countDossier(findings),
    };
  });

  const allFindings = areas.flatMap((area) => area.findings);
  return {
    municipality: input.municipality,
    evaluation: { ...evaluationRef(report), framework: report.framework },
    generatedAt: input.generatedAt,
    score: { achievedPoints: report.total.achievedPoints, maxPoints: report.total.maxPoints, percent: report.total.percent },
    followUp,
    summary: countDossier(allFindings),
    areas,
    uncovered: allFindings.filter((finding) => finding.coverage === 'uncovered').map(findingRef),
    dismissed: allFindings.filter((finding) => finding.coverage === 'dismissed').map((finding) => ({ ...findingRef(finding), ...finding.dismissal! })),
  };
}
