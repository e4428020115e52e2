import type { Role } from '../../src/common/auth/actor';
import { User } from '../../src/modules/identity/users/user.entity';
import { buildFollowUpFixture, FollowUpFixture } from '../follow-up/follow-up-fixture';
import { makeMunicipality, makeUser, TEST_PASSWORD } from '../utils/factories';
import { reportFixture } from '../utils/fixtures';
import { createTestApp, TestApp } from '../utils/test-app';
import { Access, mayCall, ROUTE_ACCESS } from './route-access';

/**
 * Every operation of the API × every kind of caller: no token, each role of the municipality, and
 * another municipality's admin. Each row builds a request that is valid for the municipality's
 * own data (fresh resources where the request consumes them), so the callers that may call it get
 * a 2xx (the row's positive control) and the others get exactly 401, 403 or 404.
 */
type CallerName = 'none' | Role | 'foreignAdmin';
const CALLERS: CallerName[] = ['none', 'viewer', 'owner', 'manager', 'admin', 'foreignAdmin'];

interface BuiltRequest {
  path: string;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** The path names the caller's own account, or a plan the caller owns. */
  ownsTarget?: boolean;
}

interface Row {
  operation: string;
  /** Which variant of the operation the row tries, when there are several. */
  variant?: string;
  build: (caller: CallerName) => BuiltRequest | Promise<BuiltRequest>;
  /**
   * What another municipality's admin gets. Default: 404 when the path names one of our ids,
   * else a 2xx acting on its own municipality (and nothing of ours in the answer).
   */
  foreign?: number;
}

describe('authorization matrix', () => {
  let t: TestApp;
  let us: FollowUpFixture;
  let admin: User;
  let otherOwner: User;
  let foreignAdmin: User;
  let callers: Record<Exclude<CallerName, 'none'>, User>;
  const ourIds: string[] = [];
  let ourReport: string;

  const asManager = () => ({ Authorization: `Bearer ${t.tokenFor(us.manager)}` });
  const created = async (path: string, body: unknown): Promise<{ id: string; version?: number }> => {
    const response = await t.http.post(path).set(asManager()).send(body as object);
    if (response.status !== 201 && response.status !== 200) throw new Error(`Setup ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    ourIds.push(response.body.id);
    return response.body;
  };
  const freshEvaluation = (extra: object = {}) =>
    created('/api/evaluations', { frameworkKey: 'kommunkompassen-2010', title: 'Matris', conductedOn: '2020-03-01', ...extra });
  const freshFinding = async (kind = 'weakness') => created(`/api/evaluations/${us.before}/findings`, { areaNumber: 3, kind, text: 'Ny iakttagelse' });
  const freshPlan = async (ownerId = us.owner.id) =>
    created('/api/action-plans', { title: 'Ny åtgärd', ownerId, dueDate: '2027-01-31', findingIds: [us.findings.C] });
  const freshReference = async () => created(`/api/evaluations/${us.before}/references`, { areaNumber: 2, municipalityCode: '1880', sentence: 'Örebro är ett gott exempel.' });
  const userOf = (caller: CallerName) => (caller === 'none' ? null : callers[caller]);

  const rows: Row[] = [
    { operation: 'POST /api/auth/login', build: () => ({ path: '/api/auth/login', body: { email: us.viewer.email, password: TEST_PASSWORD } }) },
    { operation: 'GET /api/health', build: () => ({ path: '/api/health' }) },
    { operation: 'GET /api/me', build: () => ({ path: '/api/me' }) },
    { operation: 'GET /api/municipality', build: () => ({ path: '/api/municipality' }) },
    { operation: 'PATCH /api/municipality', build: () => ({ path: '/api/municipality', body: { dueSoonDays: 21 } }) },
    { operation: 'GET /api/users', build: () => ({ path: '/api/users' }) },
    {
      operation: 'POST /api/users',
      build: () => ({ path: '/api/users', body: { email: `ny-${Math.random().toString(36).slice(2)}@avesta.example`, name: 'Ny Användare', role: 'viewer', password: 'Körsbär-och-vinbär-9' } }),
    },
    { operation: 'GET /api/users/{id}', build: () => ({ path: `/api/users/${us.viewer.id}` }) },
    { operation: 'PATCH /api/users/{id}', variant: 'another user', build: () => ({ path: `/api/users/${otherOwner.id}`, body: { unit: 'Ekonomi' } }) },
    {
      operation: 'PATCH /api/users/{id}',
      variant: 'own account',
      build: (caller) => ({ path: `/api/users/${userOf(caller)?.id ?? us.viewer.id}`, body: { locale: 'en' }, ownsTarget: caller !== 'none' }),
      foreign: 200,
    },
    { operation: 'GET /api/frameworks', build: () => ({ path: '/api/frameworks' }) },
    { operation: 'GET /api/frameworks/{key}', build: () => ({ path: '/api/frameworks/kommunkompassen-2010' }) },
    {
      operation: 'POST /api/evaluations/import',
      build: () => ({ path: '/api/evaluations/import?dryRun=true', body: ourReport, contentType: 'text/plain' }),
      // The report names our municipality: another one may not import it as its own.
      foreign: 422,
    },
    { operation: 'GET /api/evaluations', build: () => ({ path: '/api/evaluations' }) },
    { operation: 'POST /api/evaluations', build: () => ({ path: '/api/evaluations', body: { frameworkKey: 'kommunkompassen-2010', title: 'Ny', conductedOn: '2021-01-01' } }) },
    { operation: 'GET /api/evaluations/{id}', build: () => ({ path: `/api/evaluations/${us.before}` }) },
    { operation: 'PATCH /api/evaluations/{id}', build: () => ({ path: `/api/evaluations/${us.after}`, body: { title: 'Uppföljning 2018 (rev.)' } }) },
    { operation: 'DELETE /api/evaluations/{id}', build: async () => ({ path: `/api/evaluations/${(await freshEvaluation()).id}` }) },
    { operation: 'POST /api/evaluations/{id}/publish', build: async () => ({ path: `/api/evaluations/${(await freshEvaluation()).id}/publish` }) },
    { operation: 'PUT /api/evaluations/{id}/scores', build: () => ({ path: `/api/evaluations/${us.after}/scores`, body: [{ questionCode: '3.1', achievedPoints: 4 }] }) },
    { operation: 'POST /api/evaluations/{id}/findings', build: () => ({ path: `/api/evaluations/${us.before}/findings`, body: { areaNumber: 4, kind: 'strength', text: 'Stark styrning' } }) },
    {
      operation: 'POST /api/evaluations/{id}/references',
      build: () => ({ path: `/api/evaluations/${us.before}/references`, body: { areaNumber: 1, municipalityCode: '1780', sentence: 'Karlstad är ett gott exempel.' } }),
    },
    {
      operation: 'GET /api/findings',
      build: () => ({ path: `/api/findings?evaluationId=${us.before}&coverage=uncovered` }),
      // Our evaluation does not exist for another municipality.
      foreign: 404,
    },
    { operation: 'PATCH /api/findings/{id}', build: () => ({ path: `/api/findings/${us.findings.B}`, body: { text: 'Bättre information till invånarna' } }) },
    { operation: 'DELETE /api/findings/{id}', build: async () => ({ path: `/api/findings/${(await freshFinding()).id}` }) },
    { operation: 'PUT /api/findings/{id}/dismissal', build: async () => ({ path: `/api/findings/${(await freshFinding('improvement')).id}/dismissal`, body: { reason: 'Beslut i KS' } }) },
    {
      operation: 'DELETE /api/findings/{id}/dismissal',
      build: async () => {
        const finding = await freshFinding('improvement');
        await t.http.put(`/api/findings/${finding.id}/dismissal`).set(asManager()).send({ reason: 'Beslut i KS' }).expect(200);
        return { path: `/api/findings/${finding.id}/dismissal` };
      },
    },
    { operation: 'DELETE /api/references/{id}', build: async () => ({ path: `/api/references/${(await freshReference()).id}` }) },
    { operation: 'GET /api/action-plans', build: () => ({ path: '/api/action-plans?status=planned,in_progress&q=%C3%85tg%C3%A4rd' }) },
    {
      operation: 'POST /api/action-plans',
      build: () => ({ path: '/api/action-plans', body: { title: 'Åtgärd', ownerId: us.owner.id, dueDate: '2027-03-31', findingIds: [us.findings.A] } }),
      // Our owner and our finding do not exist for another municipality.
      foreign: 404,
    },
    { operation: 'GET /api/action-plans/export', build: () => ({ path: '/api/action-plans/export?format=csv' }) },
    { operation: 'GET /api/action-plans/{id}', build: () => ({ path: `/api/action-plans/${us.plans.P3}` }) },
    {
      operation: 'PATCH /api/action-plans/{id}',
      build: async () => {
        const plan = await freshPlan();
        return { path: `/api/action-plans/${plan.id}`, body: { title: 'Omdöpt åtgärd', version: plan.version } };
      },
    },
    { operation: 'DELETE /api/action-plans/{id}', build: async () => ({ path: `/api/action-plans/${(await freshPlan()).id}` }) },
    { operation: 'GET /api/action-plans/{id}/updates', build: () => ({ path: `/api/action-plans/${us.plans.P1}/updates` }) },
    {
      operation: 'POST /api/action-plans/{id}/updates',
      variant: "the owner's plan",
      build: (caller) => ({ path: `/api/action-plans/${us.plans.P4}/updates`, body: { health: 'on_track', progress: 40 }, ownsTarget: caller === 'owner' }),
    },
    {
      operation: 'POST /api/action-plans/{id}/updates',
      variant: "another owner's plan",
      build: async () => ({ path: `/api/action-plans/${(await freshPlan(otherOwner.id)).id}/updates`, body: { health: 'on_track', progress: 10 } }),
    },
    { operation: 'GET /api/dashboard', build: () => ({ path: '/api/dashboard' }) },
    { operation: 'GET /api/evaluations/{id}/follow-up', build: () => ({ path: `/api/evaluations/${us.before}/follow-up` }) },
    { operation: 'GET /api/evaluations/{id}/comparison', build: () => ({ path: `/api/evaluations/${us.after}/comparison` }) },
    { operation: 'GET /api/evaluations/{id}/carry-over', build: () => ({ path: `/api/evaluations/${us.after}/carry-over` }) },
    {
      operation: 'POST /api/evaluations/{id}/carry-over',
      build: async () => {
        const target = await created(`/api/evaluations/${us.after}/findings`, { areaNumber: 2, kind: 'weakness', text: 'Servicecenter saknas fortfarande' });
        return { path: `/api/evaluations/${us.after}/carry-over`, body: { actionPlanId: us.plans.P4, findingId: target.id } };
      },
    },
    { operation: 'PUT /api/action-plans/{id}/effect', build: () => ({ path: `/api/action-plans/${us.plans.P1}/effect`, body: { effect: 'improved', comment: 'Tydlig förbättring' } }) },
    {
      operation: 'POST /api/evaluations/{id}/effects',
      build: async () => {
        const followUp = await freshEvaluation({ previousEvaluationId: us.before, conductedOn: '2019-06-01' });
        await t.http.post(`/api/evaluations/${followUp.id}/publish`).set(asManager()).expect(200);
        return { path: `/api/evaluations/${followUp.id}/effects` };
      },
    },
    { operation: 'GET /api/digests/preview', build: () => ({ path: `/api/digests/preview?kind=leadership&userId=${us.viewer.id}&format=json` }), foreign: 404 },
    { operation: 'POST /api/digests/send', build: () => ({ path: '/api/digests/send', body: { kind: 'owner' } }) },
    { operation: 'GET /api/digests/deliveries', build: () => ({ path: '/api/digests/deliveries' }) },
    { operation: 'GET /api/audit-events', build: () => ({ path: `/api/audit-events?entityId=${us.plans.P1}` }) },
  ];

  beforeAll(async () => {
    t = await createTestApp();
    us = await buildFollowUpFixture(t);
    admin = await makeUser(t.dataSource, us.municipality, 'admin');
    otherOwner = await makeUser(t.dataSource, us.municipality, 'owner');
    const elsewhere = await makeMunicipality(t.dataSource);
    foreignAdmin = await makeUser(t.dataSource, elsewhere, 'admin');
    callers = { viewer: us.viewer, owner: us.owner, manager: us.manager, admin, foreignAdmin };
    // Avesta's report, as if it were our municipality's.
    ourReport = reportFixture().replaceAll('Avesta', us.municipality.name.replace(/ kommun$/, ''));
    ourIds.push(us.municipality.id, us.before, us.after, ...Object.values(us.findings), ...Object.values(us.plans));
    ourIds.push(...[us.viewer, us.owner, us.manager, admin, otherOwner].map((user) => user.id));
  }, 120_000);

  afterAll(() => t.close());

  it('has a row for every operation of the OpenAPI document, and no row for one that is gone', async () => {
    const document = (await t.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(new Set(rows.map((row) => row.operation))).toEqual(new Set(operations));
    expect(new Set(Object.keys(ROUTE_ACCESS))).toEqual(new Set(operations));
  });

  /** What each caller must get: 'ok' is any 2xx. */
  function expectedOutcome(row: Row, access: Access, caller: CallerName, request: BuiltRequest): string {
    if (caller === 'foreignAdmin') {
      if (access.who === 'anyone') return 'ok';
      if (row.foreign !== undefined) return row.foreign >= 200 && row.foreign < 300 ? 'ok' : String(row.foreign);
      return row.operation.includes('{id}') ? '404' : 'ok';
    }
    const user = userOf(caller);
    if (access.who !== 'anyone' && !user) return '401';
    return mayCall(access, user && { userId: user.id, municipalityId: user.municipalityId, role: user.role }, request.ownsTarget) ? 'ok' : '403';
  }

  it.each(rows.map((row) => [`${row.operation}${row.variant ? ` (${row.variant})` : ''}`, row] as const))('%s', async (_name, row) => {
    const access = ROUTE_ACCESS[row.operation];
    expect(access).toBeDefined();
    const [method, pathTemplate] = row.operation.split(' ');
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const caller of CALLERS) {
      const request = await row.build(caller);
      expect(request.path.split('?')[0].split('/').length).toBe(pathTemplate.split('/').length);
      let call = t.http[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](request.path);
      const user = userOf(caller);
      if (user) call = call.set('Authorization', `Bearer ${t.tokenFor(user)}`);
      if (request.contentType) call = call.set('Content-Type', request.contentType);
      const response = request.body === undefined ? await call : await call.send(request.body as object);
      const outcome = response.status >= 200 && response.status < 300 ? 'ok' : String(response.status);
      outcomes[caller] = outcome;
      expected[caller] = expectedOutcome(row, access, caller, request);
      if (caller === 'foreignAdmin' && outcome === 'ok' && access.who !== 'anyone') {
        // Another municipality's admin sees and touches its own data only.
        const text = response.text ?? '';
        expect(ourIds.filter((id) => text.includes(id))).toEqual([]);
      }
    }
    expect(outcomes).toEqual(expected);
    // The positive control: somebody may call it, and did.
    expect(Object.values(outcomes)).toContain('ok');
  });
});
