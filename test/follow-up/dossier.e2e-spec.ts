import { DemoModule } from '../../src/cli/demo/demo.module';
import { DEMO_MUNICIPALITY_CODE, DemoSeeder } from '../../src/cli/demo/demo-seeder';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { StatementCounter } from '../utils/statement-counter';
import { createTestApp, TestApp } from '../utils/test-app';

interface DossierPlan {
  id: string;
  title: string;
  owner: { id: string; name: string };
  status: string;
  health: string | null;
  progress: number;
  dueDate: string;
  latestComment: string | null;
  overdue: boolean;
}
interface DossierFinding {
  id: string;
  kind: string;
  text: string;
  coverage: string | null;
  dismissal: { reason: string; by: { name: string } | null } | null;
  actionPlans: DossierPlan[];
}
interface Counts {
  actions: { total: number; done: number; open: number; overdue: number; cancelled: number };
  findings: { total: number; covered: number; dismissed: number; uncovered: number };
}
interface Dossier {
  evaluation: { id: string; title: string };
  summary: Counts;
  areas: { number: number; title: string; achievedPoints: number; questions: { code: string; achievedPoints: number }[]; findings: DossierFinding[]; summary: Counts }[];
  uncovered: { id: string }[];
  dismissed: { id: string; reason: string }[];
}

describe('the follow-up dossier of Avesta 2014 on the demo data', () => {
  let t: TestApp;
  const statements = new StatementCounter();
  let avesta: Municipality;
  let manager: User;
  let viewer: User;
  let englishViewer: User;
  let evaluationId: string;
  let dossier: Dossier;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const findings = () => dossier.areas.flatMap((area) => area.findings);
  const html = (user: User, query = '') =>
    t.http.get(`/api/evaluations/${evaluationId}/follow-up${query}`).set(as(user)).set('Accept', 'text/html').expect(200);

  beforeAll(async () => {
    t = await createTestApp(statements.env, statements.logStream, [DemoModule]);
    await t.app.get(DemoSeeder).seed();
    avesta = await t.dataSource.getRepository(Municipality).findOneByOrFail({ code: DEMO_MUNICIPALITY_CODE });
    const users = await t.dataSource.getRepository(User).findBy({ municipalityId: avesta.id });
    manager = users.find((user) => user.email === 'kvalitetschef@avesta.example')!;
    viewer = users.find((user) => user.email === 'ks.ordforande@avesta.example')!;
    englishViewer = users.find((user) => user.email === 'eva.strand@avesta.example')!;
    [{ id: evaluationId }] = await t.dataSource.query(`SELECT id FROM evaluation WHERE municipality_id = $1 AND conducted_on = '2014-12-01'`, [avesta.id]);
    dossier = (await t.http.get(`/api/evaluations/${evaluationId}/follow-up`).set(as(viewer)).expect(200)).body;
  });

  afterAll(() => t.close());

  it('lists every improvement opportunity and weakness of the report, with its kind, in every area', async () => {
    const rows: { id: string; kind: string; area_number: number }[] = await t.dataSource.query(
      `SELECT id, kind, area_number FROM finding WHERE evaluation_id = $1 AND kind <> 'strength' ORDER BY area_number, kind, position`,
      [evaluationId],
    );
    // The report's tables list 6, 8, 11, 6, 6, 7, 4 and 4 improvement opportunities and weaknesses.
    expect(rows.length).toBe(52);
    expect(dossier.areas.map((area) => area.findings.filter((finding) => finding.kind !== 'strength').length)).toEqual([6, 8, 11, 6, 6, 7, 4, 4]);
    expect(findings().find((finding) => finding.text === 'Servicecenter eller liknande saknas')).toMatchObject({ kind: 'weakness' });
    expect(findings().find((finding) => finding.text === 'Utveckla systematiskt arbete med innovation och kreativitet')).toMatchObject({ kind: 'improvement' });
    const listed = findings().filter((finding) => finding.kind !== 'strength');
    expect(listed.map((finding) => [finding.id, finding.kind]).sort()).toEqual(rows.map((row) => [row.id, row.kind]).sort());
    expect(dossier.areas.map((area) => area.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(dossier.areas.map((area) => area.achievedPoints)).toEqual([52, 41, 56, 44, 46, 52, 45, 68]);
    expect(dossier.areas[7].questions.find((question) => question.code === '8.4')).toMatchObject({ achievedPoints: 13 });
    expect(findings().some((finding) => finding.kind === 'strength' && finding.coverage === null)).toBe(true);
  });

  it('gives each finding exactly the plans linked to it, with owner, state, dates and latest comment', async () => {
    const links: { finding_id: string; action_plan_id: string }[] = await t.dataSource.query(
      `SELECT l.finding_id, l.action_plan_id FROM action_plan_finding l JOIN finding f ON f.id = l.finding_id WHERE f.evaluation_id = $1`,
      [evaluationId],
    );
    const listed = findings().flatMap((finding) => finding.actionPlans.map((plan) => [finding.id, plan.id]));
    expect(listed.sort()).toEqual(links.map((link) => [link.finding_id, link.action_plan_id]).sort());

    const [row] = await t.dataSource.query(
      `SELECT p.id, p.title, p.status, p.health, p.progress, to_char(p.due_date, 'YYYY-MM-DD') AS due_date, u.name AS owner,
              (SELECT comment FROM progress_update WHERE action_plan_id = p.id AND comment IS NOT NULL ORDER BY created_at DESC LIMIT 1) AS comment
         FROM action_plan p JOIN app_user u ON u.id = p.owner_id
        WHERE p.municipality_id = $1 AND p.status = 'cancelled'
          AND p.id IN (SELECT l.action_plan_id FROM action_plan_finding l JOIN finding f ON f.id = l.finding_id WHERE f.evaluation_id = $2)
        ORDER BY p.title LIMIT 1`,
      [avesta.id, evaluationId],
    );
    const plan = findings().flatMap((finding) => finding.actionPlans).find((candidate) => candidate.id === row.id)!;
    expect(plan).toMatchObject({
      title: row.title,
      owner: { name: row.owner },
      status: 'cancelled',
      health: null,
      progress: row.progress,
      dueDate: row.due_date,
      latestComment: row.comment,
    });
  });

  it('adds up: plans done + open + cancelled, findings covered + dismissed + uncovered, areas to the whole', async () => {
    const { actions, findings: counts } = dossier.summary;
    expect(actions.done + actions.open + actions.cancelled).toBe(actions.total);
    expect(counts.covered + counts.dismissed + counts.uncovered).toBe(counts.total);
    expect(counts.total).toBe(52);
    const [{ plans }] = await t.dataSource.query(
      `SELECT count(DISTINCT l.action_plan_id)::int AS plans FROM action_plan_finding l JOIN finding f ON f.id = l.finding_id WHERE f.evaluation_id = $1`,
      [evaluationId],
    );
    expect(actions.total).toBe(plans);
    const overdue = await t.http.get(`/api/action-plans?evaluationId=${evaluationId}&overdue=true&limit=1`).set(as(viewer)).expect(200);
    expect(actions.overdue).toBe(overdue.body.total);
    // The 2014 plans were all completed or cancelled by 2017.
    expect(actions.overdue).toBe(0);
    expect(actions.open).toBe(0);
    expect(actions.done).toBeGreaterThan(0);
    expect(actions.cancelled).toBeGreaterThan(0);
    // Each demo plan answers one finding, so the areas' plan counts add up to the whole too.
    const sum = (pick: (counts: Counts) => number) => dossier.areas.reduce((total, area) => total + pick(area.summary), 0);
    expect(sum((area) => area.actions.total)).toBe(actions.total);
    expect(sum((area) => area.findings.uncovered)).toBe(counts.uncovered);
    expect(sum((area) => area.findings.covered)).toBe(counts.covered);
    expect(dossier.uncovered.map((finding) => finding.id).sort()).toEqual(
      findings().filter((finding) => finding.coverage === 'uncovered').map((finding) => finding.id).sort(),
    );
    expect(dossier.uncovered).toHaveLength(counts.uncovered);
    expect(counts.uncovered).toBeGreaterThan(0);
    expect(findings().filter((finding) => finding.coverage === 'uncovered').every((finding) => finding.actionPlans.every((plan) => plan.status === 'cancelled'))).toBe(true);
  });

  it('lists the dismissed finding with its reason and who decided', () => {
    expect(dossier.dismissed).toEqual([expect.objectContaining({ reason: 'Hanteras redan inom den nya styrmodellen.' })]);
    const dismissed = findings().find((finding) => finding.id === dossier.dismissed[0].id)!;
    expect(dismissed).toMatchObject({ coverage: 'dismissed', dismissal: { reason: 'Hanteras redan inom den nya styrmodellen.', by: { name: 'Mats Berglund' } } });
  });

  it('renders a printable HTML page in the caller’s language with the areas and the plans', async () => {
    const page = await html(viewer);
    expect(page.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(page.headers.vary).toMatch(/Accept/);
    expect(page.text).toMatch(/^<!DOCTYPE html>/);
    expect(page.text).toContain('<html lang="sv">');
    expect(page.text).toContain('@media print');
    // Each area by its number and its title, the report's own Swedish words marked as such.
    for (const area of dossier.areas) expect(page.text).toContain(`Område ${area.number}. <span lang="sv">${area.title}</span>`);
    const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
    const titles = findings().flatMap((finding) => finding.actionPlans.map((plan) => plan.title));
    for (const title of [titles[0], titles[10], titles.at(-1)!]) expect(page.text).toContain(escape(title));
    expect(page.text).toContain('Aldrig åtgärdat');
    expect(page.text).toContain('Hanteras redan inom den nya styrmodellen.');
    expect(page.text).not.toContain('<script');
  });

  it('renders in English for an English-speaking user, or as ?locale= asks', async () => {
    const english = await html(englishViewer);
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('Area 1. <span lang="sv">Offentlighet och demokrati</span>');
    expect(english.text).toContain('Never covered');
    const swedish = await html(englishViewer, '?locale=sv');
    expect(swedish.text).toContain('<html lang="sv">');
    expect((await html(viewer, '?locale=en')).text).toContain('Dossier for the follow-up evaluation');
  });

  it('escapes text users typed', async () => {
    const weakness = findings().find((finding) => finding.kind === 'weakness')!;
    const owner = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'lena.holm@avesta.example' });
    const plan = (
      await t.http
        .post('/api/action-plans')
        .set(as(manager))
        .send({ title: '<script>alert("hej")</script> & <b>fet</b>', ownerId: owner.id, dueDate: '2027-06-30', findingIds: [weakness.id] })
        .expect(201)
    ).body;
    await t.http.post(`/api/action-plans/${plan.id}/updates`).set(as(owner)).send({ health: 'at_risk', progress: 10, comment: '<img src=x onerror=alert(1)>' }).expect(201);
    const page = await html(viewer);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<b>fet</b>');
    expect(page.text).not.toContain('<img');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;hej&quot;)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;');
    expect(page.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    const json = (await t.http.get(`/api/evaluations/${evaluationId}/follow-up`).set(as(viewer)).expect(200)).body as Dossier;
    expect(json.areas.flatMap((area) => area.findings).flatMap((finding) => finding.actionPlans).map((entry) => entry.title)).toContain(
      '<script>alert("hej")</script> & <b>fet</b>',
    );
  });

  it('runs the same number of queries however many plans there are', async () => {
    const count = async (accept: string) => {
      const requestId = statements.nextId('follow-up');
      await t.http.get(`/api/evaluations/${evaluationId}/follow-up`).set(as(viewer)).set('Accept', accept).set('X-Request-Id', requestId).expect(200);
      return statements.of(requestId);
    };
    const json = await count('application/json');
    const page = await count('text/html');
    const owner = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'sara.ek@avesta.example' });
    const finding = findings().find((candidate) => candidate.kind === 'improvement')!;
    for (let index = 0; index < 5; index++) {
      await t.http.post('/api/action-plans').set(as(manager)).send({ title: `Extra ${index}`, ownerId: owner.id, dueDate: '2027-01-01', findingIds: [finding.id] }).expect(201);
    }
    expect(await count('application/json')).toBe(json);
    expect(await count('text/html')).toBe(page);
    expect(json).toBeLessThanOrEqual(15);
    expect(page).toBeLessThanOrEqual(16);
  });

  it('has the 2018 follow-up to compare with, its effects derived, and running plans carried over to the latest evaluation', async () => {
    const [{ id: followUpId }] = await t.dataSource.query(`SELECT id FROM evaluation WHERE municipality_id = $1 AND conducted_on = '2018-11-01'`, [avesta.id]);
    const comparison = (await t.http.get(`/api/evaluations/${followUpId}/comparison`).set(as(viewer)).expect(200)).body;
    // 2018 totals per area 57, 46, 59, 49, 52, 56, 54, 70 (FOLLOW_UP_2018) against 2014's printed ones.
    expect(comparison.total).toMatchObject({ before: 404, after: 443, delta: 39 });
    expect(comparison.areas.map((area: { delta: number }) => area.delta)).toEqual([5, 5, 3, 5, 6, 4, 9, 2]);
    const declined = comparison.areas.flatMap((area: { questions: { code: string; flags: string[] }[] }) => area.questions).filter((question: { flags: string[] }) => question.flags.includes('declined'));
    expect(declined.map((question: { code: string }) => question.code)).toEqual(['1.4', '8.5']);
    // Every plan on the 2014 findings got an effect when 2018 was published.
    const effects: { effect: string | null }[] = await t.dataSource.query(
      `SELECT DISTINCT p.effect FROM action_plan p JOIN action_plan_finding l ON l.action_plan_id = p.id JOIN finding f ON f.id = l.finding_id
        WHERE p.municipality_id = $1 AND f.evaluation_id = $2 AND p.created_at < '2018-01-01'`,
      [avesta.id, evaluationId],
    );
    expect(effects.map((row) => row.effect)).not.toContain(null);
    expect(effects.map((row) => row.effect).sort()).toEqual(['declined', 'improved', 'unchanged', 'unknown']);
    const [{ id: latestId }] = await t.dataSource.query(`SELECT id FROM evaluation WHERE municipality_id = $1 AND previous_evaluation_id = $2`, [avesta.id, followUpId]);
    const carryOver = (await t.http.get(`/api/evaluations/${latestId}/carry-over`).set(as(viewer)).expect(200)).body;
    expect(carryOver.items.filter((item: { carriedOver: boolean }) => item.carriedOver)).toHaveLength(3);
  });

  it('answers JSON unless HTML is preferred, and validates the locale and the id', async () => {
    const anything = await t.http.get(`/api/evaluations/${evaluationId}/follow-up`).set(as(viewer)).set('Accept', '*/*').expect(200);
    expect(anything.headers['content-type']).toMatch(/application\/json/);
    const browser = await t.http
      .get(`/api/evaluations/${evaluationId}/follow-up`)
      .set(as(viewer))
      .set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')
      .expect(200);
    expect(browser.headers['content-type']).toMatch(/text\/html/);
    const badLocale = await t.http.get(`/api/evaluations/${evaluationId}/follow-up?locale=de`).set(as(viewer)).expect(400);
    expect(badLocale.body.details[0].field).toBe('locale');
    await t.http.get(`/api/evaluations/${evaluationId}/follow-up?format=pdf`).set(as(viewer)).expect(400);
    await t.http.get('/api/evaluations/not-a-uuid/follow-up').set(as(viewer)).expect(400);
  });
});
