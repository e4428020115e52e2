import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

/** A follow-up names an earlier evaluation of the same municipality: never itself, a later one or a loop, and not one deleted under it. */
describe('evaluations in order', () => {
  let t: TestApp;
  let manager: User;
  let stranger: User;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const create = (user: User, body: object) =>
    t.http.post('/api/evaluations').set(as(user)).send({ frameworkKey: 'kommunkompassen-2010', title: 'KommunKompassen', ...body });

  beforeAll(async () => {
    t = await createTestApp();
    manager = await makeUser(t.dataSource, await makeMunicipality(t.dataSource), 'manager');
    stranger = await makeUser(t.dataSource, await makeMunicipality(t.dataSource), 'manager');
  });

  afterAll(() => t.close());

  it('refuses a previous evaluation conducted on the same day or later, naming the field', async () => {
    const later = (await create(manager, { title: 'KommunKompassen 2022', conductedOn: '2022-03-01' }).expect(201)).body;
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM evaluation');
    for (const conductedOn of ['2018-11-01', '2022-03-01']) {
      const refused = await create(manager, { conductedOn, previousEvaluationId: later.id }).expect(400);
      expect(refused.body.details).toEqual([{ field: 'previousEvaluationId', message: expect.stringContaining('must name an earlier evaluation') }]);
    }
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM evaluation')).toEqual(before);
    await create(manager, { conductedOn: '2025-10-01', previousEvaluationId: later.id }).expect(201);
  });

  it("answers 404 for another municipality's evaluation", async () => {
    const theirs = (await create(stranger, { conductedOn: '2014-12-01' }).expect(201)).body;
    const refused = await create(manager, { conductedOn: '2018-11-01', previousEvaluationId: theirs.id }).expect(404);
    expect(refused.body.code).toBe('EVALUATION.PREVIOUS_NOT_FOUND');
  });

  it('keeps the order when an evaluation is changed: not itself, not a later one, and no date that breaks a chain', async () => {
    const first = (await create(manager, { title: '2014', conductedOn: '2014-12-01' }).expect(201)).body;
    const second = (await create(manager, { title: '2018', conductedOn: '2018-11-01', previousEvaluationId: first.id }).expect(201)).body;

    const itself = await t.http.patch(`/api/evaluations/${second.id}`).set(as(manager)).send({ previousEvaluationId: second.id }).expect(400);
    expect(itself.body.details).toEqual([{ field: 'previousEvaluationId', message: 'previousEvaluationId cannot be the evaluation itself' }]);
    // The 2014 evaluation cannot follow up 2018 (that would also make a loop).
    const loop = await t.http.patch(`/api/evaluations/${first.id}`).set(as(manager)).send({ previousEvaluationId: second.id }).expect(400);
    expect(loop.body.details[0]).toMatchObject({ field: 'previousEvaluationId', message: expect.stringContaining('earlier') });
    // Moving the follow-up before what it follows up, or the first after its follow-up.
    const moved = await t.http.patch(`/api/evaluations/${second.id}`).set(as(manager)).send({ conductedOn: '2014-06-01' }).expect(400);
    expect(moved.body.details[0]).toMatchObject({ field: 'previousEvaluationId' });
    const movedFirst = await t.http.patch(`/api/evaluations/${first.id}`).set(as(manager)).send({ conductedOn: '2019-01-01' }).expect(400);
    expect(movedFirst.body.details).toEqual([{ field: 'conductedOn', message: expect.stringContaining('must be before 2018-11-01') }]);

    const unchanged = (await t.http.get(`/api/evaluations/${second.id}`).set(as(manager)).expect(200)).body;
    expect(unchanged).toMatchObject({ conductedOn: '2018-11-01', previousEvaluationId: first.id });
    await t.http.patch(`/api/evaluations/${second.id}`).set(as(manager)).send({ conductedOn: '2018-10-01' }).expect(200);
  });

  it('refuses to delete an evaluation that others follow up (409, naming them) and changes nothing', async () => {
    const first = (await create(manager, { title: 'KommunKompassen 2010', conductedOn: '2010-10-01' }).expect(201)).body;
    await t.http.post(`/api/evaluations/${first.id}/publish`).set(as(manager)).expect(200);
    const followUp = (await create(manager, { title: 'KommunKompassen 2013', conductedOn: '2013-10-01', previousEvaluationId: first.id }).expect(201)).body;
    await t.http.post(`/api/evaluations/${followUp.id}/publish`).set(as(manager)).expect(200);
    const draft = (await create(manager, { title: 'KommunKompassen 2016 (utkast)', conductedOn: '2016-10-01', previousEvaluationId: first.id }).expect(201)).body;
    const comparison = (await t.http.get(`/api/evaluations/${followUp.id}/comparison`).set(as(manager)).expect(200)).body;
    const audit = async () => (await t.http.get(`/api/audit-events?entityId=${first.id}`).set(as(manager)).expect(200)).body;
    const auditBefore = await audit();

    const refused = await t.http.delete(`/api/evaluations/${first.id}`).set(as(manager)).expect(409);
    expect(refused.body).toMatchObject({
      code: 'EVALUATION.HAS_FOLLOW_UPS',
      message: expect.stringContaining('"KommunKompassen 2013"'),
      details: [
        { message: 'follows this evaluation up', evaluationId: followUp.id, title: 'KommunKompassen 2013', conductedOn: '2013-10-01' },
        { message: 'follows this evaluation up', evaluationId: draft.id, title: 'KommunKompassen 2016 (utkast)', conductedOn: '2016-10-01' },
      ],
    });
    expect(refused.body.message).toContain('"KommunKompassen 2016 (utkast)"');

    // Nothing changed: both still follow it up, the comparison is whole, no audit row.
    await t.http.get(`/api/evaluations/${first.id}`).set(as(manager)).expect(200);
    expect((await t.http.get(`/api/evaluations/${followUp.id}`).set(as(manager)).expect(200)).body.previousEvaluationId).toBe(first.id);
    expect((await t.http.get(`/api/evaluations/${draft.id}`).set(as(manager)).expect(200)).body.previousEvaluationId).toBe(first.id);
    expect((await t.http.get(`/api/evaluations/${followUp.id}/comparison`).set(as(manager)).expect(200)).body).toEqual(comparison);
    expect(await audit()).toEqual(auditBefore);

    // With its follow-ups gone, it can be deleted.
    await t.http.delete(`/api/evaluations/${draft.id}`).set(as(manager)).expect(204);
    const stillOne = await t.http.delete(`/api/evaluations/${first.id}`).set(as(manager)).expect(409);
    expect(stillOne.body.message).toMatch(/^"KommunKompassen 2013" \(.+\) follows this evaluation up; delete it or change its previousEvaluationId first/);
    await t.http.delete(`/api/evaluations/${followUp.id}`).set(as(manager)).expect(204);
    await t.http.delete(`/api/evaluations/${first.id}`).set(as(manager)).expect(204);
  });
});
