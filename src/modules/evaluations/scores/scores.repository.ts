import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Score } from './score.entity';

/** A score row as written: one sub-question's points in one evaluation. */
export type ScoreRow = Pick<Score, 'municipalityId' | 'evaluationId' | 'questionId' | 'achievedPoints' | 'reportedPercent'>;

/** An evaluation's scores, read by the dashboard and every report: a fixed statement, the points as numbers. */
const SCORES_OF_EVALUATION_SQL = `SELECT "id", "municipality_id" AS "municipalityId", "evaluation_id" AS "evaluationId", "question_id" AS "questionId", "achieved_points"::float8 AS "achievedPoints", "reported_percent"::float8 AS "reportedPercent" FROM "score" WHERE "evaluation_id" = $1`;

/** Queries of the score table. */
@Injectable()
export class ScoresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  ofEvaluation(evaluationId: string, manager: EntityManager = this.dataSource.manager): Promise<Score[]> {
    return manager.query<Score[]>(SCORES_OF_EVALUATION_SQL, [evaluationId]);
  }

  /** The scores of several evaluations in one query (a page of the evaluation list). */
  ofEvaluations(evaluationIds: string[]): Promise<Score[]> {
    if (evaluationIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(Score).find({ where: { evaluationId: In(evaluationIds) } });
  }

  /** Sets each row's points, adding the rows an evaluation does not have yet. */
  async upsert(manager: EntityManager, rows: ScoreRow[]): Promise<void> {
    await manager.upsert(Score, rows, ['evaluationId', 'questionId']);
  }

  async insert(manager: EntityManager, rows: ScoreRow[]): Promise<void> {
    await manager.insert(Score, rows);
  }
}
