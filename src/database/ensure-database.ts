import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/**
 * Creates the database named in DATABASE_URL when the server has none of that name, so a fresh
 * machine needs no `createdb` before the first start. Any other connection problem is left for
 * TypeORM to report.
 */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const probe = new Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    return;
  } catch (error) {
    // 3D000: invalid_catalog_name, the database does not exist.
    if ((error as { code?: string }).code !== '3D000') return;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    new Logger('Database').log(`Created database ${name}`);
  } catch (error) {
    // 42P04: another process created it meanwhile.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await admin.end().catch(() => undefined);
  }
}
