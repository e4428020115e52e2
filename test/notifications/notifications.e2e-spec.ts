import type { ParsedMail } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { User } from '../../src/modules/identity/users/user.entity';
import { NotificationsProcessor } from '../../src/modules/notifications/notifications.processor';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { UnsubscribeLinks } from '../../src/modules/notifications/unsubscribe-links';
import { makeMunicipality, makeUser } from '../utils/factories';
import { ImportedFinding, importAvesta } from '../utils/fixtures';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * Notifications end to end: the app with its queue worker, a real SMTP server, messages read back
 * with mailparser, time driven through the app's clock in the municipality's time zone.
 */
/** A header as it stood in the message (mailparser folds List-* headers into one object). */
function header(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((entry) => entry.key === name)?.line;
  return line?.slice(line.indexOf(':') + 1).replace(/\s+/g, ' ').trim();
}

/** The headings of an HTML part in order, as `h1 Text`: a screen reader's outline of the mail. */
function headings(html: string | false | undefined): string[] {
  return [...(html || '').matchAll(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/g)].map(([, level, text]) => `h${level} ${text.trim()}`);
}

describe('notifications', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let manager: User;
  let owner: User;
  let secondOwner: User;
  let findings: ImportedFinding[];
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const mailsTo = (user: User): ParsedMail[] => smtp.to(user.email).map((mail) => mail.parsed);
  const subjectsTo = (user: User) => mailsTo(user).map((mail) => mail.subject);
  const tick = () => t.app.get(NotificationsService).tick();
  /** Waits for the queue to settle: `count` messages to the user, then a moment for any extra. */
  async function expectMails(user: User, count: number): Promise<ParsedMail[]> {
    await eventually(async () => (await smtp.settled()).filter((mail) => mail.to === user.email).length >= count, 20_000, `${count} e-mails to ${user.name}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await smtp.settled();
    expect(mailsTo(user)).toHaveLength(count);
    return mailsTo(user);
  }
  async function createPlan(title: string, dueDate: string, ownerId = owner.id): Promise<{ id: string; version: number }> {
    const weakness = findings.find((finding) => finding.kind === 'weakness')!;
    return (await t.http.post('/api/action-plans').set(as(manager)).send({ title, ownerId, dueDate, findingIds: [weakness.id] }).expect(201)).body;
  }

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await createTestApp({ SMTP_URL: smtp.url, APP_URL: 'https://handlingsplan.test', NOTIFICATION_TICK_PATTERN: 'off', DIGEST_TICK_PATTERN: 'off', DIGEST_RETRY_DELAY_MS: '200', CHECK_IN_LINK_DAYS: '1' });
    const avesta = await makeMunicipality(t.dataSource, { code: '2084', timezone: 'Europe/Stockholm' });
    manager = await makeUser(t.dataSource, avesta, 'manager', { name: 'Maja Chef' });
    owner = await makeUser(t.dataSource, avesta, 'owner', { name: 'Olle Ägare' });
    secondOwner = await makeUser(t.dataSource, avesta, 'owner', { name: 'Eva Efterträdare', locale: 'en' });
    t.clock.set('2027-01-04T09:00:00Z');
    ({ findings } = await importAvesta(t.http, t.tokenFor(manager)));
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends exactly one assignment e-mail to the owner of a new plan, with the plan link and one-click unsubscribe headers', async () => {
    const plan = await createPlan('Inför medborgarpaneler', '2027-09-30');

    const [mail] = await expectMails(owner, 1);
    expect(mail.subject).toBe('Du har fått en åtgärd: Inför medborgarpaneler');
    expect(mail.text).toContain('Du är nu ansvarig för den här åtgärden i Avesta kommun.');
    expect(mail.text).toContain(`https://handlingsplan.test/action-plans/${plan.id}`);
    expect(mail.html).toContain(`href="https://handlingsplan.test/action-plans/${plan.id}"`);
    expect(headings(mail.html)).toEqual(['h1 Du har fått en åtgärd']);
    expect(mail.text).toContain('Stäng av mejl om nya åtgärder i dina inställningar: https://handlingsplan.test/settings');
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header(mail, 'list-unsubscribe')).toMatch(/^<https:\/\/handlingsplan\.test\/unsubscribe\/[^>]+>$/);
    // A second tick or a later change that keeps the owner sends nothing more.
    await tick();
    await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ version: plan.version, title: 'Inför medborgarpaneler i alla kommundelar' }).expect(200);
    await expectMails(owner, 1);
  });

  it('sends one e-mail to the new owner when a plan is re-assigned, in their language, and a short note to the previous one', async () => {
    const plan = await createPlan('Öppna nämndsammanträden', '2027-10-31');
    await expectMails(owner, 2);

    await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ version: plan.version, ownerId: secondOwner.id }).expect(200);

    const [toNew] = await expectMails(secondOwner, 1);
    expect(toNew.subject).toBe('You have a new action: Öppna nämndsammanträden');
    const toOld = (await expectMails(owner, 3))[2];
    expect(toOld.subject).toBe('Åtgärden har fått en ny ansvarig: Öppna nämndsammanträden');
    expect(toOld.text).toContain('har nu Eva Efterträdare som ansvarig i stället för dig');
    expect([headings(toNew.html), headings(toOld.html)]).toEqual([['h1 You have a new action'], ['h1 Åtgärden har fått en ny ansvarig']]);
    // Each says its language, and has its Message-ID under APP_URL's host.
    expect([toNew.headers.get('content-language'), toOld.headers.get('content-language')]).toEqual(['en', 'sv']);
    expect(toNew.messageId).toMatch(/^<notification-[^@>]+@handlingsplan\.test>$/);
  });

  it('sends the reminder and the overdue notice once each, on the right local day, never for completed or cancelled plans', async () => {
    const before = mailsTo(owner).length;
    const open = await createPlan('Ny rutin för synpunkter', '2027-03-10');
    const cancelled = await createPlan('Avbruten rutin', '2027-03-10');
    const completed = await createPlan('Klar rutin', '2027-03-10');
    await expectMails(owner, before + 3);
    await t.http.patch(`/api/action-plans/${cancelled.id}`).set(as(manager)).send({ version: cancelled.version, status: 'cancelled', cancellationReason: 'Ingår i ett annat projekt' }).expect(200);
    await t.http.post(`/api/action-plans/${completed.id}/updates`).set(as(owner)).send({ status: 'completed', health: 'on_track', progress: 100 }).expect(201);

    // 23:59 in Stockholm on 2 March, the day before the reminder day (7 days before the 10th): nothing.
    t.clock.set('2027-03-02T22:59:00Z');
    await tick();
    await expectMails(owner, before + 3);
    // A minute later it is 3 March in Stockholm (still 2 March in UTC): one reminder.
    t.clock.set('2027-03-02T23:00:30Z');
    await tick();
    await tick();
    const reminder = (await expectMails(owner, before + 4)).at(-1)!;
    expect(reminder.subject).toBe('Påminnelse: Ny rutin för synpunkter har sista dag snart');
    expect(reminder.text).toContain(`https://handlingsplan.test/action-plans/${open.id}`);
    expect(headings(reminder.html)).toEqual(['h1 Sista dagen närmar sig']);

    // The due day itself, to its last minute in Stockholm: no overdue notice yet.
    t.clock.set('2027-03-10T22:59:00Z');
    await tick();
    await expectMails(owner, before + 4);
    // The day after: one overdue notice, however often the tick runs.
    t.clock.set('2027-03-10T23:00:30Z');
    await tick();
    await tick();
    const overdue = (await expectMails(owner, before + 5)).at(-1)!;
    expect(overdue.subject).toBe('Försenad: Ny rutin för synpunkter');
    expect(headings(overdue.html)).toEqual(['h1 Åtgärden är försenad']);
    expect(subjectsTo(owner).filter((subject) => /Avbruten rutin|Klar rutin/.test(subject ?? '')).sort()).toEqual([
      'Du har fått en åtgärd: Avbruten rutin',
      'Du har fått en åtgärd: Klar rutin',
    ]);
  });

  it('sends no assignment e-mail for a plan completed or cancelled before its job ran, recording why it was skipped', async () => {
    const user = await makeUser(t.dataSource, { id: owner.municipalityId }, 'owner', { name: 'Stina Snabb' });
    t.clock.set('2027-02-01T08:00:00Z');
    // A late job: the worker is held while the plans are created and closed, as when Redis was away.
    const worker = t.app.get(NotificationsProcessor).worker;
    await worker.pause(true);
    try {
      const completed = await createPlan('Genast klar', '2027-06-30', user.id);
      const cancelled = await createPlan('Genast avbruten', '2027-06-30', user.id);
      await createPlan('Fortfarande öppen', '2027-06-30', user.id);
      await t.http.post(`/api/action-plans/${completed.id}/updates`).set(as(user)).send({ status: 'completed', health: 'on_track', progress: 100 }).expect(201);
      await t.http.patch(`/api/action-plans/${cancelled.id}`).set(as(manager)).send({ version: cancelled.version, status: 'cancelled', cancellationReason: 'Dubblett' }).expect(200);
    } finally {
      await worker.resume();
    }

    const notices = () => t.dataSource.query<{ title: string; status: string; last_error: string | null }[]>(
      `SELECT p.title, n.status, n.last_error FROM notification n JOIN action_plan p ON p.id = n.action_plan_id WHERE n.user_id = $1 ORDER BY p.title`,
      [user.id],
    );
    await eventually(async () => (await notices()).every((row) => row.status !== 'queued' && row.status !== 'sending'), 20_000, 'the assignments to be handled');
    const [mail] = await expectMails(user, 1);
    expect(mail.subject).toBe('Du har fått en åtgärd: Fortfarande öppen');
    expect(await notices()).toEqual([
      { title: 'Fortfarande öppen', status: 'sent', last_error: null },
      { title: 'Genast avbruten', status: 'skipped', last_error: 'The plan is closed' },
      { title: 'Genast klar', status: 'skipped', last_error: 'The plan is closed' },
    ]);
  });

  it('gives a moved due date a new reminder', async () => {
    t.clock.set('2027-04-01T08:00:00Z');
    const plan = await createPlan('Flyttad rutin', '2027-05-10', secondOwner.id);
    await expectMails(secondOwner, 2);
    t.clock.set('2027-05-03T06:00:00Z');
    await tick();
    expect((await expectMails(secondOwner, 3)).at(-1)!.subject).toBe('Reminder: Flyttad rutin is due soon');

    await t.http.patch(`/api/action-plans/${plan.id}`).set(as(manager)).send({ version: plan.version, dueDate: '2027-05-20' }).expect(200);
    await tick();
    await expectMails(secondOwner, 3);
    t.clock.set('2027-05-13T06:00:00Z');
    await tick();
    expect((await expectMails(secondOwner, 4)).at(-1)!.subject).toBe('Reminder: Flyttad rutin is due soon');
  });

  it('turns off exactly one kind with a one-click POST to the header URL; a tampered link changes nothing', async () => {
    const user = await makeUser(t.dataSource, { id: owner.municipalityId }, 'owner', { name: 'Ulla Avanmäld' });
    t.clock.set('2027-06-01T08:00:00Z');
    await createPlan('Första planen', '2027-07-10', user.id);
    const [assignment] = await expectMails(user, 1);
    const url = new URL(header(assignment, 'list-unsubscribe')!.replace(/^<|>$/g, ''));
    expect(url.pathname).toMatch(/^\/unsubscribe\//);

    // A tampered signature: refused, and nothing is turned off.
    const tampered = url.pathname.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    const refused = await t.http.post(tampered).type('form').send('List-Unsubscribe=One-Click').expect(404);
    expect(refused.text).toContain('Länken fungerar inte');
    expect(await t.app.get(NotificationsService).optedOut(user.id)).toEqual([]);
    // Another kind's link cannot be made from it: the kind is signed too.
    await t.http.post(url.pathname.replace('.assigned.', '.reminder.')).type('form').send('List-Unsubscribe=One-Click').expect(404);

    // A GET asks first and changes nothing; the POST, with no session and no CSRF token, turns it off.
    const asked = await t.http.get(url.pathname).expect(200);
    expect(asked.text).toContain('Vill du stänga av mejl om åtgärder du blir ansvarig för?');
    expect(await t.app.get(NotificationsService).optedOut(user.id)).toEqual([]);
    const done = await t.http.post(url.pathname).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(done.text).toContain('Du får inte längre mejl om åtgärder du blir ansvarig för.');
    expect(await t.app.get(NotificationsService).optedOut(user.id)).toEqual(['assigned']);

    // No more assignment mail; the reminder, another kind, still comes.
    await createPlan('Andra planen', '2027-07-10', user.id);
    await expectMails(user, 1);
    t.clock.set('2027-07-03T08:00:00Z');
    await tick();
    const mails = await expectMails(user, 3);
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      'Du har fått en åtgärd: Första planen',
      'Påminnelse: Andra planen har sista dag snart',
      'Påminnelse: Första planen har sista dag snart',
    ]);
  });

  it("answers an unsubscribe link in its recipient's language, whatever the browser prefers", async () => {
    const user = await makeUser(t.dataSource, { id: owner.municipalityId }, 'owner', { name: 'Una English', locale: 'en' });
    t.clock.set('2027-06-02T08:00:00Z');
    await createPlan('Plan in English', '2027-07-10', user.id);
    const [assignment] = await expectMails(user, 1);
    const path = new URL(header(assignment, 'list-unsubscribe')!.replace(/^<|>$/g, '')).pathname;

    const asked = await t.http.get(path).set('Accept-Language', 'sv-SE,sv;q=0.9').expect(200);
    expect(asked.text).toContain('<html lang="en"');
    expect(asked.text).toContain('Do you want to turn off e-mail about actions you become the owner of?');
    const done = await t.http.post(path).set('Accept-Language', 'sv-SE,sv;q=0.9').type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(done.text).toContain('You no longer get e-mail about actions you become the owner of.');
    expect(await t.app.get(NotificationsService).optedOut(user.id)).toEqual(['assigned']);

    // A well-signed link that names no one is refused at once, in the browser's language.
    const nobody = new URL(t.app.get(UnsubscribeLinks).url({ id: randomUUID(), municipalityId: owner.municipalityId }, 'assigned')).pathname;
    const refused = await t.http.get(nobody).set('Accept-Language', 'en').expect(404);
    expect(refused.text).toContain('The link does not work');
    expect(refused.text).not.toContain('Turn off</button>');
  });

  it('stops a kind the owner turned off in Inställningar, and only that kind', async () => {
    const user = await makeUser(t.dataSource, { id: owner.municipalityId }, 'owner', { name: 'Siv Inställd' });
    t.clock.set('2027-09-01T08:00:00Z');
    await createPlan('Plan utan förseningsmejl', '2027-10-01', user.id);
    await expectMails(user, 1);
    // What the settings page saves when "Mejl när en av mina åtgärder blir försenad" is unticked.
    await t.app.get(NotificationsService).setWanted(user.id, { assigned: true, reminder: true, overdue: false });

    t.clock.set('2027-09-24T08:00:00Z');
    await tick();
    expect((await expectMails(user, 2)).at(-1)!.subject).toBe('Påminnelse: Plan utan förseningsmejl har sista dag snart');
    t.clock.set('2027-10-02T08:00:00Z');
    await tick();
    await expectMails(user, 2);
    const [row] = await t.dataSource.query<{ status: string; last_error: string }[]>(`SELECT status, last_error FROM notification WHERE user_id = $1 AND kind = 'overdue'`, [user.id]);
    expect(row).toEqual({ status: 'skipped', last_error: 'The recipient turned this kind off' });
  });

  it('sends a notification retried after a crash between sending and recording as the same message (same Message-ID)', async () => {
    const user = await makeUser(t.dataSource, { id: owner.municipalityId }, 'owner', { name: 'Krister Krasch' });
    t.clock.set('2027-08-01T08:00:00Z');
    const plan = await createPlan('Omskickad plan', '2027-12-01', user.id);
    const [first] = await expectMails(user, 1);
    // As if the worker died after the SMTP server took the mail and before marking it sent.
    await t.dataSource.query(
      `UPDATE notification SET status = 'sending', lease_until = now() - interval '1 second', sent_at = NULL, message_id = NULL WHERE action_plan_id = $1`,
      [plan.id],
    );
    await tick();
    const [again, resent] = await expectMails(user, 2);
    expect(again.messageId).toBe(first.messageId);
    expect(resent.messageId).toBe(first.messageId);
    const [row] = await t.dataSource.query<{ status: string; message_id: string }[]>(`SELECT status, message_id FROM notification WHERE action_plan_id = $1`, [plan.id]);
    expect(row).toEqual({ status: 'sent', message_id: first.messageId });
    // Sent is final: another tick sends nothing.
    await tick();
    await expectMails(user, 2);
  });

  it("a municipality whose stored time zone the database does not know stops neither the tick nor the others' reminders", async () => {
    // Stored before the settings refused such a zone; its municipality sorts before Avesta and has a plan due then too.
    const broken = await makeMunicipality(t.dataSource, { code: '0114', timezone: 'US/Pacific-New' });
    const brokenOwner = await makeUser(t.dataSource, broken, 'owner', { name: 'Nils Granne' });
    const user = await makeUser(t.dataSource, { id: owner.municipalityId }, 'owner', { name: 'Greta Granne' });
    t.clock.set('2027-11-01T08:00:00Z');
    await createPlan('Rutin trots grannens tidszon', '2027-11-20', user.id);
    const theirs = await createPlan('Grannens rutin', '2027-11-20');
    await t.dataSource.query('UPDATE action_plan SET municipality_id = $1, owner_id = $2 WHERE id = $3', [broken.id, brokenOwner.id, theirs.id]);
    await expectMails(user, 1);
    t.clock.set('2027-11-13T08:00:00Z');
    await expect(tick()).resolves.toMatchObject({ recorded: 1 });
    expect((await expectMails(user, 2)).at(-1)!.subject).toBe('Påminnelse: Rutin trots grannens tidszon har sista dag snart');
  });

  it('a reminder says how many days are left, counted in the municipality, and a one-day check-in link says "1 dag"', async () => {
    const user = await makeUser(t.dataSource, { id: owner.municipalityId }, 'owner', { name: 'Dagny Räknare' });
    t.clock.set('2028-01-10T08:00:00Z');
    await createPlan('Fyra dagar kvar', '2028-02-01', user.id);
    await createPlan('En dag kvar', '2028-01-29', user.id);
    await expectMails(user, 2);

    // 00:30 on 28 January in Stockholm, still the 27th in UTC: the worker was down on the first reminder days.
    t.clock.set('2028-01-27T23:30:00Z');
    await tick();
    const reminders = (await expectMails(user, 4)).slice(2);
    const about = (title: string) => reminders.find((mail) => mail.subject === `Påminnelse: ${title} har sista dag snart`)!;
    expect(about('Fyra dagar kvar').text).toContain('Sista dagen för den här åtgärden är om 4 dagar.');
    expect(about('En dag kvar').text).toContain('Sista dagen för den här åtgärden är i morgon.');
    expect(about('En dag kvar').html).toContain('Sista dagen för den här åtgärden är i morgon.');
    for (const mail of reminders) {
      expect(mail.text).not.toContain('högst');
      expect(mail.text).toContain('Den gäller i 1 dag och bara för dig');
      expect(mail.html).toContain('Den gäller i 1 dag och bara för dig');
    }
  });

  it('sends no reminder whose job runs after the due date has passed: the overdue notice says it', async () => {
    const user = await makeUser(t.dataSource, { id: owner.municipalityId }, 'owner', { name: 'Sen Påminnelse' });
    t.clock.set('2028-03-01T08:00:00Z');
    await createPlan('Sen rutin', '2028-03-20', user.id);
    await expectMails(user, 1);
    const worker = t.app.get(NotificationsProcessor).worker;
    await worker.pause(true);
    try {
      t.clock.set('2028-03-19T08:00:00Z');
      await tick();
      t.clock.set('2028-03-21T08:00:00Z');
    } finally {
      await worker.resume();
    }
    const reminder = () => t.dataSource.query<{ status: string; last_error: string | null }[]>(`SELECT status, last_error FROM notification WHERE user_id = $1 AND kind = 'reminder'`, [user.id]);
    await eventually(async () => (await reminder())[0]?.status === 'skipped', 20_000, 'the late reminder to be skipped');
    expect(await reminder()).toEqual([{ status: 'skipped', last_error: 'The due date has passed' }]);
    await expectMails(user, 1);
  });
});
