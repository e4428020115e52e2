import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config';
import { buildDataSourceOptions } from './data-source-options';
import { NamedStatementClient } from './named-statements';
import { QueryLogger } from './query-logger';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig, PinoLogger],
      useFactory: (config: AppConfig, logger: PinoLogger) => ({
        ...buildDataSourceOptions(config.databaseUrl),
        // Pending migrations are applied at start, so `npm start` on an empty database just works.
        migrationsRun: true,
        // Fail fast instead of nine slow retries: a supervisor restarts the process.
        retryAttempts: config.nodeEnv === 'test' ? 0 : 3,
        retryDelay: 1000,
        // A request waits at most 5 s for a connection, so none hangs while the database is
        // unreachable; the pool's size is weighed against the digest worker's concurrency at start.
        poolSize: config.databasePoolSize,
        connectTimeoutMS: 5000,
        ...(config.databaseNamedStatements ? { extra: { Client: NamedStatementClient } } : {}),
        ...(config.databaseLogQueries ? { logger: new QueryLogger(logger), logging: true } : {}),
      }),
    }),
  ],
})
export class DatabaseModule {}
