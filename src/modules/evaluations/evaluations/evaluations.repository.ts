import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EvaluationSource, EvaluationStatus } from './evaluation.constants';
import { Evaluation } from './evaluation.entity';

/** An evaluation's columns as the entity names them (a date as its YYYY-MM-DD text, as the entity holds it). */
const EVALUATION_COLUMNS = `"id", "municipality_id" AS "municipalityId", "framework_id" AS "frameworkId", "title", to_char("conducted_on", 'YYYY-MM-DD') AS "conductedOn", "previous_evaluation_id" AS "previousEvaluationId", "status", "source", "reported_area_totals" AS "reportedAreaTotals", "import_warnings" AS "importWarnings", "published_at" AS "publishedAt", "created_at" AS "createdAt", "updated_at" AS "updatedAt"`;
/** Fixed statements for the reads behind the dashboard and every report (rather than a query built for each). */
const EVALUATION_BY_ID_SQL = `SELECT ${EVALUATION_COLUMNS} FROM "evaluation" WHERE "id" = $1 AND "municipality_id" = $2`;
const LATEST_PUBLISHED_SQL = `SELECT ${EVALUATION_COLUMNS} FROM "evaluation" WHERE "municipality_id" = $1 AND "status" = 'published' ORDER BY "conducted_on" DESC, "published_at" DESC LIMIT 1`;

/** Queries of the evaluation table. Each read takes the municipality, so none crosses a tenant. */
@Injectable()
export class EvaluationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of the municipality's evaluations, newest first, and how many there are. */
  page(
    municipalityId: string,
    filters: { status?: EvaluationStatus; source?: EvaluationSource },
    page: { limit: number; offset: number },
  ): Promise<[Evaluation[], number]> {
    const builder = this.dataSource
      .getRepository(Evaluation)
      .createQueryBuilder('evaluation')
      .where('evaluation.municipalityId = :municipalityId', { municipalityId });
    if (filters.status) builder.andWhere('evaluation.status = :status', { status: filters.status });
    if (filters.source) builder.andWhere('evaluation.source = :source', { source: filters.source });
    return builder
      .orderBy('evaluation.conductedOn', 'DESC')
      .addOrderBy('evaluation.createdAt', 'DESC')
      .take(page.limit)
      .skip(page.offset)
      .getManyAndCount();
  }

  /** The municipality's evaluation, to read (a transaction changing it locks it with `lock`). */
  async byId(municipalityId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<Evaluation | null> {
    const [row] = await manager.query<Evaluation[]>(EVALUATION_BY_ID_SQL, [id, municipalityId]);
    return row ?? null;
  }

  /** The municipality's newest published evaluation. */
  async latestPublished(municipalityId: string): Promise<Evaluation | null> {
    const [row] = await this.dataSource.query<Evaluation[]>(LATEST_PUBLISHED_SQL, [municipalityId]);
    return row ?? null;
  }

  /** The latest published evaluation that follows `id` up. */
  latestPublishedFollowUpOf(municipalityId: string, id: string): Promise<Evaluation | null> {
    return this.dataSource.getRepository(Evaluation).findOne({
      where: { municipalityId, previousEvaluationId: id, status: 'published' },
      order: { conductedOn: 'DESC', publishedAt: 'DESC' },
    });
  }

  /** Every evaluation of the municipality that names `id` as the one it follows up. */
  followUpsOf(manager: EntityManager, municipalityId: string, id: string): Promise<Evaluation[]> {
    return manager.findBy(Evaluation, { previousEvaluationId: id, municipalityId });
  }

  /** The evaluation, locked for the rest of the transaction. */
  lock(manager: EntityManager, municipalityId: string, id: string): Promise<Evaluation | null> {
    return manager.findOne(Evaluation, {
      where: { id, municipalityId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /**
   * The first evaluation of the municipality conducted on that date, if any, after waiting for
   * (and then holding, to the end of the transaction) the municipality's lock on new evaluations.
   */
  async lockDateAndFind(manager: EntityManager, municipalityId: string, conductedOn: string): Promise<Evaluation | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('evaluation-date:' || $1))`, [municipalityId]);
    return manager.findOne(Evaluation, { where: { municipalityId, conductedOn }, order: { createdAt: 'ASC' } });
  }

  save(manager: EntityManager, evaluation: Evaluation): Promise<Evaluation> {
    return manager.save(evaluation);
  }

  async setReportedAreaTotals(manager: EntityManager, id: string, reportedAreaTotals: Evaluation['reportedAreaTotals']): Promise<void> {
    await manager.update(Evaluation, { id }, { reportedAreaTotals });
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(Evaluation, { id });
  }
}
