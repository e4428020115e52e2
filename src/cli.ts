import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';
import { loadConfigOrExit } from './config/exit-on-invalid-config';
import { ensureDatabaseExists } from './database/ensure-database';

async function runCommand(): Promise<void> {
  // Commands do their work in this process; queue workers stay off. Logs only what matters.
  const config = loadConfigOrExit({ PROCESS_ROLE: 'api', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  await ensureDatabaseExists(config.databaseUrl);
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    errorHandler: (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  });
}

void runCommand();
