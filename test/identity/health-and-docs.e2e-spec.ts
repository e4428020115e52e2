import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

describe('health and API documentation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('reports the database and Redis up, the key prefix, the deployment, and the digest queue', async () => {
    const response = await t.http.get('/api/health').expect(200);
    const [deployment] = await t.dataSource.query('SELECT id FROM deployment');
    expect(response.body).toEqual({
      status: 'ok',
      database: 'up',
      redis: 'up',
      // The test runs set DIGEST_TICK_PATTERN=off.
      digestScheduler: 'off',
      digestQueueOwner: 'this deployment',
      redisKeyPrefix: process.env.REDIS_KEY_PREFIX,
      deploymentId: deployment.id,
    });
  });

  it('answers 503 naming Redis when Redis is unreachable', async () => {
    // A port nothing listens on stands in for a stopped Redis.
    const withoutRedis = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:6399' });
    try {
      const response = await withoutRedis.http.get('/api/health').expect(503);
      expect(response.body).toMatchObject({ status: 'down', database: 'up', redis: 'down' });
      expect(response.body.message).toContain('Redis');
    } finally {
      await withoutRedis.close();
    }
  });

  it('serves Swagger UI and an OpenAPI document listing every route', async () => {
    await t.http.get('/api/docs').expect(200).expect('content-type', /html/);
    const document = (await t.http.get('/api/docs-json').expect(200)).body;
    const routes = Object.entries(document.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'GET /api/me',
        'GET /api/municipality',
        'PATCH /api/municipality',
        'GET /api/users',
        'POST /api/users',
        'GET /api/users/{id}',
        'PATCH /api/users/{id}',
        'GET /api/audit-events',
        'GET /api/health',
      ]),
    );
    expect(document.components.schemas.CreateUserDto.required).toEqual(expect.arrayContaining(['email', 'name', 'role', 'password']));
  });

  it('gives every operation a summary, and points at no document the repository does not have', async () => {
    const document = (await t.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { summary?: string }>> };
    const unsummarised = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => !operation.summary?.trim())
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(unsummarised).toEqual([]);
    expect(JSON.stringify(document)).not.toMatch(/DESIGN/);
  });

  it('answers an unknown route 404 in the common error format, also to a signed-in user', async () => {
    const municipality = await makeMunicipality(t.dataSource);
    const viewer = await makeUser(t.dataSource, municipality, 'viewer');
    const response = await t.http.get('/api/nothing-here').set('Authorization', `Bearer ${t.tokenFor(viewer)}`).expect(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: expect.stringContaining('/api/nothing-here') });
  });
});
