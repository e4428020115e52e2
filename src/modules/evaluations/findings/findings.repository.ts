import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Evaluation } from '../evaluations/evaluation.entity';
import { Finding } from './finding.entity';
import type { FindingKind } from './finding-kinds';

/** A finding as written. */
export type FindingRow = Pick<Finding, 'municipalityId' | 'evaluationId' | 'areaNumber' | 'kind' | 'text' | 'position' | 'questionCode'>;

/** The order of a report: area, then strengths, improvement opportunities, weaknesses, each by position. */
const REPORT_ORDER = `CASE "finding"."kind" WHEN 'strength' THEN 1 WHEN 'improvement' THEN 2 ELSE 3 END`;

/** Queries of the finding table. Each takes the municipality, so no read crosses a tenant. */
@Injectable()
export class FindingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byId(municipalityId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<Finding | null> {
    return manager.findOneBy(Finding, { id, municipalityId });
  }

  /** The municipality's findings among `ids`, each with its evaluation's framework, in report order. */
  async withFrameworks(municipalityId: string, ids: string[], manager: EntityManager = this.dataSource.manager): Promise<(Finding & { frameworkId: string })[]> {
    if (ids.length === 0) return [];
    const { entities, raw } = await manager
      .createQueryBuilder(Finding, 'finding')
      .innerJoin(Evaluation, 'evaluation', 'evaluation.id = finding.evaluationId')
      .addSelect('evaluation.frameworkId', 'framework_id')
      .where('finding.municipalityId = :municipalityId AND finding.id IN (:...ids)', { municipalityId, ids })
      .orderBy('"finding"."area_number"', 'ASC')
      .addOrderBy(REPORT_ORDER, 'ASC')
      .addOrderBy('"finding"."position"', 'ASC')
      .getRawAndEntities();
    const frameworks = new Map((raw as { finding_id: string; framework_id: string }[]).map((row) => [row.finding_id, row.framework_id]));
    return entities.map((finding) => ({ ...finding, frameworkId: frameworks.get(finding.id)! }));
  }

  /** Ids of the municipality's findings that meet every criterion given. */
  async idsWhere(
    municipalityId: string,
    criteria: { areaNumber?: number; evaluationId?: string; findingId?: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const builder = manager.createQueryBuilder(Finding, 'finding').select('finding.id', 'id').where('finding.municipalityId = :municipalityId', { municipalityId });
    if (criteria.areaNumber !== undefined) builder.andWhere('finding.areaNumber = :areaNumber', { areaNumber: criteria.areaNumber });
    if (criteria.evaluationId) builder.andWhere('finding.evaluationId = :evaluationId', { evaluationId: criteria.evaluationId });
    if (criteria.findingId) builder.andWhere('finding.id = :findingId', { findingId: criteria.findingId });
    return (await builder.getRawMany<{ id: string }>()).map((row) => row.id);
  }

  /** The area of each of the municipality's findings among `ids`. */
  async areasOf(municipalityId: string, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource
      .createQueryBuilder(Finding, 'finding')
      .select(['finding.id AS id', 'finding.areaNumber AS area_number'])
      .where('finding.municipalityId = :municipalityId AND finding.id = ANY(:ids)', { municipalityId, ids })
      .getRawMany<{ id: string; area_number: number }>();
    return new Map(rows.map((row) => [row.id, row.area_number]));
  }

  /** One evaluation's findings in report order, optionally of one area and kind. */
  ofEvaluation(municipalityId: string, evaluationId: string, filters: { areaNumber?: number; kind?: FindingKind }, manager: EntityManager = this.dataSource.manager): Promise<Finding[]> {
    const builder = manager
      .createQueryBuilder(Finding, 'finding')
      .where('finding.municipalityId = :municipalityId AND finding.evaluationId = :evaluationId', { municipalityId, evaluationId });
    if (filters.areaNumber !== undefined) builder.andWhere('finding.areaNumber = :areaNumber', { areaNumber: filters.areaNumber });
    if (filters.kind) builder.andWhere('finding.kind = :kind', { kind: filters.kind });
    return builder.orderBy('"finding"."area_number"', 'ASC').addOrderBy(REPORT_ORDER, 'ASC').addOrderBy('"finding"."position"', 'ASC').getMany();
  }

  /** How many findings share the finding's evaluation, area and kind, and the highest position among them. */
  async group(manager: EntityManager, place: Pick<Finding, 'evaluationId' | 'areaNumber' | 'kind'>): Promise<{ count: number; last: number }> {
    const row = await manager
      .createQueryBuilder(Finding, 'finding')
      .select('count(*)::int', 'count')
      .addSelect('coalesce(max(finding.position), 0)::int', 'last')
      .where('finding.evaluationId = :evaluationId AND finding.areaNumber = :areaNumber AND finding.kind = :kind', {
        evaluationId: place.evaluationId,
        areaNumber: place.areaNumber,
        kind: place.kind,
      })
      .getRawOne<{ count: number; last: number }>();
    return row ?? { count: 0, last: 0 };
  }

  /** Moves the positions from `from` to `to` of the finding's group by `shift` places. */
  async shift(manager: EntityManager, place: Pick<Finding, 'evaluationId' | 'areaNumber' | 'kind'>, range: { from: number; to: number }, shift: 1 | -1): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Finding)
      .set({ position: () => (shift > 0 ? 'position + 1' : 'position - 1') })
      .where('evaluationId = :evaluationId AND areaNumber = :areaNumber AND kind = :kind AND position BETWEEN :from AND :to', {
        evaluationId: place.evaluationId,
        areaNumber: place.areaNumber,
        kind: place.kind,
        ...range,
      })
      .execute();
  }

  /** One evaluation's findings by area and position (the report page). */
  ofEvaluationByPosition(evaluationId: string, manager: EntityManager = this.dataSource.manager): Promise<Finding[]> {
    return manager.find(Finding, { where: { evaluationId }, order: { areaNumber: 'ASC', position: 'ASC' } });
  }

  save(manager: EntityManager, finding: Finding): Promise<Finding> {
    return manager.save(finding);
  }

  async insert(manager: EntityManager, rows: FindingRow[]): Promise<void> {
    await manager.insert(Finding, rows);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(Finding, { id });
  }
}
