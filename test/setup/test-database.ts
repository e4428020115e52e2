import { Client } from 'pg';

/** Connection URL of the same server with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Tests only ever touch a database of their own; refusing others guards real data. */
export function assertTestDatabase(name: string): void {
  if (!name.includes('test')) throw new Error(`Refusing to use database "${name}": its name must contain "test"`);
}

export async function onMaintenanceDatabase<T>(baseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(baseUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let fileDatabaseUrl: Promise<string> | undefined;

/**
 * A database for the current test file, copied from the migrated template of this run (Jest
 * loads this module afresh for each file, so each file gets its own).
 */
export function databaseForThisFile(): Promise<string> {
  fileDatabaseUrl ??= (async () => {
    const template = process.env.TEST_DATABASE_TEMPLATE!;
    const serverUrl = process.env.TEST_SERVER_URL!;
    const database = `${template}_${Math.random().toString(36).slice(2, 8)}`;
    assertTestDatabase(database);
    await onMaintenanceDatabase(serverUrl, (client) => client.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`));
    return withDatabase(serverUrl, database);
  })();
  return fileDatabaseUrl;
}
