import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadMunicipalityList } from '../../modules/identity/data/municipality-list';
import { municipalityDisplayName } from '../../modules/identity/municipalities/municipality-name';
import { hashPassword } from '../../modules/identity/users/password-hasher';
import { DEMO_PASSWORD } from './demo-people';

/** Users per municipality by role, 20 in all. */
const USERS_BY_ROLE: [string, number][] = [
  ['admin', 1],
  ['manager', 2],
  ['owner', 12],
  ['viewer', 5],
];

/**
 * Bulk benchmark data for the performance targets (README, Performance), written with set-based SQL (row by row it
 * would take far longer than the benchmark itself). Municipalities that exist already are left
 * alone, so the command can be run again to add more.
 *
 * Every benchmark user's password is the demo password; e-mails are `<role><n>@<code>.bench`.
 */
@Injectable()
export class BenchSeeder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async seed(count: number): Promise<Record<string, number>> {
    const listed = loadMunicipalityList().slice(0, count);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    return this.dataSource.transaction(async (manager) => {
      const created: { id: string }[] = await manager.query(
        `INSERT INTO municipality (code, name, next_evaluation_date)
         SELECT code, name, (current_date + 200)::date FROM unnest($1::text[], $2::text[]) AS listed(code, name)
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [listed.map((entry) => entry.code), listed.map((entry) => municipalityDisplayName(entry))],
      );
      const ids = created.map((row) => row.id);
      if (ids.length === 0) return { municipalities: 0 };

      await manager.query(`CREATE TEMP TABLE bench_municipality ON COMMIT DROP AS SELECT id, code FROM municipality WHERE id = ANY($1::uuid[])`, [ids]);
      for (const [role, perMunicipality] of USERS_BY_ROLE) {
        await manager.query(
          `INSERT INTO app_user (municipality_id, email, name, role, password_hash, leadership_digest, owner_digest)
           SELECT m.id, $1 || n || '@' || m.code || '.bench', initcap($1) || ' ' || n, $1, $2, $1 <> 'owner', true
             FROM bench_municipality m, generate_series(1, $3) n`,
          [role, passwordHash, perMunicipality],
        );
      }
      // Two published evaluations each: 2014 and its follow-up in 2018.
      await manager.query(`
        INSERT INTO evaluation (municipality_id, framework_id, title, conducted_on, status, source, published_at)
        SELECT m.id, f.id, 'KommunKompassen ' || y, make_date(y, 11, 1), 'published', 'manual', make_date(y, 12, 1)
          FROM bench_municipality m, framework f, (VALUES (2014), (2018)) AS years(y)
         WHERE f.key = 'kommunkompassen-2010'`);
      await manager.query(`
        UPDATE evaluation later SET previous_evaluation_id = earlier.id
          FROM evaluation earlier
         WHERE later.municipality_id = earlier.municipality_id AND later.conducted_on > earlier.conducted_on
           AND later.municipality_id IN (SELECT id FROM bench_municipality)`);
      await manager.query(`
        INSERT INTO score (municipality_id, evaluation_id, question_id, achieved_points)
        SELECT e.municipality_id, e.id, q.id, round((q.max_points * (0.3 + random() * 0.6))::numeric)
          FROM evaluation e JOIN question q ON q.framework_id = e.framework_id
         WHERE e.municipality_id IN (SELECT id FROM bench_municipality)`);
      // Per evaluation: 10 strengths and 25 findings that call for action, spread over the areas.
      await manager.query(`
        INSERT INTO finding (municipality_id, evaluation_id, area_number, kind, text, position)
        SELECT e.municipality_id, e.id, 1 + (n % 8),
               CASE WHEN n <= 10 THEN 'strength' WHEN n % 2 = 0 THEN 'improvement' ELSE 'weakness' END,
               'Iakttagelse ' || n || ' i område ' || (1 + (n % 8)), n
          FROM evaluation e, generate_series(1, 35) n
         WHERE e.municipality_id IN (SELECT id FROM bench_municipality)`);
      // One to three plans per finding that calls for action, owned by the municipality's owners.
      await manager.query(`
        CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
        SELECT gen_random_uuid() AS id, f.id AS finding_id, f.municipality_id, f.area_number, k
          FROM finding f, generate_series(1, 3) k
         WHERE f.municipality_id IN (SELECT id FROM bench_municipality) AND f.kind <> 'strength'
           AND k <= 1 + (abs(hashtext(f.id::text || k)) % 3)`);
      await manager.query(`
        INSERT INTO action_plan (id, municipality_id, title, owner_id, due_date, status, priority, created_at)
        SELECT p.id, p.municipality_id, 'Åtgärd ' || p.k || ' för område ' || p.area_number,
               (SELECT u.id FROM app_user u WHERE u.municipality_id = p.municipality_id AND u.role = 'owner'
                 ORDER BY u.email OFFSET abs(hashtext(p.id::text)) % 12 LIMIT 1),
               current_date + (abs(hashtext(p.id::text || 'due')) % 900) - 200,
               'in_progress', 'medium', now() - interval '370 days'
          FROM bench_plan p`);
      await manager.query(`INSERT INTO action_plan_finding (action_plan_id, finding_id, municipality_id) SELECT id, finding_id, municipality_id FROM bench_plan`);
      await manager.query(`
        INSERT INTO progress_update (municipality_id, action_plan_id, author_id, status, health, progress, comment, created_at)
        SELECT p.municipality_id, p.id, p.owner_id, 'in_progress',
               (ARRAY['on_track', 'on_track', 'at_risk', 'off_track'])[1 + abs(hashtext(p.id::text || s)) % 4],
               least(95, s * 8),
               'Lägesrapport ' || s,
               p.created_at + make_interval(days => s * 30)
          FROM action_plan p, generate_series(1, 12) s
         WHERE p.id IN (SELECT id FROM bench_plan)`);
      await manager.query(`
        UPDATE action_plan p SET health = u.health, progress = u.progress, last_update_at = u.created_at, version = 13
          FROM (SELECT DISTINCT ON (action_plan_id) action_plan_id, health, progress, created_at
                  FROM progress_update WHERE action_plan_id IN (SELECT id FROM bench_plan)
                 ORDER BY action_plan_id, created_at DESC) u
         WHERE u.action_plan_id = p.id`);
      const [counts]: Record<string, number>[] = await manager.query(`
        SELECT (SELECT count(*) FROM bench_municipality)::int AS municipalities,
               (SELECT count(*) FROM app_user WHERE municipality_id IN (SELECT id FROM bench_municipality))::int AS users,
               (SELECT count(*) FROM bench_plan)::int AS "action plans",
               (SELECT count(*) FROM progress_update WHERE action_plan_id IN (SELECT id FROM bench_plan))::int AS "progress updates"`);
      return counts;
    });
  }
}
