import { DemoModule } from '../../src/cli/demo/demo.module';
import { DEMO_MUNICIPALITY_CODE, DemoSeeder } from '../../src/cli/demo/demo-seeder';
import { addDays, daysBetween } from '../../src/common/local-date';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * The traffic light an owner would honestly set: grön while progress is within 15 points of the
 * share of time gone from start to due date, gul within 35, röd beyond; past the due date gul
 * from 80 % and röd below. A completed plan is grön.
 */
function honestLight(progress: number, start: string, due: string, day: string): string {
  if (progress === 100) return 'on_track';
  if (day > due) return progress >= 80 ? 'at_risk' : 'off_track';
  const expected = Math.min(100, Math.max(0, (daysBetween(start, day) / Math.max(1, daysBetween(start, due))) * 100));
  const behind = expected - progress;
  return behind <= 15 ? 'on_track' : behind <= 35 ? 'at_risk' : 'off_track';
}

/** The written check of the demo: numbers and a story a domain expert would accept. */
describe('the demo survives a reading', () => {
  let t: TestApp;
  let viewer: User;
  let avesta: Municipality;
  let today: string;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const query = <T>(sql: string, parameters: unknown[] = [avesta.id]): Promise<T[]> => t.dataSource.query(sql, parameters);

  beforeAll(async () => {
    t = await createTestApp({}, undefined, [DemoModule]);
    await t.app.get(DemoSeeder).seed();
    avesta = await t.dataSource.getRepository(Municipality).findOneByOrFail({ code: DEMO_MUNICIPALITY_CODE });
    viewer = await t.dataSource.getRepository(User).findOneByOrFail({ municipalityId: avesta.id, role: 'viewer' });
    today = t.clock.today(avesta);
  }, 120_000);

  afterAll(() => t.close());

  it('shows per area on the dashboard exactly the plans behind the figures', async () => {
    const dashboard = (await t.http.get('/api/dashboard').set(as(viewer)).expect(200)).body;
    // Counted here from the tables: a plan belongs to the areas of all its findings, whichever evaluation.
    const rows = await query<{ area: number; status: string; health: string | null; plans: number }>(
      `SELECT f.area_number AS area, p.status, p.health, count(DISTINCT p.id)::int AS plans
         FROM action_plan p JOIN action_plan_finding l ON l.action_plan_id = p.id JOIN finding f ON f.id = l.finding_id
        WHERE p.municipality_id = $1 GROUP BY 1, 2, 3`,
    );
    const count = (area: number, keep: (row: (typeof rows)[number]) => boolean) => rows.filter((row) => row.area === area && keep(row)).reduce((sum, row) => sum + row.plans, 0);
    const listTotal = async (search: string) => (await t.http.get(`/api/action-plans?limit=1&${search}`).set(as(viewer)).expect(200)).body.total as number;
    expect(dashboard.areas.map((area: { number: number }) => area.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const area of dashboard.areas as { number: number; actionPlans: { byStatus: Record<string, number>; byHealth: Record<string, number> } }[]) {
      expect(count(area.number, () => true)).toBeGreaterThan(0);
      for (const status of ['planned', 'in_progress', 'completed', 'cancelled']) {
        const expected = count(area.number, (row) => row.status === status);
        expect([area.number, status, area.actionPlans.byStatus[status]]).toEqual([area.number, status, expected]);
        expect([area.number, status, await listTotal(`areaNumber=${area.number}&status=${status}`)]).toEqual([area.number, status, expected]);
      }
      for (const health of ['on_track', 'at_risk', 'off_track']) {
        const expected = count(area.number, (row) => (row.status === 'planned' || row.status === 'in_progress') && row.health === health);
        expect([area.number, health, area.actionPlans.byHealth[health]]).toEqual([area.number, health, expected]);
      }
    }
  });

  it('credits no plan with the effect of an evaluation conducted after the plan was made, and every earlier plan with one', async () => {
    const credited = await query<{ title: string }>(
      `SELECT p.title FROM action_plan p
         JOIN action_plan_finding l ON l.action_plan_id = p.id
         JOIN finding f ON f.id = l.finding_id
         JOIN evaluation follow_up ON follow_up.previous_evaluation_id = f.evaluation_id AND follow_up.status = 'published'
        WHERE p.municipality_id = $1 AND p.effect IS NOT NULL AND p.effect <> 'unknown' AND p.effect_set_by_id IS NULL
          AND (p.created_at AT TIME ZONE 'Europe/Stockholm')::date > follow_up.conducted_on`,
    );
    expect(credited).toEqual([]);
    // The plans of the latest evaluation's cycle have no follow-up yet, so no effect at all.
    const early = await query<{ title: string }>(
      `SELECT p.title FROM action_plan p
        WHERE p.municipality_id = $1 AND p.effect IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM action_plan_finding l JOIN finding f ON f.id = l.finding_id
                            JOIN evaluation follow_up ON follow_up.previous_evaluation_id = f.evaluation_id AND follow_up.status = 'published'
                           WHERE l.action_plan_id = p.id AND (p.created_at AT TIME ZONE 'Europe/Stockholm')::date <= follow_up.conducted_on)`,
    );
    expect(early).toEqual([]);
  });

  it('gives scores that follow from what was done: up where plans were completed, not where they were cancelled', async () => {
    const rows = await query<{ title: string; status: string; effect: string | null }>(
      `SELECT p.title, p.status, p.effect FROM action_plan p
        WHERE p.municipality_id = $1 AND p.effect IS NOT NULL AND EXISTS (SELECT 1 FROM action_plan_target t WHERE t.action_plan_id = p.id)`,
    );
    const completed = rows.filter((row) => row.status === 'completed');
    const cancelled = rows.filter((row) => row.status === 'cancelled');
    expect(completed.length).toBeGreaterThan(10);
    expect(cancelled.length).toBeGreaterThan(2);
    expect(completed.filter((row) => row.effect !== 'improved')).toEqual([]);
    expect(cancelled.filter((row) => row.effect === 'improved')).toEqual([]);
    expect(await query(`SELECT title FROM action_plan WHERE municipality_id = $1 AND status = 'cancelled' AND (cancellation_reason IS NULL OR cancelled_by_id IS NULL)`)).toEqual([]);
  });

  it('gives every gul or röd plan and update a comment, and traffic lights that match progress and dates', async () => {
    const silent = await query<{ title: string }>(
      `SELECT p.title FROM action_plan p WHERE p.municipality_id = $1 AND p.health IN ('at_risk', 'off_track')
          AND NOT EXISTS (SELECT 1 FROM progress_update u WHERE u.action_plan_id = p.id AND u.comment IS NOT NULL)`,
    );
    expect(silent).toEqual([]);
    const [{ updates }] = await query<{ updates: number }>(
      `SELECT count(*)::int AS updates FROM progress_update WHERE municipality_id = $1 AND health IN ('at_risk', 'off_track') AND comment IS NULL`,
    );
    expect(updates).toBe(0);
    expect(await query(`SELECT title, progress FROM action_plan WHERE municipality_id = $1 AND health = 'off_track' AND progress >= 90`)).toEqual([]);
    const history = await query<{ title: string; day: string; start: string; due: string; progress: number; health: string }>(
      `SELECT p.title, to_char(u.created_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD') AS day, to_char(p.start_date, 'YYYY-MM-DD') AS start,
              to_char(p.due_date, 'YYYY-MM-DD') AS due, u.progress, u.health
         FROM progress_update u JOIN action_plan p ON p.id = u.action_plan_id WHERE p.municipality_id = $1`,
    );
    expect(history.length).toBeGreaterThan(60);
    const dishonest = history.filter((row) => row.health !== honestLight(row.progress, row.start, row.due, row.day));
    expect(dishonest).toEqual([]);
    // Each plan's state is its latest update's.
    const drifted = await query(
      `SELECT p.title FROM action_plan p JOIN LATERAL (SELECT * FROM progress_update u WHERE u.action_plan_id = p.id ORDER BY u.created_at DESC LIMIT 1) last ON true
        WHERE p.municipality_id = $1 AND (p.progress <> last.progress OR (p.status <> 'cancelled' AND (p.health IS DISTINCT FROM last.health OR p.status <> last.status)))`,
    );
    expect(drifted).toEqual([]);
    const lights = await query<{ health: string }>(`SELECT DISTINCT health FROM action_plan WHERE municipality_id = $1 AND status IN ('planned', 'in_progress') AND health IS NOT NULL`);
    expect(lights.map((row) => row.health).sort()).toEqual(['at_risk', 'off_track', 'on_track']);
  });

  it('has no comment shared by two plans', async () => {
    const shared = await query(
      `SELECT comment FROM progress_update WHERE municipality_id = $1 AND comment IS NOT NULL GROUP BY comment HAVING count(DISTINCT action_plan_id) > 1`,
    );
    expect(shared).toEqual([]);
    const [{ comments }] = await query<{ comments: number }>(`SELECT count(DISTINCT comment)::int AS comments FROM progress_update WHERE municipality_id = $1`);
    expect(comments).toBeGreaterThan(30);
  });

  it('tells the story: 2014 imported, its plans closed by 2017, 2018 by hand, an evaluation about a year ago, the next about a year ahead', async () => {
    const evaluations = await query<{ id: string; conducted_on: string; source: string; status: string; previous: string | null }>(
      `SELECT id, to_char(conducted_on, 'YYYY-MM-DD') AS conducted_on, source, status, previous_evaluation_id AS previous FROM evaluation WHERE municipality_id = $1 ORDER BY conducted_on`,
    );
    expect(evaluations.map((row) => [row.conducted_on.slice(0, 4), row.source, row.status])).toEqual([
      ['2014', 'import', 'published'],
      ['2018', 'manual', 'published'],
      [expect.any(String), 'manual', 'published'],
    ]);
    expect(evaluations.map((row) => row.previous)).toEqual([null, evaluations[0].id, evaluations[1].id]);
    expect(Math.abs(daysBetween(evaluations[2].conducted_on, today) - 365)).toBeLessThanOrEqual(45);
    expect(Math.abs(daysBetween(today, avesta.nextEvaluationDate!) - 365)).toBeLessThanOrEqual(45);

    const ofEvaluation = (id: string) =>
      query<{ title: string; created: string; closed: string | null; status: string; due: string }>(
        `SELECT DISTINCT p.title, to_char(p.created_at, 'YYYY-MM-DD') AS created, p.status, to_char(p.due_date, 'YYYY-MM-DD') AS due,
                to_char(coalesce(p.completed_at, p.cancelled_at), 'YYYY-MM-DD') AS closed
           FROM action_plan p JOIN action_plan_finding l ON l.action_plan_id = p.id JOIN finding f ON f.id = l.finding_id
          WHERE p.municipality_id = $1 AND f.evaluation_id = $2`,
        [avesta.id, id],
      );
    const of2014 = await ofEvaluation(evaluations[0].id);
    expect(of2014.length).toBeGreaterThan(10);
    expect(of2014.filter((plan) => !plan.created.startsWith('2015') && !plan.created.startsWith('2016'))).toEqual([]);
    expect(of2014.filter((plan) => !['completed', 'cancelled'].includes(plan.status) || !plan.closed || plan.closed > '2017-12-31')).toEqual([]);

    // The current cycle: made after the latest evaluation, due from a few months ago to about two years ahead.
    const current = await ofEvaluation(evaluations[2].id);
    const made = current.filter((plan) => plan.created > evaluations[2].conducted_on);
    expect(made.length).toBeGreaterThan(5);
    expect(current.length - made.length).toBeGreaterThan(0); // carried over from 2018
    const open = current.filter((plan) => plan.status === 'planned' || plan.status === 'in_progress');
    const dues = open.map((plan) => daysBetween(today, plan.due)).sort((a, b) => a - b);
    expect(dues[0]).toBeLessThan(-30);
    expect(dues[0]).toBeGreaterThanOrEqual(-180);
    expect(dues.at(-1)).toBeGreaterThan(540);
    expect(dues.at(-1)).toBeLessThanOrEqual(800);
    expect(addDays(today, dues.at(-1)!) > today).toBe(true);
  });

  it('aims the anti-corruption plan at sub-question 1.5', async () => {
    const targets = await query<{ title: string; codes: string[] }>(
      `SELECT p.title, array_agg(t.question_code ORDER BY t.question_code) AS codes FROM action_plan p JOIN action_plan_target t ON t.action_plan_id = p.id
        WHERE p.municipality_id = $1 AND p.title ILIKE '%korruption%' GROUP BY p.title`,
    );
    expect(targets).toEqual([{ title: expect.any(String), codes: ['1.5'] }]);
  });
});
