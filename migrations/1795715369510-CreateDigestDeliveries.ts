import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateDigestDeliveries1795715369510 implements MigrationInterface {
    name = 'CreateDigestDeliveries1795715369510'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "digest_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_id" uuid NOT NULL, "user_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "period_key" character varying(8) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "attempts" smallint NOT NULL DEFAULT '0', "last_error" text, "message_id" character varying(255), "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_digest_delivery_user_kind_period" UNIQUE ("user_id", "kind", "period_key"), CONSTRAINT "CHK_5eb6f551ea31816532f2149044" CHECK ("status" IN ('queued', 'sent', 'failed', 'skipped')), CONSTRAINT "CHK_14ecf15402173eed19b73415c8" CHECK ("kind" IN ('leadership', 'owner')), CONSTRAINT "PK_fcd2c831f7b54a7aa064290f163" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_0b14681035fb0c6c7a2da79ad2" ON "digest_delivery"  ("status") `);
        await queryRunner.query(`CREATE INDEX "IDX_e2409a503b7cf3838e70b7069b" ON "digest_delivery"  ("municipality_id", "period_key") `);
        await queryRunner.query(`CREATE TABLE "digest_dispatch" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_id" uuid NOT NULL, "period_key" character varying(8) NOT NULL, "dispatched_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_digest_dispatch_municipality_period" UNIQUE ("municipality_id", "period_key"), CONSTRAINT "PK_bc050390aec5102412619002cd5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "digest_delivery" ADD CONSTRAINT "FK_e3e90163f98c88fbb497b8b32a7" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "digest_delivery" DROP CONSTRAINT "FK_e3e90163f98c88fbb497b8b32a7"`);
        await queryRunner.query(`DROP TABLE "digest_dispatch"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_e2409a503b7cf3838e70b7069b"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_0b14681035fb0c6c7a2da79ad2"`);
        await queryRunner.query(`DROP TABLE "digest_delivery"`);
    }

}
