import { readdirSync } from 'node:fs';
import { In } from 'typeorm';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { ActionPlan } from '../../src/modules/action-plans/plans/action-plan.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { INVITATION_SECONDS, InvitationsService } from '../../src/modules/identity/users/invitations.service';
import { AccountMail } from '../../src/modules/notifications/account-mail.service';
import { NotificationDeliverer } from '../../src/modules/notifications/notification-deliverer.service';
import type { NotificationKind } from '../../src/modules/notifications/notifications.constants';
import { ActionPlansService } from '../../src/modules/action-plans/plans/action-plans.service';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { expectAccessible, startWebTestApp, WebTestApp } from './browser';

/**
 * Every link in every e-mail the service sends leads somewhere real: each e-mail is made from the
 * demo data as its recipient would get it, and each link is opened in a browser signed in as
 * that recipient (after the login page, for a link opened without a session).
 */
describe('the links in the e-mails, followed in a browser', () => {
  let t: WebTestApp;
  let smtp: SmtpSink;
  const users = () => t.dataSource.getRepository(User);

  /** The e-mails of the service, each with its recipient, in their own language. */
  async function mailsByTemplate(): Promise<Record<string, { recipient: User; html: string; text: string }>> {
    const manager = await users().findOneByOrFail({ email: 'kvalitetschef@avesta.example' });
    const token = t.tokenFor(manager);
    // The owner with the most to do: an owner digest that lists plans.
    const [owner] = await t.dataSource.query<{ email: string }[]>(
      `SELECT u.email FROM app_user u JOIN action_plan p ON p.owner_id = u.id
        WHERE u.role = 'owner' AND p.status IN ('planned', 'in_progress') GROUP BY u.email ORDER BY count(*) DESC LIMIT 1`,
    );
    const ownerUser = await users().findOneByOrFail({ email: owner.email });
    const preview = async (kind: string, user: User) => {
      const html = await t.http.get(`/api/digests/preview?kind=${kind}&userId=${user.id}&format=html`).set('Authorization', `Bearer ${token}`).expect(200);
      const text = await t.http.get(`/api/digests/preview?kind=${kind}&userId=${user.id}&format=text`).set('Authorization', `Bearer ${token}`).expect(200);
      return { recipient: user, html: html.text, text: text.text };
    };
    // The reset e-mail is sent by the page, so ask through the page and read it from the SMTP sink.
    const resetPage = await (await t.newContext()).newPage();
    await resetPage.goto('/password-reset');
    await resetPage.getByLabel('E-postadress').fill(ownerUser.email);
    await resetPage.getByRole('button', { name: 'Skicka länken' }).click();
    await eventually(async () => (await smtp.settled()).length > 0, 20_000, 'the reset e-mail');
    const reset = (await smtp.settled())[0].parsed;
    // An invitation, as the admin pages send it: a new user and a single-use link to choose a password.
    const admin = await users().findOneByOrFail({ email: 'admin@avesta.example' });
    const issued = await t.app
      .get(InvitationsService)
      .invite({ userId: admin.id, municipalityId: admin.municipalityId, role: 'admin' }, { email: 'ny.person@avesta.example', name: 'Ny Person', role: 'owner' });
    await t.app.get(AccountMail).sendInvitation(issued.user, `http://handlingsplan.example/invitation/${issued.token}`, INVITATION_SECONDS / 3600);
    await eventually(async () => (await smtp.settled()).some((mail) => mail.to === issued.user.email), 20_000, 'the invitation e-mail');
    const invitation = (await smtp.settled()).find((mail) => mail.to === issued.user.email)!.parsed;
    const newcomer = await users().findOneByOrFail({ id: issued.user.id });
    // The notifications about one of the owner's plans, as the owner would get them.
    const [plan] = await t.dataSource.getRepository(ActionPlan).find({ where: { ownerId: ownerUser.id, status: In(['planned', 'in_progress']) }, order: { dueDate: 'ASC' }, take: 1 });
    const planView = await t.app.get(ActionPlansService).get({ municipalityId: ownerUser.municipalityId }, plan.id);
    const notification = async (kind: NotificationKind) => {
      const mail = await t.app.get(NotificationDeliverer).render(kind, ownerUser, planView);
      return { recipient: ownerUser, html: mail.html, text: mail.text };
    };
    return {
      'plan-assigned': await notification('assigned'),
      'plan-unassigned': await notification('unassigned'),
      'plan-reminder': await notification('reminder'),
      'plan-overdue': await notification('overdue'),
      'leadership-digest': await preview('leadership', manager),
      'owner-digest': await preview('owner', ownerUser),
      'password-reset': { recipient: ownerUser, html: reset.html || '', text: reset.text ?? '' },
      invitation: { recipient: newcomer, html: invitation.html || '', text: invitation.text ?? '' },
    };
  }

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await startWebTestApp({ SMTP_URL: smtp.url, APP_URL: 'http://handlingsplan.example' });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('opens every link of every e-mail template to a page that shows what the link promises', async () => {
    const mails = await mailsByTemplate();
    // A new e-mail template must be added here, or this fails.
    const templates = readdirSync(join(__dirname, '..', '..', 'templates', 'emails'));
    expect(Object.keys(mails).sort()).toEqual(templates.sort());

    const checked: string[] = [];
    for (const [template, mail] of Object.entries(mails)) {
      const links = [...new Set([...mail.html.matchAll(/href="(http:\/\/handlingsplan\.example[^"]*)"/g)].map((match) => decodeEntities(match[1])))];
      // The plain-text part carries the same links.
      for (const link of links) expect(mail.text).toContain(link);
      expect(links.length).toBeGreaterThan(0);

      const context = await t.newContext();
      const page = await context.newPage();
      let signedIn = false;
      for (const link of links) {
        const path = link.slice('http://handlingsplan.example'.length) || '/';
        let response = await page.goto(path);
        if (!signedIn && new URL(page.url()).pathname === '/login') {
          // No session yet: the login page, then straight back to the link.
          await loginHere(page, mail.recipient.email);
          expect(page.url()).toBe(`${t.baseUrl}${path}`);
          signedIn = true;
          response = await page.goto(path);
        }
        expect({ template, path, status: response?.status() }).toEqual({ template, path, status: 200 });
        const heading = await page.getByRole('heading', { level: 1 }).innerText();
        expect({ template, path, heading }).not.toEqual({ template, path, heading: expect.stringMatching(/Sidan finns inte|Något gick fel|Du saknar behörighet/) });
        await expectPromise(page, path, t);
        checked.push(`${template} ${path}`);
      }
      await context.close();
    }
    expect(checked.length).toBeGreaterThan(5);
  }, 300_000);

  /** Each kind of link shows the thing it names: the plan, the overview, the person's list, the settings. */
  async function expectPromise(page: Page, path: string, app: WebTestApp): Promise<void> {
    const heading = await page.getByRole('heading', { level: 1 }).innerText();
    const plan = /^\/action-plans\/([0-9a-f-]{36})$/.exec(path);
    if (plan) {
      const { title } = await app.dataSource.getRepository(ActionPlan).findOneByOrFail({ id: plan[1] });
      expect(heading).toBe(title);
      expect(await page.getByRole('button', { name: 'Spara läget' }).count()).toBe(1);
    } else if (path.startsWith('/check-in/')) {
      const { title } = await app.dataSource.getRepository(ActionPlan).findOneByOrFail({ id: path.slice('/check-in/'.length, path.indexOf('?')) });
      expect(heading).toBe(title);
      expect(await page.getByRole('button', { name: 'Spara läget' }).count()).toBe(1);
    } else if (path === '/dashboard') {
      expect(heading).toBe('Översikt');
    } else if (path.startsWith('/action-plans?ownerId=')) {
      expect(heading).toBe('Mina åtgärder');
    } else if (path === '/settings') {
      expect(heading).toBe('Inställningar');
    } else if (path.startsWith('/password-reset/')) {
      expect(heading).toBe('Välj ett nytt lösenord');
    } else if (path.startsWith('/invitation/')) {
      expect(heading).toBe('Välj ditt lösenord');
      expect(await page.getByRole('button', { name: 'Spara lösenordet' }).count()).toBe(1);
    } else {
      throw new Error(`No expectation for the link ${path}`);
    }
    await expectAccessible(app, page);
  }

  async function loginHere(page: Page, email: string): Promise<void> {
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord', { exact: true }).fill(DEMO_PASSWORD);
    await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name: 'Logga in' }).click()]);
  }
});

/** An attribute value as the browser reads it (Handlebars writes `=` as `&#x3D;`). */
function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_whole, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_whole, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
