import { join } from 'node:path';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * One definition of the database connection for the app, the TypeORM CLI and the tests.
 * Entities and migrations are found by file name so the CLI (TypeScript sources) and the
 * built app (`dist/`) read the same list.
 */
export function buildDataSourceOptions(databaseUrl: string): PostgresDataSourceOptions {
  const sourceRoot = join(__dirname, '..');
  return {
    type: 'postgres',
    url: databaseUrl,
    uuidExtension: 'pgcrypto',
    namingStrategy: new SnakeNamingStrategy(),
    entities: [join(sourceRoot, 'modules', '**', '*.entity.{ts,js}')],
    migrations: [join(sourceRoot, '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
  };
}
