import { ActionPlan } from '../../src/modules/action-plans/plans/action-plan.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { createTestApp, TestApp } from '../utils/test-app';
import { as, buildFollowUpFixture, FollowUpFixture } from './follow-up-fixture';

/**
 * Every follow-up route with another municipality's ids: 404, as if they did not exist, and
 * nothing changes. The intruder is an admin of a municipality with follow-up data of its own, so
 * the ids it may send in bodies are real.
 */
describe("another municipality's evaluations and plans do not exist on the follow-up routes", () => {
  let t: TestApp;
  let theirs: FollowUpFixture;
  let ours: FollowUpFixture;
  let intruder: User;
  let theirFinding: string;

  beforeAll(async () => {
    t = await createTestApp();
    theirs = await buildFollowUpFixture(t);
    ours = await buildFollowUpFixture(t);
    intruder = ours.manager;
    await t.http.post(`/api/evaluations/${theirs.after}/publish`).set(as(t, theirs.manager)).expect(200);
    theirFinding = (
      await t.http
        .post(`/api/evaluations/${theirs.after}/findings`)
        .set(as(t, theirs.manager))
        .send({ areaNumber: 1, kind: 'weakness', text: 'Deras nya svaghet', questionCode: '1.1' })
        .expect(201)
    ).body.id;
  });

  afterAll(() => t.close());

  const routes: [method: 'get' | 'post' | 'put', what: string, path: () => string, body?: () => object, headers?: Record<string, string>][] = [
    ['get', 'the dossier (JSON)', () => `/api/evaluations/${theirs.before}/follow-up`],
    ['get', 'the dossier (HTML)', () => `/api/evaluations/${theirs.before}/follow-up`, undefined, { Accept: 'text/html' }],
    ['get', 'the comparison', () => `/api/evaluations/${theirs.after}/comparison`],
    ['get', 'the carry-over suggestions', () => `/api/evaluations/${theirs.after}/carry-over`],
    ['post', 'carrying their plan to their finding', () => `/api/evaluations/${theirs.after}/carry-over`, () => ({ actionPlanId: theirs.plans.P3, findingId: theirFinding })],
    ['post', 'carrying our plan to their finding, via their evaluation', () => `/api/evaluations/${theirs.after}/carry-over`, () => ({ actionPlanId: ours.plans.P3, findingId: theirFinding })],
    ['post', 'carrying our plan to their finding, via our evaluation', () => `/api/evaluations/${ours.after}/carry-over`, () => ({ actionPlanId: ours.plans.P3, findingId: theirFinding })],
    ['post', 'deriving their effects again', () => `/api/evaluations/${theirs.after}/effects`],
    ['put', "overriding their plan's effect", () => `/api/action-plans/${theirs.plans.P1}/effect`, () => ({ effect: 'declined', comment: 'Kapad bedömning' })],
  ];

  it.each(routes.map(([method, what, path, body, headers]) => ({ method, what, path, body, headers })))(
    '$method on $what is 404',
    async ({ method, path, body, headers }) => {
      let call = t.http[method](path()).set(as(t, intruder));
      if (headers) call = call.set(headers);
      const response = await (body ? call.send(body()) : call);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, code: expect.stringMatching(/NOT_FOUND$/) });
    },
  );

  it('left their plans as they were', async () => {
    const plans = await t.dataSource.getRepository(ActionPlan).findBy({ municipalityId: theirs.municipality.id });
    expect(plans.find((plan) => plan.id === theirs.plans.P1)).toMatchObject({ effect: 'improved', effectSetById: null, effectComment: null });
    const links = await t.dataSource.query('SELECT count(*)::int AS links FROM action_plan_finding WHERE finding_id = $1', [theirFinding]);
    expect(links).toEqual([{ links: 0 }]);
  });

  // The positive control, after the check that nothing changed: each request that names only the
  // owner's ids succeeds for the owner's manager, so the 404s above are the tenant boundary and not a
  // broken route. (The two that mix our plan with their finding have no such owner.)
  it.each(
    routes.filter(([, what]) => !what.includes('our plan')).map(([method, what, path, body, headers]) => ({ method, what, path, body, headers })),
  )('$method on $what succeeds for the municipality that owns it', async ({ method, path, body, headers }) => {
    let call = t.http[method](path()).set(as(t, theirs.manager));
    if (headers) call = call.set(headers);
    const response = await (body ? call.send(body()) : call);
    expect([200, 201]).toContain(response.status);
  });

  it('answers 400 to a malformed id on every route, before any query', async () => {
    const calls = [
      t.http.get('/api/evaluations/123/follow-up'),
      t.http.get('/api/evaluations/123/comparison'),
      t.http.get('/api/evaluations/123/carry-over'),
      t.http.post('/api/evaluations/123/carry-over').send({ actionPlanId: ours.plans.P3, findingId: theirFinding }),
      t.http.post('/api/evaluations/123/effects'),
      t.http.put('/api/action-plans/123/effect').send({ effect: 'improved', comment: 'Bra jobbat' }),
    ];
    for (const call of calls) {
      const response = await call.set(as(t, intruder));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('INVALID_ID');
    }
  });

  it('gives 403 to viewers and owners on every write', async () => {
    for (const user of [ours.viewer, ours.owner]) {
      await t.http.post(`/api/evaluations/${ours.after}/carry-over`).set(as(t, user)).send({ actionPlanId: ours.plans.P3, findingId: ours.findings.A }).expect(403);
      await t.http.post(`/api/evaluations/${ours.after}/effects`).set(as(t, user)).expect(403);
      await t.http.put(`/api/action-plans/${ours.plans.P3}/effect`).set(as(t, user)).send({ effect: 'improved', comment: 'Bra jobbat' }).expect(403);
    }
  });

  it('lets viewers read', async () => {
    await t.http.get(`/api/evaluations/${ours.before}/follow-up`).set(as(t, ours.viewer)).expect(200);
    await t.http.get(`/api/evaluations/${ours.after}/comparison`).set(as(t, ours.viewer)).expect(200);
    await t.http.get(`/api/evaluations/${ours.after}/carry-over`).set(as(t, ours.viewer)).expect(200);
  });

  it('documents every follow-up route with its request and response types', async () => {
    const document = (await t.http.get('/api/docs-json').expect(200)).body;
    const operation = (method: string, path: string) => document.paths[path]?.[method];
    const schemaOf = (method: string, path: string, status: string) => JSON.stringify(operation(method, path)?.responses?.[status]);
    expect(schemaOf('get', '/api/evaluations/{id}/follow-up', '200')).toContain('FollowUpDossierDoc');
    expect(Object.keys(operation('get', '/api/evaluations/{id}/follow-up').responses['200'].content)).toEqual(['application/json', 'text/html']);
    expect(schemaOf('get', '/api/evaluations/{id}/comparison', '200')).toContain('ComparisonDoc');
    expect(schemaOf('get', '/api/evaluations/{id}/carry-over', '200')).toContain('CarryOverViewDoc');
    expect(schemaOf('post', '/api/evaluations/{id}/carry-over', '201')).toContain('ActionPlanView');
    expect(JSON.stringify(operation('post', '/api/evaluations/{id}/carry-over').requestBody)).toContain('CarryOverDto');
    expect(schemaOf('post', '/api/evaluations/{id}/effects', '200')).toContain('EffectResultDoc');
    expect(JSON.stringify(operation('put', '/api/action-plans/{id}/effect').requestBody)).toContain('OverrideEffectDto');
    expect(document.components.schemas.OverrideEffectDto.required).toEqual(['effect', 'comment']);
  });

  it('needs a login', async () => {
    await t.http.get(`/api/evaluations/${ours.before}/follow-up`).expect(401);
    await t.http.get(`/api/evaluations/${ours.after}/comparison`).expect(401);
  });
});
