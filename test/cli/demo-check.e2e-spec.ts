import { DemoModule } from '../../src/cli/demo/demo.module';
import { DEMO_MUNICIPALITY_CODE, DemoSeeder } from '../../src/cli/demo/demo-seeder';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { createTestApp, TestApp } from '../utils/test-app';

/** The written check of the demo: numbers a domain expert would accept. */
describe('the demo survives a reading', () => {
  let t: TestApp;
  let viewer: User;
  let municipalityId: string;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });

  beforeAll(async () => {
    t = await createTestApp({}, undefined, [DemoModule]);
    await t.app.get(DemoSeeder).seed();
    const avesta = await t.dataSource.getRepository(Municipality).findOneByOrFail({ code: DEMO_MUNICIPALITY_CODE });
    municipalityId = avesta.id;
    viewer = await t.dataSource.getRepository(User).findOneByOrFail({ municipalityId, role: 'viewer' });
  });

  afterAll(() => t.close());

  it('shows per area on the dashboard exactly the plans behind the figures', async () => {
    const dashboard = (await t.http.get('/api/dashboard').set(as(viewer)).expect(200)).body;
    const total = async (query: string) => (await t.http.get(`/api/action-plans?limit=1&${query}`).set(as(viewer)).expect(200)).body.total as number;
    for (const area of dashboard.areas as { number: number; actionPlans: { byStatus: Record<string, number>; byHealth: Record<string, number> } }[]) {
      for (const [status, count] of Object.entries(area.actionPlans.byStatus)) {
        expect([area.number, status, count]).toEqual([area.number, status, await total(`areaNumber=${area.number}&status=${status}`)]);
      }
      for (const health of ['on_track', 'at_risk', 'off_track']) {
        expect([area.number, health, area.actionPlans.byHealth[health]]).toEqual([
          area.number,
          health,
          await total(`areaNumber=${area.number}&status=planned,in_progress&health=${health}`),
        ]);
      }
    }
  });

  it('credits no plan with the effect of an evaluation conducted before the plan was made', async () => {
    const credited: { title: string }[] = await t.dataSource.query(
      `SELECT p.title FROM action_plan p
         JOIN action_plan_finding l ON l.action_plan_id = p.id
         JOIN finding f ON f.id = l.finding_id
         JOIN evaluation follow_up ON follow_up.previous_evaluation_id = f.evaluation_id AND follow_up.status = 'published'
        WHERE p.municipality_id = $1 AND p.effect IS NOT NULL AND p.effect <> 'unknown' AND p.effect_set_by_id IS NULL
          AND (p.created_at AT TIME ZONE 'Europe/Stockholm')::date > follow_up.conducted_on`,
      [municipalityId],
    );
    expect(credited).toEqual([]);
  });

  it('gives every gul or röd plan a comment, and no röd plan that is nearly done', async () => {
    const silent: { title: string }[] = await t.dataSource.query(
      `SELECT p.title FROM action_plan p WHERE p.municipality_id = $1 AND p.health IN ('at_risk', 'off_track')
          AND NOT EXISTS (SELECT 1 FROM progress_update u WHERE u.action_plan_id = p.id AND u.comment IS NOT NULL)`,
      [municipalityId],
    );
    expect(silent).toEqual([]);
    const [{ updates }] = await t.dataSource.query(
      `SELECT count(*)::int AS updates FROM progress_update WHERE municipality_id = $1 AND health IN ('at_risk', 'off_track') AND comment IS NULL`,
      [municipalityId],
    );
    expect(updates).toBe(0);
    const nearlyDone = await t.dataSource.query(`SELECT title, progress FROM action_plan WHERE municipality_id = $1 AND health = 'off_track' AND progress >= 90`, [municipalityId]);
    expect(nearlyDone).toEqual([]);
  });

  it('has no comment shared by two plans', async () => {
    const shared: { comment: string }[] = await t.dataSource.query(
      `SELECT comment FROM progress_update WHERE municipality_id = $1 AND comment IS NOT NULL GROUP BY comment HAVING count(DISTINCT action_plan_id) > 1`,
      [municipalityId],
    );
    expect(shared).toEqual([]);
  });
});
