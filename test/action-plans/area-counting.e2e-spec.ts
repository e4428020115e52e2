import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { User } from '../../src/modules/identity/users/user.entity';

/**
 * Areas keep their plans after a follow-up: a plan belongs to the areas of all its findings,
 * whichever evaluation they come from.
 *
 * 2014: findings in areas 1, 4, 5 and 6. Plans:
 *   P1  area 1 finding, planned, later carried over to the 2018 finding of area 1 (still one plan in area 1)
 *   P4  area 4 finding, in progress, grön
 *   P46 area 4 and area 6 findings, in progress, gul (counted in both areas, once in the totals)
 *   P5  area 5 finding, completed
 * 2018 (the follow-up, published, the latest): one finding in area 1.
 */
describe('per-area plan counts after a follow-up', () => {
  let t: TestApp;
  let manager: User;
  let owner: User;
  let viewer: User;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });

  beforeAll(async () => {
    t = await createTestApp();
    const municipality = await makeMunicipality(t.dataSource);
    manager = await makeUser(t.dataSource, municipality, 'manager');
    owner = await makeUser(t.dataSource, municipality, 'owner');
    viewer = await makeUser(t.dataSource, municipality, 'viewer');
    const ok = async <T = { id: string }>(call: PromiseLike<{ status: number; body: T }>, status: number): Promise<T> => {
      const response = await call;
      if (response.status !== status) throw new Error(`answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const evaluation = (body: object) => ok(t.http.post('/api/evaluations').set(as(manager)).send({ frameworkKey: 'kommunkompassen-2010', ...body }), 201);
    const finding = async (evaluationId: string, areaNumber: number) =>
      (await ok(t.http.post(`/api/evaluations/${evaluationId}/findings`).set(as(manager)).send({ areaNumber, kind: 'weakness', text: `Svaghet i område ${areaNumber}` }), 201)).id;
    const plan = async (title: string, findingIds: string[]) =>
      (await ok(t.http.post('/api/action-plans').set(as(manager)).send({ title, ownerId: owner.id, dueDate: '2030-06-30', findingIds }), 201)).id;
    const update = (planId: string, body: object) => ok(t.http.post(`/api/action-plans/${planId}/updates`).set(as(owner)).send(body), 201);

    const first = await evaluation({ title: 'KommunKompassen 2014', conductedOn: '2014-12-01' });
    const [f1, f4, f5, f6] = [await finding(first.id, 1), await finding(first.id, 4), await finding(first.id, 5), await finding(first.id, 6)];
    await ok(t.http.post(`/api/evaluations/${first.id}/publish`).set(as(manager)), 200);
    const p1 = await plan('P1', [f1]);
    const p4 = await plan('P4', [f4]);
    const p46 = await plan('P46', [f4, f6]);
    const p5 = await plan('P5', [f5]);
    await update(p4, { health: 'on_track', progress: 30 });
    await update(p46, { health: 'at_risk', progress: 20, comment: 'Två förvaltningar ska enas om rutinen först' });
    await update(p5, { status: 'completed', health: 'on_track', progress: 100 });

    const followUp = await evaluation({ title: 'KommunKompassen 2018', conductedOn: '2018-11-01', previousEvaluationId: first.id });
    const g1 = await finding(followUp.id, 1);
    await ok(t.http.post(`/api/evaluations/${followUp.id}/publish`).set(as(manager)), 200);
    await ok(t.http.post(`/api/evaluations/${followUp.id}/carry-over`).set(as(manager)).send({ actionPlanId: p1, findingId: g1 }), 201);
  });

  afterAll(() => t.close());

  it('counts every plan in each area of its findings on the dashboard, and each plan once in the totals', async () => {
    const dashboard = (await t.http.get('/api/dashboard').set(as(viewer)).expect(200)).body;
    expect(dashboard.evaluation).toMatchObject({ title: 'KommunKompassen 2018' });
    const area = (number: number) => dashboard.areas.find((candidate: { number: number }) => candidate.number === number).actionPlans;
    expect(area(1)).toEqual({ byStatus: { planned: 1, in_progress: 0, completed: 0, cancelled: 0 }, byHealth: { on_track: 0, at_risk: 0, off_track: 0, none: 1 } });
    expect(area(4)).toEqual({ byStatus: { planned: 0, in_progress: 2, completed: 0, cancelled: 0 }, byHealth: { on_track: 1, at_risk: 1, off_track: 0, none: 0 } });
    expect(area(5)).toEqual({ byStatus: { planned: 0, in_progress: 0, completed: 1, cancelled: 0 }, byHealth: { on_track: 0, at_risk: 0, off_track: 0, none: 0 } });
    expect(area(6)).toEqual({ byStatus: { planned: 0, in_progress: 1, completed: 0, cancelled: 0 }, byHealth: { on_track: 0, at_risk: 1, off_track: 0, none: 0 } });
    for (const empty of [2, 3, 7, 8]) expect(Object.values(area(empty).byStatus)).toEqual([0, 0, 0, 0]);

    expect(dashboard.actionPlans).toEqual({
      byStatus: { planned: 1, in_progress: 2, completed: 1, cancelled: 0 },
      byHealth: { on_track: 1, at_risk: 1, off_track: 0, none: 1 },
    });
    // The areas add up to the totals plus the extra area of the one plan in two areas.
    expect(dashboard.plansInSeveralAreas).toEqual({ all: 1, active: 1 });
    const activeInAreas = dashboard.areas.reduce(
      (sum: number, row: { actionPlans: { byStatus: Record<string, number> } }) => sum + row.actionPlans.byStatus.planned + row.actionPlans.byStatus.in_progress,
      0,
    );
    expect(activeInAreas).toBe(dashboard.attention.active + dashboard.plansInSeveralAreas.active);
  });

  it('agrees with the list filtered by area', async () => {
    const dashboard = (await t.http.get('/api/dashboard').set(as(viewer)).expect(200)).body;
    for (const row of dashboard.areas as { number: number; actionPlans: { byStatus: Record<string, number> } }[]) {
      const list = await t.http.get(`/api/action-plans?areaNumber=${row.number}&limit=1`).set(as(viewer)).expect(200);
      expect([row.number, list.body.total]).toEqual([row.number, Object.values(row.actionPlans.byStatus).reduce((a, b) => a + b, 0)]);
    }
  });

  it("shows the same per-area rows in the leadership digest, and says how they relate to the total", async () => {
    const preview = await t.http.get(`/api/digests/preview?kind=leadership&userId=${viewer.id}&format=json`).set(as(manager)).expect(200);
    const areas = preview.body.view.areas as { number: number; openPlans: number; health: Record<string, number> }[];
    expect(areas.map((row) => [row.number, row.openPlans])).toEqual([[1, 1], [2, 0], [3, 0], [4, 2], [5, 0], [6, 1], [7, 0], [8, 0]]);
    expect(areas.find((row) => row.number === 6)!.health).toEqual({ onTrack: 0, atRisk: 1, offTrack: 0, none: 0 });
    expect(preview.body.view.headline).toMatchObject({ active: 3, activeInSeveralAreas: 1 });

    const text = (await t.http.get(`/api/digests/preview?kind=leadership&userId=${viewer.id}&format=text`).set(as(manager)).expect(200)).text;
    expect(text).toContain('4. Ledarskap');
    expect(text).toMatch(/Alla områden, öppna åtgärder \(var och en en gång\): Grön 1, Gul 1, Röd 0, [^\n]* 1/);
    expect(text).toContain('räknas i vart och ett av dem men bara en gång i summan: 1 öppen åtgärd hör till mer än ett område');
    const html = (await t.http.get(`/api/digests/preview?kind=leadership&userId=${viewer.id}&format=html`).set(as(manager)).expect(200)).text;
    expect(html).toContain('Alla områden</th>');
    expect(html).toContain('1 öppen åtgärd hör till mer än ett område');
  });
});
