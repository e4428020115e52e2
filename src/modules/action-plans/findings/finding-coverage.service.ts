import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/auth/actor';
import { EvaluationsService } from '../../evaluations/evaluations/evaluations.service';
import { FindingsService } from '../../evaluations/findings/findings.service';
import { findingCoverage } from '../plans/action-plan-states';
import { ActionPlansRepository } from '../plans/action-plans.repository';
import { FindingListQuery, FindingWithCoveragePage, FindingWithCoverageView } from './finding-coverage.dto';

/**
 * The findings of one evaluation with where each stands: the work list of a manager. An
 * evaluation's findings are a report's worth (Avesta has 120), so the coverage filter and the
 * page are applied to them in memory after three queries, whatever the number of plans.
 */
@Injectable()
export class FindingCoverageService {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly findings: FindingsService,
    private readonly plans: ActionPlansRepository,
  ) {}

  async list(actor: Pick<Actor, 'municipalityId'>, query: FindingListQuery): Promise<FindingWithCoveragePage> {
    const evaluation = query.evaluationId ? await this.evaluations.ref(actor, query.evaluationId) : await this.evaluations.latestPublished(actor);
    if (!evaluation) return { evaluation: null, items: [], total: 0 };
    const findings = await this.findings.ofEvaluation(actor, evaluation.id, { areaNumber: query.areaNumber, kind: query.kind });
    const coverage = await this.plans.coverageOf(findings.map((finding) => finding.id));
    const items = findings
      .map((finding): FindingWithCoverageView => {
        const links = coverage.get(finding.id) ?? { covered: false, actionPlanIds: [] };
        return {
          ...finding,
          coverage: findingCoverage({ kind: finding.kind, dismissed: finding.dismissal !== null }, links.covered),
          actionPlanIds: links.actionPlanIds,
        };
      })
      .filter((item) => query.coverage === undefined || item.coverage === query.coverage);
    return {
      evaluation: { id: evaluation.id, title: evaluation.title, conductedOn: evaluation.conductedOn, status: evaluation.status },
      items: items.slice(query.offset, query.offset + query.limit),
      total: items.length,
    };
  }
}
