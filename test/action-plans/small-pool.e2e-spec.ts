import { ProgressUpdate } from '../../src/modules/action-plans/updates/progress-update.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { ImportedFinding, importAvesta } from '../utils/fixtures';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * More concurrent writes than the pool has connections. A write that, inside its transaction,
 * asks the pool for a second connection waits for a connection that only another such
 * transaction can give back: with enough requests at once every connection is held that way and
 * the API stops answering. A pool of two makes that happen with a handful of requests.
 */
describe('concurrent writes with a small connection pool', () => {
  const CONCURRENT = 8;
  let t: TestApp;
  let manager: User;
  let owner: User;
  let findings: ImportedFinding[];
  let evaluationId: string;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const weaknesses = () => findings.filter((finding) => finding.kind === 'weakness');

  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: '2', DIGEST_CONCURRENCY: '1' });
    const municipality = await makeMunicipality(t.dataSource, { code: '2084' });
    manager = await makeUser(t.dataSource, municipality, 'manager');
    owner = await makeUser(t.dataSource, municipality, 'owner');
    ({ evaluationId, findings } = await importAvesta(t.http, t.tokenFor(manager)));
  });

  afterAll(() => t.close());

  /** Answers within the time, or fails naming the stall (rather than a Jest timeout). */
  const within = <T>(promise: Promise<T>, what: string): Promise<T> =>
    Promise.race([promise, new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`${what}: no answer within 15 s`)), 15_000))]);

  const createPlans = () =>
    Promise.all(
      Array.from({ length: CONCURRENT }, (_unused, index) =>
        t.http
          .post('/api/action-plans')
          .set(as(manager))
          .send({ title: `Åtgärd ${index}`, ownerId: owner.id, dueDate: '2027-06-30', findingIds: [weaknesses()[index % weaknesses().length].id] }),
      ),
    );

  it('creates plans, posts progress on them and edits them, every request answered', async () => {
    const created = await within(createPlans(), `${CONCURRENT} plans created at once`);
    expect(created.map((response) => response.status)).toEqual(Array(CONCURRENT).fill(201));
    const plans = created.map((response) => response.body as { id: string; version: number });

    const posted = await within(
      Promise.all(plans.map((plan) => t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'on_track', progress: 30, comment: 'Igång' }))),
      `${CONCURRENT} progress updates posted at once`,
    );
    expect(posted.map((response) => response.status)).toEqual(Array(CONCURRENT).fill(201));
    expect(posted.map((response) => response.body.author.name)).toEqual(Array(CONCURRENT).fill(owner.name));
    expect(await t.dataSource.getRepository(ProgressUpdate).countBy({ comment: 'Igång' })).toBe(CONCURRENT);

    const edited = await within(
      Promise.all(plans.map((plan) => t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ version: plan.version + 1, unit: 'Socialförvaltningen' }))),
      `${CONCURRENT} plans edited at once`,
    );
    expect(edited.map((response) => response.status)).toEqual(Array(CONCURRENT).fill(200));
    expect(edited.map((response) => response.body.unit)).toEqual(Array(CONCURRENT).fill('Socialförvaltningen'));
  });

  it('adds findings to one evaluation and dismisses others, every request answered', async () => {
    const added = await within(
      Promise.all(
        Array.from({ length: CONCURRENT }, (_unused, index) =>
          t.http.post(`/api/evaluations/${evaluationId}/findings`).set(as(manager)).send({ areaNumber: 1, kind: 'improvement', text: `Tillagd ${index}` }),
        ),
      ),
      `${CONCURRENT} findings added at once`,
    );
    expect(added.map((response) => response.status)).toEqual(Array(CONCURRENT).fill(201));
    // One evaluation's findings are edited one after the other: each got its own place.
    expect(new Set(added.map((response) => response.body.position)).size).toBe(CONCURRENT);

    const improvements = findings.filter((finding) => finding.kind === 'improvement').slice(0, CONCURRENT);
    const dismissed = await within(
      Promise.all(improvements.map((finding) => t.http.put(`/api/findings/${finding.id}/dismissal`).set(as(manager)).send({ reason: 'Hanteras i budgetarbetet' }))),
      `${improvements.length} findings dismissed at once`,
    );
    expect(dismissed.map((response) => response.status)).toEqual(Array(improvements.length).fill(200));
  });
});
