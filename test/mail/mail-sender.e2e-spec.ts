import { Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { ClockModule } from '../../src/common/clock';
import { AppConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { MailModule, MailRenderer, MailSender, type OutgoingMail } from '../../src/modules/mail';

const FROM = 'Handlingsplan <no-reply@handlingsplan.test>';
const TO = 'karin.ek@avesta.test';

interface TestSmtpServer {
  url: string;
  received: { rcptTo: string[]; raw: Buffer }[];
  close(): Promise<void>;
}

/** A real SMTP server on an ephemeral port; STARTTLS is off because it has no certificate worth trusting. */
async function startSmtpServer(handlers: Pick<SMTPServerOptions, 'onRcptTo'> = {}): Promise<TestSmtpServer> {
  const received: TestSmtpServer['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    ...handlers,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

async function mailModule(config: Partial<AppConfig>): Promise<TestingModule> {
  const appConfig = new AppConfig({ nodeEnv: 'test', appUrl: 'https://handlingsplan.test', mailFrom: FROM, mailOutboxDir: 'unused', smtpUrl: null, ...config } as AppConfig);
  return Test.createTestingModule({ imports: [ConfigModule.forRoot(appConfig), ClockModule, MailModule] }).compile();
}

/** The sample e-mail, rendered as a caller would, with a user-typed title that must arrive escaped in HTML. */
function sampleMail(moduleRef: TestingModule): OutgoingMail {
  const rendered = moduleRef.get(MailRenderer).render('invitation', 'sv', {
    footer: { reason: 'Du får det här för att du är med i ett test.', howToStop: 'Mejl om ditt konto går inte att stänga av.', settingsUrl: null },
    recipientName: 'Karin Ek',
    municipalityName: 'Åtgärd <b>1.4</b> & uppföljning',
    url: 'https://handlingsplan.test/invitation/abc',
    validDays: 7,
  });
  return { to: TO, ...rendered, headers: { 'X-Handlingsplan-Mail': 'invitation' } };
}

/** Line ends travel as CRLF; compare content, not transfer encoding. */
const lf = (text: string | false | undefined) => (text || '').replace(/\r\n/g, '\n').trimEnd();

function expectSameMessage(parsed: ParsedMail, sent: OutgoingMail, messageId: string): void {
  expect(parsed.messageId).toBe(messageId);
  expect(parsed.subject).toBe('Du är inbjuden till Handlingsplan i Åtgärd <b>1.4</b> & uppföljning');
  expect(parsed.subject).toBe(sent.subject);
  expect(parsed.from?.value).toEqual([{ address: 'no-reply@handlingsplan.test', name: 'Handlingsplan' }]);
  expect((parsed.to as AddressObject).value).toEqual([{ address: TO, name: '' }]);
  expect(parsed.headers.get('x-handlingsplan-mail')).toBe('invitation');
  expect(parsed.headers.get('content-language')).toBe('sv');
  expect(lf(parsed.html)).toBe(lf(sent.html));
  expect(parsed.html).toContain('Åtgärd &lt;b&gt;1.4&lt;/b&gt; &amp; uppföljning');
  expect(lf(parsed.text)).toBe(lf(sent.text));
  expect(parsed.text).toContain('Länken fungerar en gång och i 7 dagar.');
}

describe('MailSender', () => {
  let logged: jest.SpyInstance;

  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  describe('with SMTP_URL', () => {
    let smtp: TestSmtpServer;
    let moduleRef: TestingModule;

    afterEach(async () => {
      await moduleRef?.close();
      await smtp?.close();
    });

    it('delivers one message with subject, sender, recipient, HTML and text parts to the SMTP server', async () => {
      smtp = await startSmtpServer();
      moduleRef = await mailModule({ smtpUrl: smtp.url });
      const mail = sampleMail(moduleRef);

      const { messageId } = await moduleRef.get(MailSender).send(mail);

      expect(messageId).toMatch(/^<.+@handlingsplan\.test>$/);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0].rcptTo).toEqual([TO]);
      expectSameMessage(await simpleParser(smtp.received[0].raw), mail, messageId);
      const logLines = logged.mock.calls.map(([line]) => String(line));
      expect(logLines).toContain(`Sent e-mail ${messageId}`);
      expect(logLines.join('\n')).not.toContain(TO);
    });

    it("gives a mail without a Message-ID of its own one under APP_URL's host, whatever MAIL_FROM's domain", async () => {
      smtp = await startSmtpServer();
      moduleRef = await mailModule({ smtpUrl: smtp.url, mailFrom: 'Handlingsplan <no-reply@mail.avesta.test>' });

      const { messageId } = await moduleRef.get(MailSender).send(sampleMail(moduleRef));

      expect(messageId).toMatch(/^<[^@>]+@handlingsplan\.test>$/);
      expect((await simpleParser(smtp.received[0].raw)).messageId).toBe(messageId);
    });

    it('rejects with the SMTP reply when the server refuses the recipient, so the job is retried', async () => {
      smtp = await startSmtpServer({
        onRcptTo(_address, _session, callback) {
          callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
        },
      });
      moduleRef = await mailModule({ smtpUrl: smtp.url });

      const sending = moduleRef.get(MailSender).send(sampleMail(moduleRef));

      await expect(sending).rejects.toMatchObject({
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550 5.1.1 Mailbox unavailable',
        permanent: true,
      });
      expect(smtp.received).toHaveLength(0);
    });

    it('rejects when no SMTP server answers', async () => {
      smtp = await startSmtpServer();
      const deadUrl = smtp.url;
      await smtp.close();
      moduleRef = await mailModule({ smtpUrl: deadUrl });

      await expect(moduleRef.get(MailSender).send(sampleMail(moduleRef))).rejects.toMatchObject({ code: 'ESOCKET' });
    });
  });

  describe('without SMTP_URL', () => {
    let dir: string;
    let moduleRef: TestingModule;

    beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'mail-outbox-'))));

    afterEach(async () => {
      await moduleRef?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('writes the message as an .eml file into the outbox folder, creating it', async () => {
      const outbox = join(dir, 'var', 'outbox');
      moduleRef = await mailModule({ smtpUrl: null, mailOutboxDir: outbox });
      const mail = sampleMail(moduleRef);

      const { messageId } = await moduleRef.get(MailSender).send(mail);

      const files = await readdir(outbox);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const raw = await readFile(join(outbox, files[0]));
      expect(raw.toString('latin1')).toMatch(/\r\n\r\n/); // CRLF line ends, as on the wire
      expectSameMessage(await simpleParser(raw), mail, messageId);
      const logLines = logged.mock.calls.map(([line]) => String(line)).join('\n');
      expect(logLines).toContain(messageId);
      expect(logLines).not.toContain(TO);
    });
  });
});
