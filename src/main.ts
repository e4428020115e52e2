import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { loadConfigOrExit } from './config/exit-on-invalid-config';
import { exitAfterShutdownDeadline } from './common/process/shutdown-deadline';
import { followSupervisor, isClusterWorker, superviseApiProcesses } from './common/process/api-cluster';
import { ensureDatabaseExists } from './database/ensure-database';
import { configureHttpApp } from './http-app';
import { startWorker } from './worker';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  await ensureDatabaseExists(config.databaseUrl);
  if (config.processRole === 'worker') {
    await startWorker(config);
    return;
  }
  if (config.webConcurrency > 1 && !isClusterWorker()) {
    await superviseApiProcesses(config);
    return;
  }
  if (isClusterWorker()) followSupervisor();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttpApp(app);
  exitAfterShutdownDeadline(config, isClusterWorker() ? ['SIGTERM'] : undefined);
  await app.listen(config.port);
  // The one line a person starting the app needs: where to sign in.
  new Logger('Bootstrap').log(`Handlingsplan is running: sign in at ${config.appUrl}/login (the API is at ${config.appUrl}/api)`);
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`Handlingsplan did not start: ${error.message}\n`);
  process.exit(1);
});
