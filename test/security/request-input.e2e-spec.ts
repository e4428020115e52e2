import { ActionPlan } from '../../src/modules/action-plans/plans/action-plan.entity';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser, TEST_PASSWORD } from '../utils/factories';
import { ImportedFinding, importAvesta, reportFixture } from '../utils/fixtures';
import { createTestApp, TestApp } from '../utils/test-app';

/** Hostile or careless request bodies and parameters: each is a 4xx naming the problem, never a 5xx. */
describe('request input', () => {
  let t: TestApp;
  let avesta: Municipality;
  let admin: User;
  let manager: User;
  let evaluationId: string;
  let findings: ImportedFinding[];
  let plan: { id: string; version: number };
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const weakness = () => findings.find((finding) => finding.kind === 'weakness')!;
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  beforeAll(async () => {
    t = await createTestApp();
    avesta = await makeMunicipality(t.dataSource, { code: '2084' });
    admin = await makeUser(t.dataSource, avesta, 'admin');
    manager = await makeUser(t.dataSource, avesta, 'manager');
    ({ evaluationId, findings } = await importAvesta(t.http, t.tokenFor(manager)));
    plan = (
      await t.http
        .post('/api/action-plans')
        .set(as(manager))
        .send({ title: 'Inför ett servicecenter', ownerId: manager.id, dueDate: '2027-06-30', findingIds: [weakness().id] })
        .expect(201)
    ).body;
  });

  afterAll(() => t.close());

  describe('JSON bodies', () => {
    it('refuses 10 000 nested arrays at login with a 400, before anything tries to read them', async () => {
      const response = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send(`{"email":${nested(10_000)},"password":"x"}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'JSON_TOO_DEEP', message: expect.stringContaining('nested') });
    });

    it('refuses nesting deeper than any request needs on an authenticated route too', async () => {
      const response = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).set('Content-Type', 'application/json').send(`{"targets":${nested(8)}}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('JSON_TOO_DEEP');
    });

    it('caps an ordinary body far below the import limit (413), while the import still takes a whole report as JSON', async () => {
      const big = { email: 'anna@avesta.example', password: 'x'.repeat(200_000) };
      const response = await t.http.post('/api/auth/login').send(big);
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the 100 kB this address accepts' });

      // The report with blank lines after it: larger than any other route takes, far below the import's own limit.
      const report = reportFixture() + '\n'.repeat(60_000);
      expect(Buffer.byteLength(report)).toBeGreaterThan(100 * 1024);
      const imported = await t.http.post('/api/evaluations/import?dryRun=true&allowDuplicate=true').set(as(manager)).send({ text: report });
      expect(imported.status).toBeLessThan(300);
      expect(imported.body.warnings).toEqual(expect.any(Array));
    });

    it.each([
      ['__proto__', '{"email":"a@b.se","password":"x","__proto__":{"role":"admin"}}'],
      ['an escaped __proto__', '{"email":"a@b.se","password":"x","\\u005f_proto__":{"role":"admin"}}'],
      ['constructor.prototype', '{"email":"a@b.se","password":"x","constructor":{"prototype":{"role":"admin"}}}'],
    ])('refuses a body with %s keys (400) without touching any object prototype', async (_name, body) => {
      const response = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send(body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('JSON_FORBIDDEN_KEY');
      expect(({} as Record<string, unknown>).role).toBeUndefined();
    });

    it('refuses a constructor key like any unknown field', async () => {
      const response = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":"a@b.se","password":"x","constructor":1}');
      expect(response.status).toBe(400);
    });

    it('answers invalid JSON with a fixed message that repeats nothing of the input', async () => {
      const response = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": "hemlig-adress@avesta.example", oops}');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', code: 'INVALID_JSON', message: 'The request body is not valid JSON' });
    });
  });

  describe('explicit null for a field that cannot be empty', () => {
    it.each([
      ['/api/municipality', 'timezone', () => admin],
      ['/api/municipality', 'digestHour', () => admin],
      ['users/:self', 'name', () => admin],
      ['users/:self', 'locale', () => admin],
      ['action-plans/:id', 'title', () => manager],
      ['action-plans/:id', 'dueDate', () => manager],
      ['action-plans/:id', 'ownerId', () => manager],
      ['evaluations/:id', 'title', () => manager],
      ['evaluations/:id', 'conductedOn', () => manager],
      ['findings/:id', 'text', () => manager],
    ])('PATCH %s with %s: null is a 400 naming the field, and nothing changes', async (route, field, caller) => {
      const path = {
        '/api/municipality': '/api/municipality',
        'users/:self': `/api/users/${admin.id}`,
        'action-plans/:id': `/api/action-plans/${plan.id}`,
        'evaluations/:id': `/api/evaluations/${evaluationId}`,
        'findings/:id': `/api/findings/${weakness().id}`,
      }[route]!;
      // Findings have no route of their own to read; their evaluation shows them.
      const readPath = route === 'findings/:id' ? `/api/evaluations/${evaluationId}` : path;
      const before = await t.http.get(readPath).set(as(caller()));
      expect(before.status).toBe(200);
      const body = route === 'action-plans/:id' ? { [field]: null, version: plan.version } : { [field]: null };
      const response = await t.http.patch(path).set(as(caller())).send(body);
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field, message: `${field} must not be null` }]);
      const after = await t.http.get(readPath).set(as(caller()));
      expect(after.body).toEqual(before.body);
    });

    it('still takes null where the contract allows it (clearing an optional field)', async () => {
      const current = await t.dataSource.getRepository(ActionPlan).findOneByOrFail({ id: plan.id });
      const response = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ unit: null, version: current.version });
      expect(response.status).toBe(200);
      expect(response.body.unit).toBeNull();
    });
  });

  describe('NUL characters', () => {
    it('are a 400 naming the field in a stored string', async () => {
      const response = await t.http
        .post('/api/action-plans')
        .set(as(manager))
        .send({ title: 'Servi\u0000ce', ownerId: manager.id, dueDate: '2027-06-30', findingIds: [weakness().id] });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'title', message: 'title must not contain NUL characters' }]);
    });

    it('are a 400 naming the field in a nested string', async () => {
      const response = await t.http
        .post('/api/action-plans')
        .set(as(manager))
        .send({ title: 'Service', ownerId: manager.id, dueDate: '2027-06-30', findingIds: [weakness().id], targets: [{ questionCode: '2.3\u0000', expectedPoints: 1 }] });
      expect(response.status).toBe(400);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toEqual(['targets[0].questionCode']);
    });

    it('are a 400 naming the parameter in a text search', async () => {
      const response = await t.http.get('/api/action-plans?q=abc%00def').set(as(manager));
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'q', message: 'q must not contain NUL characters' }]);
    });

    it('are a 400 at the unauthenticated login', async () => {
      const response = await t.http.post('/api/auth/login').send({ email: 'anna\u0000@avesta.example', password: TEST_PASSWORD });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'email', message: 'email must not contain NUL characters' }]);
    });
  });

  describe('paging', () => {
    it.each(['/api/action-plans', '/api/users', '/api/evaluations', '/api/audit-events', '/api/digests/deliveries'])(
      '%s?offset=1e20 is a 400 naming offset',
      async (path) => {
        const response = await t.http.get(`${path}?offset=1e20`).set(as(admin));
        expect(response.status).toBe(400);
        expect(response.body.details).toEqual([expect.objectContaining({ field: 'offset' })]);
      },
    );
  });
});
