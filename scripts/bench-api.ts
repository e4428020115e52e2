/**
 * Target: the API against its floor, each in its own process, driven by autocannon from this
 * (third) process, on `seed-bench` data.
 *
 *   npm run bench:api          (seeds handlingsplan_bench on first use; BENCH_DATABASE_URL to choose)
 *
 * - The API: `dist/src/main.js`, NODE_ENV=production, its JSON request logs written to
 *   var/bench/api.log as production writes them; one process (WEB_CONCURRENCY=1), and for the
 *   "every core" target WEB_CONCURRENCY = the number of cores.
 * - The floor: `dist/scripts/bench-floor.js`, bare node:http + pg, one process; for the every-core
 *   table also on as many processes as cores, to show what more processes give on this machine.
 * - Before measuring, the run checks itself: for every route the floor runs the same SQL
 *   statements as the API (both log them for one request) and answers the same JSON; the API's
 *   statements per request are counted at two data sizes and must not grow.
 * - Then, over BENCH_ROUNDS rounds (default 3) of BENCH_SECONDS (default 2) per measurement, API
 *   and floor alternate (the order flips each round), at 1, 8 and 32 connections; the median of
 *   the rounds is printed with the ratios and the targets. Pages are measured against the API
 *   calls that gather their data. BENCH_ROUNDS=0 runs the self-check alone.
 *
 * Takes about 6 minutes with the defaults. Exits 1 when a check fails or a target is missed.
 */
import autocannon from 'autocannon';
import { sign } from 'jsonwebtoken';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import {
  BENCH_DATABASE_URL,
  BENCH_JWT_SECRET,
  BENCH_SESSION_SECRET,
  cpuSecondsOf,
  DIST,
  ensureBenchData,
  machineLine,
  median,
  type Started,
  startProcess,
} from './bench-support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,8,32').split(',').map(Number);
const CORES = availableParallelism();
const PASSWORD = 'Handlingsplan-2084';
const MARK = `bench-${Date.now().toString(36)}`;

const API_ENV = {
  NODE_ENV: 'production',
  PROCESS_ROLE: 'api',
  DATABASE_URL: BENCH_DATABASE_URL,
  JWT_SECRET: BENCH_JWT_SECRET,
  SESSION_SECRET: BENCH_SESSION_SECRET,
  REDIS_KEY_PREFIX: 'hpbench',
  DIGEST_TICK_PATTERN: 'off',
  LOGIN_ATTEMPTS_PER_MINUTE: '1000',
  LOGIN_ATTEMPTS_PER_MINUTE_PER_CLIENT: '10000',
};
const FLOOR_ENV = { DATABASE_URL: BENCH_DATABASE_URL, JWT_SECRET: BENCH_JWT_SECRET };

interface Person {
  userId: string;
  municipalityId: string;
  email: string;
  token: string;
  cookie?: string;
}

interface Sample {
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  /** CPU time of the serving process per answered request, in ms (NaN when not measured). */
  cpuMs: number;
}

/** What one measured request is: a path (or a rotation of paths), a method and a body. */
interface Shape {
  method: 'GET' | 'POST';
  paths: string[];
  body?: () => string;
  expect: number;
  headers: Record<string, string>;
}

const failures: string[] = [];
const fail = (message: string) => {
  failures.push(message);
  console.log(`  FAIL ${message}`);
};

/** With `pid`, the serving process's CPU time is measured too (one process, not a cluster). */
async function run(url: string, shape: Shape, connections: number, seconds: number, check = true, pid?: number): Promise<Sample> {
  let next = 0;
  const cpuBefore = pid === undefined ? Number.NaN : cpuSecondsOf(pid);
  // autocannon's own percentiles are whole milliseconds, too coarse where a request takes one or
  // two: each response's time (hrtime, fractions of a millisecond) is kept and ranked here.
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        method: shape.method,
        headers: { ...shape.headers, ...(shape.body ? { 'content-type': 'application/json' } : {}) },
        requests: [
          {
            setupRequest: (request) => {
              const path = shape.paths[next++ % shape.paths.length];
              return { ...request, path, ...(shape.body ? { body: shape.body() } : {}) };
            },
          },
        ],
      },
      (error: Error | null, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === shape.expect) latencies.push(responseTime);
    });
  });
  const statusCount = (result as unknown as Record<string, number>)[`${String(shape.expect).charAt(0)}xx`] ?? 0;
  const unexpected = result.requests.total - statusCount + result.errors + result.timeouts;
  if (check && (unexpected > 0 || result.requests.total === 0)) {
    fail(`${url}${shape.paths[0]} at ${connections} connections: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx of ${result.requests.total}`);
  }
  const cpuMs = pid === undefined ? Number.NaN : (1000 * (cpuSecondsOf(pid) - cpuBefore)) / result.requests.total;
  latencies.sort((a, b) => a - b);
  return { rps: result.requests.total / seconds, p50: percentile(latencies, 0.5), p975: percentile(latencies, 0.975), p99: percentile(latencies, 0.99), cpuMs };
}

/** The nearest-rank percentile of sorted values (NaN when there are none). */
function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

/* ------------------------------------------------------------------ people and data */

async function people(): Promise<{ large: Person; small: Person; planIds: { read: string; post: string[]; fewFindings: string; manyFindings: string } }> {
  const client = new Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  // The municipalities with the most and the fewest plans: two data sizes for the query counts.
  const { rows } = await client.query<{ id: string; municipality_id: string; email: string; credentials_version: number }>(
    `WITH sizes AS (SELECT municipality_id, count(*) AS plans FROM action_plan GROUP BY municipality_id),
          chosen AS ((SELECT municipality_id, 1 AS n FROM sizes ORDER BY plans DESC, municipality_id LIMIT 1)
                     UNION ALL (SELECT municipality_id, 2 FROM sizes ORDER BY plans ASC, municipality_id LIMIT 1))
     SELECT u.id, u.municipality_id, u.email, u.credentials_version
       FROM chosen c JOIN LATERAL (SELECT * FROM app_user u WHERE u.municipality_id = c.municipality_id AND u.role = 'manager' AND u.email LIKE '%.bench'
                                    ORDER BY u.email LIMIT 1) u ON true
      ORDER BY c.n`,
  );
  if (rows.length < 2) throw new Error('No benchmark data');
  const person = (row: (typeof rows)[number]): Person => ({
    userId: row.id,
    municipalityId: row.municipality_id,
    email: row.email,
    token: sign({ sub: row.id, mun: row.municipality_id, ver: row.credentials_version }, BENCH_JWT_SECRET, { expiresIn: 3 * 3600 }),
  });
  const large = person(rows[0]);
  const plans = await client.query<{ id: string; findings: number }>(
    `SELECT p.id, (SELECT count(*)::int FROM action_plan_finding l WHERE l.action_plan_id = p.id) AS findings
       FROM action_plan p WHERE p.municipality_id = $1 AND p.status = 'in_progress'
        AND (SELECT count(*) FROM progress_update u WHERE u.action_plan_id = p.id) <= 20
      ORDER BY p.id`,
    [large.municipalityId],
  );
  await client.end();
  const [read, ...rest] = plans.rows;
  const byFindings = [...plans.rows].sort((a, b) => a.findings - b.findings);
  return {
    large,
    small: person(rows[1]),
    planIds: {
      read: read.id,
      post: rest.slice(0, 40).map((row) => row.id),
      fewFindings: byFindings[0].id,
      manyFindings: byFindings[byFindings.length - 1].id,
    },
  };
}

/** A browser session for the pages: the login form with its CSRF token, as a browser sends it. */
async function signIn(api: string, person: Person): Promise<void> {
  const form = await fetch(`${api}/login`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('The login page has no CSRF token');
  const login = await fetch(`${api}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ email: person.email, password: PASSWORD, _csrf: csrf }).toString(),
  });
  if (login.status !== 303) throw new Error(`Signing in ${person.email} answered ${login.status}`);
  person.cookie = (login.headers.get('set-cookie') ?? cookie).split(';')[0];
}

/* ------------------------------------------------------------------ the self-check */

/** Whitespace and TypeORM's spacing around brackets do not make a different statement. */
const normalise = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    // Parameters numbered differently are the same statement (TypeORM numbers repeats anew).
    .replace(/\$\d+(, \$\d+)*/g, '$n')
    .trim();

/** The statements a process logged for the request with `id`, once its response is complete. */
async function statementsOf(process: Started, id: string, field: 'api' | 'floor'): Promise<string[]> {
  // The API logs the request line last ("request completed"); the floor logs before it answers.
  for (let tries = 0; tries < 50 && field === 'api'; tries++) {
    if (process.lines.some((line) => line.includes(`"id":"${id}"`) && line.includes('request completed'))) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.lines
    .map((line) => {
      try {
        return JSON.parse(line) as { msg?: string; sql?: string; req?: { id?: string } | string };
      } catch {
        return null;
      }
    })
    .filter((entry) => entry?.sql && (typeof entry.req === 'string' ? entry.req === id : entry.req?.id === id))
    .map((entry) => entry!.sql!);
}

async function call(base: string, path: string, init: { method?: string; headers: Record<string, string>; body?: string; id: string }): Promise<{ status: number; json: unknown; text: string }> {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...init.headers, 'x-request-id': init.id, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body,
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // a page
  }
  return { status: response.status, json, text };
}

interface RouteDef {
  name: string;
  /** The request at two data sizes: [small, large]. */
  sizes: [{ path: string; person: Person }, { path: string; person: Person }];
  method?: 'POST';
  body?: () => string;
  expect: number;
  page?: boolean;
}

let seq = 0;
const newId = (name: string) => `${MARK}-${name.replace(/\W+/g, '')}-${++seq}`;
const authOf = (route: RouteDef, person: Person): Record<string, string> => (route.page ? { cookie: person.cookie! } : { authorization: `Bearer ${person.token}` });

/**
 * Runs each route once on the query-logging API and floor: the same statements, the same JSON,
 * and as many statements at both data sizes. Returns the statement counts for the table.
 */
async function selfCheck(api: Started, floor: Started | null, routes: RouteDef[]): Promise<Map<string, [number, number]>> {
  const counts = new Map<string, [number, number]>();
  for (const route of routes) {
    const perSize: number[] = [];
    for (const [index, size] of route.sizes.entries()) {
      const headers = authOf(route, size.person);
      // Once to warm caches (the framework is read once per process), then the counted request.
      await call(api.url, size.path, { method: route.method, headers, body: route.body?.(), id: newId('warm') });
      const id = newId(route.name);
      const answer = await call(api.url, size.path, { method: route.method, headers, body: route.body?.(), id });
      if (answer.status !== route.expect) fail(`${route.name}: the API answered ${answer.status}, not ${route.expect}`);
      const statements = await statementsOf(api, id, 'api');
      perSize.push(statements.length);
      if (!floor || index !== 1) continue;
      await call(floor.url, size.path, { method: route.method, headers, body: route.body?.(), id: newId('warm') });
      const floorId = newId(`${route.name}-floor`);
      const floorAnswer = await call(floor.url, size.path, { method: route.method, headers, body: route.body?.(), id: floorId });
      const floorStatements = await statementsOf(floor, floorId, 'floor');
      const apiSql = statements.map(normalise).sort();
      const floorSql = floorStatements.map(normalise).sort();
      if (!isDeepStrictEqual(apiSql, floorSql)) {
        const missing = apiSql.filter((sql) => !floorSql.includes(sql));
        const extra = floorSql.filter((sql) => !apiSql.includes(sql));
        fail(`${route.name}: the floor's SQL differs from the API's (${apiSql.length} vs ${floorSql.length} statements)\n    API only: ${missing.map((sql) => sql.slice(0, 160)).join('\n              ')}\n    floor only: ${extra.map((sql) => sql.slice(0, 160)).join('\n                ')}`);
      }
      const comparable = (json: unknown) => {
        if (route.method !== 'POST') return json;
        const { id: _id, createdAt: _at, ...rest } = json as Record<string, unknown>;
        return rest;
      };
      if (floorAnswer.status !== answer.status || !isDeepStrictEqual(comparable(floorAnswer.json), comparable(answer.json))) {
        fail(`${route.name}: the floor's JSON differs from the API's\n    API:   ${answer.text.slice(0, 300)}\n    floor: ${JSON.stringify(floorAnswer.json).slice(0, 300)}`);
      }
    }
    counts.set(route.name, [perSize[0], perSize[1]]);
    if (perSize[1] > perSize[0]) fail(`${route.name}: ${perSize[0]} statements at the smaller size, ${perSize[1]} at the larger: grows with the data`);
  }
  return counts;
}

/* ------------------------------------------------------------------ the run */

const fmt = (value: number, digits = 0) => value.toFixed(digits);
/** A latency in milliseconds, to a tenth. */
const ms = (value: number) => value.toFixed(1);

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`bench:api ${new Date().toISOString()} on ${machineLine()}`);
  await ensureBenchData();
  const { large, small, planIds } = await people();
  const update = () => JSON.stringify({ health: 'on_track', progress: 40, comment: `${MARK} progress` });

  const apiRoutes: RouteDef[] = [
    {
      name: 'plan list (area 3, active, 50)',
      sizes: [
        { path: '/api/action-plans?areaNumber=3&status=planned,in_progress&limit=5', person: large },
        { path: '/api/action-plans?areaNumber=3&status=planned,in_progress&limit=50', person: large },
      ],
      expect: 200,
    },
    { name: 'dashboard', sizes: [{ path: '/api/dashboard', person: small }, { path: '/api/dashboard', person: large }], expect: 200 },
    {
      name: 'one plan',
      sizes: [
        { path: `/api/action-plans/${planIds.fewFindings}`, person: large },
        { path: `/api/action-plans/${planIds.manyFindings}`, person: large },
      ],
      expect: 200,
    },
    {
      name: 'its history',
      sizes: [
        { path: `/api/action-plans/${planIds.read}/updates?limit=5`, person: large },
        { path: `/api/action-plans/${planIds.read}/updates?limit=50`, person: large },
      ],
      expect: 200,
    },
    {
      name: 'post a progress update',
      sizes: [
        { path: `/api/action-plans/${planIds.post[0]}/updates`, person: large },
        { path: `/api/action-plans/${planIds.post[1]}/updates`, person: large },
      ],
      method: 'POST',
      body: update,
      expect: 201,
    },
  ];

  // 1. The self-check, on an API and a floor that log their statements.
  console.log('\nSelf-check: the same statements and JSON from API and floor; statements per request at two data sizes');
  const countingApi = await startProcess('api-counting', join(DIST, 'src', 'main.js'), { ...API_ENV, WEB_CONCURRENCY: '1', DATABASE_LOG_QUERIES: 'on' }, { healthPath: '/api/health', keepLines: true });
  const countingFloor = await startProcess('floor-counting', join(DIST, 'scripts', 'bench-floor.js'), { ...FLOOR_ENV, FLOOR_LOG_QUERIES: 'on' }, { healthPath: '/health', portVariable: 'FLOOR_PORT', keepLines: true });
  await signIn(countingApi.url, large);
  await signIn(countingApi.url, small);
  const pageRoutes: RouteDef[] = [
    { name: 'page Översikt', sizes: [{ path: '/dashboard', person: small }, { path: '/dashboard', person: large }], expect: 200, page: true },
    { name: 'page Åtgärder', sizes: [{ path: '/action-plans', person: small }, { path: '/action-plans', person: large }], expect: 200, page: true },
  ];
  const counts = await selfCheck(countingApi, countingFloor, apiRoutes);
  for (const [name, value] of await selfCheck(countingApi, null, pageRoutes)) counts.set(name, value);
  await countingApi.stop();
  await countingFloor.stop();
  console.log('\n| request | statements (smaller data) | statements (larger data) |\n|---|---|---|');
  for (const [name, [smaller, larger]] of counts) console.log(`| ${name} | ${smaller} | ${larger} |`);
  if (ROUNDS === 0) {
    // BENCH_ROUNDS=0: the self-check alone.
    console.log(failures.length ? `\n${failures.length} checks failed:\n- ${failures.join('\n- ')}` : '\nThe self-check passed (no measurements with BENCH_ROUNDS=0)');
    process.exit(failures.length ? 1 : 0);
  }

  // 2. The measured processes: production logging to a file, no query log.
  const api = await startProcess('api', join(DIST, 'src', 'main.js'), { ...API_ENV, WEB_CONCURRENCY: '1' }, { healthPath: '/api/health' });
  const floor = await startProcess('floor', join(DIST, 'scripts', 'bench-floor.js'), FLOOR_ENV, { healthPath: '/health', portVariable: 'FLOOR_PORT' });
  await signIn(api.url, large);

  const bearer = { authorization: `Bearer ${large.token}` };
  const shapes: { name: string; shape: Shape }[] = [
    { name: apiRoutes[0].name, shape: { method: 'GET', paths: ['/api/action-plans?areaNumber=3&status=planned,in_progress&limit=50'], expect: 200, headers: bearer } },
    { name: 'dashboard', shape: { method: 'GET', paths: ['/api/dashboard'], expect: 200, headers: bearer } },
    { name: 'one plan', shape: { method: 'GET', paths: [`/api/action-plans/${planIds.read}`], expect: 200, headers: bearer } },
    { name: 'its history', shape: { method: 'GET', paths: [`/api/action-plans/${planIds.read}/updates`], expect: 200, headers: bearer } },
    { name: 'post a progress update', shape: { method: 'POST', paths: planIds.post.map((id) => `/api/action-plans/${id}/updates`), body: update, expect: 201, headers: bearer } },
  ];
  const pageShapes = [
    {
      name: 'Översikt',
      page: { method: 'GET', paths: ['/dashboard'], expect: 200, headers: { cookie: large.cookie! } } as Shape,
      apis: [{ method: 'GET', paths: ['/api/dashboard'], expect: 200, headers: bearer } as Shape],
    },
    {
      name: 'Åtgärder',
      page: { method: 'GET', paths: ['/action-plans'], expect: 200, headers: { cookie: large.cookie! } } as Shape,
      apis: [
        { method: 'GET', paths: ['/api/action-plans?limit=25&sort=dueDate'], expect: 200, headers: bearer } as Shape,
        { method: 'GET', paths: ['/api/users?limit=500'], expect: 200, headers: bearer } as Shape,
      ],
    },
  ];

  console.log(`\nWarm-up, then ${ROUNDS} rounds of ${SECONDS} s per measurement at ${CONNECTIONS.join(', ')} connections…`);
  for (const { shape } of shapes) {
    await run(api.url, shape, 8, 1, false);
    await run(floor.url, shape, 8, 1, false);
  }
  for (const entry of pageShapes) {
    await run(api.url, entry.page, 8, 1, false);
    for (const shape of entry.apis) await run(api.url, shape, 8, 1, false);
  }

  const samples = new Map<string, Sample[]>();
  const add = (key: string, sample: Sample) => samples.set(key, [...(samples.get(key) ?? []), sample]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const { name, shape } of shapes) {
      for (const connections of CONNECTIONS) {
        const order: ['api' | 'floor', Started][] = round % 2 === 0 ? [['api', api], ['floor', floor]] : [['floor', floor], ['api', api]];
        for (const [which, target] of order) add(`${which}|${name}|${connections}`, await run(target.url, shape, connections, SECONDS, true, target.child.pid));
      }
    }
    for (const entry of pageShapes) {
      for (const connections of CONNECTIONS) {
        add(`page|${entry.name}|${connections}`, await run(api.url, entry.page, connections, SECONDS));
        for (const [index, shape] of entry.apis.entries()) add(`pageapi${index}|${entry.name}|${connections}`, await run(api.url, shape, connections, SECONDS));
      }
    }
    process.stdout.write(`  round ${round + 1} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  await api.stop();

  // 3. Every core: WEB_CONCURRENCY = cores, at 32 connections, against one floor process; and, as
  // the yardstick of what more processes can give on this machine, the floor on every core too.
  const cluster = await startProcess('api-cluster', join(DIST, 'src', 'main.js'), { ...API_ENV, WEB_CONCURRENCY: String(CORES) }, {
    healthPath: '/api/health',
    ready: { text: 'Handlingsplan is running', count: CORES },
  });
  const floorCluster = await startProcess('floor-cluster', join(DIST, 'scripts', 'bench-floor.js'), { ...FLOOR_ENV, FLOOR_PROCESSES: String(CORES) }, {
    healthPath: '/health',
    portVariable: 'FLOOR_PORT',
    ready: { text: 'floor listening', count: 1 },
  });
  for (const { shape } of shapes) {
    await run(cluster.url, shape, 32, 2, false);
    await run(floorCluster.url, shape, 32, 2, false);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const { name, shape } of shapes) {
      add(`cluster|${name}|32`, await run(cluster.url, shape, 32, SECONDS));
      add(`floorcluster|${name}|32`, await run(floorCluster.url, shape, 32, SECONDS));
    }
  }
  await cluster.stop();
  await floorCluster.stop();
  await floor.stop();

  const summary = (key: string): Sample => {
    const list = samples.get(key) ?? [];
    return {
      rps: median(list.map((s) => s.rps)),
      p50: median(list.map((s) => s.p50)),
      p975: median(list.map((s) => s.p975)),
      p99: median(list.map((s) => s.p99)),
      cpuMs: median(list.map((s) => s.cpuMs)),
    };
  };

  console.log(`\nOne API process against the floor (median of ${ROUNDS} rounds of ${SECONDS} s; latencies in ms)\n`);
  console.log('| route | conn. | API req/s | p50 | p97.5 | p99 | floor req/s | p50 | p97.5 | p99 | req/s ratio | p50 ratio | p97.5 ratio | target |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { name } of shapes) {
    for (const connections of CONNECTIONS) {
      const a = summary(`api|${name}|${connections}`);
      const f = summary(`floor|${name}|${connections}`);
      const rpsRatio = a.rps / f.rps;
      const p50Ratio = a.p50 / f.p50;
      const p975Ratio = a.p975 / f.p975;
      const ok = connections === 1 ? p50Ratio <= 1.25 : rpsRatio >= 0.8 && p975Ratio <= 1.25;
      const target = connections === 1 ? 'p50 ≤ 1.25×' : 'req/s ≥ 0.8×, p97.5 ≤ 1.25×';
      if (!ok) failures.push(`${name} at ${connections}: ${target} missed`);
      console.log(
        `| ${name} | ${connections} | ${fmt(a.rps)} | ${ms(a.p50)} | ${ms(a.p975)} | ${ms(a.p99)} | ${fmt(f.rps)} | ${ms(f.p50)} | ${ms(f.p975)} | ${ms(f.p99)} | ${fmt(rpsRatio, 2)} | ${fmt(p50Ratio, 2)} | ${fmt(p975Ratio, 2)} | ${ok ? 'ok' : 'MISS'} ${target} |`,
      );
    }
  }

  // Throughput and latency move with whatever else the machine runs; a process's CPU time per
  // request hardly does, and says how much of the gap is the serving process's own work.
  console.log(`\nCPU time of the serving process per request (ms; median of the rounds), beside the throughput ratio above\n`);
  console.log(`| route | conn. | API | floor | API − floor | API ÷ floor |\n|---|---|---|---|---|---|`);
  for (const { name } of shapes) {
    for (const connections of CONNECTIONS) {
      const a = summary(`api|${name}|${connections}`).cpuMs;
      const f = summary(`floor|${name}|${connections}`).cpuMs;
      console.log(`| ${name} | ${connections} | ${fmt(a, 2)} | ${fmt(f, 2)} | ${fmt(a - f, 2)} | ${fmt(a / f, 2)} |`);
    }
  }

  console.log(`\nEvery core: WEB_CONCURRENCY=${CORES} at 32 connections against one floor process (target ≥ 1.3×), and the floor itself on ${CORES} processes\n`);
  console.log(`| route | API req/s | p50 | p97.5 | p99 | floor req/s | ratio | target | floor on ${CORES} processes req/s | its ratio to one floor process |\n|---|---|---|---|---|---|---|---|---|---|`);
  for (const { name } of shapes) {
    const c = summary(`cluster|${name}|32`);
    const f = summary(`floor|${name}|32`);
    const fc = summary(`floorcluster|${name}|32`);
    const ratio = c.rps / f.rps;
    const ok = ratio >= 1.3;
    if (!ok) failures.push(`${name}: every core ≥ 1.3× the floor missed`);
    console.log(`| ${name} | ${fmt(c.rps)} | ${ms(c.p50)} | ${ms(c.p975)} | ${ms(c.p99)} | ${fmt(f.rps)} | ${fmt(ratio, 2)} | ${ok ? 'ok' : 'MISS'} | ${fmt(fc.rps)} | ${fmt(fc.rps / f.rps, 2)} |`);
  }

  console.log('\nPages against the API calls behind them (one API process; target: page ≤ 1.5× the API calls)\n');
  console.log('| page | conn. | page req/s | p50 | p97.5 | p99 | API calls req/s | p50 | p97.5 | cost ratio | p50 ratio | p97.5 ratio | target |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const entry of pageShapes) {
    for (const connections of CONNECTIONS) {
      const page = summary(`page|${entry.name}|${connections}`);
      const parts = entry.apis.map((_shape, index) => summary(`pageapi${index}|${entry.name}|${connections}`));
      // A page needs each of its API calls once: their rate together, their latencies added.
      const apiRps = 1 / parts.reduce((sum, part) => sum + 1 / part.rps, 0);
      const apiP50 = parts.reduce((sum, part) => sum + part.p50, 0);
      const apiP975 = parts.reduce((sum, part) => sum + part.p975, 0);
      const cost = apiRps / page.rps;
      const p50Ratio = page.p50 / apiP50;
      const p975Ratio = page.p975 / apiP975;
      const ok = connections === 1 ? p50Ratio <= 1.5 : cost <= 1.5 && p975Ratio <= 1.5;
      if (!ok) failures.push(`page ${entry.name} at ${connections}: ≤ 1.5× missed`);
      console.log(
        `| ${entry.name} | ${connections} | ${fmt(page.rps)} | ${ms(page.p50)} | ${ms(page.p975)} | ${ms(page.p99)} | ${fmt(apiRps)} | ${ms(apiP50)} | ${ms(apiP975)} | ${fmt(cost, 2)} | ${fmt(p50Ratio, 2)} | ${fmt(p975Ratio, 2)} | ${ok ? 'ok' : 'MISS'} |`,
      );
    }
  }

  // The progress updates this run posted are removed again (the plans keep their new state).
  const client = new Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  const removed = await client.query(`DELETE FROM progress_update WHERE comment = $1`, [`${MARK} progress`]);
  await client.query(`DELETE FROM audit_event WHERE entity_type = 'progress-update' AND changes -> 'comment' ->> 'after' = $1`, [`${MARK} progress`]);
  await client.end();

  console.log(`\n${removed.rowCount} progress updates posted and removed again; ${((Date.now() - started) / 1000).toFixed(0)} s in all; machine now: ${machineLine()}`);
  console.log(failures.length ? `\n${failures.length} checks or targets missed:\n- ${failures.join('\n- ')}` : '\nEvery check passed and every target held');
  process.exit(failures.length ? 1 : 0);
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
