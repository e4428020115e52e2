import { Injectable } from '@nestjs/common';
import type { FindingCoverageReader, FindingCoverageView, FindingToCover } from '../../evaluations/findings/finding-coverage';
import { FindingListService } from '../../evaluations/findings/finding-list.service';
import { findingCoverage } from '../plans/action-plan-states';
import { ActionPlansRepository } from '../plans/action-plans.repository';

/**
 * Tells the evaluations module's finding list where each finding stands, by the plans linked to
 * it: registered with the list at start-up, so evaluations never imports action plans.
 */
@Injectable()
export class PlanCoverageReader implements FindingCoverageReader {
  constructor(
    findingList: FindingListService,
    private readonly plans: ActionPlansRepository,
  ) {
    findingList.registerCoverageReader(this);
  }

  /** One query for all the findings, whatever the number of plans. */
  async coverageOf(findings: FindingToCover[]): Promise<Map<string, FindingCoverageView>> {
    const links = await this.plans.coverageOf(findings.map((finding) => finding.id));
    return new Map(
      findings.map((finding) => {
        const linked = links.get(finding.id) ?? { covered: false, actionPlanIds: [] };
        return [finding.id, { coverage: findingCoverage(finding, linked.covered), actionPlanIds: linked.actionPlanIds }];
      }),
    );
  }
}
