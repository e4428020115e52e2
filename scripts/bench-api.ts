/**
 * DESIGN §8: GET /api/action-plans (a filtered page of 50) p95 ≤ 15 ms and GET /api/dashboard
 * p95 ≤ 30 ms at 8 concurrent clients, each within 3× the bare SQL that fetches the same rows.
 *
 *   npm run build && DATABASE_URL=…/handlingsplan_bench node dist/src/cli.js seed-bench
 *   DATABASE_URL=…/handlingsplan_bench npm run bench:api
 *
 * Runs the real HTTP server in this process against the benchmark database; exits 1 when a
 * target is missed.
 */
import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';
import { configureHttpApp } from '../src/http-app';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const REQUESTS_PER_CLIENT = 60;
const WARM_UP = 40;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(run: () => Promise<void>): Promise<{ p50: number; p95: number }> {
  for (let index = 0; index < WARM_UP; index++) await run();
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let index = 0; index < REQUESTS_PER_CLIENT; index++) {
        const started = process.hrtime.bigint();
        await run();
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }),
  );
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, PROCESS_ROLE: 'api', LOG_LEVEL: 'silent', DIGEST_TICK_PATTERN: 'off' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger: false });
  configureHttpApp(app);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const pool = new Pool({ connectionString: config.databaseUrl, max: CLIENTS });

  const [manager] = (
    await pool.query<{ id: string; municipality_id: string }>(`SELECT u.id, u.municipality_id FROM app_user u JOIN municipality m ON m.id = u.municipality_id
                       WHERE u.role = 'manager' AND u.email LIKE '%.bench' ORDER BY m.code LIMIT 1`)
  ).rows;
  if (!manager) throw new Error('No benchmark data: run seed-bench first');
  const token = app.get(JwtService).sign({ sub: manager.id, mun: manager.municipality_id, ver: 0 });
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    await response.arrayBuffer();
  };

  // The same rows by hand: a page of 50 active plans of one area with owner, findings and states.
  const bareList = async () => {
    const plans = await pool.query<{ id: string }>(
      `SELECT p.*, u.name AS owner_name, p.due_date < (now() AT TIME ZONE m.timezone)::date AS overdue
         FROM action_plan p JOIN app_user u ON u.id = p.owner_id JOIN municipality m ON m.id = p.municipality_id
        WHERE p.municipality_id = $1 AND p.status IN ('planned', 'in_progress')
          AND EXISTS (SELECT 1 FROM action_plan_finding l JOIN finding f ON f.id = l.finding_id WHERE l.action_plan_id = p.id AND f.area_number = 3)
        ORDER BY p.due_date, p.id LIMIT 50`,
      [manager.municipality_id],
    );
    await pool.query(
      `SELECT l.action_plan_id, f.* FROM action_plan_finding l JOIN finding f ON f.id = l.finding_id WHERE l.action_plan_id = ANY($1)`,
      [plans.rows.map((row) => row.id)],
    );
  };
  // The dashboard's figures by hand: scores, coverage and plan counts of the latest evaluation.
  const bareDashboard = async () => {
    const { rows } = await pool.query<{ id: string }>(
      `SELECT id FROM evaluation WHERE municipality_id = $1 AND status = 'published' ORDER BY conducted_on DESC LIMIT 1`,
      [manager.municipality_id],
    );
    await Promise.all([
      pool.query(`SELECT q.code, s.achieved_points FROM score s JOIN question q ON q.id = s.question_id WHERE s.evaluation_id = $1`, [rows[0].id]),
      pool.query(
        `SELECT f.area_number, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM action_plan_finding l WHERE l.finding_id = f.id)) AS covered, count(*)
           FROM finding f WHERE f.evaluation_id = $1 AND f.kind <> 'strength' GROUP BY 1`,
        [rows[0].id],
      ),
      pool.query(`SELECT status, health, count(*) FROM action_plan WHERE municipality_id = $1 GROUP BY 1, 2`, [manager.municipality_id]),
    ]);
  };

  const results = [
    { name: 'GET /api/action-plans (area 3, active, page of 50)', target: 15, api: () => get('/api/action-plans?areaNumber=3&status=planned,in_progress&limit=50'), bare: bareList },
    { name: 'GET /api/dashboard', target: 30, api: () => get('/api/dashboard'), bare: bareDashboard },
  ];
  let failed = false;
  for (const result of results) {
    const api = await measure(result.api);
    const bare = await measure(result.bare);
    const ratio = api.p95 / bare.p95;
    const ok = api.p95 <= result.target && ratio <= 3;
    failed ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'MISS'} ${result.name}: p50 ${api.p50.toFixed(1)} ms, p95 ${api.p95.toFixed(1)} ms (target ≤ ${result.target} ms); bare SQL p95 ${bare.p95.toFixed(1)} ms, ratio ${ratio.toFixed(1)} (≤ 3)`,
    );
  }
  const { rows: sizes } = await pool.query<{ plans: string; updates: string }>(`SELECT (SELECT count(*) FROM action_plan) AS plans, (SELECT count(*) FROM progress_update) AS updates`);
  console.log(`data: ${sizes[0].plans} action plans, ${sizes[0].updates} progress updates; ${CLIENTS} clients × ${REQUESTS_PER_CLIENT} requests`);
  await pool.end();
  await app.close();
  process.exitCode = failed ? 1 : 0;
}

void main();
