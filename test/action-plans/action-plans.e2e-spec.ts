import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { ActionPlan } from '../../src/modules/action-plans/plans/action-plan.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { ImportedFinding, importAvesta } from '../utils/fixtures';
import { createTestApp, TestApp } from '../utils/test-app';

describe('action plans', () => {
  let t: TestApp;
  let manager: User;
  let owner: User;
  let otherOwner: User;
  let viewer: User;
  let evaluationId: string;
  let findings: ImportedFinding[];
  let foreignFindingId: string;
  let foreignUser: User;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const weakness = () => findings.find((finding) => finding.kind === 'weakness' && finding.areaNumber === 2)!;
  const improvement = () => findings.find((finding) => finding.kind === 'improvement' && finding.areaNumber === 2)!;
  const strength = () => findings.find((finding) => finding.kind === 'strength')!;
  const planBody = (overrides: Record<string, unknown> = {}) => ({
    title: 'Inför ett servicecenter',
    ownerId: owner.id,
    dueDate: '2027-06-30',
    unit: 'Kommunledningskontoret',
    findingIds: [weakness().id],
    targets: [{ questionCode: '2.3', expectedPoints: 3 }],
    ...overrides,
  });
  const createPlan = async (overrides: Record<string, unknown> = {}) =>
    (await t.http.post('/api/action-plans').set(as(manager)).send(planBody(overrides)).expect(201)).body;
  const planCount = () => t.dataSource.getRepository(ActionPlan).count();

  beforeAll(async () => {
    t = await createTestApp();
    const avesta = await makeMunicipality(t.dataSource, { code: '2084' });
    manager = await makeUser(t.dataSource, avesta, 'manager');
    owner = await makeUser(t.dataSource, avesta, 'owner', { name: 'Olle Ägare' });
    otherOwner = await makeUser(t.dataSource, avesta, 'owner');
    viewer = await makeUser(t.dataSource, avesta, 'viewer');
    ({ evaluationId, findings } = await importAvesta(t.http, t.tokenFor(manager)));

    const elsewhere = await makeMunicipality(t.dataSource);
    const foreignManager = await makeUser(t.dataSource, elsewhere, 'manager');
    foreignUser = await makeUser(t.dataSource, elsewhere, 'owner');
    const foreignEvaluation = (
      await t.http.post('/api/evaluations').set(as(foreignManager)).send({ frameworkKey: 'kommunkompassen-2010', title: 'X', conductedOn: '2015-01-01' }).expect(201)
    ).body;
    foreignFindingId = (
      await t.http.post(`/api/evaluations/${foreignEvaluation.id}/findings`).set(as(foreignManager)).send({ areaNumber: 2, kind: 'weakness', text: 'Deras svaghet' }).expect(201)
    ).body.id;
  });

  afterAll(() => t.close());

  describe('creating', () => {
    it('links a plan to a weakness, with an owner, a deadline and a target, and audits it', async () => {
      const plan = await createPlan();
      expect(plan).toMatchObject({
        title: 'Inför ett servicecenter',
        owner: { id: owner.id, name: 'Olle Ägare' },
        dueDate: '2027-06-30',
        status: 'planned',
        health: null,
        progress: 0,
        priority: 'medium',
        version: 1,
        findings: [{ id: weakness().id, areaNumber: 2, kind: 'weakness', evaluationId }],
        targets: [{ questionCode: '2.3', expectedPoints: 3 }],
      });
      const [event] = await t.dataSource.getRepository(AuditEvent).findBy({ entityId: plan.id });
      expect(event).toMatchObject({ action: 'create', actorId: manager.id, entityType: 'action-plan' });
      expect(event.changes.findingIds).toEqual({ after: [weakness().id] });
    });

    it('refuses to link a strength (422 naming findingIds, as dismissing one) and saves nothing', async () => {
      const before = await planCount();
      const response = await t.http.post('/api/action-plans').set(as(manager)).send(planBody({ findingIds: [weakness().id, strength().id] })).expect(422);
      expect(response.body.code).toBe('ACTION_PLAN.FINDING_NOT_ACTIONABLE');
      expect(response.body.details).toEqual([expect.objectContaining({ field: 'findingIds', message: expect.stringContaining('strength') })]);
      expect(await planCount()).toBe(before);
    });

    it("answers 404 naming findingIds for another municipality's finding, and saves nothing", async () => {
      const before = await planCount();
      const response = await t.http.post('/api/action-plans').set(as(manager)).send(planBody({ findingIds: [foreignFindingId] })).expect(404);
      expect(response.body).toMatchObject({ code: 'ACTION_PLAN.FINDING_NOT_FOUND', details: [{ field: 'findingIds' }] });
      expect(await planCount()).toBe(before);
    });

    it('answers 404 for an owner from another municipality (as for a finding) and 422 for a deactivated one, naming ownerId', async () => {
      const before = await planCount();
      const foreign = await t.http.post('/api/action-plans').set(as(manager)).send(planBody({ ownerId: foreignUser.id })).expect(404);
      expect(foreign.body).toMatchObject({ code: 'ACTION_PLAN.OWNER_NOT_FOUND', details: [expect.objectContaining({ field: 'ownerId' })] });
      const leaver = await makeUser(t.dataSource, { id: owner.municipalityId }, 'owner', { active: false });
      const inactive = await t.http.post('/api/action-plans').set(as(manager)).send(planBody({ ownerId: leaver.id })).expect(422);
      expect(inactive.body).toMatchObject({ code: 'ACTION_PLAN.OWNER_CANNOT_ACT', details: [expect.objectContaining({ field: 'ownerId' })] });
      expect(await planCount()).toBe(before);
    });

    it.each([
      [{ title: '' }, 'title'],
      [{ dueDate: '30/6 2027' }, 'dueDate'],
      [{ dueDate: undefined }, 'dueDate'],
      [{ startDate: '2027-07-01' }, 'dueDate'],
      [{ findingIds: [] }, 'findingIds'],
      [{ findingIds: ['nope'] }, 'findingIds'],
      [{ ownerId: 'nobody' }, 'ownerId'],
      [{ priority: 'urgent' }, 'priority'],
      [{ targets: [{ questionCode: '9.9', expectedPoints: 2 }] }, 'targets[0].questionCode'],
      [{ targets: [{ questionCode: '2.3', expectedPoints: 16 }] }, 'targets[0].expectedPoints'],
      [{ targets: [{ questionCode: '2.3', expectedPoints: 'tre' }] }, 'targets[0].expectedPoints'],
      [{ status: 'completed' }, 'status'],
      [{ municipalityId: '00000000-0000-4000-8000-000000000000' }, 'municipalityId'],
    ])('rejects %p with a 400 naming %s, and saves nothing', async (change, field) => {
      const before = await planCount();
      const response = await t.http.post('/api/action-plans').set(as(manager)).send(planBody(change)).expect(400);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
      expect(await planCount()).toBe(before);
    });

    it('names a due date before the start date together with the other problems of the body, in one answer', async () => {
      const response = await t.http.post('/api/action-plans').set(as(manager)).send(planBody({ title: '', startDate: '2027-07-01', dueDate: '2027-06-30' })).expect(400);
      expect(response.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'title' }), { field: 'dueDate', message: 'dueDate must not be before startDate' }]),
      );
    });

    it('gives 403 to owners and viewers creating plans', async () => {
      await t.http.post('/api/action-plans').set(as(owner)).send(planBody()).expect(403);
      await t.http.post('/api/action-plans').set(as(viewer)).send(planBody()).expect(403);
    });
  });

  describe('changing with optimistic locking', () => {
    it('changes with the current version (body or If-Match) and raises it', async () => {
      const plan = await createPlan();
      const first = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ version: 1, dueDate: '2027-09-30' }).expect(200);
      expect(first.body).toMatchObject({ dueDate: '2027-09-30', version: 2 });
      expect(first.headers.etag).toBe('"2"');
      const second = await t.http
        .patch(`/api/action-plans/${plan.id}`)
        .set(as(manager))
        .set('If-Match', '"2"')
        .send({ findingIds: [weakness().id, improvement().id], targets: [] })
        .expect(200);
      expect(second.body.version).toBe(3);
      expect(second.body.findings.map((finding: { id: string }) => finding.id).sort()).toEqual([weakness().id, improvement().id].sort());
      expect(second.body.targets).toEqual([]);
      const events = await t.dataSource.getRepository(AuditEvent).find({ where: { entityId: plan.id, action: 'update' }, order: { createdAt: 'ASC' } });
      expect(events[0].changes).toEqual({ dueDate: { before: '2027-06-30', after: '2027-09-30' } });
      expect(Object.keys(events[1].changes).sort()).toEqual(['findingIds', 'targets']);
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const plan = await createPlan();
      await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ version: 1, title: 'Först' }).expect(200);
      const stale = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ version: 1, title: 'Sist' }).expect(409);
      expect(stale.body).toMatchObject({ code: 'ACTION_PLAN.VERSION_CONFLICT', details: [{ field: 'version', currentVersion: 2 }] });
      const stored = await t.http.get(`/api/action-plans/${plan.id}`).set(as(viewer)).expect(200);
      expect(stored.body).toMatchObject({ title: 'Först', version: 2 });
    });

    it('refuses a body version and an If-Match that disagree (400 naming version) and changes nothing', async () => {
      const plan = await createPlan();
      await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ version: 1, title: 'Först' }).expect(200);
      const mixed = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).set('If-Match', '"1"').send({ version: 2, title: 'Sist' }).expect(400);
      expect(mixed.body.details).toEqual([{ field: 'version', message: expect.stringContaining('name different versions') }]);
      expect((await t.http.get(`/api/action-plans/${plan.id}`).set(as(viewer)).expect(200)).body).toMatchObject({ title: 'Först', version: 2 });
      // The same version in both is fine.
      await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).set('If-Match', '"2"').send({ version: 2, title: 'Sist' }).expect(200);
    });

    it('needs a version (428)', async () => {
      const plan = await createPlan();
      const response = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ title: 'Utan version' }).expect(428);
      expect(response.body.code).toBe('ACTION_PLAN.VERSION_REQUIRED');
    });

    it('lets exactly one of two concurrent changes of one version win', async () => {
      const plan = await createPlan();
      // A second connection holds the plan's row lock, so both changes are in flight at once, each
      // read as of version 1, before either can write: the race is forced, not left to timing.
      const holder = t.dataSource.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      await holder.query('SELECT id FROM action_plan WHERE id = $1 FOR UPDATE', [plan.id]);
      const waiting = async () =>
        (
          await t.dataSource.query<{ waiting: number }[]>(
            // This file's database serves this test alone at this moment, so every lock wait is one of the two.
            `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        )[0].waiting;
      const requests = ['Lag A', 'Lag B'].map((title) => t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ version: 1, title }).then((response) => response));
      try {
        const deadline = Date.now() + 20_000;
        while ((await waiting()) < 2) {
          if (Date.now() > deadline) throw new Error('the two changes never both waited for the row');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await holder.commitTransaction();
        await holder.release();
      }
      const responses = await Promise.all(requests);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
      const winner = responses.find((response) => response.status === 200)!.body.title;
      const loser = responses.find((response) => response.status === 409)!;
      expect(loser.body.code).toBe('ACTION_PLAN.VERSION_CONFLICT');
      const stored = await t.http.get(`/api/action-plans/${plan.id}`).set(as(viewer)).expect(200);
      expect(stored.body).toMatchObject({ title: winner, version: 2 });
    });
  });

  describe('progress updates', () => {
    it('lets the owner post; the history is newest first and the plan follows the latest', async () => {
      const plan = await createPlan();
      await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'on_track', progress: 20, comment: 'Förstudie klar' }).expect(201);
      const second = await t.http
        .post(`/api/action-plans/${plan.id}/updates`)
        .set(as(owner))
        .send({ health: 'at_risk', progress: 35, comment: 'Budgeten är inte beslutad; tas upp i KS i mars' })
        .expect(201);
      expect(second.body).toMatchObject({ status: 'in_progress', health: 'at_risk', progress: 35, author: { id: owner.id, name: 'Olle Ägare' } });

      const history = await t.http.get(`/api/action-plans/${plan.id}/updates`).set(as(viewer)).expect(200);
      expect(history.body.total).toBe(2);
      expect(history.body.items.map((update: { progress: number }) => update.progress)).toEqual([35, 20]);

      const current = await t.http.get(`/api/action-plans/${plan.id}`).set(as(viewer)).expect(200);
      expect(current.body).toMatchObject({
        status: 'in_progress',
        health: 'at_risk',
        progress: 35,
        latestComment: 'Budgeten är inte beslutad; tas upp i KS i mars',
        lastUpdateAt: second.body.createdAt,
        version: 3,
      });
    });

    it('gives 403 to a viewer and to another owner', async () => {
      const plan = await createPlan();
      await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(viewer)).send({ health: 'on_track', progress: 10 }).expect(403);
      await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(otherOwner)).send({ health: 'on_track', progress: 10 }).expect(403);
      await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(manager)).send({ health: 'on_track', progress: 10 }).expect(201);
    });

    it.each([
      [{ health: 'off_track', progress: 10 }, 'comment'],
      [{ health: 'at_risk', progress: 10, comment: '  ' }, 'comment'],
      [{ health: 'green', progress: 10 }, 'health'],
      [{ health: 'on_track', progress: 101 }, 'progress'],
      [{ health: 'on_track', progress: 12.5 }, 'progress'],
      [{ health: 'on_track' }, 'progress'],
      [{ health: 'on_track', progress: 5, status: 'done' }, 'status'],
    ])('rejects %p with a 400 naming %s, and the plan does not move', async (body, field) => {
      const plan = await createPlan();
      const response = await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send(body).expect(400);
      expect(response.body.details).toEqual([expect.objectContaining({ field })]);
      const current = await t.http.get(`/api/action-plans/${plan.id}`).set(as(viewer)).expect(200);
      expect(current.body).toMatchObject({ status: 'planned', progress: 0, version: 1 });
    });

    it('completes a plan at 100 %; a closed plan takes no updates until a manager reopens it', async () => {
      const plan = await createPlan();
      const short = await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ status: 'completed', health: 'on_track', progress: 80 }).expect(400);
      expect(short.body.details).toEqual([{ field: 'progress', message: 'progress must be 100 when status is completed' }]);
      const done = await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ status: 'completed', health: 'on_track', progress: 100 }).expect(201);
      expect(done.body.progress).toBe(100);
      const completed = await t.http.get(`/api/action-plans/${plan.id}`).set(as(viewer)).expect(200);
      expect(completed.body).toMatchObject({ status: 'completed', progress: 100, completedAt: expect.any(String) });

      for (const author of [owner, manager]) {
        const refused = await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(author)).send({ health: 'at_risk', progress: 50, comment: 'Mer behövs' }).expect(409);
        expect(refused.body).toMatchObject({ code: 'ACTION_PLAN.CLOSED', message: expect.stringContaining('completed') });
      }
      expect((await t.http.get(`/api/action-plans/${plan.id}/updates`).set(as(viewer)).expect(200)).body.total).toBe(1);
      await t.http.patch(`/api/action-plans/${plan.id}`).set(as(owner)).send({ status: 'in_progress', version: completed.body.version }).expect(403);
      await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ status: 'in_progress', version: completed.body.version }).expect(200);
      await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'at_risk', progress: 90, comment: 'Mer behövs' }).expect(201);
      const reopened = await t.http.get(`/api/action-plans/${plan.id}`).set(as(viewer)).expect(200);
      expect(reopened.body).toMatchObject({ status: 'in_progress', health: 'at_risk', progress: 90, completedAt: null });
    });

    it('applies concurrent updates one after the other and loses none', async () => {
      const plan = await createPlan();
      const responses = await Promise.all(
        [10, 20, 30, 40, 50].map((progress) => t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'on_track', progress })),
      );
      expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
      const history = await t.http.get(`/api/action-plans/${plan.id}/updates`).set(as(viewer)).expect(200);
      expect(history.body.total).toBe(5);
      const current = await t.http.get(`/api/action-plans/${plan.id}`).set(as(viewer)).expect(200);
      expect(current.body.version).toBe(6);
      expect(current.body.progress).toBe(history.body.items[0].progress);
    });

    it('pages the history newest first, each page with the number of updates, also past the end', async () => {
      const plan = await createPlan();
      for (const progress of [10, 20, 30]) {
        await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'on_track', progress }).expect(201);
      }
      const page = async (query: string) => (await t.http.get(`/api/action-plans/${plan.id}/updates?${query}`).set(as(viewer)).expect(200)).body as { items: { progress: number }[]; total: number };
      const first = await page('limit=2');
      expect([first.items.map((item) => item.progress), first.total]).toEqual([[30, 20], 3]);
      const second = await page('limit=2&offset=2');
      expect([second.items.map((item) => item.progress), second.total]).toEqual([[10], 3]);
      expect(await page('limit=2&offset=5')).toEqual({ items: [], total: 3 });
    });
  });

  describe('deleting', () => {
    it('deletes a planned plan without updates, and refuses once work has started (409: cancel instead)', async () => {
      const untouched = await createPlan();
      await t.http.delete(`/api/action-plans/${untouched.id}`).set(as(manager)).expect(204);
      await t.http.get(`/api/action-plans/${untouched.id}`).set(as(viewer)).expect(404);

      const started = await createPlan();
      await t.http.post(`/api/action-plans/${started.id}/updates`).set(as(owner)).send({ health: 'on_track', progress: 0 }).expect(201);
      const refused = await t.http.delete(`/api/action-plans/${started.id}`).set(as(manager)).expect(409);
      expect(refused.body).toMatchObject({ code: 'ACTION_PLAN.NOT_DELETABLE', message: expect.stringContaining('cancel') });

      const cancelled = await t.http.patch(`/api/action-plans/${started.id}`).set(as(manager)).send({ version: 2, status: 'cancelled', cancellationReason: 'Ersätts av en annan åtgärd' }).expect(200);
      expect(cancelled.body.status).toBe('cancelled');
    });

    it('refuses to delete a finding or an evaluation that action plans link to (409)', async () => {
      await createPlan();
      const finding = await t.http.delete(`/api/findings/${weakness().id}`).set(as(manager)).expect(409);
      expect(finding.body.code).toBe('FINDING.HAS_ACTION_PLANS');
      const evaluation = await t.http.delete(`/api/evaluations/${evaluationId}`).set(as(manager)).expect(409);
      expect(evaluation.body.code).toBe('EVALUATION.HAS_ACTION_PLANS');
      await t.http.get(`/api/evaluations/${evaluationId}`).set(as(viewer)).expect(200);
    });
  });

  describe("another municipality's plans", () => {
    it('do not exist for the caller: 404 on every route', async () => {
      const plan = await createPlan();
      const intruder = await makeUser(t.dataSource, { id: foreignUser.municipalityId }, 'admin');
      await t.http.get(`/api/action-plans/${plan.id}`).set(as(intruder)).expect(404);
      await t.http.patch(`/api/action-plans/${plan.id}`).set(as(intruder)).send({ version: 1, title: 'Kapad' }).expect(404);
      await t.http.delete(`/api/action-plans/${plan.id}`).set(as(intruder)).expect(404);
      await t.http.get(`/api/action-plans/${plan.id}/updates`).set(as(intruder)).expect(404);
      await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(intruder)).send({ health: 'on_track', progress: 5 }).expect(404);
      const list = await t.http.get('/api/action-plans').set(as(intruder)).expect(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(plan.id);
      const stored = await t.http.get(`/api/action-plans/${plan.id}`).set(as(viewer)).expect(200);
      expect(stored.body).toMatchObject({ title: plan.title, version: 1 });
    });
  });
});
