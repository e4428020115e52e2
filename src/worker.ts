import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config';
import { loadConfigOrExit } from './config/exit-on-invalid-config';
import { ensureDatabaseExists } from './database/ensure-database';

/** Runs the queue workers without an HTTP server (`PROCESS_ROLE=worker`). */
export async function startWorker(config: AppConfig): Promise<void> {
  await ensureDatabaseExists(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

if (require.main === module) {
  void startWorker(loadConfigOrExit({ PROCESS_ROLE: 'worker' }));
}
