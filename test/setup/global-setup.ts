import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { assertTestDatabase, onMaintenanceDatabase, withDatabase } from './test-database';

/**
 * Creates a database of this test run's own on the server of DATABASE_URL, applies the real
 * migrations once, and points every test at it; the teardown drops it.
 */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/postgres';
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const database = `handlingsplan_test_${runId}`;
  assertTestDatabase(database);

  await onMaintenanceDatabase(serverUrl, (client) => client.query(`CREATE DATABASE "${database}"`));
  const databaseUrl = withDatabase(serverUrl, database);
  const dataSource = new DataSource(buildDataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }

  Object.assign(process.env, {
    NODE_ENV: 'test',
    TEST_SERVER_URL: serverUrl,
    DATABASE_URL: databaseUrl,
    REDIS_KEY_PREFIX: `hptest_${runId}`,
  });
}
