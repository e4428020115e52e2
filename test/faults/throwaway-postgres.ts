import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app-processes';

const run = promisify(execFile);
const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** Postgres refuses to run as root: as root, its commands run as the postgres user. */
function asPostgres(command: string, args: string[]): Promise<{ stdout: string }> {
  const isRoot = process.getuid?.() === 0;
  return isRoot ? run('runuser', ['-u', 'postgres', '--', join(BIN, command), ...args]) : run(join(BIN, command), args);
}

/**
 * A Postgres cluster of the test's own on a free port (trust auth, no fsync), stopped and started
 * at will, removed at the end.
 */
export async function startThrowawayPostgres(): Promise<{ url: (database: string) => string; stop(): Promise<void>; start(): Promise<void>; remove(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'hp-pg-'));
  chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) await run('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-o', options, '-w', '-t', '30', '-l', join(dir, 'log'), 'start']);
  };
  const stop = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  await start();
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    remove: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
