import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { assertTestDatabase, onMaintenanceDatabase, withDatabase } from './test-database';

/**
 * Creates a database of this test run's own on the server of DATABASE_URL and applies the real
 * migrations once. Each test file then gets a copy of it (see test-database.ts), so files cannot
 * see each other's rows; the teardown drops them all.
 */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/postgres';
  // Short, as REDIS_KEY_PREFIX allows 32 characters and a file and a fault test each add to it.
  const runId = `${Date.now().toString(36).slice(-6)}_${process.pid.toString(36)}`;
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
    TEST_DATABASE_TEMPLATE: database,
    // The run's Redis prefix; each test file takes its own below it (test/setup/per-file-redis.ts).
    REDIS_KEY_PREFIX: `hptest_${runId}`,
    TEST_REDIS_KEY_PREFIX: `hptest_${runId}`,
    // Tests drive the digest scheduler themselves; no hourly tick may fire in the middle of one.
    DIGEST_TICK_PATTERN: 'off',
    // Every test file signs in from the same client address within the same minutes; the limit per
    // client has a test of its own (test/security/login-limits) that sets it.
    LOGIN_ATTEMPTS_PER_MINUTE_PER_CLIENT: '100000',
  });
}
