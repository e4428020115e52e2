import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateActionPlans1795714793327 implements MigrationInterface {
    name = 'CreateActionPlans1795714793327'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "action_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_id" uuid NOT NULL, "title" character varying(300) NOT NULL, "description" text, "owner_id" uuid NOT NULL, "unit" character varying(200), "start_date" date, "due_date" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'planned', "health" character varying(16), "progress" smallint NOT NULL DEFAULT '0', "priority" character varying(8) NOT NULL DEFAULT 'medium', "expected_effect" text, "completed_at" TIMESTAMP WITH TIME ZONE, "last_update_at" TIMESTAMP WITH TIME ZONE, "effect" character varying(16), "effect_comment" text, "version" integer NOT NULL DEFAULT '1', "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_cdc296597d3f2c465edce68695" CHECK ("status" <> 'completed' OR "progress" = 100), CONSTRAINT "CHK_a0f4612a02b0342c54af074d61" CHECK ("progress" BETWEEN 0 AND 100), CONSTRAINT "CHK_937d2e6408a8c0e2ca39e990c0" CHECK ("priority" IN ('low', 'medium', 'high')), CONSTRAINT "CHK_db9bda00c40738fbaf56ac7a55" CHECK ("health" IS NULL OR "health" IN ('on_track', 'at_risk', 'off_track')), CONSTRAINT "CHK_7a28bfec5186bc5864a43b7b97" CHECK ("status" IN ('planned', 'in_progress', 'completed', 'cancelled')), CONSTRAINT "PK_73de59f4ddad48bad469c1afdbd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_c12dd38f6dd11dd026aaf9f46b" ON "action_plan"  ("municipality_id", "status") `);
        await queryRunner.query(`CREATE INDEX "IDX_789fafcec912de669233532abe" ON "action_plan"  ("municipality_id", "owner_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_6e93054efcee841e01321eccef" ON "action_plan"  ("municipality_id", "due_date") `);
        await queryRunner.query(`CREATE TABLE "action_plan_finding" ("action_plan_id" uuid NOT NULL, "finding_id" uuid NOT NULL, "municipality_id" uuid NOT NULL, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e588b71a3943c1838a514dbe3e7" PRIMARY KEY ("action_plan_id", "finding_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_43aa67f30bc7e5c7dd75dc0ec3" ON "action_plan_finding"  ("finding_id") `);
        await queryRunner.query(`CREATE TABLE "action_plan_target" ("action_plan_id" uuid NOT NULL, "question_id" uuid NOT NULL, "question_code" character varying(8) NOT NULL, "expected_points" numeric(6,2) NOT NULL, CONSTRAINT "PK_e32798746db29c0ebd2c75384e8" PRIMARY KEY ("action_plan_id", "question_id"))`);
        await queryRunner.query(`CREATE TABLE "progress_update" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_id" uuid NOT NULL, "action_plan_id" uuid NOT NULL, "author_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "health" character varying(16) NOT NULL, "progress" smallint NOT NULL, "comment" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5ac3567b3caf930f1bad30796f8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_acadf67ae95aa580b44fc26b35" ON "progress_update"  ("action_plan_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "action_plan" ADD CONSTRAINT "FK_b319fc1866c5909c59e3d928ec8" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "action_plan_finding" ADD CONSTRAINT "FK_da65ab0f542e8eda0e2bc18bb73" FOREIGN KEY ("action_plan_id") REFERENCES "action_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "action_plan_finding" ADD CONSTRAINT "FK_43aa67f30bc7e5c7dd75dc0ec34" FOREIGN KEY ("finding_id") REFERENCES "finding"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "action_plan_target" ADD CONSTRAINT "FK_e044546d6819ca3d34442728335" FOREIGN KEY ("action_plan_id") REFERENCES "action_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "action_plan_target" ADD CONSTRAINT "FK_4a6adbbf3c96a39db92bef72681" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "progress_update" ADD CONSTRAINT "FK_acc22407a5c73d4f88976fe3545" FOREIGN KEY ("action_plan_id") REFERENCES "action_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "progress_update" ADD CONSTRAINT "FK_53c3e590baf82d46924c856e1ca" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "progress_update" DROP CONSTRAINT "FK_53c3e590baf82d46924c856e1ca"`);
        await queryRunner.query(`ALTER TABLE "progress_update" DROP CONSTRAINT "FK_acc22407a5c73d4f88976fe3545"`);
        await queryRunner.query(`ALTER TABLE "action_plan_target" DROP CONSTRAINT "FK_4a6adbbf3c96a39db92bef72681"`);
        await queryRunner.query(`ALTER TABLE "action_plan_target" DROP CONSTRAINT "FK_e044546d6819ca3d34442728335"`);
        await queryRunner.query(`ALTER TABLE "action_plan_finding" DROP CONSTRAINT "FK_43aa67f30bc7e5c7dd75dc0ec34"`);
        await queryRunner.query(`ALTER TABLE "action_plan_finding" DROP CONSTRAINT "FK_da65ab0f542e8eda0e2bc18bb73"`);
        await queryRunner.query(`ALTER TABLE "action_plan" DROP CONSTRAINT "FK_b319fc1866c5909c59e3d928ec8"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_acadf67ae95aa580b44fc26b35"`);
        await queryRunner.query(`DROP TABLE "progress_update"`);
        await queryRunner.query(`DROP TABLE "action_plan_target"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_43aa67f30bc7e5c7dd75dc0ec3"`);
        await queryRunner.query(`DROP TABLE "action_plan_finding"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_6e93054efcee841e01321eccef"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_789fafcec912de669233532abe"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c12dd38f6dd11dd026aaf9f46b"`);
        await queryRunner.query(`DROP TABLE "action_plan"`);
    }

}
