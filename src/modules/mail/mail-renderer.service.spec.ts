import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailTemplateError } from './mail.errors';
import { findTemplatesDir, MailRenderer } from './mail-renderer.service';

const NBSP = '\u00a0';

function sampleData(overrides: Record<string, unknown> = {}) {
  return {
    footer: {
      reason: 'Du får det här e-postmeddelandet för att du är med i ett test.',
      howToStop: 'Stäng av det under Inställningar:',
      settingsUrl: 'https://handlingsplan.test/settings',
    },
    recipientName: 'Karin Ek',
    title: 'Öka delaktigheten',
    dueOn: '2026-11-26',
    sentAt: '2026-11-25T23:30:00Z',
    points: 1234.5,
    openCount: 3,
    doneCount: 3,
    totalCount: 4,
    status: 'at-risk',
    url: 'https://handlingsplan.test/actions/1',
    ...overrides,
  };
}

describe('MailRenderer', () => {
  const renderer = new MailRenderer();

  it('renders the Swedish sample inside the layout, with formatted values and the footer', () => {
    const mail = renderer.render('example-notice', 'sv', sampleData());

    expect(mail.subject).toBe('[Exempel] Öka delaktigheten');
    expect(mail.html).toContain('<html lang="sv">');
    expect(mail.html).toContain('<title>[Exempel] Öka delaktigheten</title>');
    expect(mail.html).toContain('Handlingsplan</td>');
    expect(mail.html).toContain('>Öppna i Handlingsplan</a>'); // the button partial
    expect(mail.html).toContain('Du får det här e-postmeddelandet för att du är med i ett test.');
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('26 november 2026');
      expect(part).toContain(`1${NBSP}234,5`);
      expect(part).toContain('3 åtgärder');
      expect(part).toContain(`75${NBSP}%`);
    }
  });

  it('renders the English sample with English formatting', () => {
    const mail = renderer.render('example-notice', 'en', sampleData({ openCount: 1, status: 'on-track' }));

    expect(mail.subject).toBe('[Example] Öka delaktigheten');
    expect(mail.html).toContain('<html lang="en">');
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('26 November 2026');
      expect(part).toContain('1,234.5');
      expect(part).toContain('1 action');
      expect(part).toContain('75%');
      expect(part).toMatch(/On track/);
    }
  });

  it('gives a plain-text part that reads on its own: no markup, footer included, links written out', () => {
    const { text } = renderer.render('example-notice', 'sv', sampleData());

    expect(text).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(text).not.toMatch(/\n{3,}/);
    expect(text).toMatch(/^Handlingsplan\n/);
    expect(text).toContain('Hej Karin Ek!');
    expect(text).toContain('https://handlingsplan.test/actions/1');
    expect(text).toContain('Stäng av det under Inställningar: https://handlingsplan.test/settings');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('escapes what users typed in the HTML part, and leaves it as typed in subject and text', () => {
    const title = '<script>alert("x")</script> & Co';
    const mail = renderer.render('example-notice', 'en', sampleData({ title, recipientName: '<b>Bo</b>' }));

    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Bo</b>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(mail.html).toContain('Hello &lt;b&gt;Bo&lt;/b&gt;,');
    expect(mail.subject).toBe(`[Example] ${title}`);
    expect(mail.text).toContain(`Title:  ${title}`);
  });

  it('keeps the subject on one line whatever the data holds', () => {
    const mail = renderer.render('example-notice', 'sv', sampleData({ title: 'Rad ett\r\nBcc: someone@example.test' }));

    expect(mail.subject).toBe('[Exempel] Rad ett Bcc: someone@example.test');
  });

  it('throws, naming the template and the variable, when the data lacks a variable', () => {
    const { recipientName: _omitted, ...withoutName } = sampleData();

    const render = () => renderer.render('example-notice', 'sv', withoutName);

    expect(render).toThrow(MailTemplateError);
    expect(render).toThrow(/emails\/example-notice\/html\.sv\.hbs: "recipientName" not defined/);
  });

  it('throws when the footer every e-mail needs is missing or incomplete', () => {
    const { footer: _omitted, ...withoutFooter } = sampleData();
    const data = withoutFooter as ReturnType<typeof sampleData>;

    expect(() => renderer.render('example-notice', 'sv', data)).toThrow(/data\.footer is required/);
    const withoutReason = sampleData({ footer: { howToStop: 'Stäng av:', settingsUrl: 'https://handlingsplan.test/settings' } });
    expect(() => renderer.render('example-notice', 'sv', withoutReason)).toThrow(/layouts\/email\.html\.hbs: "reason" not defined/);
  });

  it('throws a clear error for an e-mail that does not exist, or a name that leaves the folder', () => {
    expect(() => renderer.render('no-such-mail', 'sv', sampleData())).toThrow(/emails\/no-such-mail\/subject\.sv\.hbs/);
    expect(() => renderer.render('../layouts', 'sv', sampleData())).toThrow(/not a valid mail name/);
  });

  describe('caching', () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'mail-templates-'));
      for (const folder of ['layouts', 'partials']) cpSync(join(findTemplatesDir(__dirname), folder), join(dir, folder), { recursive: true });
      mkdirSync(join(dir, 'emails', 'probe'), { recursive: true });
      for (const part of ['subject', 'html', 'text']) writeFileSync(join(dir, 'emails', 'probe', `${part}.sv.hbs`), `${part} one {{word}}`);
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads and compiles an e-mail once: a file changed after the first render does not change the output', () => {
      const cached = new MailRenderer(dir);
      const data = { footer: sampleData().footer, word: 'hej' };
      const first = cached.render('probe', 'sv', data);

      writeFileSync(join(dir, 'emails', 'probe', 'html.sv.hbs'), 'html two {{word}}');

      expect(cached.render('probe', 'sv', data)).toEqual(first);
      expect(first.html).toContain('html one hej');
      // A renderer that has not cached the file sees the change, so the test above can fail.
      expect(new MailRenderer(dir).render('probe', 'sv', data).html).toContain('html two hej');
    });
  });

  describe('findTemplatesDir', () => {
    let root: string;

    beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'mail-app-'))));
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('finds the top-level templates folder from the built output, as from the sources', () => {
      mkdirSync(join(root, 'templates', 'layouts'), { recursive: true });
      const builtMailDir = join(root, 'dist', 'src', 'modules', 'mail');
      mkdirSync(builtMailDir, { recursive: true });

      expect(findTemplatesDir(builtMailDir)).toBe(join(root, 'templates'));
      expect(findTemplatesDir(__dirname)).toBe(join(__dirname, '..', '..', '..', 'templates'));
    });

    it('says where it looked when there is none', () => {
      expect(() => findTemplatesDir(root)).toThrow(`No templates/layouts folder in ${root}`);
    });
  });
});
