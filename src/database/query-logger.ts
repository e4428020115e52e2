import type { Logger as TypeOrmLogger } from 'typeorm';
import type { PinoLogger } from 'nestjs-pino';

/**
 * With `DATABASE_LOG_QUERIES=on`: one `query` line per SQL statement, carrying the request id of
 * the request that ran it (the request's logger is found through nestjs-pino's async context), so
 * the statements of one request can be counted. Parameters are never logged (they may be personal
 * data); TypeORM's other messages are left to its defaults (silent).
 */
export class QueryLogger implements TypeOrmLogger {
  constructor(private readonly logger: PinoLogger) {}

  logQuery(query: string): void {
    this.logger.info({ sql: query }, 'query');
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.info({ sql: query, error: error instanceof Error ? error.message : error }, 'query');
  }

  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
