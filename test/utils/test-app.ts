import type { Type } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { JwtService } from '@nestjs/jwt';
import type { Writable } from 'node:stream';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import { loadConfig } from '../../src/config';
import { configureHttpApp } from '../../src/http-app';
import { databaseForThisFile } from '../setup/test-database';
import { TestClock } from './test-clock';

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  dataSource: DataSource;
  /** The app's clock: real time until a test sets it. */
  clock: TestClock;
  /**
   * A bearer token for the user, as login would give (login itself is slow by design), issued
   * under the user's credentials version (0 until the password is changed).
   */
  tokenFor(user: { id: string; municipalityId: string; credentialsVersion?: number }): string;
  close(): Promise<void>;
}

/** The whole service on the test database, configured as in production but for `env`. */
export async function createTestApp(env: Record<string, string> = {}, logStream?: Writable, extraModules: Type[] = []): Promise<TestApp> {
  const config = loadConfig({ ...process.env, DATABASE_URL: await databaseForThisFile(), ...env });
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, logStream), ...extraModules] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
  configureHttpApp(app);
  try {
    await app.init();
  } catch (error) {
    // A start that fails (as it should in some tests) must not leave connections open.
    await app.close().catch(() => undefined);
    throw error;
  }
  const jwt = app.get(JwtService);
  return {
    app,
    http: request(app.getHttpServer()),
    dataSource: app.get<DataSource>(getDataSourceToken()),
    clock,
    tokenFor: (user) => jwt.sign({ sub: user.id, mun: user.municipalityId, ver: user.credentialsVersion ?? 0 }),
    close: () => app.close(),
  };
}
