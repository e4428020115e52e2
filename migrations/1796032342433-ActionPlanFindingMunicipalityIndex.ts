import { MigrationInterface, QueryRunner } from "typeorm";

export class ActionPlanFindingMunicipalityIndex1796032342433 implements MigrationInterface {
    name = 'ActionPlanFindingMunicipalityIndex1796032342433'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_809d6e69cfc8b1a3adcfc99d96" ON "action_plan_finding"  ("municipality_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_809d6e69cfc8b1a3adcfc99d96"`);
    }

}
