/**
 * DESIGN §8: one week's digests for all 290 municipalities (~6 000 e-mails) built, rendered and
 * delivered to a local SMTP sink in ≤ 60 s, within 2× of sending the same number of pre-rendered
 * messages with bare nodemailer.
 *
 *   npm run build && DATABASE_URL=…/handlingsplan_bench node dist/src/cli.js seed-bench
 *   DATABASE_URL=…/handlingsplan_bench npm run bench:digests
 *
 * Runs the real queue worker in this process against the benchmark database and Redis (keys
 * under the prefix hpbench); the week's digest records of the benchmark are cleared first.
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config';
import { DigestDeliverer } from '../src/modules/digests/digest-deliverer.service';
import { DIGEST_QUEUE } from '../src/modules/digests/digests.constants';
import { DigestsService } from '../src/modules/digests/digests.service';
import { Municipality } from '../src/modules/identity/municipalities/municipality.entity';
import { User } from '../src/modules/identity/users/user.entity';

const TARGET_SECONDS = 60;

async function startSink(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    count: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const sink = await startSink();
  const config = loadConfig({
    ...process.env,
    SMTP_URL: `${sink.url}?pool=true&maxConnections=8`,
    PROCESS_ROLE: 'all',
    LOG_LEVEL: 'silent',
    DIGEST_TICK_PATTERN: 'off',
    REDIS_KEY_PREFIX: 'hpbench',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  await app.init();
  const dataSource = app.get(DataSource);
  await app.get<Queue>(getQueueToken(DIGEST_QUEUE)).obliterate({ force: true });
  await dataSource.query(`DELETE FROM digest_delivery WHERE municipality_id IN (SELECT municipality_id FROM app_user WHERE email LIKE '%.bench')`);
  const municipalities = await dataSource.getRepository(Municipality).find();
  const digests = app.get(DigestsService);

  const started = performance.now();
  for (const municipality of municipalities) await digests.sendNow({ municipalityId: municipality.id });
  const [{ count: recorded }]: { count: number }[] = await dataSource.query(`SELECT count(*)::int AS count FROM digest_delivery`);
  for (;;) {
    const [{ queued }]: { queued: number }[] = await dataSource.query(`SELECT count(*)::int AS queued FROM digest_delivery WHERE status = 'queued'`);
    if (queued === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  const sent = sink.count();

  // The same number of messages, rendered once beforehand, through bare nodemailer.
  const viewer = await dataSource.getRepository(User).findOneByOrFail({ role: 'viewer' });
  const { mail } = await app.get(DigestDeliverer).render('leadership', viewer.municipalityId, viewer);
  const transport = createTransport(`${sink.url}?pool=true&maxConnections=8`);
  const bareStarted = performance.now();
  await Promise.all(
    Array.from({ length: sent }, (_unused, index) => transport.sendMail({ from: config.mailFrom, to: `reader${index}@bench.example`, ...mail })),
  );
  const bareSeconds = (performance.now() - bareStarted) / 1000;
  transport.close();

  const ratio = seconds / bareSeconds;
  const ok = seconds <= TARGET_SECONDS && ratio <= 2;
  console.log(
    `${ok ? 'ok  ' : 'MISS'} ${recorded} deliveries recorded, ${sent} e-mails sent (the rest skipped) in ${seconds.toFixed(1)} s ` +
      `(target ≤ ${TARGET_SECONDS} s); bare nodemailer ${bareSeconds.toFixed(1)} s, ratio ${ratio.toFixed(1)} (≤ 2)`,
  );
  await app.close();
  await sink.close();
  process.exitCode = ok ? 0 : 1;
}

void main();
