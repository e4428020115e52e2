import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/auth/actor';
import { ActionPlanView } from '../../action-plans/plans/action-plan.dto';
import { ACTIVE_STATUSES } from '../../action-plans/plans/action-plan.constants';
import { ActionPlansService } from '../../action-plans/plans/action-plans.service';
import { EvaluationsService } from '../../evaluations/evaluations/evaluations.service';
import { FindingsService } from '../../evaluations/findings/findings.service';
import { evaluationRef, planSummary } from '../follow-up.dto';
import { findingNotInEvaluation, noPreviousEvaluation } from '../follow-up.errors';
import { rankPlans, suggestCarryOver } from './carry-over-suggestions';
import { CarryOverDto, CarryOverView } from './carry-over.dto';

/** Unfinished plans of the previous evaluation, moved on to the findings of its follow-up (§3.6). */
@Injectable()
export class CarryOverService {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly findings: FindingsService,
    private readonly plans: ActionPlansService,
  ) {}

  /** The open plans linked to the previous evaluation, each with the new findings it could answer. */
  async suggestions(actor: Actor, evaluationId: string): Promise<CarryOverView> {
    const current = await this.evaluations.report(actor, evaluationId);
    if (!current.previousEvaluationId) throw noPreviousEvaluation();
    const [previous, plans] = await Promise.all([
      this.evaluations.ref(actor, current.previousEvaluationId),
      this.plans.linkedToEvaluation(actor, current.previousEvaluationId, { status: ACTIVE_STATUSES }),
    ]);
    const findings = current.areas.flatMap((area) => [...area.findings.strength, ...area.findings.improvement, ...area.findings.weakness]);
    const suggestions = suggestCarryOver(plans, findings.map((finding) => ({ ...finding, dismissed: finding.dismissal !== null })));
    const findingById = new Map(findings.map((finding) => [finding.id, finding]));
    return {
      evaluation: evaluationRef(current),
      previousEvaluation: evaluationRef(previous),
      items: rankPlans(plans, suggestions).map((plan) => ({
        actionPlan: {
          ...planSummary(plan),
          version: plan.version,
          findings: plan.findings,
          targets: plan.targets,
        },
        carriedOver: plan.findings.some((finding) => finding.evaluationId === evaluationId),
        suggestions: suggestions
          .filter((suggestion) => suggestion.actionPlanId === plan.id)
          .map((suggestion) => {
            const finding = findingById.get(suggestion.findingId)!;
            return {
              match: suggestion.match,
              finding: { id: finding.id, areaNumber: finding.areaNumber, kind: finding.kind, text: finding.text, questionCode: finding.questionCode },
            };
          }),
      })),
    };
  }

  /**
   * Links an open plan to a finding of this evaluation, suggested or not. The plan keeps its
   * earlier links and its whole progress history.
   */
  async accept(actor: Actor, evaluationId: string, input: CarryOverDto): Promise<ActionPlanView> {
    const evaluation = await this.evaluations.ref(actor, evaluationId);
    if (!evaluation.previousEvaluationId) throw noPreviousEvaluation();
    const finding = await this.findings.find(actor, input.findingId);
    if (finding.evaluationId !== evaluation.id) throw findingNotInEvaluation();
    return this.plans.linkFinding(actor, input.actionPlanId, finding.id);
  }
}
