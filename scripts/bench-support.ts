/** Helpers shared by the benchmarks and the soak: child processes, ports, the benchmark data. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const ROOT = join(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/handlingsplan_bench';
export const BENCH_JWT_SECRET = 'bench-jwt-secret-bench-jwt-secret-0123456789';
export const BENCH_SESSION_SECRET = 'bench-session-secret-bench-session-secret-01';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Started {
  name: string;
  child: ChildProcess;
  url: string;
  /** Lines the process wrote to standard output, when kept. */
  lines: string[];
  stop(): Promise<void>;
}

/**
 * Starts `node <script>` with `env` on a free port and waits until `healthPath` answers.
 * Standard output goes to `var/bench/<name>.log` (as a production log would go to a file), or is
 * kept line by line when `keepLines` (to read query logs back).
 */
export async function startProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  options: { healthPath: string; portVariable?: string; keepLines?: boolean; nodeArgs?: string[]; ready?: { text: string; count: number } },
): Promise<Started> {
  const port = await freePort();
  mkdirSync(join(ROOT, 'var', 'bench'), { recursive: true });
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    cwd: ROOT,
    env: { ...process.env, ...env, [options.portVariable ?? 'PORT']: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let readySeen = 0;
  if (options.ready) {
    const { text } = options.ready;
    child.stdout.on('data', (chunk: Buffer) => (readySeen += chunk.toString('utf8').split(text).length - 1));
  }
  if (options.keepLines) {
    let rest = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = rest + chunk.toString('utf8');
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
  } else {
    child.stdout.pipe(createWriteStream(join(ROOT, 'var', 'bench', `${name}.log`)));
  }
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited at start:\n${errors}`);
    if (Date.now() > deadline) throw new Error(`${name} did not answer within 90 s:\n${errors}`);
    try {
      await fetch(`${url}${options.healthPath}`, { signal: AbortSignal.timeout(2000) });
      // Every API process of a supervisor has started, not just the first.
      if (!options.ready || readySeen >= options.ready.count) break;
      await sleep(200);
    } catch {
      await sleep(200);
    }
  }
  return {
    name,
    child,
    url,
    lines,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

/**
 * The benchmark database, with `seed-bench` data: seeded (and ANALYZEd) when it has none, so a
 * fresh clone needs no step of its own; vacuumed and `ANALYZE`d before every run either way.
 * Production's Postgres vacuums on its own; a machine may run it with autovacuum off (CI's
 * Postgres does), and then every row the last run updated or deleted (each progress update
 * rewrites its plan) stays behind as a dead row that each read of those tables steps over.
 */
export async function ensureBenchData(): Promise<void> {
  const probe = async () => {
    const client = new Client({ connectionString: BENCH_DATABASE_URL });
    try {
      await client.connect();
      const { rows } = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM app_user WHERE email LIKE '%.bench'`);
      return rows[0].count;
    } catch {
      return 0;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  if ((await probe()) === 0) {
    process.stdout.write('No benchmark data yet: seed-bench (290 municipalities, about a minute)…\n');
    const seeded = spawnSync(process.execPath, [join(DIST, 'src', 'cli.js'), 'seed-bench'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: BENCH_DATABASE_URL },
      encoding: 'utf8',
    });
    if (seeded.status !== 0) throw new Error(`seed-bench failed:\n${seeded.stdout}${seeded.stderr}`);
    process.stdout.write(seeded.stdout);
  }
  const client = new Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  await client.query('VACUUM ANALYZE');
  await client.end();
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: number[]) => percentile(values, 50);

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux's every common build). */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * The CPU time (user and system) a process has used so far, in seconds, from `/proc`: what it
 * costs whatever else the machine is doing, where its wall time moves with the machine's load.
 */
export function cpuSecondsOf(pid: number): number {
  return readProcessCpu(pid)?.seconds ?? Number.NaN;
}

/** A process's command name and CPU seconds from `/proc/<pid>/stat`, or null when it has gone. */
function readProcessCpu(pid: number): { command: string; seconds: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name is in parentheses and may hold spaces; utime and stime are the 12th and 13th fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS };
}

/**
 * CPU seconds used so far: by the processes in `pids` (each under its label), by every process
 * whose command name is in `commands` (all of Postgres's backends, say, each kept by its pid as
 * `postgres#<pid>`), and by the whole machine (all cores, from `/proc/stat`). Two readings
 * subtracted by `cpuUsedBetween` say where a run's CPU went.
 */
export function cpuAccount(pids: Record<string, number>, commands: string[]): Record<string, number> {
  const account: Record<string, number> = {};
  for (const [label, pid] of Object.entries(pids)) account[label] = cpuSecondsOf(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const process = readProcessCpu(Number(entry));
    if (process && commands.includes(process.command)) account[`${process.command}#${entry}`] = process.seconds;
  }
  // The first line of /proc/stat: user nice system idle iowait irq softirq steal…, in clock ticks.
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  account['whole machine'] = (ticks.slice(0, 8).reduce((sum, value) => sum + value, 0) - ticks[3] - ticks[4]) / CLOCK_TICKS;
  return account;
}

/**
 * What each entry of `cpuAccount` used between two readings, a command's processes summed. A
 * process that started in between counts all its time; one that ended in between is not in the
 * second reading and counts nothing (its last moments are lost, rather than its whole past
 * subtracted, which made Postgres's share negative when a backend of the previous run ended).
 */
export function cpuUsedBetween(before: Record<string, number>, after: Record<string, number>, commands: string[]): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [key, seconds] of Object.entries(after)) if (!key.includes('#') && key !== 'whole machine') used[key] = seconds - (before[key] ?? 0);
  for (const command of commands) {
    const ofCommand = Object.keys(after).filter((key) => key.startsWith(`${command}#`));
    used[command] = ofCommand.reduce((sum, key) => sum + after[key] - (before[key] ?? 0), 0);
  }
  used['whole machine'] = after['whole machine'] - before['whole machine'];
  return used;
}

/** The machine as the run found it: cores and load, printed with every table. */
export function machineLine(): string {
  const [one, five] = loadavg();
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${one.toFixed(1)} / ${five.toFixed(1)} (1 / 5 min), Node ${process.version}`;
}
