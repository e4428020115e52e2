import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

describe("another municipality's evaluations do not exist for the caller", () => {
  let t: TestApp;
  let owner: User;
  let intruder: User;
  let theirs: { evaluationId: string; findingId: string; referenceId: string };
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });

  /** A draft evaluation of the owner's municipality with one finding and one reference. */
  let built = 0;
  const build = async (): Promise<typeof theirs> => {
    const conductedOn = `${2000 + built++}-05-01`;
    const evaluation = (
      await t.http
        .post('/api/evaluations')
        .set(as(owner))
        .send({ frameworkKey: 'kommunkompassen-2010', title: 'Deras', conductedOn })
        .expect(201)
    ).body;
    const finding = (
      await t.http.post(`/api/evaluations/${evaluation.id}/findings`).set(as(owner)).send({ areaNumber: 1, kind: 'weakness', text: 'Otydlig strategi' }).expect(201)
    ).body;
    const reference = (
      await t.http
        .post(`/api/evaluations/${evaluation.id}/references`)
        .set(as(owner))
        .send({ areaNumber: 1, municipalityCode: '1880', sentence: 'Här kan Örebro vara ett gott exempel.' })
        .expect(201)
    ).body;
    return { evaluationId: evaluation.id, findingId: finding.id, referenceId: reference.id };
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await makeUser(t.dataSource, await makeMunicipality(t.dataSource), 'manager');
    intruder = await makeUser(t.dataSource, await makeMunicipality(t.dataSource), 'admin');
    theirs = await build();
  });

  afterAll(() => t.close());

  const routes: [string, string, (ids: typeof theirs) => string, unknown?][] = [
    ['GET', 'the evaluation', (ids) => `/api/evaluations/${ids.evaluationId}`],
    ['PATCH', 'the evaluation', (ids) => `/api/evaluations/${ids.evaluationId}`, { title: 'Kapad' }],
    ['DELETE', 'the evaluation', (ids) => `/api/evaluations/${ids.evaluationId}`],
    ['POST', 'publishing', (ids) => `/api/evaluations/${ids.evaluationId}/publish`],
    ['PUT', 'its scores', (ids) => `/api/evaluations/${ids.evaluationId}/scores`, [{ questionCode: '1.1', achievedPoints: 1 }]],
    ['POST', 'a new finding', (ids) => `/api/evaluations/${ids.evaluationId}/findings`, { areaNumber: 1, kind: 'weakness', text: 'X' }],
    ['POST', 'a new reference', (ids) => `/api/evaluations/${ids.evaluationId}/references`, { areaNumber: 1, municipalityCode: '1880', sentence: 'X' }],
    ['PATCH', 'a finding', (ids) => `/api/findings/${ids.findingId}`, { text: 'Kapad' }],
    ['DELETE', 'a finding', (ids) => `/api/findings/${ids.findingId}`],
    ['PUT', 'a dismissal', (ids) => `/api/findings/${ids.findingId}/dismissal`, { reason: 'Ingen åtgärd' }],
    ['DELETE', 'a dismissal', (ids) => `/api/findings/${ids.findingId}/dismissal`],
    ['DELETE', 'a reference', (ids) => `/api/references/${ids.referenceId}`],
  ];

  const cases = routes.map(([method, what, path, body]) => ({ method, what, path, body }));

  // The same request succeeds for the municipality's own manager (on data of its own, since some
  // requests delete): a 404 for the intruder is then the tenant boundary, not a broken route.
  it.each(cases)('$method on $what is 404 to another municipality and succeeds for its own', async ({ method, path, body }) => {
    const ids = await build();
    const send = (user: User) => {
      const call = t.http[method.toLowerCase() as 'get' | 'patch' | 'delete' | 'post' | 'put'](path(ids)).set(as(user));
      return body === undefined ? call : call.send(body as object);
    };
    expect((await send(intruder)).status).toBe(404);
    const own = await send(owner);
    expect([200, 201, 204]).toContain(own.status);
  });

  it('leaves their data untouched and out of the list', async () => {
    const list = await t.http.get('/api/evaluations').set(as(intruder)).expect(200);
    expect(list.body.items).toEqual([]);
    const row = await t.dataSource.query('SELECT title, status FROM evaluation WHERE id = $1', [theirs.evaluationId]);
    expect(row).toEqual([{ title: 'Deras', status: 'draft' }]);
    const finding = await t.dataSource.query('SELECT text, dismissed_reason FROM finding WHERE id = $1', [theirs.findingId]);
    expect(finding).toEqual([{ text: 'Otydlig strategi', dismissed_reason: null }]);
  });
});
