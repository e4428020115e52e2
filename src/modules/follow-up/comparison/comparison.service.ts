import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/auth/actor';
import { ActionPlansService } from '../../action-plans/plans/action-plans.service';
import { EvaluationsService } from '../../evaluations/evaluations/evaluations.service';
import { noPreviousEvaluation } from '../follow-up.errors';
import { buildComparison, ComparisonView } from './comparison';

/** Both reports and the plans linked to the earlier one's findings: a dozen queries at most. */
@Injectable()
export class ComparisonService {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly plans: ActionPlansService,
  ) {}

  async compare(actor: Actor, evaluationId: string): Promise<ComparisonView> {
    const current = await this.evaluations.report(actor, evaluationId);
    if (!current.previousEvaluationId) throw noPreviousEvaluation();
    const [previous, plans] = await Promise.all([
      this.evaluations.report(actor, current.previousEvaluationId),
      this.plans.linkedToEvaluation(actor, current.previousEvaluationId),
    ]);
    return buildComparison(previous, current, plans);
  }
}
