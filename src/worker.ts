import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config';
import { loadConfigOrExit } from './config/exit-on-invalid-config';
import { exitAfterShutdownDeadline } from './common/process/shutdown-deadline';
import { ensureDatabaseExists } from './database/ensure-database';

/** Runs the queue workers without an HTTP server (`PROCESS_ROLE=worker`). */
export async function startWorker(config: AppConfig): Promise<void> {
  await ensureDatabaseExists(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  exitAfterShutdownDeadline(config);
  await app.init();
}

if (require.main === module) {
  startWorker(loadConfigOrExit({ PROCESS_ROLE: 'worker' })).catch((error: Error) => {
    process.stderr.write(`The worker did not start: ${error.message}\n`);
    process.exit(1);
  });
}
