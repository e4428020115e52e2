import type { ParsedMail } from 'mailparser';
import type { User } from '../../src/modules/identity/users/user.entity';
import { AccountMail } from '../../src/modules/notifications/account-mail.service';
import { makeMunicipality, makeUser } from '../utils/factories';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * Account mail (the invitation and the password reset link) as its recipient gets it: sent by the
 * app to a real SMTP server and read back with mailparser.
 */
/** The headings of an HTML part in order, as `h1 Text`: a screen reader's outline of the mail. */
function headings(html: string | false | undefined): string[] {
  return [...(html || '').matchAll(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/g)].map(([, level, text]) => `h${level} ${text.trim()}`);
}

describe('account mail', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let swede: User;
  let english: User;

  async function onlyMailTo(user: User): Promise<ParsedMail> {
    await eventually(async () => (await smtp.settled()).some((mail) => mail.to === user.email), 20_000, `an e-mail to ${user.name}`);
    const mails = smtp.to(user.email);
    expect(mails).toHaveLength(1);
    return mails[0].parsed;
  }

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await createTestApp({ SMTP_URL: smtp.url, APP_URL: 'https://handlingsplan.test', MAIL_FROM: 'Handlingsplan <no-reply@mail.avesta.test>', NOTIFICATION_TICK_PATTERN: 'off', DIGEST_TICK_PATTERN: 'off' });
    const avesta = await makeMunicipality(t.dataSource, { code: '2084', timezone: 'Europe/Stockholm' });
    swede = await makeUser(t.dataSource, avesta, 'owner', { name: 'Rut Glömsk' });
    english = await makeUser(t.dataSource, avesta, 'owner', { name: 'Ian Newcomer', locale: 'en' });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('a password reset mail points to no settings page, which needs the login its reader cannot make', async () => {
    await t.app.get(AccountMail).sendPasswordReset(swede, 'https://handlingsplan.test/password-reset/abc', 1);

    const mail = await onlyMailTo(swede);
    expect(mail.subject).toBe('Återställ ditt lösenord i Handlingsplan');
    expect(headings(mail.html)).toEqual(['h1 Välj ett nytt lösenord']);
    expect(mail.text).toContain('Mejl om ditt konto går inte att stänga av.');
    expect(mail.text).not.toContain('/settings');
    expect(mail.text).not.toContain('Dina inställningar');
    expect(mail.html).not.toContain('/settings');
    expect(mail.html).not.toContain('Dina inställningar');
  });

  it('an invitation points to no settings page either: its reader has no password yet', async () => {
    await t.app.get(AccountMail).sendInvitation(english, 'https://handlingsplan.test/invitation/abc', 7 * 24);

    const mail = await onlyMailTo(english);
    expect(mail.subject).toBe('You are invited to Handlingsplan in Avesta kommun');
    expect(headings(mail.html)).toEqual(['h1 Welcome to Handlingsplan']);
    expect(mail.text).toContain('E-mail about your account cannot be turned off.');
    expect(mail.text).not.toContain('/settings');
    expect(mail.text).not.toContain('Your settings');
    expect(mail.html).not.toContain('/settings');
  });

  it("each says its recipient's language in Content-Language and has its Message-ID under APP_URL's host, as every other mail", async () => {
    const reader = await makeUser(t.dataSource, { id: swede.municipalityId }, 'owner', { name: 'Lisa Läser' });
    const invited = await makeUser(t.dataSource, { id: swede.municipalityId }, 'owner', { name: 'Ivy Invited', locale: 'en' });
    await t.app.get(AccountMail).sendPasswordReset(reader, 'https://handlingsplan.test/password-reset/def', 1);
    await t.app.get(AccountMail).sendInvitation(invited, 'https://handlingsplan.test/invitation/def', 7 * 24);

    const reset = await onlyMailTo(reader);
    const invitation = await onlyMailTo(invited);
    expect(reset.headers.get('content-language')).toBe('sv');
    expect(invitation.headers.get('content-language')).toBe('en');
    // MAIL_FROM is no-reply@mail.avesta.test: the Message-ID does not follow it.
    expect(reset.messageId).toMatch(/^<[^@>]+@handlingsplan\.test>$/);
    expect(invitation.messageId).toMatch(/^<[^@>]+@handlingsplan\.test>$/);
    expect(invitation.messageId).not.toBe(reset.messageId);
  });
});
