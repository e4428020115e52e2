import { MigrationInterface, QueryRunner } from 'typeorm';

/** Why a delivery was skipped gets a column of its own; `last_error` keeps SMTP errors only. */
export class DeliverySkipReason1796029843757 implements MigrationInterface {
  name = 'DeliverySkipReason1796029843757';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "digest_delivery" ADD "skip_reason" character varying(32)`);
    // Until now a skip for a recipient who no longer takes the digest wrote its reason as an
    // error, and a skip with nothing to report wrote none.
    await queryRunner.query(
      `UPDATE "digest_delivery" SET "skip_reason" = CASE WHEN "last_error" IS NULL THEN 'nothing_to_report' ELSE 'not_subscribed' END, "last_error" = NULL
        WHERE "status" = 'skipped'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "digest_delivery" SET "last_error" = 'The recipient no longer takes this digest' WHERE "skip_reason" = 'not_subscribed'`);
    await queryRunner.query(`ALTER TABLE "digest_delivery" DROP COLUMN "skip_reason"`);
  }
}
