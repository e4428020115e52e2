import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/cli/demo/demo-people';
import { User } from '../../src/modules/identity/users/user.entity';
import { InvitationsService } from '../../src/modules/identity/users/invitations.service';
import { PasswordsService } from '../../src/modules/identity/users/passwords.service';
import { makeUser } from '../utils/factories';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { expectAccessible, logIn, pressEnterOn, startWebTestApp, submitLogin, tabTo, typeInto, WebTestApp } from './browser';

describe('settings and passwords in a browser', () => {
  let t: WebTestApp;
  let smtp: SmtpSink;
  const contexts: BrowserContext[] = [];
  const users = () => t.dataSource.getRepository(User);

  async function newPage(): Promise<Page> {
    const context = await t.newContext();
    contexts.push(context);
    return context.newPage();
  }
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await startWebTestApp({ SMTP_URL: smtp.url });
  }, 60_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('a user turns their digests off and changes their name, with the keyboard, and sees them kept', async () => {
    const page = await newPage();
    await logIn(page, 'kommundirektor@avesta.example', DEMO_PASSWORD);
    await pressEnterOn(page, page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Inställningar' }));
    expect(await heading(page)).toBe('Inställningar');
    await expectAccessible(t, page);
    const weekly = page.getByLabel('Veckorapporten om hela handlingsplanen');
    expect(await weekly.isChecked()).toBe(true);

    // A blank name is refused, in the page's words, with the error summary.
    await typeInto(page, page.getByLabel('Namn', { exact: true }), ' ');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara inställningarna' }));
    expect(await page.locator('#error-summary').innerText()).toContain('Skriv ditt namn.');
    expect((await users().findOneByOrFail({ email: 'kommundirektor@avesta.example' })).name).toBe('Karin Lindqvist');
    await expectAccessible(t, page);
    // A name over its limit says the limit, not "Skriv ditt namn".
    await typeInto(page, page.getByLabel('Namn', { exact: true }), 'K'.repeat(201));
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara inställningarna' }));
    expect(await page.locator('#error-summary').innerText()).toContain('Skriv högst 200 tecken.');

    await tabTo(page, weekly);
    await page.keyboard.press('Space');
    const reminders = page.getByLabel('Påminnelse före sista dagen för mina åtgärder');
    expect(await reminders.isChecked()).toBe(true);
    await tabTo(page, reminders);
    await page.keyboard.press('Space');
    await typeInto(page, page.getByLabel('Namn', { exact: true }), 'Karin Lindqvist Berg');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara inställningarna' }));

    expect(await page.getByRole('status').first().innerText()).toContain('Inställningarna är sparade.');
    expect(await page.getByLabel('Veckorapporten om hela handlingsplanen').isChecked()).toBe(false);
    expect(await page.getByLabel(/Påminnelser om mina åtgärder/).isChecked()).toBe(true);
    // Each notification kind is its own choice: the reminders are off, the others still on.
    expect(await page.getByLabel('Påminnelse före sista dagen för mina åtgärder').isChecked()).toBe(false);
    expect(await page.getByLabel('Mejl när jag blir ansvarig för en åtgärd').isChecked()).toBe(true);
    expect(await page.getByLabel('Mejl när en av mina åtgärder blir försenad').isChecked()).toBe(true);
    const director = await users().findOneByOrFail({ email: 'kommundirektor@avesta.example' });
    expect(await t.app.get(NotificationsService).optedOut(director.id)).toEqual(['reminder']);
    expect(await page.locator('header').innerText()).toContain('Inloggad som Karin Lindqvist Berg');
    expect(await users().findOneByOrFail({ email: 'kommundirektor@avesta.example' })).toMatchObject({ leadershipDigest: false, ownerDigest: true, name: 'Karin Lindqvist Berg' });
    await expectAccessible(t, page);
  });

  it('changing one’s password needs the current one and ends the other sessions, not this one', async () => {
    const [here, elsewhere] = [await newPage(), await newPage()];
    await logIn(here, 'maria.svensson@avesta.example', DEMO_PASSWORD);
    await logIn(elsewhere, 'maria.svensson@avesta.example', DEMO_PASSWORD);
    await here.goto('/settings');

    // Nothing filled in: each field says what to fill in, not what a wrong value would be.
    await pressEnterOn(here, here.getByRole('button', { name: 'Byt lösenord' }));
    expect(await here.locator('#currentPassword-error').innerText()).toContain('Skriv ditt nuvarande lösenord.');
    expect(await here.locator('#password-error').innerText()).toContain('Skriv ett nytt lösenord.');
    expect(await here.locator('#error-summary').innerText()).not.toContain('stämmer inte');
    // Too long: the limit, not "too easy to guess".
    await typeInto(here, here.getByLabel('Nuvarande lösenord'), DEMO_PASSWORD);
    await typeInto(here, here.getByLabel('Nytt lösenord', { exact: true }), 'Blåbär-'.repeat(30));
    await typeInto(here, here.getByLabel('Nytt lösenord igen'), 'Blåbär-'.repeat(30));
    await pressEnterOn(here, here.getByRole('button', { name: 'Byt lösenord' }));
    expect(await here.locator('#password-error').innerText()).toContain('Skriv högst 200 tecken.');

    await typeInto(here, here.getByLabel('Nuvarande lösenord'), 'inte-rätt-lösen-123');
    await typeInto(here, here.getByLabel('Nytt lösenord', { exact: true }), 'Blåbärssylt-på-tisdagar-9');
    await typeInto(here, here.getByLabel('Nytt lösenord igen'), 'Blåbärssylt-på-tisdagar-9');
    await pressEnterOn(here, here.getByRole('button', { name: 'Byt lösenord' }));
    expect(await here.locator('#error-summary').innerText()).toContain('Det nuvarande lösenordet stämmer inte.');
    expect(await here.locator('#currentPassword-error').innerText()).toContain('Det nuvarande lösenordet stämmer inte.');
    await expectAccessible(t, here);

    await typeInto(here, here.getByLabel('Nuvarande lösenord'), DEMO_PASSWORD);
    await typeInto(here, here.getByLabel('Nytt lösenord', { exact: true }), 'Blåbärssylt-på-tisdagar-9');
    await typeInto(here, here.getByLabel('Nytt lösenord igen'), 'Blåbärssylt-på-tisdagar-9');
    await pressEnterOn(here, here.getByRole('button', { name: 'Byt lösenord' }));
    expect(await here.getByRole('status').first().innerText()).toContain('Lösenordet är bytt.');
    await expectAccessible(t, here);

    await here.goto('/dashboard');
    expect(await heading(here)).toBe('Översikt');
    await elsewhere.goto('/dashboard');
    expect(new URL(elsewhere.url()).pathname).toBe('/login');
  });

  it('a password reset from the e-mail to a new login; the link works once, and an unknown address gets the same answer', async () => {
    const page = await newPage();
    await page.goto('/login');
    await pressEnterOn(page, page.getByRole('link', { name: 'Glömt lösenordet?' }));
    expect(await heading(page)).toBe('Glömt lösenordet?');
    await expectAccessible(t, page);

    await typeInto(page, page.getByLabel('E-postadress'), 'nobody@avesta.example');
    await pressEnterOn(page, page.getByRole('button', { name: 'Skicka länken' }));
    const unknownAnswer = await page.locator('main').innerText();

    await page.goto('/password-reset');
    await typeInto(page, page.getByLabel('E-postadress'), 'Johan.Nystrom@Avesta.example');
    await pressEnterOn(page, page.getByRole('button', { name: 'Skicka länken' }));
    expect(await page.locator('main').innerText()).toBe(unknownAnswer);
    expect(unknownAnswer).toContain('Om adressen hör till ett konto hos oss har vi skickat en länk');
    await expectAccessible(t, page);

    await eventually(async () => (await smtp.settled()).length >= 1, 20_000, 'the reset e-mail');
    const mails = await smtp.settled();
    expect(mails.map((mail) => mail.to)).toEqual(['johan.nystrom@avesta.example']);
    const mail = mails[0].parsed;
    expect(mail.subject).toBe('Återställ ditt lösenord i Handlingsplan');
    const link = /(http:\/\/\S+\/password-reset\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
    expect(link).toBeDefined();
    expect(mail.html).toContain(link);

    await page.goto(new URL(link!).pathname);
    expect(await heading(page)).toBe('Välj ett nytt lösenord');
    await expectAccessible(t, page);
    // Nothing typed: "write a new password", not "too easy to guess".
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara det nya lösenordet' }));
    expect(await page.locator('#error-summary').innerText()).toContain('Skriv ett nytt lösenord.');
    expect(await page.locator('#error-summary').innerText()).not.toContain('för lätt att gissa');
    await typeInto(page, page.getByLabel('Nytt lösenord', { exact: true }), 'Kanelbullar-och-kaffe-42');
    await typeInto(page, page.getByLabel('Nytt lösenord igen'), 'Kanelbullar-och-kaffe-42');
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara det nya lösenordet' }));

    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('main').innerText()).toContain('Ditt nya lösenord är sparat.');
    await expectAccessible(t, page);
    await submitLogin(page, 'johan.nystrom@avesta.example', 'Kanelbullar-och-kaffe-42');
    expect(await heading(page)).toBe('Mina åtgärder');

    // Used once, the link is dead.
    await page.goto(new URL(link!).pathname);
    expect(await page.locator('main').innerText()).toContain('Länken fungerar inte längre');
    expect(await page.getByRole('button', { name: 'Spara det nya lösenordet' }).count()).toBe(0);
    await expectAccessible(t, page);
  });

  it('a reset link and an invitation speak the language of the person they are for, not the Swedish browser’s', async () => {
    const colleague = await users().findOneByOrFail({ email: 'kommundirektor@avesta.example' });
    const reader = await makeUser(t.dataSource, { id: colleague.municipalityId }, 'manager', { name: 'Rita Reader', locale: 'en' });
    const page = await newPage();

    const reset = await t.app.get(PasswordsService).issueReset(reader.email);
    await page.goto(`/password-reset/${reset!.token}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await heading(page)).toBe('Choose a new password');
    // A refused form too: nothing typed.
    await pressEnterOn(page, page.getByRole('button', { name: 'Save the new password' }));
    expect(await page.locator('#error-summary').innerText()).toContain('Enter a new password.');
    await expectAccessible(t, page);

    const admin = await users().findOneByOrFail({ email: 'admin@avesta.example' });
    const invited = await t.app.get(InvitationsService).invite(
      { userId: admin.id, municipalityId: admin.municipalityId, role: 'admin' },
      { name: 'Ivan Invited', email: 'ivan.invited@avesta.example', role: 'owner', locale: 'en' },
    );
    await page.goto(`/invitation/${invited.token}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await heading(page)).toBe('Choose your password');

    // A link that works for no one: the browser's language.
    await page.goto('/invitation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
  });

  /** Asks for a reset link on the page, as a person who forgot their password would, and returns the page's answer. */
  async function askForReset(page: Page, email: string): Promise<string> {
    await page.goto('/password-reset');
    await typeInto(page, page.getByLabel('E-postadress'), email);
    await pressEnterOn(page, page.getByRole('button', { name: 'Skicka länken' }));
    return page.locator('main').innerText();
  }

  /** The paths of the reset links e-mailed to `address`, once `count` of them have arrived. */
  async function resetLinksTo(address: string, count: number): Promise<string[]> {
    await eventually(async () => (await smtp.settled()).filter((mail) => mail.to === address).length >= count, 20_000, `${count} reset e-mails to ${address}`);
    return smtp.to(address).map((mail) => new URL(/(http:\/\/\S+\/password-reset\/[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')![1]).pathname);
  }

  async function chooseNewPassword(page: Page, password: string): Promise<void> {
    await typeInto(page, page.getByLabel('Nytt lösenord', { exact: true }), password);
    await typeInto(page, page.getByLabel('Nytt lösenord igen'), password);
    await pressEnterOn(page, page.getByRole('button', { name: 'Spara det nya lösenordet' }));
  }

  async function expectDeadLink(page: Page, path: string): Promise<void> {
    await page.goto(path);
    expect(await page.locator('main').innerText()).toContain('Länken fungerar inte längre');
    expect(await page.getByRole('button', { name: 'Spara det nya lösenordet' }).count()).toBe(0);
  }

  it('a reset link stops working once the password changes: by another link, on the settings page or by an admin', async () => {
    // Two links asked for, two e-mails; the second link's form is open in another tab.
    const [first, second] = [await newPage(), await newPage()];
    await askForReset(first, 'erik.sandberg@avesta.example');
    await askForReset(first, 'erik.sandberg@avesta.example');
    const [linkOne, linkTwo] = await resetLinksTo('erik.sandberg@avesta.example', 2);
    expect(linkOne).not.toBe(linkTwo);
    await second.goto(linkTwo);
    expect(await heading(second)).toBe('Välj ett nytt lösenord');

    await first.goto(linkOne);
    await chooseNewPassword(first, 'Lingonsylt-till-frukost-7');
    expect(new URL(first.url()).pathname).toBe('/login');
    expect(await first.locator('main').innerText()).toContain('Ditt nya lösenord är sparat.');

    // The tab opened before: sending its form says the link is dead, and changes nothing.
    await chooseNewPassword(second, 'Hallonbåtar-i-regnet-31');
    expect(new URL(second.url()).pathname).toBe(linkTwo);
    expect(await second.locator('main').innerText()).toContain('Länken fungerar inte längre');
    await expectAccessible(t, second);
    await expectDeadLink(second, linkTwo);
    await expectDeadLink(second, linkOne);
    // The password is the one set through the first link, not the second's.
    await logIn(second, 'erik.sandberg@avesta.example', 'Hallonbåtar-i-regnet-31');
    expect(new URL(second.url()).pathname).toBe('/login');
    await logIn(second, 'erik.sandberg@avesta.example', 'Lingonsylt-till-frukost-7');
    expect(await heading(second)).toBe('Mina åtgärder');

    // A link asked for, then the password changed on the settings page: the link is dead.
    const settings = await newPage();
    await askForReset(settings, 'lena.holm@avesta.example');
    const [lenasLink] = await resetLinksTo('lena.holm@avesta.example', 1);
    await logIn(settings, 'lena.holm@avesta.example', DEMO_PASSWORD);
    await settings.goto('/settings');
    await typeInto(settings, settings.getByLabel('Nuvarande lösenord'), DEMO_PASSWORD);
    await typeInto(settings, settings.getByLabel('Nytt lösenord', { exact: true }), 'Sommarstuga-vid-sjön-58');
    await typeInto(settings, settings.getByLabel('Nytt lösenord igen'), 'Sommarstuga-vid-sjön-58');
    await pressEnterOn(settings, settings.getByRole('button', { name: 'Byt lösenord' }));
    expect(await settings.getByRole('status').first().innerText()).toContain('Lösenordet är bytt.');
    await expectDeadLink(await newPage(), lenasLink);

    // A link asked for, then an admin sets the password: the link is dead.
    const byAdmin = await newPage();
    await askForReset(byAdmin, 'sara.ek@avesta.example');
    const [sarasLink] = await resetLinksTo('sara.ek@avesta.example', 1);
    const admin = await users().findOneByOrFail({ email: 'admin@avesta.example' });
    const sara = await users().findOneByOrFail({ email: 'sara.ek@avesta.example' });
    await t.http.patch(`/api/users/${sara.id}`).set({ Authorization: `Bearer ${t.tokenFor(admin)}` }).send({ password: 'Vinterbad-varje-lördag-26' }).expect(200);
    await expectDeadLink(byAdmin, sarasLink);
    await logIn(byAdmin, 'sara.ek@avesta.example', 'Vinterbad-varje-lördag-26');
    expect(await heading(byAdmin)).toBe('Mina åtgärder');
  });

  it('asking again and again for one address sends three links an hour, with the same answer every time', async () => {
    const page = await newPage();
    const unknownAnswer = await askForReset(page, 'ingen-alls@avesta.example');
    for (let request = 1; request <= 6; request++) expect(await askForReset(page, 'peter.dahl@avesta.example')).toBe(unknownAnswer);
    expect(await askForReset(page, 'Peter.Dahl@Avesta.example')).toBe(unknownAnswer);
    const links = await resetLinksTo('peter.dahl@avesta.example', 3);
    // The e-mails go out after the answer: give any further ones time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(smtp.to('peter.dahl@avesta.example')).toHaveLength(3);
    // The links that were sent work.
    await page.goto(links[2]);
    expect(await heading(page)).toBe('Välj ett nytt lösenord');
  });
});
