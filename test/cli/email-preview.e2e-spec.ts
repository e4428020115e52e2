import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../utils/cli';

const TEMPLATES = join(__dirname, '..', '..', 'templates', 'emails');

describe('npm run email:preview', () => {
  let out: string;
  beforeAll(() => (out = mkdtempSync(join(tmpdir(), 'email-preview-'))));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('renders every e-mail template in Swedish and English from the demo data, none with a hole', async () => {
    const run = await cli('email-preview', '--out', out);
    expect(run).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('Wrote:') });

    const templates = readdirSync(TEMPLATES).sort();
    expect(templates.length).toBeGreaterThanOrEqual(4);
    const expected = templates.flatMap((name) => ['sv', 'en'].flatMap((locale) => [`${name}.${locale}.html`, `${name}.${locale}.txt`])).sort();
    expect(readdirSync(out).sort()).toEqual(expected);

    for (const file of expected) {
      const content = readFileSync(join(out, file), 'utf8');
      const shown = file.endsWith('.html') ? content.replace(/<[^>]*>/g, ' ') : content;
      expect({ file, holes: shown.match(/\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]|\{\{|\}\}|\{[A-Za-z]\w*\}/g) }).toEqual({ file, holes: null });
    }
    // Each language in its own words: the Swedish and the English version of an e-mail differ.
    for (const name of templates) {
      expect(readFileSync(join(out, `${name}.sv.txt`), 'utf8')).not.toBe(readFileSync(join(out, `${name}.en.txt`), 'utf8'));
      expect(readFileSync(join(out, `${name}.sv.html`), 'utf8')).toContain('<html lang="sv">');
      expect(readFileSync(join(out, `${name}.en.html`), 'utf8')).toContain('<html lang="en">');
    }
  }, 120_000);
});
