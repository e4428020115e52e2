import { MigrationInterface, QueryRunner } from 'typeorm';
import { KOMMUNKOMPASSEN_2010 } from '../src/modules/evaluations/frameworks/kommunkompassen-2010';

/**
 * Loads the KommunKompassen 2010 framework (8 areas, 45 sub-questions, 800 points) from the
 * shipped data. A later revision (2016, 2020) is added the same way: a data file and a
 * migration that loads it.
 */
export class SeedKommunKompassen20101795714705400 implements MigrationInterface {
  name = 'SeedKommunKompassen20101795714705400';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const framework = KOMMUNKOMPASSEN_2010;
    const [{ id: frameworkId }] = (await queryRunner.query(`INSERT INTO "framework" ("key", "name") VALUES ($1, $2) RETURNING "id"`, [
      framework.key,
      framework.name,
    ])) as { id: string }[];
    for (const area of framework.areas) {
      const [{ id: areaId }] = (await queryRunner.query(
        `INSERT INTO "framework_area" ("framework_id", "number", "title", "topics") VALUES ($1, $2, $3, $4) RETURNING "id"`,
        [frameworkId, area.number, area.title, area.topics],
      )) as { id: string }[];
      for (const [index, question] of area.questions.entries()) {
        await queryRunner.query(
          `INSERT INTO "question" ("framework_id", "area_id", "code", "text", "max_points", "position") VALUES ($1, $2, $3, $4, $5, $6)`,
          [frameworkId, areaId, question.code, question.text, question.maxPoints, index + 1],
        );
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "framework" WHERE "key" = $1`, [KOMMUNKOMPASSEN_2010.key]);
  }
}
