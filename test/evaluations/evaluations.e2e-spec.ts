import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { Evaluation } from '../../src/modules/evaluations/evaluations/evaluation.entity';
import { Finding } from '../../src/modules/evaluations/findings/finding.entity';
import { Reference } from '../../src/modules/evaluations/references/reference.entity';
import { Score } from '../../src/modules/evaluations/scores/score.entity';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { reportFixture } from '../utils/fixtures';
import { createTestApp, TestApp } from '../utils/test-app';

describe('evaluations, scores and findings', () => {
  let t: TestApp;
  let home: Municipality;
  let manager: User;
  let viewer: User;
  let owner: User;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const createEvaluation = async (user: User, body: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/evaluations')
        .set(as(user))
        .send({ frameworkKey: 'kommunkompassen-2010', title: 'Uppföljning 2018', conductedOn: '2018-11-01', ...body })
        .expect(201)
    ).body;
  const auditFor = (entityId: string) => t.dataSource.getRepository(AuditEvent).find({ where: { entityId }, order: { createdAt: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp();
    home = await makeMunicipality(t.dataSource);
    manager = await makeUser(t.dataSource, home, 'manager');
    viewer = await makeUser(t.dataSource, home, 'viewer');
    owner = await makeUser(t.dataSource, home, 'owner');
  });

  afterAll(() => t.close());

  it('lists the frameworks: KommunKompassen 2010 with 8 areas, 45 questions and 800 points', async () => {
    const list = await t.http.get('/api/frameworks').set(as(viewer)).expect(200);
    expect(list.body.items.map((framework: { key: string }) => framework.key)).toContain('kommunkompassen-2010');
    const framework = (await t.http.get('/api/frameworks/kommunkompassen-2010').set(as(viewer)).expect(200)).body;
    expect(framework.areas).toHaveLength(8);
    expect(framework.areas.flatMap((area: { questions: unknown[] }) => area.questions)).toHaveLength(45);
    expect(framework.totalMaxPoints).toBe(800);
    expect(framework.areas[1].questions[3]).toMatchObject({ code: '2.4', maxPoints: 15 });
    await t.http.get('/api/frameworks/kommunkompassen-1999').set(as(viewer)).expect(404);
  });

  it('creates a manual draft with every area and no scores yet', async () => {
    const evaluation = await createEvaluation(manager);
    expect(evaluation).toMatchObject({ status: 'draft', source: 'manual', conductedOn: '2018-11-01', total: { achievedPoints: 0, maxPoints: 800, complete: false } });
    expect(evaluation.areas).toHaveLength(8);
    expect(evaluation.areas[0].questions[0]).toMatchObject({ code: '1.1', achievedPoints: null, percent: null });
    expect(await auditFor(evaluation.id)).toEqual([expect.objectContaining({ action: 'create', actorId: manager.id })]);
  });

  it.each([
    [{ frameworkKey: 'okänd' }, 'frameworkKey'],
    [{ title: '  ' }, 'title'],
    [{ conductedOn: '2018-13-01' }, 'conductedOn'],
    [{ previousEvaluationId: 'abc' }, 'previousEvaluationId'],
    [{ status: 'published' }, 'status'],
  ])('rejects a new evaluation with %p (400 naming %s)', async (change, field) => {
    const before = await t.dataSource.getRepository(Evaluation).count();
    const response = await t.http
      .post('/api/evaluations')
      .set(as(manager))
      .send({ frameworkKey: 'kommunkompassen-2010', title: 'X', conductedOn: '2018-11-01', ...change })
      .expect(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field })]);
    expect(await t.dataSource.getRepository(Evaluation).count()).toBe(before);
  });

  it('lets only managers write (viewer and owner get 403)', async () => {
    await t.http.post('/api/evaluations').set(as(viewer)).send({ frameworkKey: 'kommunkompassen-2010', title: 'X', conductedOn: '2018-11-01' }).expect(403);
    const evaluation = await createEvaluation(manager);
    await t.http.put(`/api/evaluations/${evaluation.id}/scores`).set(as(owner)).send([{ questionCode: '1.1', achievedPoints: 3 }]).expect(403);
    await t.http.get(`/api/evaluations/${evaluation.id}`).set(as(owner)).expect(200);
  });

  describe('scores', () => {
    it('sets several at once and derives percent, area total and total', async () => {
      const evaluation = await createEvaluation(manager);
      const response = await t.http
        .put(`/api/evaluations/${evaluation.id}/scores`)
        .set(as(manager))
        .send([
          { questionCode: '1.1', achievedPoints: 12 },
          { questionCode: '1.2', achievedPoints: 7.5 },
          { questionCode: '8.4', achievedPoints: 14 },
        ])
        .expect(200);
      const area1 = response.body.areas[0];
      expect(area1.questions[0]).toMatchObject({ achievedPoints: 12, percent: 80, reportedPercent: null });
      expect(area1.questions[1]).toMatchObject({ achievedPoints: 7.5, percent: 38 });
      expect(area1).toMatchObject({ achievedPoints: 19.5, maxPoints: 100, percent: 20 });
      expect(response.body.total).toMatchObject({ achievedPoints: 33.5, complete: false });
      // The list gives each evaluation the same total as its own page.
      const listed = (await t.http.get('/api/evaluations?limit=500').set(as(viewer)).expect(200)).body.items.find((item: { id: string }) => item.id === evaluation.id);
      expect(listed.total).toEqual(response.body.total);
      const audit = await auditFor(evaluation.id);
      expect(audit.at(-1)!.changes).toEqual({ '1.1': { before: null, after: 12 }, '1.2': { before: null, after: 7.5 }, '8.4': { before: null, after: 14 } });
    });

    it('names each bad row (over max, negative, unknown code, another framework, repeated) and saves none', async () => {
      const evaluation = await createEvaluation(manager);
      const response = await t.http
        .put(`/api/evaluations/${evaluation.id}/scores`)
        .set(as(manager))
        .send([
          { questionCode: '1.1', achievedPoints: 10 },
          { questionCode: '1.2', achievedPoints: 21 },
          { questionCode: '2.1', achievedPoints: -1 },
          { questionCode: '9.1', achievedPoints: 3 },
          { questionCode: '1.1', achievedPoints: 4 },
          { questionCode: '3.1', achievedPoints: '5' },
        ])
        .expect(400);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toEqual([
        '[1].achievedPoints',
        '[2].achievedPoints',
        '[3].questionCode',
        '[4].questionCode',
        '[5].achievedPoints',
      ]);
      expect(response.body.details[0].message).toContain('0 to 20');
      expect(await t.dataSource.getRepository(Score).countBy({ evaluationId: evaluation.id })).toBe(0);
    });

    it('refuses a body that is not a list', async () => {
      const evaluation = await createEvaluation(manager);
      await t.http.put(`/api/evaluations/${evaluation.id}/scores`).set(as(manager)).send({ questionCode: '1.1', achievedPoints: 1 }).expect(400);
    });

    it("drops an imported report's printed percent and area total once a score in it changes", async () => {
      const municipality = await makeMunicipality(t.dataSource, { code: '2084' });
      const avestaManager = await makeUser(t.dataSource, municipality, 'manager');
      const imported = (
        await t.http.post('/api/evaluations/import').set(as(avestaManager)).set('Content-Type', 'text/plain').send(reportFixture()).expect(201)
      ).body.evaluation;
      const area6 = imported.areas[5];
      expect(area6).toMatchObject({ achievedPoints: 52, reportedTotal: 52 });
      const changed = await t.http
        .put(`/api/evaluations/${imported.id}/scores`)
        .set(as(avestaManager))
        .send([{ questionCode: '6.1', achievedPoints: 6 }])
        .expect(200);
      expect(changed.body.areas[5]).toMatchObject({ achievedPoints: 52, summedPoints: 52, reportedTotal: null });
      expect(changed.body.areas[5].questions[0]).toMatchObject({ achievedPoints: 6, reportedPercent: null, percent: 40 });
      expect(changed.body.areas[0]).toMatchObject({ achievedPoints: 52, reportedTotal: 52 });
      expect(changed.body.total.achievedPoints).toBe(404);
    });
  });

  describe('findings', () => {
    let evaluationId: string;
    const add = (body: Record<string, unknown>) =>
      t.http.post(`/api/evaluations/${evaluationId}/findings`).set(as(manager)).send({ areaNumber: 2, kind: 'improvement', ...body });
    const texts = async () =>
      (await t.http.get(`/api/evaluations/${evaluationId}`).set(as(viewer)).expect(200)).body.areas[1].findings.improvement.map(
        (finding: { text: string; position: number }) => `${finding.position}:${finding.text}`,
      );

    beforeAll(async () => {
      evaluationId = (await createEvaluation(manager)).id;
    });

    it('adds findings in order, edits, moves and deletes them, auditing each change', async () => {
      const first = (await add({ text: 'Utveckla e-tjänster', questionCode: '2.3' }).expect(201)).body;
      const second = (await add({ text: 'Öka valfriheten' }).expect(201)).body;
      const third = (await add({ text: 'Systematisk synpunktshantering' }).expect(201)).body;
      expect([first.position, second.position, third.position]).toEqual([1, 2, 3]);

      await t.http.patch(`/api/findings/${second.id}`).set(as(manager)).send({ text: 'Öka valfriheten inom äldreomsorgen' }).expect(200);
      await t.http.patch(`/api/findings/${third.id}`).set(as(manager)).send({ position: 1 }).expect(200);
      expect(await texts()).toEqual(['1:Systematisk synpunktshantering', '2:Utveckla e-tjänster', '3:Öka valfriheten inom äldreomsorgen']);

      await t.http.delete(`/api/findings/${first.id}`).set(as(manager)).expect(204);
      expect(await texts()).toEqual(['1:Systematisk synpunktshantering', '2:Öka valfriheten inom äldreomsorgen']);

      expect((await auditFor(second.id)).map((event) => event.action)).toEqual(['create', 'update']);
      expect((await auditFor(second.id))[1].changes).toEqual({
        text: { before: 'Öka valfriheten', after: 'Öka valfriheten inom äldreomsorgen' },
      });
      expect((await auditFor(first.id)).map((event) => event.action)).toEqual(['create', 'delete']);
    });

    it.each([
      [{ areaNumber: 9 }, 'areaNumber'],
      [{ kind: 'opportunity' }, 'kind'],
      [{ text: '' }, 'text'],
      [{ questionCode: '3.1' }, 'questionCode'],
      [{ questionCode: 'två' }, 'questionCode'],
    ])('rejects a finding with %p (400 naming %s)', async (change, field) => {
      const before = await t.dataSource.getRepository(Finding).countBy({ evaluationId });
      const response = await add({ text: 'Något', ...change }).expect(400);
      expect(response.body.details).toEqual([expect.objectContaining({ field })]);
      expect(await t.dataSource.getRepository(Finding).countBy({ evaluationId })).toBe(before);
    });

    it('lets a manager dismiss an improvement with a reason and undo it; a strength cannot be dismissed', async () => {
      const finding = (await add({ text: 'Servicecenter' }).expect(201)).body;
      await t.http.put(`/api/findings/${finding.id}/dismissal`).set(as(manager)).send({ reason: '' }).expect(400);
      const dismissed = await t.http
        .put(`/api/findings/${finding.id}/dismissal`)
        .set(as(manager))
        .send({ reason: 'Ingår redan i kommunens e-strategi' })
        .expect(200);
      expect(dismissed.body).toMatchObject({ id: finding.id, evaluationId, dismissal: { reason: 'Ingår redan i kommunens e-strategi', byId: manager.id } });
      const report = (await t.http.get(`/api/evaluations/${evaluationId}`).set(as(viewer))).body;
      const shown = report.areas[1].findings.improvement.find((candidate: { id: string }) => candidate.id === finding.id);
      // One shape for a finding wherever it is shown: the report's entry is the dismissal's answer.
      expect(shown).toEqual(dismissed.body);

      const undone = await t.http.delete(`/api/findings/${finding.id}/dismissal`).set(as(manager)).expect(200);
      expect(undone.body.dismissal).toBeNull();
      expect((await auditFor(finding.id)).map((event) => event.action)).toEqual(['create', 'update', 'update']);

      const strength = (await add({ kind: 'strength', text: 'Månadens medarbetare' }).expect(201)).body;
      const refused = await t.http.put(`/api/findings/${strength.id}/dismissal`).set(as(manager)).send({ reason: 'Ingen åtgärd' }).expect(422);
      expect(refused.body.code).toBe('FINDING.NOT_ACTIONABLE');
      await t.http.put(`/api/findings/${finding.id}/dismissal`).set(as(viewer)).send({ reason: 'Ingen åtgärd' }).expect(403);
    });
  });

  it('places each new reference after the ones its area already has, in the report too', async () => {
    const evaluation = await createEvaluation(manager, { title: 'Referenser 2018', conductedOn: '2018-10-01' });
    const add = async (municipalityCode: string, sentence: string) =>
      (await t.http.post(`/api/evaluations/${evaluation.id}/references`).set(as(manager)).send({ areaNumber: 3, municipalityCode, sentence }).expect(201)).body;
    const added = [await add('1880', 'Örebro är ett gott exempel.'), await add('1780', 'Titta på Karlstad.'), await add('0180', 'Stockholm kan tjäna som förebild.')];
    const stored = await t.dataSource.getRepository(Reference).find({ where: { evaluationId: evaluation.id }, order: { position: 'ASC' } });
    expect(stored.map((reference) => [reference.id, reference.position])).toEqual(added.map((reference, index) => [reference.id, index + 1]));
    const report = (await t.http.get(`/api/evaluations/${evaluation.id}`).set(as(viewer)).expect(200)).body;
    expect(report.areas[2].references.map((reference: { id: string }) => reference.id)).toEqual(added.map((reference) => reference.id));
  });

  it('publishes, updates and deletes an evaluation, with an audit row for each', async () => {
    const previous = await createEvaluation(manager, { title: 'KommunKompassen 2014', conductedOn: '2014-12-01' });
    const evaluation = await createEvaluation(manager, { previousEvaluationId: previous.id });
    expect(evaluation.previousEvaluationId).toBe(previous.id);
    const published = await t.http.post(`/api/evaluations/${evaluation.id}/publish`).set(as(manager)).expect(200);
    expect(published.body).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
    const renamed = await t.http.patch(`/api/evaluations/${evaluation.id}`).set(as(manager)).send({ title: 'Uppföljning november 2018' }).expect(200);
    expect(renamed.body.title).toBe('Uppföljning november 2018');
    await t.http.patch(`/api/evaluations/${evaluation.id}`).set(as(manager)).send({ previousEvaluationId: evaluation.id }).expect(400);

    const list = await t.http.get('/api/evaluations?status=published').set(as(viewer)).expect(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(evaluation.id);
    expect(list.body.items.every((item: { status: string }) => item.status === 'published')).toBe(true);
    const manual = await t.http.get('/api/evaluations?source=manual').set(as(viewer)).expect(200);
    expect(manual.body.items.length).toBeGreaterThan(0);
    expect(manual.body.items.every((item: { source: string }) => item.source === 'manual')).toBe(true);
    expect((await t.http.get('/api/evaluations?source=import').set(as(viewer)).expect(200)).body.items.every((item: { source: string }) => item.source === 'import')).toBe(true);
    await t.http.get('/api/evaluations?source=excel').set(as(viewer)).expect(400);

    await t.http.delete(`/api/evaluations/${evaluation.id}`).set(as(manager)).expect(204);
    await t.http.get(`/api/evaluations/${evaluation.id}`).set(as(viewer)).expect(404);
    expect((await auditFor(evaluation.id)).map((event) => event.action)).toEqual(['create', 'update', 'update', 'delete']);
  });
});
