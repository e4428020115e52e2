/**
 * Target: one week's digests for all 290 municipalities (about 6 000 recipients) built,
 * rendered and delivered to a local SMTP sink within 1.3× of bare nodemailer sending the same
 * pre-rendered messages through the same pooled transport; none twice.
 *
 *   npm run bench:digests      (seeds handlingsplan_bench on first use; BENCH_DATABASE_URL to choose)
 *
 * Processes: the SMTP sink (its own process, counting messages by Message-ID and recipient), the
 * app's queue worker (`dist/src/main.js`, PROCESS_ROLE=worker, NODE_ENV=production), and this one,
 * which records the week's deliveries for every municipality ("send now", as the hourly tick
 * does) and then times the worker until no delivery is left queued or sending. The floor: the
 * same number of messages of each kind, rendered beforehand by the app's own renderer, sent with
 * bare nodemailer from this process through a transport made from the same SMTP URL (pooled,
 * BENCH_SMTP_CONNECTIONS connections, default 8). The benchmark's earlier digest records are
 * cleared first; Redis keys under the prefix `hpbenchdigests`. About 1 to 2 minutes.
 * Exits 1 when the ratio is missed, a digest arrived twice, or the counts disagree.
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';
import { DigestDeliverer } from '../src/modules/digests/digest-deliverer.service';
import type { DigestKind } from '../src/modules/digests/digest-delivery.entity';
import { DIGEST_QUEUE } from '../src/modules/digests/digests.constants';
import { DigestsService } from '../src/modules/digests/digests.service';
import { BENCH_DATABASE_URL, BENCH_JWT_SECRET, BENCH_SESSION_SECRET, cpuAccount, cpuUsedBetween, DIST, ROOT, ensureBenchData, machineLine, sleep } from './bench-support';

const TARGET_RATIO = 1.3;
const SMTP_CONNECTIONS = Number(process.env.BENCH_SMTP_CONNECTIONS ?? 8);
const PREFIX = 'hpbenchdigests';
const TIMEOUT_MS = 8 * 60_000;

interface SinkStats {
  received: number;
  distinct: number;
  duplicates: number;
  bytes: number;
}

async function startSink(): Promise<{ url: string; stats(): Promise<SinkStats>; reset(): Promise<void>; stop(): void; child: ChildProcess }> {
  const child = fork(join(DIST, 'scripts', 'bench-smtp-sink.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (message: { port: number }) => resolve(message.port)));
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      child.once('message', (message: T) => resolve(message));
      child.send({ type });
    });
  return {
    url: `smtp://127.0.0.1:${port}?pool=true&maxConnections=${SMTP_CONNECTIONS}`,
    stats: () => ask<SinkStats>('stats'),
    reset: () => ask<void>('reset'),
    stop: () => child.disconnect(),
    child,
  };
}

async function main(): Promise<void> {
  console.log(`bench:digests ${new Date().toISOString()} on ${machineLine()}`);
  await ensureBenchData();
  const sink = await startSink();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: BENCH_DATABASE_URL,
    JWT_SECRET: BENCH_JWT_SECRET,
    SESSION_SECRET: BENCH_SESSION_SECRET,
    SMTP_URL: sink.url,
    REDIS_KEY_PREFIX: PREFIX,
    DIGEST_TICK_PATTERN: 'off',
    // Only digests: the worker would otherwise also send the day's plan reminders to the same sink.
    NOTIFICATION_TICK_PATTERN: 'off',
    DIGEST_CONCURRENCY: String(SMTP_CONNECTIONS),
    DATABASE_POOL_SIZE: String(SMTP_CONNECTIONS + 2),
  };

  // This process records the deliveries (as the tick does) and renders the floor's messages.
  const config = loadConfig({ ...process.env, ...env, PROCESS_ROLE: 'api', LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  await app.init();
  const dataSource = app.get(DataSource);
  const queue = app.get<Queue>(getQueueToken(DIGEST_QUEUE));
  await queue.obliterate({ force: true });
  await dataSource.query(`DELETE FROM digest_delivery WHERE municipality_id IN (SELECT municipality_id FROM app_user WHERE email LIKE '%.bench')`);
  const municipalities: { id: string }[] = await dataSource.query(`SELECT DISTINCT municipality_id AS id FROM app_user WHERE email LIKE '%.bench'`);

  // The app's worker in its own process, its log in var/bench/digest-worker.log.
  mkdirSync(join(ROOT, 'var', 'bench'), { recursive: true });
  const worker = spawn(process.execPath, [join(DIST, 'src', 'main.js')], { cwd: ROOT, env: { ...process.env, ...env, PROCESS_ROLE: 'worker' }, stdio: ['ignore', 'pipe', 'inherit'] });
  worker.stdout.pipe(createWriteStream(join(ROOT, 'var', 'bench', 'digest-worker.log')));
  const workerExited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  for (let waited = 0; (await queue.getWorkers()).length === 0; waited += 200) {
    if (worker.exitCode !== null || waited > 90_000) throw new Error('The worker did not start (see var/bench/digest-worker.log)');
    await sleep(200);
  }

  const digests = app.get(DigestsService);
  const started = performance.now();
  // Postgres and Redis serve only the app's run; the sink and this process (which polls) serve both.
  const pids = { worker: worker.pid!, 'SMTP sink': sink.child.pid!, 'this process (records the week, polls)': process.pid };
  const commands = ['postgres', 'redis-server'];
  const appCpuBefore = cpuAccount(pids, commands);
  for (const municipality of municipalities) await digests.sendNow({ municipalityId: municipality.id });
  const recordedAt = performance.now();
  for (;;) {
    const [{ open }]: { open: number }[] = await dataSource.query(`SELECT count(*)::int AS open FROM digest_delivery WHERE status IN ('queued', 'sending')`);
    if (open === 0) break;
    if (performance.now() - started > TIMEOUT_MS) throw new Error(`Deliveries still open after ${TIMEOUT_MS / 1000} s`);
    await sleep(100);
  }
  const seconds = (performance.now() - started) / 1000;
  const appCpu = cpuUsedBetween(appCpuBefore, cpuAccount(pids, commands), commands);
  const workerCpu = appCpu.worker;
  const byStatus: { status: string; kind: DigestKind; count: number }[] = await dataSource.query(
    `SELECT status, kind, count(*)::int AS count FROM digest_delivery GROUP BY status, kind ORDER BY status, kind`,
  );
  const appStats = await sink.stats();
  worker.kill('SIGTERM');
  await workerExited;

  // The floor: as many messages of each kind, rendered beforehand, through bare nodemailer.
  const sentOf = (kind: DigestKind) => byStatus.filter((row) => row.status === 'sent' && row.kind === kind).reduce((sum, row) => sum + row.count, 0);
  const deliverer = app.get(DigestDeliverer);
  const [leadershipReader]: { id: string; name: string; municipality_id: string }[] = await dataSource.query(
    `SELECT u.id, u.name, u.municipality_id FROM app_user u WHERE u.email LIKE '%.bench' AND u.role = 'viewer' ORDER BY u.email LIMIT 1`,
  );
  const [owner]: { id: string; name: string; municipality_id: string }[] = await dataSource.query(
    `SELECT u.id, u.name, u.municipality_id FROM app_user u WHERE u.email LIKE '%.bench' AND u.role = 'owner'
        AND EXISTS (SELECT 1 FROM action_plan p WHERE p.owner_id = u.id AND p.status IN ('planned', 'in_progress')) ORDER BY u.email LIMIT 1`,
  );
  const rendered = {
    leadership: (await deliverer.render('leadership', leadershipReader.municipality_id, { ...leadershipReader, locale: 'sv' })).mail,
    owner: (await deliverer.render('owner', owner.municipality_id, { ...owner, locale: 'sv' })).mail,
  };
  const messages = (['leadership', 'owner'] as const).flatMap((kind) => Array.from({ length: sentOf(kind) }, () => rendered[kind]));
  await sink.reset();
  const transport = createTransport({ url: sink.url, connectionTimeout: config.smtpConnectionTimeoutMs, greetingTimeout: config.smtpGreetingTimeoutMs, socketTimeout: config.smtpSocketTimeoutMs });
  const bareStarted = performance.now();
  const bareCpuBefore = process.cpuUsage();
  const floorPids = { 'SMTP sink': sink.child.pid!, 'this process (the floor)': process.pid };
  const floorCpuBefore = cpuAccount(floorPids, commands);
  await Promise.all(
    messages.map((mail, index) =>
      transport.sendMail({ from: config.mailFrom, to: `reader${index}@bench.example`, subject: mail.subject, html: mail.html, text: mail.text, messageId: `<bench-${index}@handlingsplan.local>` }),
    ),
  );
  const bareSeconds = (performance.now() - bareStarted) / 1000;
  const bareCpuUsed = process.cpuUsage(bareCpuBefore);
  const floorCpu = cpuUsedBetween(floorCpuBefore, cpuAccount(floorPids, commands), commands);
  const bareCpu = (bareCpuUsed.user + bareCpuUsed.system) / 1e6;
  transport.close();
  const bareStats = await sink.stats();
  sink.stop();

  const sent = sentOf('leadership') + sentOf('owner');
  const recorded = byStatus.reduce((sum, row) => sum + row.count, 0);
  const ratio = seconds / bareSeconds;
  const cpuPerMessage = (cpu: number, messages: number) => ((1000 * cpu) / messages).toFixed(2);
  console.log(`\n| | messages | seconds | messages/s | MB at the sink | CPU s of the sending process | CPU ms per message |\n|---|---|---|---|---|---|---|`);
  console.log(
    `| app: record, build, render, deliver (worker process) | ${appStats.received} | ${seconds.toFixed(1)} | ${(appStats.received / seconds).toFixed(0)} | ${(appStats.bytes / 1e6).toFixed(1)} | ${workerCpu.toFixed(1)} | ${cpuPerMessage(workerCpu, appStats.received)} |`,
  );
  console.log(
    `| floor: bare nodemailer, pre-rendered | ${bareStats.received} | ${bareSeconds.toFixed(1)} | ${(bareStats.received / bareSeconds).toFixed(0)} | ${(bareStats.bytes / 1e6).toFixed(1)} | ${bareCpu.toFixed(1)} | ${cpuPerMessage(bareCpu, bareStats.received)} |`,
  );
  console.log(`\n${municipalities.length} municipalities, ${recorded} deliveries recorded in ${((recordedAt - started) / 1000).toFixed(1)} s: ${byStatus.map((row) => `${row.kind} ${row.status} ${row.count}`).join(', ')}`);
  console.log(`at the sink: ${appStats.received} messages, ${appStats.distinct} distinct (Message-ID, recipient), ${appStats.duplicates} twice; ratio ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}); ${SMTP_CONNECTIONS} SMTP connections, ${SMTP_CONNECTIONS} digest jobs at once`);
  const cpuLine = (used: Record<string, number>, wall: number) =>
    Object.entries(used)
      .map(([label, cpu]) => `${label} ${cpu.toFixed(1)} s`)
      .join(', ') + ` (of ${(wall * availableParallelism()).toFixed(1)} s the cores had)`;
  console.log(`CPU during the app's run: ${cpuLine(appCpu, seconds)}`);
  console.log(`CPU during the floor's run: ${cpuLine(floorCpu, bareSeconds)}`);
  console.log(`machine now: ${machineLine()}`);

  const failures = [
    ratio > TARGET_RATIO && `ratio ${ratio.toFixed(2)} > ${TARGET_RATIO}`,
    appStats.duplicates > 0 && `${appStats.duplicates} digests arrived twice`,
    appStats.received !== sent && `the sink received ${appStats.received} messages, the delivery log says ${sent} sent`,
    byStatus.some((row) => row.status !== 'sent' && row.status !== 'skipped') && 'deliveries neither sent nor skipped',
    sent < municipalities.length && 'fewer digests than municipalities: no real week was sent',
  ].filter(Boolean);
  console.log(failures.length ? `\nFAILED: ${failures.join('; ')}` : '\nEvery check passed and the target held');
  await app.close();
  process.exit(failures.length ? 1 : 0);
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
