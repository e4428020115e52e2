import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { ActionPlan } from '../../src/modules/action-plans/plans/action-plan.entity';
import { EvaluationsService } from '../../src/modules/evaluations/evaluations/evaluations.service';
import { createTestApp, TestApp } from '../utils/test-app';
import { as, buildFollowUpFixture, FollowUpFixture } from './follow-up-fixture';

describe("action plans' effect, derived when the follow-up is published", () => {
  let t: TestApp;
  let f: FollowUpFixture;
  const effects = async () => {
    const rows = await t.dataSource.getRepository(ActionPlan).findBy({ municipalityId: f.municipality.id });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return Object.fromEntries(Object.entries(f.plans).map(([key, id]) => [key, byId.get(id)!.effect]));
  };
  const plan = async (id: string) => (await t.http.get(`/api/action-plans/${id}`).set(as(t, f.viewer)).expect(200)).body;
  const auditOf = (id: string) => t.dataSource.getRepository(AuditEvent).find({ where: { entityType: 'action-plan', entityId: id }, order: { createdAt: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp();
    f = await buildFollowUpFixture(t);
  });

  afterAll(() => t.close());

  it('sets no effect before the follow-up is published', async () => {
    expect(Object.values(await effects())).toEqual([null, null, null, null, null, null]);
    const response = await t.http.post(`/api/evaluations/${f.after}/effects`).set(as(t, f.manager)).expect(409);
    expect(response.body.code).toBe('FOLLOW_UP.NOT_PUBLISHED');
  });

  it("keeps a manager's override made before publishing, with the comment, and audits it", async () => {
    const before = await plan(f.plans.P4);
    const response = await t.http
      .put(`/api/action-plans/${f.plans.P4}/effect`)
      .set(as(t, f.manager))
      .send({ effect: 'improved', comment: '  Servicecentret öppnade 2017 och syns i 2.3.  ' })
      .expect(200);
    expect(response.body).toMatchObject({
      effect: 'improved',
      effectComment: 'Servicecentret öppnade 2017 och syns i 2.3.',
      effectSetBy: { id: f.manager.id, name: 'Mia Chef' },
      version: before.version + 1,
    });
    const [event] = (await auditOf(f.plans.P4)).filter((entry) => 'effect' in entry.changes);
    expect(event).toMatchObject({ actorId: f.manager.id, action: 'update' });
    expect(event.changes).toMatchObject({
      effect: { before: null, after: 'improved' },
      effectComment: { before: null, after: 'Servicecentret öppnade 2017 och syns i 2.3.' },
      effectSetById: { before: null, after: f.manager.id },
    });
  });

  it('derives each plan’s effect from its targets when the follow-up is published', async () => {
    await t.http.post(`/api/evaluations/${f.after}/publish`).set(as(t, f.manager)).expect(200);
    expect(await effects()).toEqual({
      P1: 'improved', // 1.1 rose 5 → 8
      P2: 'unchanged', // 1.2 stayed at 10
      P3: 'improved', // 1.1
      P4: 'improved', // no target (would be unknown), but the manager's override stays
      P5: 'improved', // 2.1 rose 3 → 7 (the plan was cancelled; the effect describes its target's score)
      P6: 'unknown', // no target
    });
    const p4 = await plan(f.plans.P4);
    expect(p4).toMatchObject({ effect: 'improved', effectComment: 'Servicecentret öppnade 2017 och syns i 2.3.', effectSetBy: { id: f.manager.id } });
    // Written by the publish's own transaction: the rows carry its transaction id.
    const [{ xmin: published }] = await t.dataSource.query('SELECT xmin::text FROM evaluation WHERE id = $1', [f.after]);
    const derived = await t.dataSource.query('SELECT DISTINCT xmin::text FROM action_plan WHERE id = ANY($1)', [[f.plans.P1, f.plans.P2, f.plans.P6]]);
    expect(derived).toEqual([{ xmin: published }]);
  });

  it('audits each derived effect as a change by whoever published, and raises the version', async () => {
    const [event] = (await auditOf(f.plans.P2)).filter((entry) => 'effect' in entry.changes);
    expect(event).toMatchObject({ actorId: f.manager.id, changes: { effect: { before: null, after: 'unchanged' } } });
    expect((await plan(f.plans.P2)).effectSetBy).toBeNull();
  });

  it('changes nothing when published again', async () => {
    const versions = async () => (await t.dataSource.getRepository(ActionPlan).findBy({ municipalityId: f.municipality.id })).map((row) => [row.id, row.version, row.effect]).sort();
    const before = await versions();
    await t.http.post(`/api/evaluations/${f.after}/publish`).set(as(t, f.manager)).expect(200);
    expect(await versions()).toEqual(before);
  });

  it('derives again on request after a score is corrected, still leaving overrides alone', async () => {
    await t.http
      .put(`/api/action-plans/${f.plans.P1}/effect`)
      .set(as(t, f.manager))
      .send({ effect: 'unchanged', comment: 'Höjningen på 1.1 kom av den nya webbplatsen, inte av åtgärden.' })
      .expect(200);
    await t.http.put(`/api/evaluations/${f.after}/scores`).set(as(t, f.manager)).send([{ questionCode: '1.2', achievedPoints: 12 }]).expect(200);
    const response = await t.http.post(`/api/evaluations/${f.after}/effects`).set(as(t, f.manager)).expect(200);
    const items = Object.fromEntries(response.body.items.map((item: { actionPlanId: string }) => [item.actionPlanId, item]));
    expect(items[f.plans.P1]).toMatchObject({ effect: 'unchanged', derivedEffect: 'improved', overridden: true });
    expect(items[f.plans.P2]).toMatchObject({ effect: 'improved', derivedEffect: 'improved', overridden: false });
    expect(items[f.plans.P4]).toMatchObject({ effect: 'improved', derivedEffect: 'unknown', overridden: true });
    expect(await effects()).toEqual({ P1: 'unchanged', P2: 'improved', P3: 'improved', P4: 'improved', P5: 'improved', P6: 'unknown' });
  });

  it('makes an earlier version of the plan stale (409 on PATCH), as any change does', async () => {
    const current = await plan(f.plans.P3);
    await t.http.put(`/api/action-plans/${f.plans.P3}/effect`).set(as(t, f.manager)).send({ effect: 'declined', comment: 'Bedömning efter samtal med utvärderarna.' }).expect(200);
    await t.http.patch(`/api/action-plans/${f.plans.P3}`).set(as(t, f.manager)).send({ title: 'Ny titel', version: current.version }).expect(409);
  });

  it('lets only managers override or derive, and validates the body', async () => {
    const body = { effect: 'improved', comment: 'Min bedömning' };
    await t.http.put(`/api/action-plans/${f.plans.P6}/effect`).set(as(t, f.viewer)).send(body).expect(403);
    await t.http.put(`/api/action-plans/${f.plans.P6}/effect`).set(as(t, f.owner)).send(body).expect(403);
    await t.http.post(`/api/evaluations/${f.after}/effects`).set(as(t, f.viewer)).expect(403);
    const bad = async (payload: object, field: string) => {
      const response = await t.http.put(`/api/action-plans/${f.plans.P6}/effect`).set(as(t, f.manager)).send(payload).expect(400);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    };
    await bad({ effect: 'great', comment: 'Min bedömning' }, 'effect');
    await bad({ effect: 'improved' }, 'comment');
    await bad({ effect: 'improved', comment: '  ' }, 'comment');
    await bad({ ...body, effectSetById: f.viewer.id }, 'effectSetById');
    await t.http.put('/api/action-plans/not-a-uuid/effect').set(as(t, f.manager)).send(body).expect(400);
    await t.http.post('/api/evaluations/not-a-uuid/effects').set(as(t, f.manager)).expect(400);
    expect((await effects()).P6).toBe('unknown');
  });

  it('keeps no effect when the publish fails after deriving them: the evaluation stays a draft', async () => {
    t.app.get(EvaluationsService).registerPublishListener((_manager, _actor, evaluation) =>
      evaluation.title === 'Misslyckas' ? Promise.reject(new Error('a later step of publishing failed')) : Promise.resolve(),
    );
    const g = await buildFollowUpFixture(t);
    await t.http.patch(`/api/evaluations/${g.after}`).set(as(t, g.manager)).send({ title: 'Misslyckas' }).expect(200);
    await t.http.post(`/api/evaluations/${g.after}/publish`).set(as(t, g.manager)).expect(500);
    const [{ status }] = await t.dataSource.query('SELECT status FROM evaluation WHERE id = $1', [g.after]);
    expect(status).toBe('draft');
    const rows = await t.dataSource.getRepository(ActionPlan).findBy({ municipalityId: g.municipality.id });
    expect(rows.map((row) => row.effect)).toEqual([null, null, null, null, null, null]);
  });

  it('answers 409 FOLLOW_UP.NO_PREVIOUS_EVALUATION when deriving for an evaluation that follows up none', async () => {
    const response = await t.http.post(`/api/evaluations/${f.before}/effects`).set(as(t, f.manager)).expect(409);
    expect(response.body.code).toBe('FOLLOW_UP.NO_PREVIOUS_EVALUATION');
  });
});
