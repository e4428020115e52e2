import { DemoModule } from '../../src/cli/demo/demo.module';
import { DEMO_MUNICIPALITY_CODE, DemoSeeder } from '../../src/cli/demo/demo-seeder';
import { CURRENT_EVALUATION, NEXT_EVALUATION_IN_DAYS } from '../../src/cli/demo/demo-story';
import { addDays } from '../../src/common/local-date';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { StatementCounter } from '../utils/statement-counter';
import { createTestApp, TestApp } from '../utils/test-app';

interface DashboardArea {
  number: number;
  score: { achievedPoints: number; maxPoints: number; percent: number } | null;
  findings: { needingAction: number; covered: number; uncovered: number; dismissed: number };
  actionPlans: { byStatus: Record<string, number>; byHealth: Record<string, number> };
}

describe('the dashboard on the demo data', () => {
  let t: TestApp;
  const statements = new StatementCounter();
  let viewer: User;
  let dashboard: { areas: DashboardArea[]; [key: string]: unknown } & Record<string, any>;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });

  beforeAll(async () => {
    t = await createTestApp(statements.env, statements.logStream, [DemoModule]);
    expect(await t.app.get(DemoSeeder).seed()).toBe(true);
    const avesta = await t.dataSource.getRepository(Municipality).findOneByOrFail({ code: DEMO_MUNICIPALITY_CODE });
    viewer = await t.dataSource.getRepository(User).findOneByOrFail({ municipalityId: avesta.id, role: 'viewer' });
    dashboard = (await t.http.get('/api/dashboard').set(as(viewer)).expect(200)).body;
  });

  afterAll(() => t.close());

  it('seeds only once', async () => {
    expect(await t.app.get(DemoSeeder).seed()).toBe(false);
  });

  it("shows each area's score of the latest published evaluation, the one about a year ago", async () => {
    // The latest is 2018's rows moved by CURRENT_EVALUATION: 57+4, 46+3, 59+3, 49-1, 52+2, 56, 54-1, 70-1;
    // 452 of 800 is 56.5 %.
    expect(dashboard.evaluation).toMatchObject({ conductedOn: addDays(t.clock.today({ timezone: 'Europe/Stockholm' }), CURRENT_EVALUATION.conductedOn) });
    expect(dashboard.areas.map((area) => area.score?.achievedPoints)).toEqual([61, 49, 62, 48, 54, 56, 53, 69]);
    expect(dashboard.score).toMatchObject({ achievedPoints: 452, maxPoints: 800 });
    const evaluations = (await t.http.get('/api/evaluations').set(as(viewer)).expect(200)).body.items;
    const first = evaluations.find((evaluation: { conductedOn: string }) => evaluation.conductedOn === '2014-12-01');
    const report = (await t.http.get(`/api/evaluations/${first.id}`).set(as(viewer)).expect(200)).body;
    expect(report.areas.map((area: { achievedPoints: number }) => area.achievedPoints)).toEqual([52, 41, 56, 44, 46, 52, 45, 68]);
    expect(report.total).toMatchObject({ achievedPoints: 404, maxPoints: 800, percent: 51 });
  });

  it('counts findings needing action, covered, uncovered and dismissed per area, as the data says', async () => {
    const rows: { area_number: number; needing: number; covered: number; dismissed: number }[] = await t.dataSource.query(`
      SELECT f.area_number,
             count(*) FILTER (WHERE f.dismissed_reason IS NULL)::int AS needing,
             count(*) FILTER (WHERE f.dismissed_reason IS NULL AND f.id IN (
               SELECT l.finding_id FROM action_plan_finding l JOIN action_plan p ON p.id = l.action_plan_id WHERE p.status <> 'cancelled'))::int AS covered,
             count(*) FILTER (WHERE f.dismissed_reason IS NOT NULL)::int AS dismissed
        FROM finding f WHERE f.kind <> 'strength' AND f.evaluation_id = $1 GROUP BY f.area_number ORDER BY f.area_number`, [dashboard.evaluation.id]);
    // An evaluation entered by hand may have findings in some areas only; the others count zeros.
    expect(dashboard.areas.map((area) => area.findings)).toEqual(
      dashboard.areas.map((area) => {
        const row = rows.find((candidate) => candidate.area_number === area.number) ?? { needing: 0, covered: 0, dismissed: 0 };
        return { needingAction: row.needing, covered: row.covered, uncovered: row.needing - row.covered, dismissed: row.dismissed };
      }),
    );
    const totalNeeding = rows.reduce((sum, row) => sum + row.needing, 0);
    expect(dashboard.findings.needingAction).toBe(totalNeeding);
    expect(dashboard.findings.uncovered).toBeGreaterThan(0);
    expect(dashboard.findings.dismissed).toBeGreaterThan(0);
  });

  it('counts plans by status and by traffic light', async () => {
    const rows: { status: string; health: string | null; plans: number }[] = await t.dataSource.query(
      'SELECT status, health, count(*)::int AS plans FROM action_plan GROUP BY status, health',
    );
    const total = rows.reduce((sum, row) => sum + row.plans, 0);
    expect(total).toBeGreaterThanOrEqual(35);
    const byStatus = dashboard.actionPlans.byStatus as Record<string, number>;
    for (const status of ['planned', 'in_progress', 'completed', 'cancelled']) {
      expect(byStatus[status]).toBe(rows.filter((row) => row.status === status).reduce((sum, row) => sum + row.plans, 0));
    }
    const active = rows.filter((row) => row.status === 'planned' || row.status === 'in_progress');
    expect(dashboard.actionPlans.byHealth).toEqual({
      on_track: active.filter((row) => row.health === 'on_track').reduce((sum, row) => sum + row.plans, 0),
      at_risk: active.filter((row) => row.health === 'at_risk').reduce((sum, row) => sum + row.plans, 0),
      off_track: active.filter((row) => row.health === 'off_track').reduce((sum, row) => sum + row.plans, 0),
      none: active.filter((row) => row.health === null).reduce((sum, row) => sum + row.plans, 0),
    });
    // Per area: every plan linked to a finding in the area, whichever evaluation the finding is of.
    const [{ linked }] = await t.dataSource.query(
      `SELECT count(DISTINCT (f.area_number, l.action_plan_id))::int AS linked FROM action_plan_finding l JOIN finding f ON f.id = l.finding_id`,
    );
    const perArea = dashboard.areas.reduce((sum, area) => sum + Object.values(area.actionPlans.byStatus).reduce((a, b) => a + b, 0), 0);
    expect(linked).toBeGreaterThan(0);
    expect(perArea).toBe(linked);
  });

  it('counts down to the next evaluation', () => {
    expect(dashboard.nextEvaluation).toMatchObject({ daysLeft: NEXT_EVALUATION_IN_DAYS });
  });

  it('answers a municipality with no published evaluation with empty areas', async () => {
    const fresh = await makeUser(t.dataSource, await makeMunicipality(t.dataSource), 'viewer');
    const empty = await t.http.get('/api/dashboard').set(as(fresh)).expect(200);
    expect(empty.body).toMatchObject({ evaluation: null, areas: [], score: null, nextEvaluation: null, attention: { active: 0 } });
  });

  it('runs a fixed handful of queries for all the demo plans (no query per plan)', async () => {
    const requestId = statements.nextId('dashboard');
    await t.http.get('/api/dashboard').set(as(viewer)).set('X-Request-Id', requestId).expect(200);
    expect(statements.of(requestId)).toBeLessThanOrEqual(14);
  });
});

// Counted against the dates the test itself gives each plan, not against another query of the
// same rules: a wrong rule (a completed plan counted as active, today in UTC) shows here.
describe("the dashboard's attention counts", () => {
  let t: TestApp;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('counts active, overdue, due soon and stale plans as the dates the test set say, at the clock', async () => {
    // Wednesday 10 June 2026, 12:00 in Stockholm; due soon within 7 days, stale after 14.
    const place = await makeMunicipality(t.dataSource, { timezone: 'Europe/Stockholm', dueSoonDays: 7, staleAfterDays: 14 });
    const manager = await makeUser(t.dataSource, place, 'manager');
    const evaluation = (
      await t.http.post('/api/evaluations').set(as(manager)).send({ frameworkKey: 'kommunkompassen-2010', title: 'Räknad', conductedOn: '2025-11-01' }).expect(201)
    ).body;
    await t.http.post(`/api/evaluations/${evaluation.id}/publish`).set(as(manager)).expect(200);
    const finding = (
      await t.http.post(`/api/evaluations/${evaluation.id}/findings`).set(as(manager)).send({ areaNumber: 2, kind: 'improvement', text: 'Fler e-tjänster' }).expect(201)
    ).body;
    const plan = async (title: string, dueDate: string, createdAt: string) => {
      t.clock.set(createdAt);
      return (await t.http.post('/api/action-plans').set(as(manager)).send({ title, ownerId: manager.id, dueDate, findingIds: [finding.id] }).expect(201)).body;
    };
    try {
      await plan('Försenad', '2026-06-09', '2026-06-05T08:00:00Z'); // overdue (yesterday), updated recently enough
      await plan('Snart', '2026-06-17', '2026-06-09T08:00:00Z'); // due in 7 days: due soon
      await plan('Bortglömd', '2026-12-31', '2026-05-20T08:00:00Z'); // no update for 21 days: stale
      await plan('I tid', '2026-12-31', '2026-06-08T08:00:00Z'); // only active
      const cancelled = await plan('Stoppad', '2026-06-01', '2026-05-01T08:00:00Z'); // would be overdue and stale, but cancelled
      await t.http.patch(`/api/action-plans/${cancelled.id}`).set(as(manager)).send({ version: cancelled.version, status: 'cancelled', cancellationReason: 'Ersatt av annan åtgärd' }).expect(200);
      const done = await plan('Klar', '2026-06-01', '2026-05-01T08:00:00Z'); // would be overdue, but completed
      await t.http.post(`/api/action-plans/${done.id}/updates`).set(as(manager)).send({ status: 'completed', health: 'on_track', progress: 100 }).expect(201);
      t.clock.set('2026-06-10T10:00:00Z');
      const counted = (await t.http.get('/api/dashboard').set(as(manager)).expect(200)).body;
      expect(counted.attention).toEqual({ active: 4, overdue: 1, dueSoon: 1, stale: 1 });
      // One second before Stockholm's midnight the plan due on the 9th is not yet overdue.
      t.clock.set('2026-06-09T21:59:59Z');
      expect((await t.http.get('/api/dashboard').set(as(manager)).expect(200)).body.attention).toMatchObject({ overdue: 0, dueSoon: 1 });
      // At Stockholm's midnight (22:00 UTC in summer) it is, though UTC is still on the 9th.
      t.clock.set('2026-06-09T22:00:00Z');
      expect((await t.http.get('/api/dashboard').set(as(manager)).expect(200)).body.attention).toMatchObject({ overdue: 1 });
    } finally {
      t.clock.release();
    }
  });
});
