import { DynamicModule, Module, Type } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import type { Writable } from 'node:stream';
import { LoggerModule } from 'nestjs-pino';
import { httpLoggerOptions } from './common/logging/http-logger.options';
import { AppConfig, ConfigModule } from './config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ClockModule } from './common/clock';
import { ActionPlansModule } from './modules/action-plans/action-plans.module';
import { AuditModule } from './modules/audit/audit.module';
import { DigestsModule } from './modules/digests/digests.module';
import { EvaluationsModule } from './modules/evaluations/evaluations.module';
import { FollowUpModule } from './modules/follow-up/follow-up.module';
import { IdentityModule } from './modules/identity/identity.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { QueueModule } from './redis/queue.module';
import { RedisModule } from './redis/redis.module';
import { WebModule } from './web/web.module';

/**
 * The modules whose controllers make the JSON API: their routes are served under `/api`. Pages
 * (the web module) are served at `/`, often at the same path as the API resource they show
 * (`/action-plans/:id` and `/api/action-plans/:id`), which a global prefix with exclusions
 * cannot express.
 */
const API_MODULES: Type[] = [AuditModule, IdentityModule, EvaluationsModule, ActionPlansModule, FollowUpModule, DigestsModule, HealthModule];

@Module({})
export class AppModule {
  /**
   * The whole service, configured by the configuration loaded once at start. Logs go to
   * standard output unless a stream is given (tests read them back).
   */
  static forRoot(config: AppConfig, logStream?: Writable): DynamicModule {
    const digests = DigestsModule.forRoot(config);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        LoggerModule.forRoot({
          pinoHttp: logStream ? [httpLoggerOptions(config.logLevel), logStream] : httpLoggerOptions(config.logLevel),
        }),
        DatabaseModule,
        RedisModule,
        QueueModule,
        AuditModule,
        IdentityModule,
        EvaluationsModule,
        ActionPlansModule,
        FollowUpModule,
        digests,
        NotificationsModule.forRoot(config),
        HealthModule.forRoot(digests),
        WebModule.forRoot(digests),
        RouterModule.register(API_MODULES.map((module) => ({ path: 'api', module }))),
      ],
    };
  }
}
