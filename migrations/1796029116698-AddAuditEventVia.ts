import { MigrationInterface, QueryRunner } from "typeorm";

export class AddAuditEventVia1796029116698 implements MigrationInterface {
    name = 'AddAuditEventVia1796029116698'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_event" ADD "via" character varying(32)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "via"`);
    }

}
