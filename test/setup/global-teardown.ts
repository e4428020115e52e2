import { Redis } from 'ioredis';
import { assertTestDatabase, onMaintenanceDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const serverUrl = process.env.TEST_SERVER_URL;
  const template = process.env.TEST_DATABASE_TEMPLATE;
  if (databaseUrl && serverUrl && template) {
    assertTestDatabase(template);
    await onMaintenanceDatabase(serverUrl, async (client) => {
      const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${template}%`]);
      for (const { datname } of rows) {
        assertTestDatabase(datname);
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    });
  }
  const prefix = process.env.TEST_REDIS_KEY_PREFIX;
  if (prefix?.startsWith('hptest_')) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}[:_]*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
