import { addDays, localDate } from '../../src/common/local-date';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { StatementCounter } from '../utils/statement-counter';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * The leadership digest of a busy week, built from the database: lists longer than a mail shows,
 * and a plan created, updated and completed in the same week.
 */
describe('the leadership digest of a busy week', () => {
  const statements = new StatementCounter();
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ...statements.env, APP_URL: 'https://handlingsplan.avesta.example' }, statements.logStream);
  });
  afterAll(() => t.close());

  /** A municipality with a manager and an owner, and `completed` plans completed and `created` plans created this week. */
  async function week(completed: number, created: number): Promise<{ municipality: Municipality; manager: User; owner: User }> {
    const municipality = await makeMunicipality(t.dataSource);
    const manager = await makeUser(t.dataSource, municipality, 'manager');
    const owner = await makeUser(t.dataSource, municipality, 'owner', { name: 'Anna Ägare' });
    await t.dataSource.query(
      `INSERT INTO action_plan (municipality_id, title, owner_id, due_date, status, health, progress, completed_at, last_update_at, created_at)
       SELECT $1, 'Klar åtgärd ' || n, $2, current_date + 30, 'completed', 'on_track', 100, now() - interval '1 day', now() - interval '40 days', now() - interval '60 days'
         FROM generate_series(1, $3::int) n`,
      [municipality.id, owner.id, completed],
    );
    await t.dataSource.query(
      `INSERT INTO action_plan (municipality_id, title, owner_id, due_date, status, created_at)
       SELECT $1, 'Ny åtgärd ' || n, $2, current_date + 90, 'planned', now() - interval '2 days' - make_interval(mins => n)
         FROM generate_series(1, $3::int) n`,
      [municipality.id, owner.id, created],
    );
    return { municipality, manager, owner };
  }

  /** The digest the manager would get now, its text and its HTML part (the text part's request is `requestId`). */
  const preview = async (manager: User, requestId: string) => {
    const get = (format: string, id: string) =>
      t.http
        .get(`/api/digests/preview?kind=leadership&userId=${manager.id}&format=${format}`)
        .set({ Authorization: `Bearer ${t.tokenFor(manager)}`, 'X-Request-Id': id })
        .expect(200)
        .then((response) => response.text);
    const text = await get('text', requestId);
    const html = await get('html', `${requestId}-html`);
    return { text, html };
  };

  it('counts every plan of a list cut short, and says how many it shows of how many, with a link to them all', async () => {
    const { manager } = await week(52, 80);
    const { text, html } = await preview(manager, statements.nextId('busy'));

    expect(text).toContain('- Klara den här veckan: 52\n');
    expect(text).toContain('KLARA DEN HÄR VECKAN (52)');
    expect(text).toContain('Nya åtgärder (80):');
    // The week starts at the start of the same weekday a week ago, in the municipality.
    const weekStart = addDays(localDate(new Date(), 'Europe/Stockholm'), -7);
    expect(text).toContain(`Visar 50 av 52. Se alla på webbplatsen: https://handlingsplan.avesta.example/action-plans?status=completed&completedFrom=${weekStart}&sort=-updatedAt\n`);
    expect(text).toContain(`Visar 50 av 80. Se alla på webbplatsen: https://handlingsplan.avesta.example/action-plans?createdFrom=${weekStart}&sort=-createdAt\n`);
    expect(text.match(/^- Klar åtgärd \d+$/gm)).toHaveLength(50);
    expect(html).toContain('Klara den här veckan (52)');
    expect(html).toContain('Nya åtgärder (80)');
    expect(html).toContain('Visar 50 av 80.');
  });

  it('reads the same number of statements however many plans the lists have', async () => {
    const small = await week(3, 4);
    const large = await week(70, 90);

    const few = statements.nextId('few');
    const many = statements.nextId('many');
    await preview(small.manager, few);
    await preview(large.manager, many);
    expect(statements.of(many)).toBe(statements.of(few));
  });

  it('names a plan created and completed this week once, as completed, without a traffic-light change from none', async () => {
    const { municipality, manager, owner } = await week(0, 0);
    const [plan] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO action_plan (municipality_id, title, owner_id, due_date, status, health, progress, completed_at, last_update_at, created_at)
       VALUES ($1, 'Snabbt klar åtgärd', $2, current_date + 30, 'completed', 'on_track', 100, now() - interval '1 hour', now() - interval '1 hour', now() - interval '3 days')
       RETURNING id`,
      [municipality.id, owner.id],
    );
    await t.dataSource.query(
      `INSERT INTO progress_update (municipality_id, action_plan_id, author_id, status, health, progress, comment, created_at)
       VALUES ($1, $2, $3, 'completed', 'on_track', 100, 'Klart', now() - interval '1 hour')`,
      [municipality.id, plan.id, owner.id],
    );
    const { text, html } = await preview(manager, statements.nextId('quick'));

    expect(text).not.toContain('Ändrat trafikljus');
    expect(text).not.toMatch(/Avslutade/);
    expect(text).toContain('KLARA DEN HÄR VECKAN (1)');
    // Once as new, once as completed: no more.
    expect(text.match(/Snabbt klar åtgärd/g)).toHaveLength(2);
    expect(html.match(/>Snabbt klar åtgärd</g)).toHaveLength(2);
  });
});
