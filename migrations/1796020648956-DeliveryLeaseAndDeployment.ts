import { MigrationInterface, QueryRunner } from "typeorm";

export class DeliveryLeaseAndDeployment1796020648956 implements MigrationInterface {
    name = 'DeliveryLeaseAndDeployment1796020648956'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "digest_delivery" DROP CONSTRAINT "CHK_5eb6f551ea31816532f2149044"`);
        await queryRunner.query(`CREATE TABLE "deployment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "singleton" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_deployment_singleton" UNIQUE ("singleton"), CONSTRAINT "CHK_ef7007801405fe82d53f854978" CHECK ("singleton"), CONSTRAINT "PK_ee1f952fc81f37c6fea69c2e248" PRIMARY KEY ("id"))`);
        // The database's identity, recorded once; the digest queue in Redis is checked against it.
        await queryRunner.query(`INSERT INTO "deployment" DEFAULT VALUES`);
        await queryRunner.query(`ALTER TABLE "digest_delivery" ADD "lease_until" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "digest_delivery" ADD CONSTRAINT "CHK_a57c247d16ba807954c9bbf42b" CHECK ("status" IN ('queued', 'sending', 'sent', 'failed', 'skipped'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "digest_delivery" DROP CONSTRAINT "CHK_a57c247d16ba807954c9bbf42b"`);
        await queryRunner.query(`ALTER TABLE "digest_delivery" DROP COLUMN "lease_until"`);
        await queryRunner.query(`DROP TABLE "deployment"`);
        await queryRunner.query(`ALTER TABLE "digest_delivery" ADD CONSTRAINT "CHK_5eb6f551ea31816532f2149044" CHECK (((status)::text = ANY ((ARRAY['queued'::character varying, 'sent'::character varying, 'failed'::character varying, 'skipped'::character varying])::text[])))`);
    }

}
