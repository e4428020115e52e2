import ICAL from 'ical.js';
import { Writable } from 'node:stream';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { User } from '../../src/modules/identity/users/user.entity';
import { expectAccessible, logIn, pressEnterOn, startWebTestApp, tabTo, WebTestApp } from './browser';

const APP_URL = 'http://handlingsplan.example';

interface ParsedEvent {
  uid: string;
  /** `YYYY-MM-DD` of an all-day event. */
  date: string;
  allDay: boolean;
  summary: string;
  url: string;
  description: string;
  sequence: number;
  lastModified: string;
}

/** The feed read back with ical.js, an iCalendar parser independent of the one that wrote it. */
function parseCalendar(text: string): { name: string; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      date: event.startDate.toString(),
      allDay: event.startDate.isDate,
      summary: event.summary,
      url: String(component.getFirstPropertyValue('url')),
      description: event.description,
      sequence: event.sequence,
      lastModified: String(component.getFirstPropertyValue('last-modified')),
    };
  });
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), events };
}

/**
 * The private deadline calendar: made in Inställningar, read by a calendar app (here ical.js) at
 * its secret address: one all-day event per open plan on its due date, changing when the plan
 * does; a new address or turning it off makes the old one 404.
 */
describe('the deadline calendar (.ics), from Inställningar to a calendar app', () => {
  let t: WebTestApp;
  const contexts: BrowserContext[] = [];
  const users = () => t.dataSource.getRepository(User);
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const logLines: string[] = [];
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  /** Every address Inställningar showed. */
  const addresses: string[] = [];

  beforeAll(async () => {
    t = await startWebTestApp({ APP_URL, LOG_LEVEL: 'info' }, logs);
    // Whatever the demo gives them, the owners of these tests own at least two open plans.
    const manager = await users().findOneByOrFail({ email: 'kvalitetschef@avesta.example' });
    const [weakness] = await t.dataSource.query<{ id: string }[]>(
      `SELECT f.id FROM finding f JOIN evaluation e ON e.id = f.evaluation_id WHERE f.kind = 'weakness' AND e.status = 'published' ORDER BY e.conducted_on DESC, f.position LIMIT 1`,
    );
    const dueIn = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
    for (const email of ['lena.holm@avesta.example', 'johan.nystrom@avesta.example']) {
      const owner = await users().findOneByOrFail({ email });
      for (const [title, days] of [['Inför e-tjänst för felanmälan', 30], ['Ta fram rutin för uppföljning av klagomål', 90]] as const) {
        await t.http.post('/api/action-plans').set(as(manager)).send({ title, ownerId: owner.id, dueDate: dueIn(days), findingIds: [weakness.id] }).expect(201);
      }
    }
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await t.close();
  });

  async function signedIn(email: string): Promise<Page> {
    const context = await t.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await logIn(page, email, DEMO_PASSWORD);
    return page;
  }

  /** Presses a button of the calendar section with the keyboard, back on Inställningar. */
  async function press(page: Page, name: string): Promise<void> {
    await pressEnterOn(page, page.locator('#calendar').getByRole('button', { name }));
    expect(new URL(page.url()).pathname).toBe('/settings');
  }

  /** The address Inställningar shows, as a path on the test server. */
  async function addressOn(page: Page): Promise<string> {
    const url = await page.getByLabel('Din kalenderadress').inputValue();
    expect(url).toMatch(new RegExp(`^${APP_URL}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    addresses.push(url);
    return url.slice(APP_URL.length);
  }

  async function fetchCalendar(path: string) {
    const response = await t.http.get(path).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/);
    return parseCalendar(response.text);
  }

  const openPlansOf = (ownerId: string | null) =>
    t.dataSource.query<{ id: string; title: string; due_date: string }[]>(
      `SELECT id, title, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM action_plan
        WHERE status IN ('planned', 'in_progress') AND ($1::uuid IS NULL OR owner_id = $1) ORDER BY due_date, id`,
      [ownerId],
    );

  it('gives an owner an address with an all-day event per open plan they own, on its due date, linking to it', async () => {
    const owner = await users().findOneByOrFail({ email: 'lena.holm@avesta.example' });
    const page = await signedIn(owner.email);
    await page.goto('/settings');
    expect(await page.locator('#calendar').getByRole('heading', { level: 2 }).innerText()).toBe('Kalender med slutdatum');
    // An owner chooses nothing: the calendar is their own plans.
    expect(await page.getByLabel('Visa alla öppna åtgärder i kommunen, inte bara mina').count()).toBe(0);
    await expectAccessible(t, page);

    await press(page, 'Skapa kalenderadress');
    expect(await page.getByRole('status').first().innerText()).toContain('Kalenderadressen är skapad.');
    await expectAccessible(t, page);
    const address = await addressOn(page);
    // The field is reachable with the keyboard, to copy the address.
    await tabTo(page, page.getByLabel('Din kalenderadress'));

    const { name, events } = await fetchCalendar(address);
    expect(name).toBe('Handlingsplan – mina åtgärder (Avesta kommun)');
    const plans = await openPlansOf(owner.id);
    expect(plans.length).toBeGreaterThan(1);
    expect(events.map((event) => event.uid).sort()).toEqual(plans.map((plan) => `${plan.id}@handlingsplan`).sort());
    for (const plan of plans) {
      const event = events.find((candidate) => candidate.uid === `${plan.id}@handlingsplan`)!;
      expect(event).toMatchObject({ date: plan.due_date, allDay: true, summary: `Sista dag: ${plan.title}`, url: `${APP_URL}/action-plans/${plan.id}` });
      expect(event.description).toContain(`Öppna åtgärden: ${APP_URL}/action-plans/${plan.id}`);
    }
  });

  it('changes an event when its due date changes, and drops a plan that is no longer open', async () => {
    const owner = await users().findOneByOrFail({ email: 'johan.nystrom@avesta.example' });
    const manager = await users().findOneByOrFail({ email: 'kvalitetschef@avesta.example' });
    const page = await signedIn(owner.email);
    await page.goto('/settings');
    await press(page, 'Skapa kalenderadress');
    const address = await addressOn(page);
    const [moved, cancelled] = await openPlansOf(owner.id);
    const before = await fetchCalendar(address);
    const movedBefore = before.events.find((event) => event.uid === `${moved.id}@handlingsplan`)!;

    // LAST-MODIFIED counts whole seconds: let one pass, so the change is visibly later.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const plan = await t.http.get(`/api/action-plans/${moved.id}`).set(as(manager)).expect(200);
    await t.http.patch(`/api/action-plans/${moved.id}`).set(as(manager)).send({ version: plan.body.version, dueDate: '2031-06-30' }).expect(200);
    const other = await t.http.get(`/api/action-plans/${cancelled.id}`).set(as(manager)).expect(200);
    await t.http
      .patch(`/api/action-plans/${cancelled.id}`)
      .set(as(manager))
      .send({ version: other.body.version, status: 'cancelled', cancellationReason: 'Ersätts av en gemensam satsning' })
      .expect(200);

    const after = await fetchCalendar(address);
    const movedAfter = after.events.find((event) => event.uid === `${moved.id}@handlingsplan`)!;
    expect(movedAfter.date).toBe('2031-06-30');
    expect(movedAfter.sequence).toBeGreaterThan(movedBefore.sequence);
    expect(movedAfter.lastModified > movedBefore.lastModified).toBe(true);
    expect(after.events.find((event) => event.uid === `${cancelled.id}@handlingsplan`)).toBeUndefined();
    expect(after.events).toHaveLength(before.events.length - 1);
    // The others are as they were.
    const untouched = (events: ParsedEvent[]) => events.filter((event) => event.uid !== `${moved.id}@handlingsplan` && event.uid !== `${cancelled.id}@handlingsplan`);
    expect(untouched(after.events)).toEqual(untouched(before.events));
  });

  it('lets a manager choose every open plan of the municipality; an owner cannot', async () => {
    const page = await signedIn('kvalitetschef@avesta.example');
    await page.goto('/settings');
    await tabTo(page, page.getByLabel('Visa alla öppna åtgärder i kommunen, inte bara mina'));
    await page.keyboard.press('Space');
    await press(page, 'Skapa kalenderadress');
    expect(await page.getByLabel('Visa alla öppna åtgärder i kommunen, inte bara mina').isChecked()).toBe(true);
    await expectAccessible(t, page);
    const all = await fetchCalendar(await addressOn(page));
    expect(all.name).toBe('Handlingsplan – alla öppna åtgärder (Avesta kommun)');
    const open = await openPlansOf(null);
    expect(all.events.map((event) => event.uid).sort()).toEqual(open.map((plan) => `${plan.id}@handlingsplan`).sort());
    expect(all.events[0].description).toMatch(/Ansvarig: /);

    // An owner's form asking for every plan still gets their own.
    const owner = await users().findOneByOrFail({ email: 'sara.ek@avesta.example' });
    const ownerPage = await signedIn(owner.email);
    await ownerPage.goto('/settings');
    const csrf = await ownerPage.locator('input[name="_csrf"]').first().inputValue();
    await ownerPage.request.post('/settings/calendar', { form: { _csrf: csrf, action: 'create', allPlans: 'true' } });
    await ownerPage.goto('/settings');
    const own = await fetchCalendar(await addressOn(ownerPage));
    expect(own.events.map((event) => event.uid).sort()).toEqual((await openPlansOf(owner.id)).map((plan) => `${plan.id}@handlingsplan`).sort());
  });

  it('answers 404 at an address that was replaced, turned off, never made, or whose user was deactivated', async () => {
    const owner = await users().findOneByOrFail({ email: 'peter.dahl@avesta.example' });
    const page = await signedIn(owner.email);
    await page.goto('/settings');
    await press(page, 'Skapa kalenderadress');
    const first = await addressOn(page);
    await fetchCalendar(first);

    await press(page, 'Skapa en ny adress');
    expect(await page.getByRole('status').first().innerText()).toContain('Den gamla fungerar inte längre.');
    const second = await addressOn(page);
    expect(second).not.toBe(first);
    await t.http.get(first).expect(404);
    await fetchCalendar(second);

    await t.dataSource.query('UPDATE app_user SET active = false WHERE id = $1', [owner.id]);
    await t.http.get(second).expect(404);
    await t.dataSource.query('UPDATE app_user SET active = true WHERE id = $1', [owner.id]);
    await fetchCalendar(second);

    await press(page, 'Stäng av kalendern');
    expect(await page.getByLabel('Din kalenderadress').count()).toBe(0);
    await t.http.get(second).expect(404);
    await expectAccessible(t, page);

    await t.http.get(`/calendar/${'A'.repeat(43)}.ics`).expect(404);
    await t.http.get('/calendar/not-a-token').expect(404);
  });

  it('never writes a calendar address into the logs', () => {
    const feedLines = logLines.filter((line) => line.includes('"req"') && line.includes('/calendar/'));
    expect(feedLines.length).toBeGreaterThan(0);
    for (const line of feedLines) expect(line).toContain('/calendar/[redacted]');
    const everything = logLines.join('\n');
    expect(addresses.length).toBeGreaterThan(3);
    for (const address of addresses) expect(everything).not.toContain(address.split('/').pop()!.replace('.ics', ''));
  });
});
