import { MigrationInterface, QueryRunner } from "typeorm";

// Generated; the case-insensitive e-mail index is added by hand (TypeORM cannot express lower()).

export class CreateIdentityAndAudit1795713964540 implements MigrationInterface {
    name = 'CreateIdentityAndAudit1795713964540'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_id" uuid NOT NULL, "actor_id" uuid, "entity_type" character varying(64) NOT NULL, "entity_id" uuid NOT NULL, "action" character varying(16) NOT NULL, "changes" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_d91272c7ae965e7e49c78431b1" ON "audit_event"  ("municipality_id", "entity_type", "entity_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_bdd7ff147d6663209cbb75f262" ON "audit_event"  ("municipality_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "municipality" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character(4) NOT NULL, "name" character varying(100) NOT NULL, "timezone" character varying(64) NOT NULL DEFAULT 'Europe/Stockholm', "locale" character varying(2) NOT NULL DEFAULT 'sv', "digest_weekday" smallint NOT NULL DEFAULT '1', "digest_hour" smallint NOT NULL DEFAULT '7', "stale_after_days" smallint NOT NULL DEFAULT '30', "due_soon_days" smallint NOT NULL DEFAULT '14', "next_evaluation_date" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_f01eb47e7b81481ca5a146a786d" UNIQUE ("code"), CONSTRAINT "CHK_ada692291ac2fc1e43ec5a53bb" CHECK ("digest_hour" BETWEEN 0 AND 23), CONSTRAINT "CHK_33c6708253dbf686bac766027d" CHECK ("digest_weekday" BETWEEN 1 AND 7), CONSTRAINT "PK_281ad341f20df7c41b83a182e2a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "role" character varying(16) NOT NULL, "unit" character varying(200), "locale" character varying(2) NOT NULL DEFAULT 'sv', "active" boolean NOT NULL DEFAULT true, "password_hash" character varying(255) NOT NULL, "leadership_digest" boolean NOT NULL, "owner_digest" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_7366076e1f847c37f60ed11b4c" CHECK ("role" IN ('admin', 'manager', 'owner', 'viewer')), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_email_lower" ON "app_user" (lower("email"))`);
        await queryRunner.query(`CREATE INDEX "IDX_6cecf0f20a41280d83a2cbb739" ON "app_user"  ("municipality_id") `);
        await queryRunner.query(`ALTER TABLE "app_user" ADD CONSTRAINT "FK_6cecf0f20a41280d83a2cbb7390" FOREIGN KEY ("municipality_id") REFERENCES "municipality"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."UQ_user_email_lower"`);
        await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_6cecf0f20a41280d83a2cbb7390"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_6cecf0f20a41280d83a2cbb739"`);
        await queryRunner.query(`DROP TABLE "app_user"`);
        await queryRunner.query(`DROP TABLE "municipality"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_bdd7ff147d6663209cbb75f262"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d91272c7ae965e7e49c78431b1"`);
        await queryRunner.query(`DROP TABLE "audit_event"`);
    }

}
