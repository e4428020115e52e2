import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EvaluationSource, EvaluationStatus } from './evaluation.constants';
import { Evaluation } from './evaluation.entity';

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

  byId(municipalityId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<Evaluation | null> {
    return manager.findOneBy(Evaluation, { id, municipalityId });
  }

  /** The municipality's newest published evaluation. */
  latestPublished(municipalityId: string): Promise<Evaluation | null> {
    return this.dataSource.getRepository(Evaluation).findOne({
      where: { municipalityId, status: 'published' },
      order: { conductedOn: 'DESC', publishedAt: 'DESC' },
    });
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
