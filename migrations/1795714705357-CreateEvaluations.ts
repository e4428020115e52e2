import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateEvaluations1795714705357 implements MigrationInterface {
    name = 'CreateEvaluations1795714705357'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "framework" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, CONSTRAINT "UQ_645c29b799cd9e66e9509fc4b61" UNIQUE ("key"), CONSTRAINT "PK_413064c9a2fb226f0d933712883" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "framework_area" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "framework_id" uuid NOT NULL, "number" smallint NOT NULL, "title" character varying(200) NOT NULL, "topics" text array NOT NULL DEFAULT '{}', CONSTRAINT "PK_b555e8b605af3becb17778966e8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_edf2cf4a081565931b3f36ca18" ON "framework_area"  ("framework_id", "number") `);
        await queryRunner.query(`CREATE TABLE "question" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "framework_id" uuid NOT NULL, "area_id" uuid NOT NULL, "code" character varying(8) NOT NULL, "text" text NOT NULL, "max_points" numeric(6,2) NOT NULL, "position" smallint NOT NULL, CONSTRAINT "PK_21e5786aa0ea704ae185a79b2d5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_83149ee9b1922f6702a2e1cb12" ON "question"  ("framework_id", "code") `);
        await queryRunner.query(`CREATE TABLE "evaluation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_id" uuid NOT NULL, "framework_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "conducted_on" date NOT NULL, "previous_evaluation_id" uuid, "status" character varying(16) NOT NULL DEFAULT 'draft', "source" character varying(16) NOT NULL DEFAULT 'manual', "reported_area_totals" jsonb NOT NULL DEFAULT '{}', "import_warnings" jsonb NOT NULL DEFAULT '[]', "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_1abd6527c105dc129bbca2f367" CHECK ("source" IN ('manual', 'import')), CONSTRAINT "CHK_4bfdd23cdb0d3e8c21ac0ffa78" CHECK ("status" IN ('draft', 'published')), CONSTRAINT "PK_b72edd439b9db736f55b584fa54" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ab47690721d8e6ddf4a1925cd8" ON "evaluation"  ("municipality_id", "conducted_on") `);
        await queryRunner.query(`CREATE TABLE "evaluation_reference" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_id" uuid NOT NULL, "evaluation_id" uuid NOT NULL, "area_number" smallint NOT NULL, "referenced_code" character(4) NOT NULL, "referenced_name" character varying(100) NOT NULL, "position" smallint NOT NULL, "sentence" text NOT NULL, CONSTRAINT "PK_921c57d1864be2d77fdc83d0b65" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_0019e59c121e8634c2eb5b15af" ON "evaluation_reference"  ("evaluation_id", "area_number") `);
        await queryRunner.query(`CREATE TABLE "finding" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_id" uuid NOT NULL, "evaluation_id" uuid NOT NULL, "area_number" smallint NOT NULL, "kind" character varying(16) NOT NULL, "text" text NOT NULL, "position" smallint NOT NULL, "question_code" character varying(8), "dismissed_reason" text, "dismissed_by_id" uuid, "dismissed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_2ac01224e50a66b183648ecba1" CHECK ("kind" IN ('strength', 'improvement', 'weakness')), CONSTRAINT "PK_a904dfcf401ccfbaa60bb6eec29" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_306ca0f01d83c6728bf51121e7" ON "finding"  ("municipality_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_109cefe0bffc464e45d103dc30" ON "finding"  ("evaluation_id", "area_number", "kind", "position") `);
        await queryRunner.query(`CREATE TABLE "score" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_id" uuid NOT NULL, "evaluation_id" uuid NOT NULL, "question_id" uuid NOT NULL, "achieved_points" numeric(6,2) NOT NULL, "reported_percent" numeric(5,2), CONSTRAINT "PK_1770f42c61451103f5514134078" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_091758c105d461540620dbeaf1" ON "score"  ("evaluation_id", "question_id") `);
        await queryRunner.query(`ALTER TABLE "framework_area" ADD CONSTRAINT "FK_b6397100ceff2ef2c44cbf53da9" FOREIGN KEY ("framework_id") REFERENCES "framework"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "question" ADD CONSTRAINT "FK_997c488eb262107caf513c32333" FOREIGN KEY ("area_id") REFERENCES "framework_area"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "evaluation" ADD CONSTRAINT "FK_33c7b89466961aeb500b727d598" FOREIGN KEY ("municipality_id") REFERENCES "municipality"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "evaluation" ADD CONSTRAINT "FK_9d61b661a9600a84f011a91150b" FOREIGN KEY ("framework_id") REFERENCES "framework"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "evaluation" ADD CONSTRAINT "FK_a512836add116665fb248c08b9f" FOREIGN KEY ("previous_evaluation_id") REFERENCES "evaluation"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "evaluation_reference" ADD CONSTRAINT "FK_36d4886fad763fc7300306925fe" FOREIGN KEY ("evaluation_id") REFERENCES "evaluation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "finding" ADD CONSTRAINT "FK_db2cfbc786f4aa396e94ce56137" FOREIGN KEY ("evaluation_id") REFERENCES "evaluation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "score" ADD CONSTRAINT "FK_f89ab066e94ab61735d0e1266ae" FOREIGN KEY ("evaluation_id") REFERENCES "evaluation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "score" ADD CONSTRAINT "FK_617565f859a276d96cfe6e1ef13" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "score" DROP CONSTRAINT "FK_617565f859a276d96cfe6e1ef13"`);
        await queryRunner.query(`ALTER TABLE "score" DROP CONSTRAINT "FK_f89ab066e94ab61735d0e1266ae"`);
        await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "FK_db2cfbc786f4aa396e94ce56137"`);
        await queryRunner.query(`ALTER TABLE "evaluation_reference" DROP CONSTRAINT "FK_36d4886fad763fc7300306925fe"`);
        await queryRunner.query(`ALTER TABLE "evaluation" DROP CONSTRAINT "FK_a512836add116665fb248c08b9f"`);
        await queryRunner.query(`ALTER TABLE "evaluation" DROP CONSTRAINT "FK_9d61b661a9600a84f011a91150b"`);
        await queryRunner.query(`ALTER TABLE "evaluation" DROP CONSTRAINT "FK_33c7b89466961aeb500b727d598"`);
        await queryRunner.query(`ALTER TABLE "question" DROP CONSTRAINT "FK_997c488eb262107caf513c32333"`);
        await queryRunner.query(`ALTER TABLE "framework_area" DROP CONSTRAINT "FK_b6397100ceff2ef2c44cbf53da9"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_091758c105d461540620dbeaf1"`);
        await queryRunner.query(`DROP TABLE "score"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_109cefe0bffc464e45d103dc30"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_306ca0f01d83c6728bf51121e7"`);
        await queryRunner.query(`DROP TABLE "finding"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_0019e59c121e8634c2eb5b15af"`);
        await queryRunner.query(`DROP TABLE "evaluation_reference"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ab47690721d8e6ddf4a1925cd8"`);
        await queryRunner.query(`DROP TABLE "evaluation"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_83149ee9b1922f6702a2e1cb12"`);
        await queryRunner.query(`DROP TABLE "question"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_edf2cf4a081565931b3f36ca18"`);
        await queryRunner.query(`DROP TABLE "framework_area"`);
        await queryRunner.query(`DROP TABLE "framework"`);
    }

}
