import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Finding } from './finding.entity';
import type { FindingKind } from './finding-kinds';

/** A finding as written. */
export type FindingRow = Pick<Finding, 'municipalityId' | 'evaluationId' | 'areaNumber' | 'kind' | 'text' | 'position' | 'questionCode'>;

/** The order of a report: area, then strengths, improvement opportunities, weaknesses, each by position. */
const REPORT_ORDER = `CASE "finding"."kind" WHEN 'strength' THEN 1 WHEN 'improvement' THEN 2 ELSE 3 END`;

/** A finding's columns as the entity names them. */
const FINDING_COLUMNS = `"finding"."id", "finding"."municipality_id" AS "municipalityId", "finding"."evaluation_id" AS "evaluationId", "finding"."area_number" AS "areaNumber", "finding"."kind", "finding"."text", "finding"."position", "finding"."question_code" AS "questionCode", "finding"."dismissed_reason" AS "dismissedReason", "finding"."dismissed_by_id" AS "dismissedById", "finding"."dismissed_at" AS "dismissedAt", "finding"."created_at" AS "createdAt", "finding"."updated_at" AS "updatedAt"`;

/**
 * The findings a page of plans links to, each with its evaluation's framework, in report order: a
 * fixed statement, read with every plan shown.
 */
const FINDINGS_WITH_FRAMEWORKS_SQL = `SELECT ${FINDING_COLUMNS}, "evaluation"."framework_id" AS "frameworkId" FROM "finding" "finding" JOIN "evaluation" "evaluation" ON "evaluation"."id" = "finding"."evaluation_id" WHERE "finding"."municipality_id" = $1 AND "finding"."id" = ANY($2::uuid[]) ORDER BY "finding"."area_number", ${REPORT_ORDER}, "finding"."position"`;

/** The area of each finding among some: the dashboard counts plans by area with it. */
const AREAS_OF_FINDINGS_SQL = `SELECT "id", "area_number" FROM "finding" WHERE "municipality_id" = $1 AND "id" = ANY($2::uuid[])`;

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
    return manager.query<(Finding & { frameworkId: string })[]>(FINDINGS_WITH_FRAMEWORKS_SQL, [municipalityId, ids]);
  }

  /** Ids of the municipality's findings that meet every criterion given. */
  async idsWhere(
    municipalityId: string,
    criteria: { areaNumber?: number; evaluationId?: string; findingId?: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    // Written out rather than built by TypeORM: the plan list's area filter asks this on each request.
    const params: unknown[] = [municipalityId];
    const conditions = ['"municipality_id" = $1'];
    if (criteria.areaNumber !== undefined) conditions.push(`"area_number" = $${params.push(criteria.areaNumber)}`);
    if (criteria.evaluationId) conditions.push(`"evaluation_id" = $${params.push(criteria.evaluationId)}`);
    if (criteria.findingId) conditions.push(`"id" = $${params.push(criteria.findingId)}`);
    const rows = await manager.query<{ id: string }[]>(`SELECT "id" FROM "finding" WHERE ${conditions.join(' AND ')}`, params);
    return rows.map((row) => row.id);
  }

  /** The area of each of the municipality's findings among `ids`. */
  async areasOf(municipalityId: string, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; area_number: number }[]>(AREAS_OF_FINDINGS_SQL, [municipalityId, ids]);
    return new Map(rows.map((row) => [row.id, row.area_number]));
  }

  /** One evaluation's findings in report order, optionally of one area and kind. */
  ofEvaluation(municipalityId: string, evaluationId: string, filters: { areaNumber?: number; kind?: FindingKind }, manager: EntityManager = this.dataSource.manager): Promise<Finding[]> {
    // Written out rather than built by TypeORM: the dashboard reads an evaluation's findings on each request.
    const params: unknown[] = [municipalityId, evaluationId];
    const conditions = ['"finding"."municipality_id" = $1', '"finding"."evaluation_id" = $2'];
    if (filters.areaNumber !== undefined) conditions.push(`"finding"."area_number" = $${params.push(filters.areaNumber)}`);
    if (filters.kind) conditions.push(`"finding"."kind" = $${params.push(filters.kind)}`);
    return manager.query<Finding[]>(
      `SELECT ${FINDING_COLUMNS} FROM "finding" "finding" WHERE ${conditions.join(' AND ')} ORDER BY "finding"."area_number", ${REPORT_ORDER}, "finding"."position"`,
      params,
    );
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
