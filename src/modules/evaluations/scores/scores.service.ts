import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { ValidationFailedError } from '../../../common/errors/domain-error';
import { AuditService } from '../../audit/audit.service';
import { EvaluationReportView } from '../evaluations/evaluation-report';
import { EvaluationsRepository } from '../evaluations/evaluations.repository';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { FrameworksService } from '../frameworks/frameworks.service';
import { validateScoreRows } from './score-input';
import { ScoresRepository } from './scores.repository';

@Injectable()
export class ScoresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ScoresRepository,
    private readonly evaluationRows: EvaluationsRepository,
    private readonly evaluations: EvaluationsService,
    private readonly frameworks: FrameworksService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Sets several scores at once, all or nothing. A changed score no longer matches what an
   * imported report printed, so its printed percent and its area's printed total are dropped.
   */
  async setScores(actor: Actor, evaluationId: string, body: unknown): Promise<EvaluationReportView> {
    await this.dataSource.transaction(async (manager) => {
      const evaluation = await this.evaluations.lock(manager, actor, evaluationId);
      const framework = await this.frameworks.byId(evaluation.frameworkId);
      const { scores, errors } = validateScoreRows(body, framework);
      if (errors.length > 0) throw new ValidationFailedError(errors, `${errors.length} score row(s) are not valid; nothing was saved`);

      const existing = new Map(
        (await this.repository.ofEvaluation(evaluationId, manager)).map((score) => [score.questionId, score] as const),
      );
      const changes: Record<string, { before?: unknown; after?: unknown }> = {};
      const reportedAreaTotals = { ...evaluation.reportedAreaTotals };
      const changed = scores.filter(({ question, achievedPoints }) => existing.get(question.id)?.achievedPoints !== achievedPoints);
      for (const { question, achievedPoints } of changed) {
        changes[question.code] = { before: existing.get(question.id)?.achievedPoints ?? null, after: achievedPoints };
        delete reportedAreaTotals[String(question.areaNumber)];
      }
      if (changed.length === 0) return;

      await this.repository.upsert(
        manager,
        changed.map(({ question, achievedPoints }) => ({
          municipalityId: actor.municipalityId,
          evaluationId,
          questionId: question.id,
          achievedPoints,
          reportedPercent: null,
        })),
      );
      await this.evaluationRows.setReportedAreaTotals(manager, evaluationId, reportedAreaTotals);
      await this.audit.record(manager, actor, { entityType: 'evaluation-scores', entityId: evaluationId, action: 'update', changes });
    });
    return this.evaluations.report(actor, evaluationId);
  }
}
