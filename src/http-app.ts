import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { createValidationPipe } from './common/http/validation.pipe';

/** Largest request body accepted; a whole KommunKompassen report is about 100 kB of text. */
export const MAX_BODY_SIZE = '2mb';

/** Everything the HTTP server needs besides its modules; shared by `main.ts` and the e2e tests. */
export function configureHttpApp(app: NestExpressApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.use(helmet());
  app.setGlobalPrefix('api');
  app.useBodyParser('json', { limit: MAX_BODY_SIZE });
  app.useBodyParser('text', { limit: MAX_BODY_SIZE, type: 'text/plain' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();

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
