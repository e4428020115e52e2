import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/auth/actor';
import { EvaluationsService } from '../evaluations/evaluations.service';
import type { FindingCoverageReader } from './finding-coverage';
import { FindingListQuery, FindingWithCoveragePage, FindingWithCoverageView } from './finding-list.dto';
import { FindingsService } from './findings.service';

/**
 * The findings of one evaluation with where each stands: the work list of a manager. An
 * evaluation's findings are a report's worth (Avesta has 120), so the coverage filter and the
 * page are applied to them in memory after three queries, whatever the number of plans.
 */
@Injectable()
export class FindingListService {
  private coverageReader?: FindingCoverageReader;

  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly findings: FindingsService,
  ) {}

  /** The module that owns plans registers here at start-up, so evaluations never imports it. */
  registerCoverageReader(reader: FindingCoverageReader): void {
    this.coverageReader = reader;
  }

  async list(actor: Pick<Actor, 'municipalityId'>, query: FindingListQuery): Promise<FindingWithCoveragePage> {
    if (!this.coverageReader) throw new Error('No finding coverage reader is registered: the action-plans module is not loaded');
    const evaluation = query.evaluationId ? await this.evaluations.ref(actor, query.evaluationId) : await this.evaluations.latestPublished(actor);
    if (!evaluation) return { evaluation: null, items: [], total: 0 };
    const findings = await this.findings.ofEvaluation(actor, evaluation.id, { areaNumber: query.areaNumber, kind: query.kind });
    const coverage = await this.coverageReader.coverageOf(findings.map((finding) => ({ id: finding.id, kind: finding.kind, dismissed: finding.dismissal !== null })));
    const items = findings
      .map((finding): FindingWithCoverageView => ({ ...finding, ...coverage.get(finding.id)! }))
      .filter((item) => query.coverage === undefined || item.coverage === query.coverage);
    return {
      evaluation: { id: evaluation.id, title: evaluation.title, conductedOn: evaluation.conductedOn, status: evaluation.status },
      items: items.slice(query.offset, query.offset + query.limit),
      total: items.length,
    };
  }
}
