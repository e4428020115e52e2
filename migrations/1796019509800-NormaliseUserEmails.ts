import { MigrationInterface, QueryRunner } from 'typeorm';
import { normaliseEmail } from '../src/modules/identity/users/email-address';

/**
 * E-mail addresses are stored normalised (NFKC, lower case; see normaliseEmail) and compared
 * exactly, so the unique index on lower(email) gives way to one on the stored value.
 */
export class NormaliseUserEmails1796019509800 implements MigrationInterface {
  name = 'NormaliseUserEmails1796019509800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const users = (await queryRunner.query(`SELECT "id", "email" FROM "app_user" ORDER BY "created_at", "id"`)) as { id: string; email: string }[];
    const owners = new Map<string, string>();
    const clashes: string[] = [];
    for (const { id, email } of users) {
      const normalised = normaliseEmail(email);
      const owner = owners.get(normalised);
      if (owner) clashes.push(`users ${owner} and ${id}`);
      else owners.set(normalised, id);
    }
    if (clashes.length > 0) {
      throw new Error(`E-mail addresses that differ only in case or Unicode form must be resolved by hand first: ${clashes.join('; ')}`);
    }
    await queryRunner.query(`DROP INDEX "public"."UQ_user_email_lower"`);
    for (const { id, email } of users) {
      const normalised = normaliseEmail(email);
      if (normalised !== email) await queryRunner.query(`UPDATE "app_user" SET "email" = $1 WHERE "id" = $2`, [normalised, id]);
    }
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_email" ON "app_user" ("email")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_user_email"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_email_lower" ON "app_user" (lower("email"))`);
  }
}
