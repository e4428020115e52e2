import { MigrationInterface, QueryRunner } from "typeorm";

/** A version per user that a password change moves on, ending every token and session issued before. */
export class AddUserCredentialsVersion1796020213921 implements MigrationInterface {
    name = 'AddUserCredentialsVersion1796020213921'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "app_user" ADD "credentials_version" integer NOT NULL DEFAULT '0'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "credentials_version"`);
    }

}
