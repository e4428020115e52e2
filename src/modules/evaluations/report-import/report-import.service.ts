import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { ConflictError, DomainError, ValidationFailedError } from '../../../common/errors/domain-error';
import type { AuditActor } from '../../audit/audit.service';
import { loadMunicipalityList } from '../../identity/data/municipality-list';
import { MunicipalitiesService } from '../../identity/municipalities/municipalities.service';
import { EvaluationReportView } from '../evaluations/evaluation-report';
import { Evaluation } from '../evaluations/evaluation.entity';
import { EvaluationsRepository } from '../evaluations/evaluations.repository';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { FindingsRepository } from '../findings/findings.repository';
import { FrameworksService } from '../frameworks/frameworks.service';
import { ReferencesRepository } from '../references/references.repository';
import { ScoresRepository } from '../scores/scores.repository';
import { ImportError, ImportWarning, ParsedReport, ReportParseContext, ReportParseResult } from './parsed-report';
import { readReportFile, ReportFormat } from './report-file';
import { parseReport } from './report-parser';
import { Clock } from '../../../common/clock';
import { EvaluationsErrorCode } from '../evaluations.errors';

export interface ImportResult {
  /** Without ids in a dry run: nothing was saved. */
  evaluation: EvaluationReportView;
  warnings: ImportWarning[];
  /** What the import found the report to be: its format and, for text, its encoding. */
  file: { format: ReportFormat; encoding: string | null };
  dryRun: boolean;
}

export interface ImportOptions {
  dryRun?: boolean;
  publish?: boolean;
  /** Import even when an evaluation of the municipality on the same date exists. */
  allowDuplicate?: boolean;
}

/** The report as sent: a file's bytes, or text already decoded (a JSON body). */
export type ReportInput = { bytes: Buffer } | { text: string };

/** Carries a dry run's result out of the transaction it rolls back. */
class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

const notAReport = (errors: ImportError[]) =>
  new DomainError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    EvaluationsErrorCode.NotAReport,
    'The text is not a readable KommunKompassen report; nothing was saved',
    errors.map((error) => ({ ...error })),
    { errors },
  );

/**
 * Parses, and turns a parser defect into a refused import: the caller gets a 422, the operator an
 * error log line with the stack. A defect must not pass for a request that failed on our side,
 * nor go unnoticed.
 */
export function parseOrRefuse(
  text: string,
  context: ReportParseContext,
  logger: Pick<Logger, 'error'>,
  parse: (text: string, context: ReportParseContext) => ReportParseResult = parseReport,
): ReportParseResult {
  try {
    return parse(text, context);
  } catch (error) {
    logger.error(`The report parser failed on a report of ${text.length} characters`, error instanceof Error ? error.stack : String(error));
    return {
      ok: false,
      errors: [{ line: null, code: 'PARSER_DEFECT', params: {}, message: 'The report could not be read because of an error in the import; it has been logged for the operators' }],
    };
  }
}

/** The ids a dry run's rolled-back rows had, and their findings' pointer to the evaluation: they do not exist. */
const ROLLED_BACK_IDS = new Set(['id', 'evaluationId']);

function withoutIds<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutIds) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !ROLLED_BACK_IDS.has(key)).map(([key, inner]) => [key, withoutIds(inner)])) as T;
  }
  return value;
}

@Injectable()
export class ReportImportService {
  private readonly logger = new Logger(ReportImportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly frameworks: FrameworksService,
    private readonly evaluations: EvaluationsService,
    private readonly evaluationRows: EvaluationsRepository,
    private readonly scores: ScoresRepository,
    private readonly findings: FindingsRepository,
    private readonly references: ReferencesRepository,
    private readonly municipalities: MunicipalitiesService,
    private readonly clock: Clock,
  ) {}

  /**
   * Reads the file, parses the report and saves it as one new evaluation, all in one transaction.
   * A dry run does the very same work and rolls it back, so its answer is exactly what an import
   * would give. A report of a date the municipality already has an evaluation of is refused
   * (409) unless `allowDuplicate`; then it becomes a second draft, never a merge.
   */
  async import(actor: AuditActor & Pick<Actor, 'municipalityId'>, input: ReportInput, options: ImportOptions = {}): Promise<ImportResult> {
    if ('text' in input && input.text.includes('\u0000')) {
      // Postgres text cannot hold it, and no report has one: the pasted text was damaged on the way.
      throw new ValidationFailedError([{ field: 'text', message: 'text must not contain NUL characters' }], 'text must not contain NUL characters');
    }
    const file = 'bytes' in input ? await readReportFile(input.bytes) : { format: 'text' as const, encoding: null, text: input.text };
    const context = { frameworks: await this.frameworks.all(), municipalities: loadMunicipalityList() };
    const parsed = parseOrRefuse(file.text, context, this.logger);
    if (!parsed.ok) throw notAReport(parsed.errors);

    const own = await this.municipalities.byId(actor.municipalityId);
    if (parsed.report.municipality.code !== own.code) {
      const { name, code } = parsed.report.municipality;
      throw notAReport([
        {
          line: null,
          code: 'OTHER_MUNICIPALITY',
          params: { reportMunicipality: name, reportCode: code, ownMunicipality: own.name },
          message: `The report is about ${name} (${code}), not ${own.name}`,
        },
      ]);
    }

    try {
      return await this.dataSource.transaction(async (manager) => {
        const existing = await this.evaluations.lockAndFindSameDate(manager, actor.municipalityId, parsed.report.conductedOn);
        if (existing && !options.allowDuplicate) {
          throw new ConflictError(
            EvaluationsErrorCode.DuplicateImport,
            `"${existing.title}" (${existing.id}) is already an evaluation of ${own.name} conducted on ${existing.conductedOn}; nothing was saved. Import again with allowDuplicate=true to keep both`,
            [{ field: 'conductedOn', message: 'an evaluation of this date exists', evaluationId: existing.id, title: existing.title }],
          );
        }
        const framework = await this.frameworks.byKeyOrFail(parsed.report.frameworkKey);
        const evaluation = await this.evaluationRows.save(
          manager,
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
        const view = await this.evaluations.report(actor, evaluation.id, manager);
        const fileFound = { format: file.format, encoding: file.encoding };
        if (options.dryRun) throw new DryRunRollback({ evaluation: withoutIds(view), warnings: parsed.warnings, file: fileFound, dryRun: true });
        return { evaluation: view, warnings: parsed.warnings, file: fileFound, dryRun: false };
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
    await this.scores.insert(
      manager,
      report.scores.map((score) => ({
        municipalityId,
        evaluationId,
        questionId: questionsByCode.get(score.questionCode)!.id,
        achievedPoints: score.achievedPoints,
        reportedPercent: score.reportedPercent,
      })),
    );
    if (report.findings.length > 0) {
      await this.findings.insert(
        manager,
        report.findings.map((finding) => ({ municipalityId, evaluationId, ...finding, questionCode: null })),
      );
    }
    if (report.references.length > 0) {
      await this.references.insert(
        manager,
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
