import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

interface ListedFinding {
  id: string;
  text: string;
  coverage: string | null;
  actionPlanIds: string[];
  dismissal: { reason: string } | null;
}

/**
 * Finding the work in one call: findings with their coverage, a user's own plans, and the
 * comparison that never answers a browser with JSON.
 *
 * 2014 (published): area 1 strength S1, improvement I1 (plan P1, in progress), weakness W1 (only
 * plan P2, cancelled); area 2 improvement I2 (dismissed), weakness W2 (plan P3 by the manager,
 * completed). 2018 (published, follows up 2014, the latest): area 1 weakness X1, no plan.
 */
describe('GET /api/findings, ownerId=me and the comparison for browsers', () => {
  let t: TestApp;
  let manager: User;
  let owner: User;
  let viewer: User;
  let first: string;
  let followUp: string;
  const ids: Record<string, string> = {};
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const texts = (items: ListedFinding[]) => items.map((item) => item.text);

  beforeAll(async () => {
    t = await createTestApp();
    const municipality = await makeMunicipality(t.dataSource);
    manager = await makeUser(t.dataSource, municipality, 'manager');
    owner = await makeUser(t.dataSource, municipality, 'owner');
    viewer = await makeUser(t.dataSource, municipality, 'viewer');
    const ok = async (call: PromiseLike<{ status: number; body: { id: string; version: number } }>, status = 201) => {
      const response = await call;
      if (response.status !== status) throw new Error(`answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const evaluation = async (body: object) => (await ok(t.http.post('/api/evaluations').set(as(manager)).send({ frameworkKey: 'kommunkompassen-2010', ...body }))).id;
    const finding = async (key: string, evaluationId: string, areaNumber: number, kind: string) => {
      ids[key] = (await ok(t.http.post(`/api/evaluations/${evaluationId}/findings`).set(as(manager)).send({ areaNumber, kind, text: key }))).id;
    };
    const plan = async (key: string, findingKey: string, ownerId: string) => {
      const created = await ok(t.http.post('/api/action-plans').set(as(manager)).send({ title: key, ownerId, dueDate: '2030-06-30', findingIds: [ids[findingKey]] }));
      ids[key] = created.id;
      return created;
    };

    first = await evaluation({ title: 'KommunKompassen 2014', conductedOn: '2014-12-01' });
    await finding('W1', first, 1, 'weakness');
    await finding('I1', first, 1, 'improvement');
    await finding('S1', first, 1, 'strength');
    await finding('W2', first, 2, 'weakness');
    await finding('I2', first, 2, 'improvement');
    await ok(t.http.post(`/api/evaluations/${first}/publish`).set(as(manager)), 200);
    await plan('P1', 'I1', owner.id);
    await t.http.post(`/api/action-plans/${ids.P1}/updates`).set(as(owner)).send({ health: 'on_track', progress: 40 }).expect(201);
    const p2 = await plan('P2', 'W1', owner.id);
    await ok(t.http.patch(`/api/action-plans/${ids.P2}`).set(as(manager)).send({ status: 'cancelled', cancellationReason: 'Ersatt av P1', version: p2.version }), 200);
    await plan('P3', 'W2', manager.id);
    await t.http.post(`/api/action-plans/${ids.P3}/updates`).set(as(manager)).send({ status: 'completed', health: 'on_track', progress: 100 }).expect(201);
    await t.http.put(`/api/findings/${ids.I2}/dismissal`).set(as(manager)).send({ reason: 'Hanteras i budgetprocessen' }).expect(200);

    followUp = await evaluation({ title: 'KommunKompassen 2018', conductedOn: '2018-11-01', previousEvaluationId: first });
    await finding('X1', followUp, 1, 'weakness');
    await ok(t.http.post(`/api/evaluations/${followUp}/publish`).set(as(manager)), 200);
  });

  afterAll(() => t.close());

  describe('GET /api/findings', () => {
    it('lists the latest published evaluation when none is named', async () => {
      const page = (await t.http.get('/api/findings').set(as(viewer)).expect(200)).body;
      expect(page.evaluation).toEqual({ id: followUp, title: 'KommunKompassen 2018', conductedOn: '2018-11-01', status: 'published' });
      expect(page.items).toEqual([expect.objectContaining({ text: 'X1', kind: 'weakness', coverage: 'uncovered', actionPlanIds: [] })]);
      expect(page.total).toBe(1);
    });

    it('gives each finding its coverage and linked plans, in report order', async () => {
      const page = (await t.http.get(`/api/findings?evaluationId=${first}`).set(as(viewer)).expect(200)).body;
      expect(page.total).toBe(5);
      expect(page.items.map((item: ListedFinding) => [item.text, item.coverage, item.actionPlanIds])).toEqual([
        ['S1', null, []],
        ['I1', 'covered', [ids.P1]],
        // Its only plan is cancelled: uncovered, the plan still listed.
        ['W1', 'uncovered', [ids.P2]],
        ['I2', 'dismissed', []],
        // A completed plan still covers it.
        ['W2', 'covered', [ids.P3]],
      ]);
      expect(page.items[3].dismissal).toMatchObject({ reason: 'Hanteras i budgetprocessen', byId: manager.id });
    });

    it('filters by coverage, area and kind, and pages', async () => {
      const list = async (query: string) => (await t.http.get(`/api/findings?evaluationId=${first}&${query}`).set(as(viewer)).expect(200)).body;
      expect(texts((await list('coverage=uncovered')).items)).toEqual(['W1']);
      expect(texts((await list('coverage=covered')).items)).toEqual(['I1', 'W2']);
      expect(texts((await list('coverage=dismissed')).items)).toEqual(['I2']);
      expect(texts((await list('areaNumber=2')).items)).toEqual(['I2', 'W2']);
      expect(texts((await list('kind=weakness')).items)).toEqual(['W1', 'W2']);
      expect(texts((await list('areaNumber=1&coverage=covered')).items)).toEqual(['I1']);
      const paged = await list('limit=2&offset=1');
      expect([paged.total, texts(paged.items)]).toEqual([5, ['I1', 'W1']]);
    });

    it('refuses bad filters with 400 naming the field, and another municipality’s evaluation with 404', async () => {
      for (const [query, field] of [
        ['coverage=partly', 'coverage'],
        ['kind=styrka', 'kind'],
        ['areaNumber=0', 'areaNumber'],
        ['evaluationId=2014', 'evaluationId'],
        ['limit=501', 'limit'],
      ]) {
        const refused = await t.http.get(`/api/findings?${query}`).set(as(viewer)).expect(400);
        expect(refused.body.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
      }
      const stranger = await makeUser(t.dataSource, await makeMunicipality(t.dataSource), 'manager');
      await t.http.get(`/api/findings?evaluationId=${first}`).set(as(stranger)).expect(404);
      // A municipality without a published evaluation has nothing to list.
      expect((await t.http.get('/api/findings').set(as(stranger)).expect(200)).body).toEqual({ evaluation: null, items: [], total: 0 });
      await t.http.get('/api/findings').expect(401);
    });
  });

  describe('ownerId=me', () => {
    it("lists the caller's own plans", async () => {
      const mine = async (user: User) =>
        ((await t.http.get('/api/action-plans?ownerId=me').set(as(user)).expect(200)).body.items as { title: string }[]).map((item) => item.title).sort();
      expect(await mine(owner)).toEqual(['P1', 'P2']);
      expect(await mine(manager)).toEqual(['P3']);
      expect(await mine(viewer)).toEqual([]);
      const refused = await t.http.get('/api/action-plans?ownerId=mig').set(as(owner)).expect(400);
      expect(refused.body.details).toEqual([{ field: 'ownerId', message: 'ownerId must be a UUID or me' }]);
    });
  });

  describe('the comparison', () => {
    it('answers JSON to programs and 406 to a browser, never JSON to a page', async () => {
      await t.http.get(`/api/evaluations/${followUp}/comparison`).set(as(viewer)).expect(200).expect('Content-Type', /json/);
      await t.http.get(`/api/evaluations/${followUp}/comparison`).set(as(viewer)).set('Accept', 'application/json').expect(200);
      for (const accept of ['text/html', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8']) {
        const refused = await t.http.get(`/api/evaluations/${followUp}/comparison`).set(as(viewer)).set('Accept', accept).expect(406);
        expect(refused.body).toMatchObject({ code: 'FOLLOW_UP.COMPARISON_JSON_ONLY', message: expect.stringContaining(`/evaluations/${followUp}/comparison`) });
      }
    });
  });
});
