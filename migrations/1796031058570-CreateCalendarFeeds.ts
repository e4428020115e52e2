import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateCalendarFeeds1796031058570 implements MigrationInterface {
    name = 'CreateCalendarFeeds1796031058570'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "calendar_feed" ("user_id" uuid NOT NULL, "municipality_id" uuid NOT NULL, "token" character varying(64) NOT NULL, "all_plans" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_29b8f216ae4f5fdd5bcc8de8112" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_calendar_feed_token" ON "calendar_feed"  ("token") `);
        await queryRunner.query(`ALTER TABLE "calendar_feed" ADD CONSTRAINT "FK_29b8f216ae4f5fdd5bcc8de8112" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "calendar_feed" DROP CONSTRAINT "FK_29b8f216ae4f5fdd5bcc8de8112"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_calendar_feed_token"`);
        await queryRunner.query(`DROP TABLE "calendar_feed"`);
    }

}
