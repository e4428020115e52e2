import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { as, buildFollowUpFixture, FollowUpFixture } from './follow-up-fixture';

interface CarryOverItem {
  actionPlan: { id: string; title: string; version: number; findings: { id: string }[] };
  carriedOver: boolean;
  suggestions: { match: string; finding: { id: string; text: string } }[];
}

/**
 * The fixture's open plans are P3 (target 1.1, linked to A in area 1) and P4 (no target, linked
 * to C about 2.3 in area 2); the others are completed or cancelled. New findings of 2018:
 *   n1.1 area 1 weakness on 1.1     n2.4 area 2 improvement on 2.4   n2.3 area 2 weakness on 2.3
 *   nStrength area 1 strength        nDismissed area 1 improvement, dismissed
 *   n5.1 area 5 weakness on 5.1 (no open plan works there)
 */
describe('carrying open action plans over to the follow-up evaluation', () => {
  let t: TestApp;
  let f: FollowUpFixture;
  const n: Record<string, string> = {};
  let versionBeforeCarryOver: number;
  const suggestions = async (): Promise<{ items: CarryOverItem[] }> =>
    (await t.http.get(`/api/evaluations/${f.after}/carry-over`).set(as(t, f.viewer)).expect(200)).body;
  const pairs = (items: CarryOverItem[]) => items.flatMap((item) => item.suggestions.map((suggestion) => [item.actionPlan.id, suggestion.finding.id, suggestion.match]));

  beforeAll(async () => {
    t = await createTestApp();
    // P4 is due first, so among plans with a same-sub-question suggestion it comes first.
    f = await buildFollowUpFixture(t, { dueDates: { P3: '2019-06-30', P4: '2019-03-31' } });
    const add = async (key: string, body: object) => {
      n[key] = (await t.http.post(`/api/evaluations/${f.after}/findings`).set(as(t, f.manager)).send(body).expect(201)).body.id;
    };
    await add('n1.1', { areaNumber: 1, kind: 'weakness', text: 'Resultaten når fortfarande inte medborgarna', questionCode: '1.1' });
    await add('n2.4', { areaNumber: 2, kind: 'improvement', text: 'Valfriheten kan öka', questionCode: '2.4' });
    await add('n2.3', { areaNumber: 2, kind: 'weakness', text: 'Servicecentret har korta öppettider', questionCode: '2.3' });
    await add('nStrength', { areaNumber: 1, kind: 'strength', text: 'Tydlig webbplats', questionCode: '1.1' });
    await add('nDismissed', { areaNumber: 1, kind: 'improvement', text: 'Fler dialogforum' });
    await add('n5.1', { areaNumber: 5, kind: 'weakness', text: 'Ingen effektivitetsstrategi', questionCode: '5.1' });
    await t.http.put(`/api/findings/${n.nDismissed}/dismissal`).set(as(t, f.manager)).send({ reason: 'Hanteras i medborgarlöftet' }).expect(200);
    await t.http.post(`/api/evaluations/${f.after}/publish`).set(as(t, f.manager)).expect(200);
  });

  afterAll(() => t.close());

  it('suggests the expected pairs: same sub-question first, then same area; never strengths, dismissed findings or closed plans', async () => {
    const { items } = await suggestions();
    expect(items.map((item) => item.actionPlan.id)).toEqual([f.plans.P4, f.plans.P3]);
    expect(pairs(items)).toEqual([
      [f.plans.P4, n['n2.3'], 'question'], // P4's finding C is about 2.3
      [f.plans.P4, n['n2.4'], 'area'],
      [f.plans.P3, n['n1.1'], 'question'], // P3 targets 1.1
    ]);
    expect(items.every((item) => !item.carriedOver)).toBe(true);
    // Each plan named as the plan itself reads: whose it is and where it stands.
    const p3 = (await t.http.get(`/api/action-plans/${f.plans.P3}`).set(as(t, f.viewer)).expect(200)).body;
    expect(items.find((item) => item.actionPlan.id === f.plans.P3)!.actionPlan).toMatchObject({
      title: p3.title,
      owner: p3.owner,
      status: p3.status,
      health: p3.health,
      progress: p3.progress,
      dueDate: p3.dueDate,
      version: p3.version,
    });
  });

  it('accepting one links the plan to the new finding too, keeps its history, raises its version and audits it', async () => {
    const before = (await t.http.get(`/api/action-plans/${f.plans.P4}`).set(as(t, f.viewer)).expect(200)).body;
    versionBeforeCarryOver = before.version;
    const history = (await t.http.get(`/api/action-plans/${f.plans.P4}/updates`).set(as(t, f.viewer)).expect(200)).body;
    const response = await t.http
      .post(`/api/evaluations/${f.after}/carry-over`)
      .set(as(t, f.manager))
      .send({ actionPlanId: f.plans.P4, findingId: n['n2.3'] })
      .expect(201);
    expect(response.body.findings.map((finding: { id: string }) => finding.id).sort()).toEqual([f.findings.C, n['n2.3']].sort());
    expect(response.body).toMatchObject({ version: before.version + 1, status: 'in_progress', progress: 30, latestComment: 'Försenat av upphandling' });
    const after = (await t.http.get(`/api/action-plans/${f.plans.P4}/updates`).set(as(t, f.viewer)).expect(200)).body;
    expect(after).toEqual(history);
    const events = await t.dataSource.getRepository(AuditEvent).find({ where: { entityType: 'action-plan', entityId: f.plans.P4 }, order: { createdAt: 'ASC' } });
    expect(events.at(-1)).toMatchObject({ actorId: f.manager.id, action: 'update', changes: { findingIds: { before: [f.findings.C], after: [f.findings.C, n['n2.3']] } } });
    // The plan now shows up under both evaluations.
    for (const evaluationId of [f.before, f.after]) {
      const list = (await t.http.get(`/api/action-plans?evaluationId=${evaluationId}`).set(as(t, f.viewer)).expect(200)).body.items;
      expect(list.map((plan: { id: string }) => plan.id)).toContain(f.plans.P4);
    }
  });

  it('then marks the plan carried over and drops the accepted pair from the suggestions', async () => {
    const { items } = await suggestions();
    const p4 = items.find((item) => item.actionPlan.id === f.plans.P4)!;
    expect(p4.carriedOver).toBe(true);
    expect(pairs(items)).toEqual([
      [f.plans.P3, n['n1.1'], 'question'],
      [f.plans.P4, n['n2.4'], 'area'],
    ]);
  });

  it('makes a change based on the earlier version stale, so the new link cannot be lost to it', async () => {
    await t.http.patch(`/api/action-plans/${f.plans.P4}`).set(as(t, f.manager)).send({ findingIds: [f.findings.C], version: versionBeforeCarryOver }).expect(409);
  });

  it('links by hand a finding nobody suggested', async () => {
    const response = await t.http.post(`/api/evaluations/${f.after}/carry-over`).set(as(t, f.manager)).send({ actionPlanId: f.plans.P3, findingId: n['n5.1'] }).expect(201);
    expect(response.body.findings.map((finding: { id: string }) => finding.id)).toContain(n['n5.1']);
  });

  it('refuses what cannot be carried over', async () => {
    const post = (body: object) => t.http.post(`/api/evaluations/${f.after}/carry-over`).set(as(t, f.manager)).send(body);
    expect((await post({ actionPlanId: f.plans.P4, findingId: n['n2.3'] }).expect(409)).body.code).toBe('ACTION_PLAN.ALREADY_LINKED');
    expect((await post({ actionPlanId: f.plans.P1, findingId: n['n1.1'] }).expect(409)).body.code).toBe('ACTION_PLAN.NOT_OPEN');
    expect((await post({ actionPlanId: f.plans.P5, findingId: n['n2.4'] }).expect(409)).body.code).toBe('ACTION_PLAN.NOT_OPEN');
    const strength = await post({ actionPlanId: f.plans.P3, findingId: n.nStrength }).expect(422);
    expect(strength.body.code).toBe('ACTION_PLAN.FINDING_NOT_ACTIONABLE');
    expect(strength.body.details[0]).toMatchObject({ field: 'findingId', message: expect.stringContaining('strength') });
    const oldFinding = await post({ actionPlanId: f.plans.P3, findingId: f.findings.B }).expect(422);
    expect(oldFinding.body).toMatchObject({ code: 'FOLLOW_UP.FINDING_NOT_IN_EVALUATION' });
    expect(oldFinding.body.details[0]).toMatchObject({ field: 'findingId', message: 'findingId must be a finding of this evaluation' });
    await post({ actionPlanId: '7a3f0f55-6a0b-4c57-9a53-1d1c1a1c1a1c', findingId: n['n1.1'] }).expect(404);
    await post({ actionPlanId: 'not-a-uuid', findingId: n['n1.1'] }).expect(400);
    await post({ actionPlanId: f.plans.P3, findingId: n['n1.1'], note: 'x' }).expect(400);
    await post({ actionPlanId: f.plans.P3 }).expect(400);
  });

  it('lets only managers carry plans over', async () => {
    const body = { actionPlanId: f.plans.P3, findingId: n['n1.1'] };
    await t.http.post(`/api/evaluations/${f.after}/carry-over`).set(as(t, f.viewer)).send(body).expect(403);
    await t.http.post(`/api/evaluations/${f.after}/carry-over`).set(as(t, f.owner)).send(body).expect(403);
  });

  it('answers 409 FOLLOW_UP.NO_PREVIOUS_EVALUATION for an evaluation that follows up none', async () => {
    expect((await t.http.get(`/api/evaluations/${f.before}/carry-over`).set(as(t, f.viewer)).expect(409)).body.code).toBe('FOLLOW_UP.NO_PREVIOUS_EVALUATION');
    const response = await t.http.post(`/api/evaluations/${f.before}/carry-over`).set(as(t, f.manager)).send({ actionPlanId: f.plans.P3, findingId: f.findings.A }).expect(409);
    expect(response.body.code).toBe('FOLLOW_UP.NO_PREVIOUS_EVALUATION');
  });

  it("does not link another municipality's plan or finding", async () => {
    const elsewhere = await makeMunicipality(t.dataSource);
    const theirManager = await makeUser(t.dataSource, elsewhere, 'manager');
    const theirEvaluation = (
      await t.http.post('/api/evaluations').set(as(t, theirManager)).send({ frameworkKey: 'kommunkompassen-2010', title: 'Deras', conductedOn: '2016-01-01' }).expect(201)
    ).body;
    const theirFinding = (
      await t.http.post(`/api/evaluations/${theirEvaluation.id}/findings`).set(as(t, theirManager)).send({ areaNumber: 1, kind: 'weakness', text: 'Deras' }).expect(201)
    ).body;
    const post = (body: object) => t.http.post(`/api/evaluations/${f.after}/carry-over`).set(as(t, f.manager)).send(body);
    await post({ actionPlanId: f.plans.P3, findingId: theirFinding.id }).expect(404);
    const links = await t.dataSource.query('SELECT count(*)::int AS links FROM action_plan_finding WHERE finding_id = $1', [theirFinding.id]);
    expect(links).toEqual([{ links: 0 }]);
  });
});
