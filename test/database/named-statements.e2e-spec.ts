import type { QueryRunner } from 'typeorm';
import { NAMED_STATEMENTS_PER_CONNECTION } from '../../src/database/named-statements';
import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * Statements with parameters go to Postgres as named prepared statements, parsed and planned
 * once per connection. What Postgres holds for a connection is in its `pg_prepared_statements`.
 */
describe('named prepared statements', () => {
  let t: TestApp;
  let connection: QueryRunner;

  const preparedOn = async (runner: QueryRunner): Promise<{ name: string; statement: string }[]> =>
    runner.query(`SELECT name, statement FROM pg_prepared_statements ORDER BY prepare_time`);

  beforeAll(async () => {
    t = await createTestApp();
    const municipality = await makeMunicipality(t.dataSource, { code: '0180' });
    await makeUser(t.dataSource, municipality, 'manager', { name: 'Astrid Ek' });
  });

  beforeEach(async () => {
    connection = t.dataSource.createQueryRunner();
    await connection.connect();
  });
  afterEach(() => connection.release());
  afterAll(() => t.close());

  it('prepares a statement with parameters once and answers every execution from it', async () => {
    const sql = `SELECT name FROM app_user WHERE name = $1 AND active = $2`;
    const before = (await preparedOn(connection)).filter((row) => row.statement === sql);
    for (let run = 0; run < 8; run++) expect(await connection.query(sql, ['Astrid Ek', true])).toEqual([{ name: 'Astrid Ek' }]);
    expect(await connection.query(sql, ['Ingen Alls', true])).toEqual([]);

    const after = (await preparedOn(connection)).filter((row) => row.statement === sql);
    expect(before).toEqual([]);
    expect(after).toHaveLength(1);
    expect(after[0].name).toMatch(/^hp_/);
  });

  it('sends a statement without parameters unnamed', async () => {
    const sql = `SELECT count(*)::int AS users FROM app_user WHERE name <> 'x'`;
    await connection.query(sql);
    expect((await preparedOn(connection)).map((row) => row.statement)).not.toContain(sql);
  });

  it('keeps at most the set number per connection, and still answers the statements beyond it', async () => {
    const count = NAMED_STATEMENTS_PER_CONNECTION + 20;
    for (let index = 0; index < count; index++) {
      expect(await connection.query(`SELECT $1::int + ${index} AS sum`, [1])).toEqual([{ sum: index + 1 }]);
    }
    const prepared = await preparedOn(connection);
    expect(prepared.length).toBe(NAMED_STATEMENTS_PER_CONNECTION);
    // Those first prepared stay prepared and keep answering.
    expect(await connection.query(`SELECT $1::int + 0 AS sum`, [41])).toEqual([{ sum: 41 }]);
  });

  it('reports a statement Postgres refuses each time, and the connection goes on working', async () => {
    const broken = `SELECT no_such_column FROM app_user WHERE name = $1`;
    for (let run = 0; run < 2; run++) await expect(connection.query(broken, ['Astrid Ek'])).rejects.toThrow(/no_such_column/);

    // Parsed first inside a transaction that then fails and is rolled back: still usable after it.
    const sql = `SELECT name FROM app_user WHERE name = $1`;
    await connection.startTransaction();
    expect(await connection.query(sql, ['Astrid Ek'])).toEqual([{ name: 'Astrid Ek' }]);
    await expect(connection.query(`SELECT 1 / $1::int`, [0])).rejects.toThrow(/division by zero/);
    await connection.rollbackTransaction();
    expect(await connection.query(sql, ['Astrid Ek'])).toEqual([{ name: 'Astrid Ek' }]);
  });

  it('prepares nothing with DATABASE_NAMED_STATEMENTS=off', async () => {
    const unnamed = await createTestApp({ DATABASE_NAMED_STATEMENTS: 'off' });
    const runner = unnamed.dataSource.createQueryRunner();
    try {
      await runner.connect();
      for (let run = 0; run < 3; run++) expect(await runner.query(`SELECT name FROM app_user WHERE name = $1`, ['Astrid Ek'])).toEqual([{ name: 'Astrid Ek' }]);
      expect(await preparedOn(runner)).toEqual([]);
    } finally {
      await runner.release();
      await unnamed.close();
    }
  });
});
