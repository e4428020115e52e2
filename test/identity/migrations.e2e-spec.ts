import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { databaseForThisFile } from '../setup/test-database';

describe('migrations', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions(await databaseForThisFile())).initialize();
  });

  afterAll(() => dataSource.destroy());

  it('leave nothing for TypeORM to generate: the schema matches the entities', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('are all applied, and none is pending', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('give ids from gen_random_uuid(), not an extension', async () => {
    const [{ column_default }] = await dataSource.query(
      `SELECT column_default FROM information_schema.columns WHERE table_name = 'municipality' AND column_name = 'id'`,
    );
    expect(column_default).toBe('gen_random_uuid()');
  });
});
