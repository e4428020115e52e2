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
    status: 'at_risk',
    url: 'https://handlingsplan.test/actions/1',
    ...overrides,
  };
}

/**
 * A sample e-mail of the tests' own, in a scratch copy of the templates: one template for both
 * languages, its words from the app's catalogue, using the layout, a partial and every helper.
 */
const SAMPLE = {
  'subject.hbs': '[{{labelOf "status" "planned"}}] {{title}}',
  'html.hbs': [
    '<p style="margin:0 0 16px 0;">{{t "mail.common.hello" name=recipientName}}</p>',
    '<table role="presentation"><tr><td>{{title}}</td></tr>',
    '<tr><td>{{t "mail.common.dueCapital" date=(formatDate dueOn)}}</td></tr>',
    '<tr><td>{{formatNumber points decimals=1}}</td></tr>',
    '<tr><td>{{t "mail.leadershipDigest.openInArea" count=openCount}}</td></tr>',
    '<tr><td>{{percent doneCount totalCount}}</td></tr>',
    '<tr><td>{{labelOf "health" status}}</td></tr></table>',
    '{{> button.html url=url label=(t "mail.common.openPlan")}}',
  ].join('\n'),
  'text.hbs': [
    '{{t "mail.common.hello" name=recipientName}}',
    '',
    'Title:  {{title}}',
    '{{t "mail.common.dueCapital" date=(formatDate dueOn)}}',
    '{{formatNumber points decimals=1}}',
    '{{t "mail.leadershipDigest.openInArea" count=openCount}}',
    '{{percent doneCount totalCount}}',
    '{{upper (labelOf "health" status)}}',
    '',
    '{{t "mail.common.openPlan"}}: {{url}}',
  ].join('\n'),
};

describe('MailRenderer', () => {
  let dir: string;
  let renderer: MailRenderer;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mail-sample-'));
    for (const folder of ['layouts', 'partials']) cpSync(join(findTemplatesDir(__dirname), folder), join(dir, folder), { recursive: true });
    mkdirSync(join(dir, 'emails', 'sample'), { recursive: true });
    for (const [file, source] of Object.entries(SAMPLE)) writeFileSync(join(dir, 'emails', 'sample', file), source);
    renderer = new MailRenderer(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the Swedish words inside the layout, with formatted values and the footer', () => {
    const mail = renderer.render('sample', 'sv', sampleData());

    expect(mail.subject).toBe('[Planerad] Öka delaktigheten');
    expect(mail.html).toContain('<html lang="sv">');
    expect(mail.html).toContain('<title>[Planerad] Öka delaktigheten</title>');
    expect(mail.html).toContain('Handlingsplan</td>');
    expect(mail.html).toContain('>Öppna åtgärden</a>'); // the button partial
    expect(mail.html).toContain('Du får det här e-postmeddelandet för att du är med i ett test.');
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('Sista dag 26 november 2026');
      expect(part).toContain(`1${NBSP}234,5`);
      expect(part).toContain('3 öppna åtgärder');
      expect(part).toContain(`75${NBSP}%`);
    }
  });

  it('renders the same template in English with English words and formatting', () => {
    const mail = renderer.render('sample', 'en', sampleData({ openCount: 1, status: 'on_track' }));

    expect(mail.subject).toBe('[Planned] Öka delaktigheten');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.text).toContain('GREEN');
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('Due 26 November 2026');
      expect(part).toContain('1,234.5');
      expect(part).toContain('1 open action');
      expect(part).toContain('75%');
    }
  });

  it('writes a count of thousands as the locale writes numbers', () => {
    expect(renderer.render('sample', 'sv', sampleData({ openCount: 1234 })).text).toContain(`1${NBSP}234 öppna åtgärder`);
    expect(renderer.render('sample', 'en', sampleData({ openCount: 1234 })).text).toContain('1,234 open actions');
  });

  it('gives a plain-text part that reads on its own: no markup, footer included, links written out', () => {
    const { text } = renderer.render('sample', 'sv', sampleData());

    expect(text).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(text).not.toMatch(/\n{3,}/);
    expect(text).toMatch(/^Handlingsplan\n/);
    expect(text).toContain('Hej Karin Ek!');
    expect(text).toContain('Öppna åtgärden: https://handlingsplan.test/actions/1');
    expect(text).toContain('Stäng av det under Inställningar: https://handlingsplan.test/settings');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('escapes what users typed in the HTML part, and leaves it as typed in subject and text', () => {
    const title = '<script>alert("x")</script> & Co';
    const mail = renderer.render('sample', 'en', sampleData({ title, recipientName: '<b>Bo</b>' }));

    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Bo</b>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(mail.html).toContain('Hello &lt;b&gt;Bo&lt;/b&gt;,');
    expect(mail.subject).toBe(`[Planned] ${title}`);
    expect(mail.text).toContain(`Title:  ${title}`);
  });

  it('keeps the subject on one line whatever the data holds', () => {
    const mail = renderer.render('sample', 'sv', sampleData({ title: 'Rad ett\r\nBcc: someone@example.test' }));

    expect(mail.subject).toBe('[Planerad] Rad ett Bcc: someone@example.test');
  });

  it('throws, naming the template and the variable, when the data lacks a variable', () => {
    const { recipientName: _omitted, ...withoutName } = sampleData();

    const render = () => renderer.render('sample', 'sv', withoutName);

    expect(render).toThrow(MailTemplateError);
    expect(render).toThrow(/emails\/sample\/html\.hbs: "name" not defined for text "mail\.common\.hello"/);
  });

  it('throws, naming the template and the key, when a word is missing from the catalogue', () => {
    mkdirSync(join(dir, 'emails', 'typo'), { recursive: true });
    for (const part of ['subject', 'html', 'text']) writeFileSync(join(dir, 'emails', 'typo', `${part}.hbs`), '{{t "mail.common.no_such_word"}}');

    expect(() => renderer.render('typo', 'en', sampleData())).toThrow(/emails\/typo\/subject\.hbs: No text "mail\.common\.no_such_word" in templates\/i18n\/en\.json/);
  });

  it('throws when the footer every e-mail needs is missing or incomplete', () => {
    const { footer: _omitted, ...withoutFooter } = sampleData();
    const data = withoutFooter as ReturnType<typeof sampleData>;

    expect(() => renderer.render('sample', 'sv', data)).toThrow(/data\.footer is required/);
    const withoutReason = sampleData({ footer: { howToStop: 'Stäng av:', settingsUrl: 'https://handlingsplan.test/settings' } });
    expect(() => renderer.render('sample', 'sv', withoutReason)).toThrow(/layouts\/email\.html\.hbs: "reason" not defined/);
  });

  it('throws a clear error for an e-mail that does not exist, or a name that leaves the folder', () => {
    expect(() => renderer.render('no-such-mail', 'sv', sampleData())).toThrow(/emails\/no-such-mail\/subject\.hbs/);
    expect(() => renderer.render('../layouts', 'sv', sampleData())).toThrow(/not a valid mail name/);
  });

  describe('caching', () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'mail-templates-'));
      for (const folder of ['layouts', 'partials']) cpSync(join(findTemplatesDir(__dirname), folder), join(dir, folder), { recursive: true });
      mkdirSync(join(dir, 'emails', 'probe'), { recursive: true });
      for (const part of ['subject', 'html', 'text']) writeFileSync(join(dir, 'emails', 'probe', `${part}.hbs`), `${part} one {{word}}`);
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads and compiles an e-mail once: a file changed after the first render does not change the output', () => {
      const cached = new MailRenderer(dir);
      const data = { footer: sampleData().footer, word: 'hej' };
      const first = cached.render('probe', 'sv', data);

      writeFileSync(join(dir, 'emails', 'probe', 'html.hbs'), 'html two {{word}}');

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
