import ExcelJS from 'exceljs';
import { addDays, localDate } from '../../src/common/local-date';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { ImportedFinding, importAvesta } from '../utils/fixtures';
import { StatementCounter } from '../utils/statement-counter';
import { createTestApp, TestApp } from '../utils/test-app';

/** Reads a binary response body into a Buffer. */
const binary = (response: import('superagent').Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = response as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('listing, filtering and exporting action plans', () => {
  let t: TestApp;
  let manager: User;
  let anna: User;
  let bo: User;
  let findings: ImportedFinding[];
  const titles: Record<string, string> = {};
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const today = localDate(new Date(), 'Europe/Stockholm');
  const inArea = (areaNumber: number) => findings.find((finding) => finding.areaNumber === areaNumber && finding.kind !== 'strength')!;

  /** A plan made through the API, then given its dates and history directly. */
  const plan = async (
    key: string,
    options: { owner: User; area: number; dueInDays: number; status?: string; health?: string; lastUpdateDaysAgo?: number; createdDaysAgo?: number },
  ) => {
    const created = (
      await t.http
        .post('/api/action-plans')
        .set(as(manager))
        .send({ title: `Plan ${key}`, ownerId: options.owner.id, dueDate: addDays(today, options.dueInDays), findingIds: [inArea(options.area).id] })
        .expect(201)
    ).body;
    await t.dataSource.query(
      `UPDATE action_plan SET status = $2, health = $3, progress = $4, created_at = now() - make_interval(days => $5),
         last_update_at = CASE WHEN $6::int IS NULL THEN NULL ELSE now() - make_interval(days => $6::int) END WHERE id = $1`,
      [created.id, options.status ?? 'in_progress', options.health ?? null, options.status === 'completed' ? 100 : 10, options.createdDaysAgo ?? 1, options.lastUpdateDaysAgo ?? null],
    );
    titles[key] = created.title;
    return created;
  };
  const listTitles = async (query: string) =>
    ((await t.http.get(`/api/action-plans?limit=500&${query}`).set(as(anna)).expect(200)).body.items as { title: string }[])
      .map((item) => item.title)
      .sort();
  const expected = (...keys: string[]) => keys.map((key) => titles[key]).sort();

  const statements = new StatementCounter();

  beforeAll(async () => {
    t = await createTestApp(statements.env, statements.logStream);
    const avesta = await makeMunicipality(t.dataSource, { code: '2084' });
    manager = await makeUser(t.dataSource, avesta, 'manager');
    anna = await makeUser(t.dataSource, avesta, 'owner', { name: 'Anna' });
    bo = await makeUser(t.dataSource, avesta, 'owner', { name: 'Bo' });
    ({ findings } = await importAvesta(t.http, t.tokenFor(manager)));

    await plan('overdue', { owner: anna, area: 1, dueInDays: -1, health: 'off_track', lastUpdateDaysAgo: 2 });
    await plan('overdue-but-done', { owner: anna, area: 1, dueInDays: -10, status: 'completed', health: 'on_track', lastUpdateDaysAgo: 40 });
    await plan('due-today', { owner: bo, area: 2, dueInDays: 0, health: 'at_risk', lastUpdateDaysAgo: 1 });
    await plan('due-in-14', { owner: bo, area: 2, dueInDays: 14, health: 'on_track', lastUpdateDaysAgo: 1 });
    await plan('due-in-15', { owner: anna, area: 3, dueInDays: 15, health: 'on_track', lastUpdateDaysAgo: 29 });
    await plan('stale-updated', { owner: anna, area: 3, dueInDays: 200, health: 'on_track', lastUpdateDaysAgo: 31 });
    await plan('stale-never-updated', { owner: bo, area: 4, dueInDays: 300, status: 'planned', createdDaysAgo: 45 });
    await plan('new-never-updated', { owner: bo, area: 4, dueInDays: 300, status: 'planned', createdDaysAgo: 3 });
    await plan('cancelled-stale', { owner: bo, area: 5, dueInDays: -5, status: 'cancelled', createdDaysAgo: 90 });
  });

  afterAll(() => t.close());

  it('overdue: active and due before today', async () => {
    expect(await listTitles('overdue=true')).toEqual(expected('overdue'));
  });

  it('dueSoon: active and due from today to 14 days ahead', async () => {
    expect(await listTitles('dueSoon=true')).toEqual(expected('due-today', 'due-in-14'));
  });

  it('stale: active with no update for 30 days, counting from creation when never updated', async () => {
    expect(await listTitles('stale=true')).toEqual(expected('stale-updated', 'stale-never-updated'));
  });

  it('follows the municipality settings for "due soon" and "stale"', async () => {
    const admin = await makeUser(t.dataSource, { id: manager.municipalityId }, 'admin');
    await t.http.patch('/api/municipality').set(as(admin)).send({ dueSoonDays: 15, staleAfterDays: 28 }).expect(200);
    try {
      expect(await listTitles('dueSoon=true')).toEqual(expected('due-today', 'due-in-14', 'due-in-15'));
      expect(await listTitles('stale=true')).toEqual(expected('due-in-15', 'stale-updated', 'stale-never-updated'));
    } finally {
      await t.http.patch('/api/municipality').set(as(admin)).send({ dueSoonDays: 14, staleAfterDays: 30 }).expect(200);
    }
  });

  it('filters by area, owner, health, status, due dates and text', async () => {
    expect(await listTitles('areaNumber=2')).toEqual(expected('due-today', 'due-in-14'));
    expect(await listTitles(`ownerId=${anna.id}`)).toEqual(expected('overdue', 'overdue-but-done', 'due-in-15', 'stale-updated'));
    expect(await listTitles('health=at_risk,off_track')).toEqual(expected('overdue', 'due-today'));
    expect(await listTitles('status=planned')).toEqual(expected('stale-never-updated', 'new-never-updated'));
    expect(await listTitles(`dueBefore=${today}&dueAfter=${addDays(today, -1)}`)).toEqual(expected('overdue', 'due-today'));
    expect(await listTitles('q=stale-up')).toEqual(expected('stale-updated'));
    expect(await listTitles('overdue=true&ownerId=' + bo.id)).toEqual([]);
  });

  it("filters by the day plans were completed, cancelled or created, from that day's midnight in the municipality", async () => {
    // Midnight starting 15 January in Stockholm is 23:00 UTC on the 14th; in New York 05:00 UTC on the 15th.
    const inZone = async (timezone: string, midnight: string) => {
      const municipality = await makeMunicipality(t.dataSource, { timezone });
      const boss = await makeUser(t.dataSource, municipality, 'manager');
      const oneSecondBefore = new Date(Date.parse(midnight) - 1000).toISOString();
      for (const [when, instant] of [['before', oneSecondBefore], ['at midnight', midnight]]) {
        await t.dataSource.query(
          `INSERT INTO action_plan (municipality_id, title, owner_id, due_date, status, health, progress, completed_at, cancelled_at, cancellation_reason, created_at)
           VALUES ($1, 'completed ' || $3, $2, '2026-06-30', 'completed', 'on_track', 100, $4, NULL, NULL, '2025-06-01T10:00:00Z'),
                  ($1, 'cancelled ' || $3, $2, '2026-06-30', 'cancelled', NULL, 0, NULL, $4, 'Ersatt', '2025-06-01T10:00:00Z'),
                  ($1, 'created ' || $3, $2, '2026-06-30', 'planned', NULL, 0, NULL, NULL, NULL, $4)`,
          [municipality.id, boss.id, when, instant],
        );
      }
      const titlesOf = async (query: string) =>
        ((await t.http.get(`/api/action-plans?limit=100&${query}`).set(as(boss)).expect(200)).body.items as { title: string }[]).map((item) => item.title).sort();
      expect(await titlesOf('completedFrom=2026-01-15')).toEqual(['completed at midnight']);
      expect(await titlesOf('cancelledFrom=2026-01-15')).toEqual(['cancelled at midnight']);
      expect(await titlesOf('createdFrom=2026-01-15')).toEqual(['created at midnight']);
      expect(await titlesOf('completedFrom=2026-01-14')).toEqual(['completed at midnight', 'completed before']);
      expect(await titlesOf('completedFrom=2026-01-16')).toEqual([]);
      // With the other filters, and in the export, which takes the list's filters.
      expect(await titlesOf('status=completed,cancelled&completedFrom=2026-01-15&sort=-updatedAt')).toEqual(['completed at midnight']);
      const csv = await t.http.get('/api/action-plans/export?format=csv&createdFrom=2026-01-15').set(as(boss)).buffer(true).parse(binary).expect(200);
      const lines = (csv.body as Buffer).toString('utf8').slice(1).trimEnd().split('\r\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(';created at midnight;');
    };
    await inZone('Europe/Stockholm', '2026-01-14T23:00:00.000Z');
    await inZone('America/New_York', '2026-01-15T05:00:00.000Z');
    const refused = await t.http.get('/api/action-plans?completedFrom=2026-02-30').set(as(anna)).expect(400);
    expect(refused.body.details).toEqual([{ field: 'completedFrom', message: 'completedFrom must be a date written YYYY-MM-DD' }]);
  });

  it('marks each plan with its derived states', async () => {
    const items = (await t.http.get('/api/action-plans?limit=500').set(as(anna)).expect(200)).body.items as { title: string; overdue: boolean; dueSoon: boolean; stale: boolean }[];
    expect(items.find((item) => item.title === titles.overdue)).toMatchObject({ overdue: true, dueSoon: false, stale: false });
    expect(items.find((item) => item.title === titles['cancelled-stale'])).toMatchObject({ overdue: false, dueSoon: false, stale: false });
  });

  it('sorts and paginates', async () => {
    const first = await t.http.get('/api/action-plans?sort=dueDate&limit=3&offset=0').set(as(anna)).expect(200);
    const second = await t.http.get('/api/action-plans?sort=dueDate&limit=3&offset=3').set(as(anna)).expect(200);
    expect(first.body.total).toBe(9);
    const dates = [...first.body.items, ...second.body.items].map((item: { dueDate: string }) => item.dueDate);
    expect(dates).toEqual([...dates].sort());
    const descending = await t.http.get('/api/action-plans?sort=-dueDate&limit=1').set(as(anna)).expect(200);
    expect(descending.body.items[0].dueDate).toBe(addDays(today, 300));
    // By due date, the completed and the cancelled plan (both due in the past) come after every open one.
    const byDueDate = async (sort: string) =>
      ((await t.http.get(`/api/action-plans?sort=${sort}&limit=500`).set(as(anna)).expect(200)).body.items as { title: string; status: string; dueDate: string }[]).map(
        (item) => `${item.status === 'completed' || item.status === 'cancelled' ? 'closed' : 'open'} ${item.dueDate}`,
      );
    for (const sort of ['dueDate', '-dueDate']) {
      const order = await byDueDate(sort);
      expect(order.slice(-2).map((item) => item.split(' ')[0])).toEqual(['closed', 'closed']);
      const open = order.filter((item) => item.startsWith('open')).map((item) => item.split(' ')[1]);
      expect(open).toEqual(sort === 'dueDate' ? [...open].sort() : [...open].sort().reverse());
    }
    expect((await byDueDate('dueDate')).slice(-2)).toEqual([`closed ${addDays(today, -10)}`, `closed ${addDays(today, -5)}`]);
    // A page past the end still tells how many plans there are.
    const beyond = await t.http.get('/api/action-plans?sort=dueDate&limit=3&offset=30').set(as(anna)).expect(200);
    expect(beyond.body).toEqual({ items: [], total: 9 });
    const filteredBeyond = await t.http.get('/api/action-plans?overdue=true&limit=3&offset=30').set(as(anna)).expect(200);
    expect(filteredBeyond.body.total).toBe((await t.http.get('/api/action-plans?overdue=true&limit=100').set(as(anna)).expect(200)).body.items.length);
  });

  it.each([
    ['overdue=ja', 'overdue'],
    ['status=done', 'status'],
    ['sort=owner', 'sort'],
    ['areaNumber=x', 'areaNumber'],
    ['dueBefore=2026-02-31', 'dueBefore'],
    ['completedFrom=2026-02-30', 'completedFrom'],
    ['cancelledFrom=yesterday', 'cancelledFrom'],
    ['createdFrom=2026-3-2', 'createdFrom'],
    ['createdFrom=2026-03-02T00:00:00Z', 'createdFrom'],
    ['ownerId=bo', 'ownerId'],
    ['limit=0', 'limit'],
    ['unknown=1', 'unknown'],
  ])('rejects ?%s with a 400 naming %s', async (query, field) => {
    const response = await t.http.get(`/api/action-plans?${query}`).set(as(anna)).expect(400);
    expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
  });

  it.each([
    ['limit=abc', 'limit must be an integer number'],
    ['limit=1&limit=2', 'limit must be an integer number'],
    ['areaNumber=x', 'areaNumber must be an integer number'],
    ['limit=501', 'limit must not be greater than 500'],
  ])('says what is wrong with ?%s: a value that is no number is not called out of range', async (query, message) => {
    const response = await t.http.get(`/api/action-plans?${query}`).set(as(anna)).expect(400);
    expect(response.body.details).toEqual([{ field: query.split('=')[0], message }]);
  });

  it('runs the same number of queries for a page of 2 plans as for a page of 9', async () => {
    const count = async (limit: number) => {
      const requestId = statements.nextId(`page-of-${limit}`);
      const response = await t.http.get(`/api/action-plans?limit=${limit}`).set(as(anna)).set('X-Request-Id', requestId).expect(200);
      expect(response.body.items).toHaveLength(limit);
      return statements.of(requestId);
    };
    const small = await count(2);
    const large = await count(9);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(7);
  });

  it('exports the filtered plans as a workbook with the right rows', async () => {
    const response = await t.http.get('/api/action-plans/export?format=xlsx&areaNumber=2&sort=dueDate').set(as(anna)).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body);
    const sheet = workbook.getWorksheet('Åtgärder')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([undefined, 'Område', 'Fynd', 'Åtgärd', 'Ansvarig', 'Enhet', 'Slutdatum', 'Status', 'Trafikljus', 'Framsteg (%)', 'Senaste kommentar']);
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(3).value).toBe(titles['due-today']);
    expect(sheet.getRow(2).getCell(4).value).toBe('Bo');
    expect(sheet.getRow(2).getCell(6).value).toEqual(new Date(`${today}T00:00:00Z`));
    expect(sheet.getRow(2).getCell(8).value).toBe('Gul');
    expect(sheet.getRow(3).getCell(3).value).toBe(titles['due-in-14']);
  });

  it('exports CSV with a BOM, semicolons and Swedish headers', async () => {
    const response = await t.http.get('/api/action-plans/export?format=csv&overdue=true').set(as(anna)).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const text = (response.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Område;Fynd;Åtgärd;Ansvarig;Enhet;Slutdatum;Status;Trafikljus;Framsteg (%);Senaste kommentar');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`;${titles.overdue};Anna;;${addDays(today, -1)};Pågår;Röd;10;`);
    await t.http.get('/api/action-plans/export?format=pdf').set(as(anna)).expect(400);
  });

  it('exports in English with ?locale=en, and refuses a language it does not speak', async () => {
    const response = await t.http.get('/api/action-plans/export?format=csv&overdue=true&locale=en').set(as(anna)).buffer(true).parse(binary).expect(200);
    const lines = (response.body as Buffer).toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Area;Finding;Action plan;Owner;Unit;Due date;Status;Traffic light;Progress (%);Latest comment');
    expect(lines[1]).toContain(`;${titles.overdue};Anna;;${addDays(today, -1)};In progress;Red;10;`);
    const refused = await t.http.get('/api/action-plans/export?format=csv&locale=de').set(as(anna)).expect(400);
    expect(refused.body.details).toEqual([{ field: 'locale', message: 'locale must be one of sv, en' }]);
  });
});
