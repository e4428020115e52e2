import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { DemoModule } from '../../src/cli/demo/demo.module';
import { DemoSeeder } from '../../src/cli/demo/demo-seeder';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { assertTestDatabase, databaseForThisFile, onMaintenanceDatabase, withDatabase } from '../setup/test-database';
import { createTestApp } from '../utils/test-app';

jest.setTimeout(90_000);

const run = promisify(execFile);
/** Debian's versioned binaries when there, else whatever the PATH has. */
const tool = (name: string) => (existsSync(`/usr/lib/postgresql/15/bin/${name}`) ? `/usr/lib/postgresql/15/bin/${name}` : name);

/** What a municipality would miss after a bad restore: plans, their history, and the digest log. */
async function contents(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  return {
    plans: await dataSource.query('SELECT id, title, status, health, progress, version, owner_id FROM action_plan ORDER BY id'),
    updates: await dataSource.query('SELECT id, action_plan_id, health, progress, comment, created_at FROM progress_update ORDER BY id'),
    deliveries: await dataSource.query('SELECT id, user_id, kind, period_key, status, message_id, sent_at FROM digest_delivery ORDER BY id'),
    users: await dataSource.query('SELECT id, email, password_hash FROM app_user ORDER BY id'),
    deployment: await dataSource.query('SELECT id FROM deployment'),
  };
}

describe('backup with pg_dump and restore with pg_restore, as the README describes', () => {
  it('restores a dump of the demo into a fresh database with the same plans, updates and deliveries, and the app runs on it', async () => {
    const sourceUrl = await databaseForThisFile();
    const seeding = await createTestApp({ PROCESS_ROLE: 'api' }, undefined, [DemoModule]);
    try {
      await seeding.app.get(DemoSeeder).seed();
    } finally {
      await seeding.close();
    }
    const source = await new DataSource(buildDataSourceOptions(sourceUrl)).initialize();
    const restoredName = `${new URL(sourceUrl).pathname.slice(1)}_restored`;
    assertTestDatabase(restoredName);
    const restoredUrl = withDatabase(sourceUrl, restoredName);
    const dir = mkdtempSync(join(tmpdir(), 'hp-backup-'));
    let restored: DataSource | undefined;
    try {
      // A week of digests in the log, as the worker would have left it.
      await source.query(
        `INSERT INTO digest_delivery (municipality_id, user_id, kind, period_key, status, attempts, message_id, sent_at)
         SELECT municipality_id, id, 'leadership', '2026-W48', 'sent', 1, '<digest-' || id || '@example>', now() FROM app_user WHERE leadership_digest`,
      );
      const before = await contents(source);
      expect(before.plans.length).toBeGreaterThan(10);
      expect(before.updates.length).toBeGreaterThan(10);
      expect(before.deliveries.length).toBeGreaterThan(0);

      const dump = join(dir, 'handlingsplan.dump');
      await run(tool('pg_dump'), ['--format=custom', '--file', dump, sourceUrl]);
      await onMaintenanceDatabase(sourceUrl, (client) => client.query(`CREATE DATABASE "${restoredName}"`));
      await run(tool('pg_restore'), ['--no-owner', '--exit-on-error', '--dbname', restoredUrl, dump]);

      restored = await new DataSource(buildDataSourceOptions(restoredUrl)).initialize();
      expect(await contents(restored)).toEqual(before);
      expect(await restored.showMigrations()).toBe(false);

      const app = await createTestApp({ PROCESS_ROLE: 'api', DATABASE_URL: restoredUrl });
      try {
        const [manager] = await restored.query(`SELECT id, municipality_id AS "municipalityId" FROM app_user WHERE email = 'kvalitetschef@avesta.example'`);
        const list = await app.http.get('/api/action-plans?limit=100').set({ Authorization: `Bearer ${app.tokenFor(manager)}` }).expect(200);
        expect(list.body.total).toBe(before.plans.length);
        const log = await app.http.get('/api/digests/deliveries?limit=100').set({ Authorization: `Bearer ${app.tokenFor(manager)}` }).expect(200);
        expect(log.body.total).toBe(before.deliveries.length);
      } finally {
        await app.close();
      }
    } finally {
      await restored?.destroy();
      await source.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
