import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { DomainError } from '../../../common/errors/domain-error';
import type { AuditActor } from '../../audit/audit.service';
import { loadMunicipalityList } from '../../identity/data/municipality-list';
import { MunicipalitiesService } from '../../identity/municipalities/municipalities.service';
import { EvaluationReportView } from '../evaluations/evaluation-report';
import { Evaluation } from '../evaluations/evaluation.entity';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { Finding } from '../findings/finding.entity';
import { FrameworksService } from '../frameworks/frameworks.service';
import { Reference } from '../references/reference.entity';
import { Score } from '../scores/score.entity';
import { ImportWarning, ParsedReport } from './parsed-report';
import { parseReport } from './report-parser';
import { Clock } from '../../../common/clock';

export interface ImportResult {
  evaluation: EvaluationReportView;
  warnings: ImportWarning[];
}

export interface ImportOptions {
  dryRun?: boolean;
  publish?: boolean;
}

/** Carries a dry run's result out of the transaction it rolls back. */
class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

const notAReport = (errors: { line: number | null; message: string }[]) =>
  new DomainError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'IMPORT.NOT_A_REPORT',
    'The text is not a readable KommunKompassen report; nothing was saved',
    errors.map((error) => ({ ...error })),
    { errors },
  );

@Injectable()
export class ReportImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly frameworks: FrameworksService,
    private readonly evaluations: EvaluationsService,
    private readonly municipalities: MunicipalitiesService,
    private readonly clock: Clock,
  ) {}

  /**
   * Parses the report and saves it as one new evaluation, all in one transaction. A dry run does
   * the very same work and rolls it back, so its answer is exactly what an import would give.
   * Importing the same report twice gives a second draft, never a merge.
   */
  async import(actor: AuditActor & Pick<Actor, 'municipalityId'>, text: string, options: ImportOptions = {}): Promise<ImportResult> {
    const parsed = parseReport(text, { frameworks: await this.frameworks.all(), municipalities: loadMunicipalityList() });
    if (!parsed.ok) throw notAReport(parsed.errors);

    const own = await this.municipalities.byId(actor.municipalityId);
    if (parsed.report.municipality.code !== own.code) {
      throw notAReport([
        { line: null, message: `The report is about ${parsed.report.municipality.name} (${parsed.report.municipality.code}), not ${own.name}` },
      ]);
    }

    try {
      return await this.dataSource.transaction(async (manager) => {
        const framework = await this.frameworks.byKeyOrFail(parsed.report.frameworkKey);
        const evaluation = await manager.save(
          manager.create(Evaluation, {
            municipalityId: actor.municipalityId,
            frameworkId: framework.id,
            title: parsed.report.title,
            conductedOn: parsed.report.conductedOn,
            status: options.publish ? 'published' : 'draft',
            publishedAt: options.publish ? this.clock.now() : null,
            source: 'import',
            reportedAreaTotals: Object.fromEntries(parsed.report.areaTotals.map((area) => [String(area.areaNumber), area.reportedTotal])),
            importWarnings: parsed.warnings,
          }),
        );
        await this.saveContents(manager, actor.municipalityId, evaluation.id, framework.questionsByCode, parsed.report);
        await this.evaluations.recordCreated(manager, actor, evaluation);
        const result = { evaluation: await this.evaluations.report(actor, evaluation.id, manager), warnings: parsed.warnings };
        if (options.dryRun) throw new DryRunRollback(result);
        return result;
      });
    } catch (error) {
      if (error instanceof DryRunRollback) return error.result;
      throw error;
    }
  }

  private async saveContents(
    manager: EntityManager,
    municipalityId: string,
    evaluationId: string,
    questionsByCode: Map<string, { id: string }>,
    report: ParsedReport,
  ): Promise<void> {
    await manager.insert(
      Score,
      report.scores.map((score) => ({
        municipalityId,
        evaluationId,
        questionId: questionsByCode.get(score.questionCode)!.id,
        achievedPoints: score.achievedPoints,
        reportedPercent: score.reportedPercent,
      })),
    );
    if (report.findings.length > 0) {
      await manager.insert(
        Finding,
        report.findings.map((finding) => ({ municipalityId, evaluationId, ...finding, questionCode: null })),
      );
    }
    if (report.references.length > 0) {
      await manager.insert(
        Reference,
        report.references.map((reference, index) => ({
          municipalityId,
          position: index + 1,
          evaluationId,
          areaNumber: reference.areaNumber,
          referencedCode: reference.municipalityCode,
          referencedName: reference.municipalityName,
          sentence: reference.sentence,
        })),
      );
    }
  }
}
