import { createTestApp, TestApp } from '../utils/test-app';
import { as, buildFollowUpFixture, FollowUpFixture } from './follow-up-fixture';

/**
 * A follow-up credits only plans that existed when it was conducted. The fixture's plans were
 * made in 2014, before the follow-up of 2018-05-01; P7 and P8 are made now, long after it, and
 * target 1.1, which rose 5 → 8 (P1 and P3 target it too).
 */
describe('the follow-up credits only plans that existed before it', () => {
  let t: TestApp;
  let f: FollowUpFixture;
  let late: string;
  let lateOnTheDay: string;

  beforeAll(async () => {
    t = await createTestApp();
    f = await buildFollowUpFixture(t);
    const create = async (title: string) =>
      (
        await t.http
          .post('/api/action-plans')
          .set(as(t, f.manager))
          .send({ title, ownerId: f.owner.id, dueDate: '2030-06-30', findingIds: [f.findings.A], targets: [{ questionCode: '1.1', expectedPoints: 3 }] })
          .expect(201)
      ).body.id as string;
    late = await create('Sent beslutad åtgärd');
    lateOnTheDay = await create('Beslutad samma dag som uppföljningen');
    // Created on the follow-up's own day (in Stockholm, where it is already 1 May at 23:30 UTC on 30 April): it counts.
    await t.dataSource.query(`UPDATE action_plan SET created_at = '2018-04-30T23:30:00Z' WHERE id = $1`, [lateOnTheDay]);
    await t.http.post(`/api/action-plans/${late}/updates`).set(as(t, f.owner)).send({ status: 'completed', health: 'on_track', progress: 100 }).expect(201);
    await t.http.post(`/api/evaluations/${f.after}/publish`).set(as(t, f.manager)).expect(200);
  });

  afterAll(() => t.close());

  it('derives effects for plans made on or before the follow-up was conducted, and keeps unknown for later ones', async () => {
    const effect = async (id: string) => (await t.http.get(`/api/action-plans/${id}`).set(as(t, f.viewer)).expect(200)).body.effect;
    expect(await effect(f.plans.P1)).toBe('improved');
    expect(await effect(lateOnTheDay)).toBe('improved');
    expect(await effect(late)).toBe('unknown');
    // Deriving again from the scores keeps to the same rule.
    await t.http.post(`/api/evaluations/${f.after}/effects`).set(as(t, f.manager)).expect(200);
    expect(await effect(late)).toBe('unknown');
  });

  it('says in the dossier why the effect is unknown', async () => {
    const dossier = (await t.http.get(`/api/evaluations/${f.before}/follow-up`).set(as(t, f.viewer)).expect(200)).body;
    expect(dossier.followUp).toEqual({ id: f.after, title: 'Uppföljning 2018', conductedOn: '2018-05-01' });
    const plans = new Map<string, { effect: string; effectNote: string | null }>(
      dossier.areas.flatMap((area: { findings: { actionPlans: { id: string }[] }[] }) => area.findings.flatMap((finding) => finding.actionPlans.map((plan) => [plan.id, plan]))),
    );
    expect(plans.get(late)).toMatchObject({ effect: 'unknown', effectNote: 'created_after_follow_up' });
    expect(plans.get(lateOnTheDay)).toMatchObject({ effect: 'improved', effectNote: null });
    // P4 and P6 have no targets: unknown for another reason, which the note does not claim.
    expect(plans.get(f.plans.P6)).toMatchObject({ effect: 'unknown', effectNote: null });

    const page = (await t.http.get(`/api/evaluations/${f.before}/follow-up`).set(as(t, f.viewer)).set('Accept', 'text/html').expect(200)).text;
    const row = page.slice(page.indexOf('Sent beslutad åtgärd'), page.indexOf('</tr>', page.indexOf('Sent beslutad åtgärd')));
    expect(row).toMatch(/Effekt: okänd.*Åtgärden beslutades .*, efter att uppföljningen Uppföljning 2018 genomfördes \(maj 2018\), och kan inte ha påverkat dess poäng\./s);
    expect(page.match(/efter att uppföljningen/g)).toHaveLength(1);
  });

  it('leaves out the Styrkor heading of an area without strengths', async () => {
    const page = async () => (await t.http.get(`/api/evaluations/${f.before}/follow-up`).set(as(t, f.viewer)).set('Accept', 'text/html').expect(200)).text;
    // The fixture's findings are all improvement opportunities and weaknesses.
    expect(await page()).not.toContain('Styrkor');
    await t.http
      .post(`/api/evaluations/${f.before}/findings`)
      .set(as(t, f.manager))
      .send({ areaNumber: 2, kind: 'strength', text: 'Tydlig värdegrund för bemötande' })
      .expect(201);
    const withStrength = await page();
    expect(withStrength.match(/<h3>Styrkor<\/h3>/g)).toHaveLength(1);
    const area2 = withStrength.slice(withStrength.indexOf('Område 2'));
    expect(area2).toMatch(/<h3>Styrkor<\/h3>\s*<ul>\s*<li lang="sv">Tydlig värdegrund för bemötande<\/li>/);
  });
});
