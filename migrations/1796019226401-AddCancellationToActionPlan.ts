import { MigrationInterface, QueryRunner } from "typeorm";

export class AddCancellationToActionPlan1796019226401 implements MigrationInterface {
    name = 'AddCancellationToActionPlan1796019226401'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "action_plan" ADD "cancellation_reason" text`);
        await queryRunner.query(`ALTER TABLE "action_plan" ADD "cancelled_by_id" uuid`);
        await queryRunner.query(`ALTER TABLE "action_plan" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
        // A cancelled plan shows no traffic light; plans cancelled before this keep their history in progress updates.
        await queryRunner.query(`UPDATE "action_plan" SET "health" = NULL WHERE "status" = 'cancelled'`);
        await queryRunner.query(`ALTER TABLE "action_plan" ADD CONSTRAINT "CHK_a821a7469067515484f4fe1bdf" CHECK ("status" <> 'cancelled' OR "health" IS NULL)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "action_plan" DROP CONSTRAINT "CHK_a821a7469067515484f4fe1bdf"`);
        await queryRunner.query(`ALTER TABLE "action_plan" DROP COLUMN "cancelled_at"`);
        await queryRunner.query(`ALTER TABLE "action_plan" DROP COLUMN "cancelled_by_id"`);
        await queryRunner.query(`ALTER TABLE "action_plan" DROP COLUMN "cancellation_reason"`);
    }

}
