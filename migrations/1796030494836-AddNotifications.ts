import { MigrationInterface, QueryRunner } from "typeorm";

export class AddNotifications1796030494836 implements MigrationInterface {
  name = "AddNotifications1796030494836";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_id" uuid NOT NULL, "user_id" uuid NOT NULL, "action_plan_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "occasion" character varying(32) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "attempts" smallint NOT NULL DEFAULT '0', "lease_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "message_id" character varying(255), "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_notification_once" UNIQUE ("user_id", "action_plan_id", "kind", "occasion"), CONSTRAINT "CHK_1b0085e5de8b198fe13da63b5a" CHECK ("status" IN ('queued', 'sending', 'sent', 'failed', 'skipped')), CONSTRAINT "CHK_5449407d96baaf634a1261a444" CHECK ("kind" IN ('assigned', 'unassigned', 'reminder', 'overdue')), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c62fbe823d612cc7ad7b5c3dd9" ON "notification"  ("status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_opt_out" ("user_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_a623fcde7a271cdef3c15a9863" CHECK ("kind" IN ('assigned', 'reminder', 'overdue')), CONSTRAINT "PK_8288a61632820748c4653a2c61f" PRIMARY KEY ("user_id", "kind"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "FK_928b7aa1754e08e1ed7052cb9d8" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "FK_df41a3211e1b2acc3959f74bab9" FOREIGN KEY ("action_plan_id") REFERENCES "action_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_opt_out" ADD CONSTRAINT "FK_2261eaa3ec7cf18db09393e7b0c" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification_opt_out" DROP CONSTRAINT "FK_2261eaa3ec7cf18db09393e7b0c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" DROP CONSTRAINT "FK_df41a3211e1b2acc3959f74bab9"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" DROP CONSTRAINT "FK_928b7aa1754e08e1ed7052cb9d8"`,
    );
    await queryRunner.query(`DROP TABLE "notification_opt_out"`);
    await queryRunner.query(
      `DROP INDEX "public"."IDX_c62fbe823d612cc7ad7b5c3dd9"`,
    );
    await queryRunner.query(`DROP TABLE "notification"`);
  }
}
