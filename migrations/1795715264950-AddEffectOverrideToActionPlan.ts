import { MigrationInterface, QueryRunner } from "typeorm";

export class AddEffectOverrideToActionPlan1795715264950 implements MigrationInterface {
    name = 'AddEffectOverrideToActionPlan1795715264950'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "action_plan" ADD "effect_set_by_id" uuid`);
        await queryRunner.query(`ALTER TABLE "action_plan" ADD "effect_set_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "action_plan" DROP COLUMN "effect_set_at"`);
        await queryRunner.query(`ALTER TABLE "action_plan" DROP COLUMN "effect_set_by_id"`);
    }

}
