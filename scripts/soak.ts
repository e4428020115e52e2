/**
 * Soak: mixed reads and writes against two API processes while a worker sends digests, on
 * 127.0.0.1 only, for SOAK_SECONDS (default 120) after a warm-up.
 *
 *   npm run soak
 *
 * Recreates the database `handlingsplan_soak` (SOAK_DATABASE_URL to choose another whose name
 * contains "soak"), seeds the demo, starts its own SMTP server and the processes of the built app
 * (`dist/`). Checks: no 5xx, every progress update answered 201 is in the database, every refused
 * edit is a 409, no process's memory (RSS) more than 10 % above what it was after the warm-up, and
 * every digest sent. Prints the latencies; exits 1 when a check fails.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'src');
const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const WARM_UP_SECONDS = Number(process.env.SOAK_WARM_UP_SECONDS ?? 20);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 8);
const DATABASE_URL = process.env.SOAK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/handlingsplan_soak';
const MANAGER = 'kvalitetschef@avesta.example';
const PASSWORD = 'Handlingsplan-2084';
const RUN = `soak-${Date.now().toString(36)}`;

type Kind = 'list' | 'dashboard' | 'plan' | 'update' | 'edit';
const MIX: [Kind, number][] = [
  ['list', 0.35],
  ['dashboard', 0.2],
  ['plan', 0.2],
  ['update', 0.15],
  ['edit', 0.1],
];

function pick(): Kind {
  let roll = Math.random();
  for (const [kind, share] of MIX) {
    if ((roll -= share) < 0) return kind;
  }
  return 'list';
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A full garbage collection in the process, through its inspector (127.0.0.1, a port of its own),
 * so the memory compared is what the process holds, not garbage not yet collected; then its RSS.
 */
async function rssAfterGcKb(entry: { child: ChildProcess; inspector: Promise<string> }): Promise<number> {
  const socket = new WebSocket(await entry.inspector);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  for (let id = 1; id <= 2; id++) {
    await new Promise<void>((resolve) => {
      socket.onmessage = (event: MessageEvent) => {
        if ((JSON.parse(String(event.data)) as { id?: number }).id === id) resolve();
      };
      socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
    });
  }
  socket.close();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return rssKb(entry.child.pid!);
}

function rssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.match(/\d+/)?.[0] ?? 0);
}

function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function recreateDatabase(): Promise<void> {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  if (!name.includes('soak')) throw new Error(`Refusing to recreate ${name}: the soak database's name must contain "soak"`);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
}

async function main(): Promise<void> {
  const smtpServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => smtpServer.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(smtpServer.server.address() as AddressInfo).port}`;

  await recreateDatabase();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: 'soak-secret-soak-secret-soak-secret-0123',
    SESSION_SECRET: 'soak-session-secret-soak-session-secret-01',
    // Two API processes of one each, as the soak describes (not a supervisor's per-core processes).
    WEB_CONCURRENCY: '1',
    LOG_LEVEL: 'warn',
    DATABASE_URL,
    REDIS_KEY_PREFIX: RUN.replace(/[^A-Za-z0-9_-]/g, '_'),
    SMTP_URL: smtpUrl,
    DIGEST_TICK_PATTERN: 'off',
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
  };
  const seeded = spawnSync(process.execPath, [join(DIST, 'cli.js'), 'seed-demo'], { env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed-demo failed:\n${seeded.stdout}${seeded.stderr}`);

  const processes: { name: string; child: ChildProcess; url: string; inspector: Promise<string> }[] = [];
  for (const [name, role] of [
    ['api-1', 'api'],
    ['api-2', 'api'],
    ['worker', 'worker'],
  ] as const) {
    const port = await freePort();
    // The inspector (127.0.0.1 only) lets the soak ask for a garbage collection before it reads the memory.
    const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', join(DIST, 'main.js')], {
      env: { ...env, PROCESS_ROLE: role, PORT: String(port) },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    const inspector = new Promise<string>((resolve) => {
      let seen = '';
      child.stderr.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        seen += text;
        const url = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(seen)?.[0];
        if (url) resolve(url);
        if (!/Debugger listening|For help, see|Debugger attached|Waiting for the debugger/.test(text)) process.stderr.write(text);
      });
    });
    processes.push({ name, child, url: `http://127.0.0.1:${port}`, inspector });
  }
  const apis = processes.filter((entry) => entry.name.startsWith('api'));
  for (const entry of apis) {
    for (let tries = 0; ; tries++) {
      try {
        await fetch(`${entry.url}/api/health`);
        break;
      } catch {
        if (tries > 300) throw new Error(`${entry.name} did not start`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  const login = await fetch(`${apis[0].url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: MANAGER, password: PASSWORD }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  const listed = (await (await fetch(`${apis[0].url}/api/action-plans?limit=100`, { headers })).json()) as { items: { id: string; status: string }[] };
  const open = listed.items.filter((plan) => plan.status === 'planned' || plan.status === 'in_progress').map((plan) => plan.id);
  const all = listed.items.map((plan) => plan.id);

  const latencies: Record<Kind, number[]> = { list: [], dashboard: [], plan: [], update: [], edit: [] };
  const counts = { serverErrors: 0, updatesAccepted: 0, conflicts: 0, edits: 0, unexpected: [] as string[] };
  let measuring = false;
  let stopAt = Date.now() + (WARM_UP_SECONDS + SECONDS) * 1000;
  const any = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];

  async function one(): Promise<void> {
    const api = any(apis).url;
    const kind = pick();
    const started = process.hrtime.bigint();
    let response: Response;
    switch (kind) {
      case 'list':
        response = await fetch(`${api}/api/action-plans?limit=50&sort=dueDate`, { headers });
        break;
      case 'dashboard':
        response = await fetch(`${api}/api/dashboard`, { headers });
        break;
      case 'plan':
        response = await fetch(`${api}/api/action-plans/${any(all)}`, { headers });
        break;
      case 'update':
        response = await fetch(`${api}/api/action-plans/${any(open)}/updates`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ health: any(['on_track', 'at_risk']), progress: Math.floor(Math.random() * 90), comment: `${RUN} progress` }),
        });
        break;
      case 'edit': {
        // Read, pause, write back: with eight clients, some of these lose the race and get 409.
        const id = any(open);
        const plan = (await (await fetch(`${api}/api/action-plans/${id}`, { headers })).json()) as { version: number };
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
        response = await fetch(`${api}/api/action-plans/${id}`, {
          method: 'PATCH',
          headers,
          body: JSON.stringify({ version: plan.version, description: `${RUN} edited ${Date.now()}` }),
        });
        break;
      }
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    await response.arrayBuffer();
    // Every 5xx and every accepted update counts, warm-up included; latencies only after it.
    if (response.status >= 500) counts.serverErrors += 1;
    if (kind === 'update' && response.status === 201) counts.updatesAccepted += 1;
    if (!measuring) return;
    latencies[kind].push(ms);
    if (kind === 'edit') {
      counts.edits += 1;
      if (response.status === 409) counts.conflicts += 1;
      else if (response.status !== 200) counts.unexpected.push(`edit ${response.status}`);
    } else if (kind !== 'update' && response.status !== 200) {
      counts.unexpected.push(`${kind} ${response.status}`);
    } else if (kind === 'update' && response.status !== 201) {
      counts.unexpected.push(`update ${response.status}`);
    }
  }

  const digests = fetch(`${apis[1].url}/api/digests/send`, { method: 'POST', headers, body: '{}' }).then((response) => response.json() as Promise<{ created: number }>);
  const clients = Array.from({ length: CLIENTS }, async () => {
    while (Date.now() < stopAt) await one();
  });
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_SECONDS * 1000));
  const rssAfterWarmUp = await Promise.all(processes.map((entry) => rssAfterGcKb(entry)));
  measuring = true;
  const measuredFrom = Date.now();
  stopAt = measuredFrom + SECONDS * 1000;
  await Promise.all(clients);
  const measuredSeconds = (Date.now() - measuredFrom) / 1000;
  const rssAfterRun = await Promise.all(processes.map((entry) => rssAfterGcKb(entry)));

  const database = new Client({ connectionString: DATABASE_URL });
  await database.connect();
  const storedUpdates = Number((await database.query<{ count: string }>(`SELECT count(*) FROM progress_update WHERE comment = $1`, [`${RUN} progress`])).rows[0].count);
  const deliveries = (await database.query<{ status: string; count: string }>(`SELECT status, count(*) FROM digest_delivery GROUP BY status`)).rows;
  await database.end();
  for (const entry of processes) entry.child.kill('SIGTERM');
  smtpServer.close();

  const every = Object.values(latencies).flat();
  const row = (name: string, samples: number[]) =>
    `| ${name} | ${samples.length} | ${percentile(samples, 50).toFixed(1)} | ${percentile(samples, 95).toFixed(1)} | ${percentile(samples, 99).toFixed(1)} |`;
  console.log(`\nSoak ${RUN}: ${CLIENTS} clients, ${measuredSeconds.toFixed(0)} s measured after ${WARM_UP_SECONDS} s of warm-up, two API processes and a worker\n`);
  console.log('| requests | n | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|');
  for (const kind of Object.keys(latencies) as Kind[]) console.log(row(kind, latencies[kind]));
  console.log(row('all', every));
  console.log(`\n${(every.length / measuredSeconds).toFixed(0)} requests/s; 5xx: ${counts.serverErrors}; progress updates answered 201: ${counts.updatesAccepted}, stored: ${storedUpdates}`);
  console.log(`edits: ${counts.edits}, of them 409: ${counts.conflicts}; other answers: ${counts.unexpected.length ? counts.unexpected.slice(0, 5).join(', ') : 'none'}`);
  console.log(`digests: ${deliveries.map((entry) => `${entry.status} ${entry.count}`).join(', ')} (${(await digests).created} recorded)`);
  const memory = processes.map((entry, index) => {
    const change = (rssAfterRun[index] - rssAfterWarmUp[index]) / rssAfterWarmUp[index];
    console.log(`RSS ${entry.name}: ${(rssAfterWarmUp[index] / 1024).toFixed(0)} MB after warm-up, ${(rssAfterRun[index] / 1024).toFixed(0)} MB after the run (each after a full garbage collection) (${(change * 100).toFixed(1)} %)`);
    // Growth is what a leak shows; a process that gives memory back after the warm-up is fine.
    return change <= 0.1;
  });

  const failures = [
    counts.serverErrors > 0 && `${counts.serverErrors} answers were 5xx`,
    storedUpdates !== counts.updatesAccepted && `progress updates lost: ${counts.updatesAccepted} answered 201, ${storedUpdates} stored`,
    counts.unexpected.length > 0 && `unexpected answers: ${counts.unexpected.length}`,
    memory.includes(false) && 'memory grew by more than 10 %',
    deliveries.some((entry) => entry.status !== 'sent' && entry.status !== 'skipped') && 'digests not all sent',
  ].filter(Boolean);
  console.log(failures.length ? `\nFAILED: ${failures.join('; ')}` : '\nAll checks passed');
  process.exit(failures.length ? 1 : 0);
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
