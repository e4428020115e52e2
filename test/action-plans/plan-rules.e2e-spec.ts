import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser, TEST_PASSWORD } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

interface Plan {
  id: string;
  title: string;
  status: string;
  health: string | null;
  version: number;
  owner: { id: string };
  cancellation: { reason: string | null; at: string | null; by: { id: string; name: string } | null } | null;
}

/** The rules of an action plan's life: who cancels, who may own, when updates stop, what is required. */
describe('action plan rules', () => {
  let t: TestApp;
  let municipality: Municipality;
  let admin: User;
  let manager: User;
  let owner: User;
  let otherOwner: User;
  let viewer: User;
  let evaluationId: string;
  let findings: string[];
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  let count = 0;

  const createPlan = async (findingIndex = 0, ownerId = owner.id): Promise<Plan> => {
    count += 1;
    const response = await t.http
      .post('/api/action-plans')
      .set(as(manager))
      .send({ title: `Åtgärd ${count}`, ownerId, dueDate: '2030-06-30', findingIds: [findings[findingIndex]] });
    if (response.status !== 201) throw new Error(`create answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const getPlan = async (id: string): Promise<Plan> => (await t.http.get(`/api/action-plans/${id}`).set(as(viewer)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    municipality = await makeMunicipality(t.dataSource);
    admin = await makeUser(t.dataSource, municipality, 'admin');
    manager = await makeUser(t.dataSource, municipality, 'manager', { name: 'Mia Chef' });
    owner = await makeUser(t.dataSource, municipality, 'owner', { name: 'Olle Ägare' });
    otherOwner = await makeUser(t.dataSource, municipality, 'owner', { name: 'Stina Ersättare' });
    viewer = await makeUser(t.dataSource, municipality, 'viewer');
    const evaluation = await t.http
      .post('/api/evaluations')
      .set(as(manager))
      .send({ frameworkKey: 'kommunkompassen-2010', title: 'KommunKompassen 2025', conductedOn: '2025-10-01' })
      .expect(201);
    evaluationId = evaluation.body.id;
    findings = [];
    for (const [areaNumber, text] of [
      [2, 'Det saknas ett gemensamt servicecenter'],
      [3, 'Nämndernas uppföljning är inte enhetlig'],
      [4, 'Chefernas uppdrag är otydliga'],
    ] as const) {
      findings.push((await t.http.post(`/api/evaluations/${evaluationId}/findings`).set(as(manager)).send({ areaNumber, kind: 'weakness', text }).expect(201)).body.id);
    }
    await t.http.post(`/api/evaluations/${evaluationId}/publish`).set(as(manager)).expect(200);
  });

  afterAll(() => t.close());

  describe('cancelling is a decision, not a progress report', () => {
    let plan: Plan;

    beforeAll(async () => {
      plan = await createPlan(0);
      await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'on_track', progress: 20, comment: 'Lokal är bokad' }).expect(201);
    });

    it('refuses a cancellation posted as a progress update, by the owner or anyone', async () => {
      for (const author of [owner, manager]) {
        const refused = await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(author)).send({ status: 'cancelled', health: 'on_track', progress: 20 }).expect(400);
        expect(refused.body.details).toEqual([{ field: 'status', message: expect.stringContaining('only a manager cancels a plan') }]);
      }
      // The owner proposes it in a comment instead.
      await t.http
        .post(`/api/action-plans/${plan.id}/updates`)
        .set(as(owner))
        .send({ health: 'at_risk', progress: 20, comment: 'Föreslår att vi avbryter: e-tjänsteplattformen löser samma behov' })
        .expect(201);
      expect(await getPlan(plan.id)).toMatchObject({ status: 'in_progress', health: 'at_risk', cancellation: null });
    });

    it('needs a reason from the manager, and changes nothing without one', async () => {
      const current = await getPlan(plan.id);
      for (const body of [{}, { cancellationReason: '' }, { cancellationReason: '   ' }]) {
        const refused = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ status: 'cancelled', version: current.version, ...body }).expect(400);
        expect(refused.body.details).toEqual([{ field: 'cancellationReason', message: expect.stringMatching(/^cancellationReason is required/) }]);
      }
      await t.http.patch(`/api/action-plans/${plan.id}`).set(as(owner)).send({ status: 'cancelled', cancellationReason: 'Behövs inte', version: current.version }).expect(403);
      expect(await getPlan(plan.id)).toMatchObject({ status: 'in_progress', version: current.version });
    });

    it('shows a cancelled plan as cancelled with its reason, never with a traffic light', async () => {
      const before = (await t.http.get('/api/dashboard').set(as(viewer)).expect(200)).body;
      const areaTwo = (dashboard: { areas: { number: number; findings: { uncovered: number } }[] }) => dashboard.areas.find((area) => area.number === 2)!.findings;
      expect(areaTwo(before)).toMatchObject({ covered: 1, uncovered: 0 });

      const current = await getPlan(plan.id);
      const reason = 'Behovet täcks av den nya e-tjänsteplattformen';
      const cancelled = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ status: 'cancelled', cancellationReason: reason, version: current.version }).expect(200);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        health: null,
        cancellation: { reason, at: expect.any(String), by: { id: manager.id, name: 'Mia Chef' } },
      });

      // The list: no traffic light, and no traffic-light filter finds it.
      const listed = (await t.http.get(`/api/action-plans?findingId=${findings[0]}`).set(as(viewer)).expect(200)).body.items;
      expect(listed).toEqual([expect.objectContaining({ id: plan.id, status: 'cancelled', health: null })]);
      for (const health of ['on_track', 'at_risk', 'off_track']) {
        const filtered = (await t.http.get(`/api/action-plans?health=${health}`).set(as(viewer)).expect(200)).body.items as Plan[];
        expect(filtered.map((item) => item.id)).not.toContain(plan.id);
      }

      // The dashboard: the finding it answered is uncovered again, and no traffic light counts it.
      const after = (await t.http.get('/api/dashboard').set(as(viewer)).expect(200)).body;
      expect(areaTwo(after)).toMatchObject({ covered: 0, uncovered: 1 });
      expect(after.actionPlans.byStatus.cancelled).toBe(1);
      expect(Object.values(after.actionPlans.byHealth).reduce((a: number, b) => a + (b as number), 0)).toBe(after.attention.active);

      // The next leadership digest: under "Otäckta fynd", in the cancelled list with its reason, and no "→ Grön".
      const digest = await t.http.get(`/api/digests/preview?kind=leadership&userId=${viewer.id}&format=json`).set(as(manager)).expect(200);
      const view = digest.body.view;
      expect(view.uncoveredFindings.map((finding: { text: string }) => finding.text)).toContain('Det saknas ett gemensamt servicecenter');
      expect(view.changes.cancelled).toEqual([expect.objectContaining({ id: plan.id, status: 'cancelled', health: null, cancellationReason: reason })]);
      expect(view.changes.healthChanges.map((change: { plan: { id: string } }) => change.plan.id)).not.toContain(plan.id);
      const text = (await t.http.get(`/api/digests/preview?kind=leadership&userId=${viewer.id}&format=text`).set(as(manager)).expect(200)).text;
      expect(text).toMatch(/OTÄCKTA FYND \(\d\)\n\n- Område 2, svaghet: Det saknas ett gemensamt servicecenter\n/);
      expect(text).toContain(`Avbrutna åtgärder (1):\n- ${plan.title} · Olle Ägare\n  Skäl: ${reason}`);
      expect(text).not.toMatch(new RegExp(`${plan.title}\\n\\s+(Grön|Gul|Röd)`));

      // The dossier: cancelled, with the reason, no traffic light.
      const dossier = (await t.http.get(`/api/evaluations/${evaluationId}/follow-up`).set(as(viewer)).expect(200)).body;
      const dossierPlan = dossier.areas
        .flatMap((area: { findings: { actionPlans: { id: string }[] }[] }) => area.findings.flatMap((finding) => finding.actionPlans))
        .find((candidate: { id: string }) => candidate.id === plan.id);
      expect(dossierPlan).toMatchObject({ status: 'cancelled', health: null, cancellationReason: reason });
      const page = (await t.http.get(`/api/evaluations/${evaluationId}/follow-up`).set(as(viewer)).set('Accept', 'text/html').expect(200)).text;
      const row = page.slice(page.indexOf(plan.title), page.indexOf('</tr>', page.indexOf(plan.title)));
      expect(row).toContain(`Skäl: ${reason}`);
      expect(row).toContain('Avbruten');
      expect(row).not.toMatch(/Grön|Gul|Röd/);

      // The audit log keeps who cancelled and why.
      const audit = (await t.http.get(`/api/audit-events?entityType=action-plan&entityId=${plan.id}`).set(as(manager)).expect(200)).body.items;
      expect(audit[0].changes).toMatchObject({ status: { before: 'in_progress', after: 'cancelled' }, cancellationReason: { before: null, after: reason }, health: { before: 'at_risk', after: null } });
    });

    it('takes no progress on a cancelled plan until a manager reopens it, which gives back its latest traffic light', async () => {
      const refused = await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'on_track', progress: 30 }).expect(409);
      expect(refused.body.code).toBe('ACTION_PLAN.CLOSED');
      const current = await getPlan(plan.id);
      const reopened = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ status: 'in_progress', version: current.version }).expect(200);
      expect(reopened.body).toMatchObject({ status: 'in_progress', health: 'at_risk', cancellation: null });
      await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'on_track', progress: 30 }).expect(201);
    });

    it('refuses a cancellation reason without cancelling', async () => {
      const current = await getPlan(plan.id);
      const refused = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ cancellationReason: 'Varför inte', version: current.version }).expect(400);
      expect(refused.body.details).toEqual([{ field: 'cancellationReason', message: 'cancellationReason goes with status cancelled' }]);
    });
  });

  describe('updates after completion', () => {
    it('refuses progress on a completed plan with 409 ACTION_PLAN.CLOSED and keeps it at 100', async () => {
      const plan = await createPlan(1);
      await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ status: 'completed', health: 'on_track', progress: 100 }).expect(201);
      const refused = await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'on_track', progress: 50 }).expect(409);
      expect(refused.body).toMatchObject({ code: 'ACTION_PLAN.CLOSED' });
      expect(await getPlan(plan.id)).toMatchObject({ status: 'completed', progress: 100 });
      expect((await t.http.get(`/api/action-plans/${plan.id}/updates`).set(as(viewer)).expect(200)).body.total).toBe(1);
    });
  });

  describe("a plan's owner can act on it", () => {
    it('refuses a viewer or an inactive user as owner (422), and another municipality’s user as not found (404), naming the field', async () => {
      const inactive = await makeUser(t.dataSource, municipality, 'owner', { active: false });
      const stranger = await makeUser(t.dataSource, await makeMunicipality(t.dataSource), 'owner');
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM action_plan');
      const create = (ownerId: string) =>
        t.http.post('/api/action-plans').set(as(manager)).send({ title: 'Ny åtgärd', ownerId, dueDate: '2030-06-30', findingIds: [findings[2]] });
      for (const ownerId of [viewer.id, inactive.id]) {
        const refused = await create(ownerId).expect(422);
        expect(refused.body.details).toEqual([{ field: 'ownerId', message: 'ownerId must be an active user of your municipality with the role owner, manager or admin' }]);
      }
      const foreign = await create(stranger.id).expect(404);
      expect(foreign.body).toMatchObject({ code: 'ACTION_PLAN.OWNER_NOT_FOUND', details: [{ field: 'ownerId' }] });
      expect(await t.dataSource.query('SELECT count(*)::int AS n FROM action_plan')).toEqual(before);

      const plan = await createPlan(2);
      const refused = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ ownerId: viewer.id, version: plan.version }).expect(422);
      expect(refused.body.details[0].field).toBe('ownerId');
      // A manager or an admin can own a plan.
      await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ ownerId: manager.id, version: plan.version }).expect(200);
    });

    it('lets a change name the owner a plan already has, though that owner could not be chosen now', async () => {
      const plan = await createPlan(2);
      const leaver = await makeUser(t.dataSource, municipality, 'owner', { active: false });
      await t.dataSource.query('UPDATE action_plan SET owner_id = $1 WHERE id = $2', [leaver.id, plan.id]);
      const saved = await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ ownerId: leaver.id, title: 'Samma ansvarig', version: plan.version }).expect(200);
      expect(saved.body).toMatchObject({ title: 'Samma ansvarig', owner: { id: leaver.id } });
    });

    it('refuses to deactivate a user who owns open plans (409 with the list), unless someone takes them over', async () => {
      const leaving = await makeUser(t.dataSource, municipality, 'owner', { name: 'Lena Slutar' });
      const first = await createPlan(2, leaving.id);
      const second = await createPlan(1, leaving.id);
      const done = await createPlan(1, leaving.id);
      await t.http.post(`/api/action-plans/${done.id}/updates`).set(as(leaving)).send({ status: 'completed', health: 'on_track', progress: 100 }).expect(201);

      const refused = await t.http.patch(`/api/users/${leaving.id}`).set(as(admin)).send({ active: false }).expect(409);
      expect(refused.body.code).toBe('ACTION_PLAN.OWNER_HAS_OPEN_PLANS');
      expect(refused.body.details.map((detail: { actionPlanId: string }) => detail.actionPlanId).sort()).toEqual([first.id, second.id].sort());
      expect(refused.body.details[0]).toMatchObject({ field: 'successorId', title: expect.stringMatching(/^Åtgärd/) });
      const asViewer = await t.http.patch(`/api/users/${leaving.id}`).set(as(admin)).send({ role: 'viewer' }).expect(409);
      expect(asViewer.body.code).toBe('ACTION_PLAN.OWNER_HAS_OPEN_PLANS');

      for (const successorId of [viewer.id, leaving.id]) {
        const badSuccessor = await t.http.patch(`/api/users/${leaving.id}`).set(as(admin)).send({ active: false, successorId }).expect(422);
        expect(badSuccessor.body.details).toEqual([{ field: 'successorId', message: expect.stringContaining('owner, manager or admin') }]);
      }
      const withoutReason = await t.http.patch(`/api/users/${leaving.id}`).set(as(admin)).send({ name: 'Lena S', successorId: otherOwner.id }).expect(400);
      expect(withoutReason.body.details[0].field).toBe('successorId');
      expect((await t.http.get(`/api/users/${leaving.id}`).set(as(admin)).expect(200)).body).toMatchObject({ active: true, role: 'owner', name: 'Lena Slutar' });
      expect((await getPlan(first.id)).owner.id).toBe(leaving.id);

      await t.http.patch(`/api/users/${leaving.id}`).set(as(admin)).send({ active: false, successorId: otherOwner.id }).expect(200);
      expect((await getPlan(first.id)).owner.id).toBe(otherOwner.id);
      expect((await getPlan(second.id)).owner.id).toBe(otherOwner.id);
      expect((await getPlan(first.id)).version).toBe(first.version + 1);
      // Completed work stays with whoever did it.
      expect((await getPlan(done.id)).owner.id).toBe(leaving.id);
      // The new owner can act on them at once; the hand-over is audited per plan.
      await t.http.post(`/api/action-plans/${first.id}/updates`).set(as(otherOwner)).send({ health: 'on_track', progress: 10 }).expect(201);
      const audit = (await t.http.get(`/api/audit-events?entityType=action-plan&entityId=${second.id}`).set(as(manager)).expect(200)).body.items;
      expect(audit[0]).toMatchObject({ actorId: admin.id, changes: { ownerId: { before: leaving.id, after: otherOwner.id } } });
    });
  });

  describe('required fields say they are required', () => {
    const detailsOf = (response: { body: { details: { field: string; message: string }[] } }) => response.body.details;

    it('a gul or röd update without a comment', async () => {
      const plan = await createPlan(2);
      // Nothing, blanks, or only invisible characters (a zero-width space, a byte-order mark).
      for (const comment of [undefined, '', '   ', '\u200b', ' \ufeff\u200b ']) {
        const refused = await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'at_risk', progress: 10, comment }).expect(400);
        expect(detailsOf(refused)).toEqual([{ field: 'comment', message: expect.stringMatching(/^comment is required when health is at_risk or off_track/) }]);
      }
      // A blank comment on a grön update is simply no comment.
      const green = await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'on_track', progress: 10, comment: '  ' }).expect(201);
      expect(green.body.comment).toBeNull();
    });

    it("an action plan's title, owner, due date and findings", async () => {
      const missing = await t.http.post('/api/action-plans').set(as(manager)).send({}).expect(400);
      expect(detailsOf(missing)).toEqual(
        expect.arrayContaining([
          { field: 'title', message: 'title is required' },
          { field: 'ownerId', message: 'ownerId is required' },
          { field: 'dueDate', message: 'dueDate is required' },
          { field: 'findingIds', message: 'findingIds is required' },
        ]),
      );
      for (const title of ['', '   ', null]) {
        const blank = await t.http.post('/api/action-plans').set(as(manager)).send({ title, ownerId: owner.id, dueDate: '2030-06-30', findingIds: [findings[2]] }).expect(400);
        expect(detailsOf(blank)).toEqual([{ field: 'title', message: 'title is required' }]);
      }
      // An optional field left blank is not "required": its own message stands.
      const badStart = await t.http
        .post('/api/action-plans')
        .set(as(manager))
        .send({ title: 'Åtgärd', ownerId: owner.id, dueDate: '2030-06-30', startDate: '', findingIds: [findings[2]] })
        .expect(400);
      expect(detailsOf(badStart)).toEqual([{ field: 'startDate', message: expect.not.stringContaining('required') }]);
    });

    it('the login password', async () => {
      for (const password of [undefined, '']) {
        const refused = await t.http.post('/api/auth/login').send({ email: owner.email, password }).expect(400);
        expect(detailsOf(refused)).toEqual([{ field: 'password', message: 'password is required' }]);
      }
      await t.http.post('/api/auth/login').send({ email: owner.email, password: TEST_PASSWORD }).expect(200);
    });

    it('a dismissal reason', async () => {
      for (const reason of [undefined, '', '  ']) {
        const refused = await t.http.put(`/api/findings/${findings[2]}/dismissal`).set(as(manager)).send({ reason }).expect(400);
        expect(detailsOf(refused)).toEqual([{ field: 'reason', message: 'reason is required' }]);
      }
    });

    it('still names an unknown field as unknown, even when empty', async () => {
      const refused = await t.http.post('/api/auth/login').send({ email: owner.email, password: 'x', extra: '' }).expect(400);
      expect(detailsOf(refused)).toEqual([{ field: 'extra', message: 'property extra should not exist' }]);
    });
  });
});
