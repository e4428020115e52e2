import { MigrationInterface, QueryRunner } from "typeorm";

export class AddUserLastLogin1796029432963 implements MigrationInterface {
    name = 'AddUserLastLogin1796029432963'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "app_user" ADD "last_login_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "last_login_at"`);
    }

}
