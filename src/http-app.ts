import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config';
import { isClusterWorker } from './common/process/api-cluster';
import { jsonBodyParser } from './common/http/json-body';
import { createValidationPipe } from './common/http/validation.pipe';
import { reportBodyParser } from './modules/evaluations/report-import/report-body';
import { UnknownAddressFilter } from './web/views/unknown-address.filter';

/** Largest request body of the report import; a whole KommunKompassen report is about 100 kB of text. */
export const MAX_BODY_SIZE = '2mb';

/**
 * Largest JSON body of every other route. The longest fields (a plan's description and expected
 * effect, 15 000 characters) fit even when every character is sent as a `\uXXXX` escape.
 */
export const DEFAULT_JSON_BODY_LIMIT = '100kb';

/**
 * Everything the HTTP server needs besides its modules; shared by `main.ts` and the e2e tests.
 * The API's `/api` prefix comes from the app module's router (pages live beside it at `/`).
 */
export function configureHttpApp(app: NestExpressApplication): INestApplication {
  app.useLogger(app.get(Logger));
  // The client address of the login rate limit: behind a reverse proxy, the one it names.
  app.set('trust proxy', app.get(AppConfig).trustProxy);
  app.use(helmet());
  // No ETag computed from every body: answers are per user and change with each update, so a
  // 304 is rare while hashing each body is not; a plan's ETag is its version (set by its route).
  app.set('etag', false);
  app.use(jsonBodyParser({ defaultLimit: DEFAULT_JSON_BODY_LIMIT, byPath: { '/api/evaluations/import': MAX_BODY_SIZE } }));
  app.use('/api/evaluations/import', reportBodyParser());
  app.useGlobalPipes(createValidationPipe());
  // The API's JSON errors, and the 404 page for an address no route answers in a browser.
  app.useGlobalFilters(app.get(UnknownAddressFilter));
  // An API process of the supervisor (WEB_CONCURRENCY > 1) stops on the supervisor's SIGTERM only.
  app.enableShutdownHooks(isClusterWorker() ? ['SIGTERM'] : undefined);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Handlingsplan')
      .setDescription('Action plans for KommunKompassen evaluations')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
