import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config';
import { buildDataSourceOptions } from '../../database/data-source-options';

/** More deaths than this many per API process within a minute: something is wrong beyond one process. */
const DEATHS_PER_PROCESS_PER_MINUTE = 5;
/** Beyond the grace period, the time the API processes' own closing may take. */
const CLOSING_MARGIN_MS = 10_000;

/** True in an API process forked by the supervisor. */
export const isClusterWorker = (): boolean => cluster.isWorker;

/**
 * `WEB_CONCURRENCY` > 1: this process becomes a supervisor that applies the migrations once,
 * then forks that many API processes sharing the port (Node's cluster hands out connections
 * round-robin). An API process that dies is replaced at once; the others go on serving. SIGTERM
 * or SIGINT to the supervisor stops every API process gracefully (SIGTERM each), then itself.
 * Resolves once the API processes are forked.
 */
export async function superviseApiProcesses(config: AppConfig): Promise<void> {
  const log = pino({ level: config.logLevel === 'silent' ? 'silent' : config.logLevel, base: { pid: process.pid, role: 'supervisor' } });
  // Before any API process starts, so they do not race to apply the same migration.
  const dataSource = await new DataSource(buildDataSourceOptions(config.databaseUrl)).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }

  let stopping = false;
  let exitCode = 0;
  const deaths: number[] = [];
  const fork = (): Worker => cluster.fork();

  cluster.on('exit', (worker, code, signal) => {
    const alive = Object.values(cluster.workers ?? {}).filter(Boolean).length;
    if (stopping) {
      if (alive === 0) {
        log.info('Every API process has stopped');
        process.exit(exitCode);
      }
      return;
    }
    const now = performance.now();
    deaths.push(now);
    while (deaths[0] < now - 60_000) deaths.shift();
    if (deaths.length > DEATHS_PER_PROCESS_PER_MINUTE * config.webConcurrency) {
      log.fatal({ deaths: deaths.length }, 'API processes keep dying; the supervisor stops');
      stop('SIGTERM', 1);
      return;
    }
    log.error({ workerPid: worker.process.pid, code, signal }, 'An API process exited; starting another');
    fork();
  });

  const stop = (signal: NodeJS.Signals, code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    log.info({ signal }, 'Stopping the API processes');
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker.process.kill('SIGTERM');
    setTimeout(() => {
      log.error('API processes still running after the grace period; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + CLOSING_MARGIN_MS).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  for (let index = 0; index < config.webConcurrency; index++) fork();
  log.info({ processes: config.webConcurrency }, `Handlingsplan is starting ${config.webConcurrency} API processes on port ${config.port}`);
}

/**
 * In an API process of the supervisor: it stops on the supervisor's SIGTERM only (a Ctrl-C in a
 * terminal reaches the whole process group; the supervisor turns it into one SIGTERM each), and
 * stops by itself when the supervisor is gone.
 */
export function followSupervisor(): void {
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
