import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { Catalogue } from './catalogue';
import { findTemplatesDir } from './mail-renderer.service';

/** Every key path of a catalogue, a plural entry counted as one text. */
function keysOf(entry: unknown, prefix = ''): string[] {
  if (typeof entry !== 'object' || entry === null || ('one' in entry && 'other' in entry)) return [prefix];
  return Object.entries(entry).flatMap(([key, value]) => keysOf(value, prefix ? `${prefix}.${key}` : key));
}

describe('Catalogue', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    mkdirSync(join(dir, 'i18n'));
    writeFileSync(join(dir, 'i18n', 'sv.json'), JSON.stringify({ health: { on_track: 'Grön' }, plans: { one: '{count} åtgärd', other: '{count} åtgärder' }, hello: 'Hej {name}!' }));
    writeFileSync(join(dir, 'i18n', 'en.json'), JSON.stringify({ health: { on_track: 'Green' }, plans: { one: '{count} action', other: '{count} actions' }, hello: 'Hello {name}!' }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each language its words, with parameters and plural forms', () => {
    const words = new Catalogue(dir);
    expect(words.translate('sv', 'health.on_track')).toBe('Grön');
    expect(words.translate('en', 'health.on_track')).toBe('Green');
    expect(words.translate('sv', 'hello', { name: 'Lena' })).toBe('Hej Lena!');
    expect(words.translate('sv', 'plans', { count: 1 })).toBe('1 åtgärd');
    expect(words.translate('en', 'plans', { count: 3 })).toBe('3 actions');
  });

  it('fails on a missing key, a group used as a text, or a plural without a count', () => {
    const words = new Catalogue(dir);
    expect(() => words.translate('sv', 'health.unknown')).toThrow('No text "health.unknown" in templates/i18n/sv.json');
    expect(() => words.translate('sv', 'health')).toThrow(/is a group/);
    expect(() => words.translate('sv', 'plans')).toThrow(/needs a count/);
  });

  it('gives templates {{t}} and {{labelOf}} in the locale of the render', () => {
    const handlebars = Handlebars.create();
    new Catalogue(dir).registerHelper(handlebars);
    const template = handlebars.compile('{{t "hello" name=who}} {{labelOf "health" value}}', { strict: true });
    expect(template({ locale: 'en', who: 'Oliver', value: 'on_track' })).toBe('Hello Oliver! Green');
    expect(template({ locale: 'sv', who: 'Lena', value: 'on_track' })).toBe('Hej Lena! Grön');
  });

  it("has every text of the app's catalogue in both Swedish and English", () => {
    const templates = findTemplatesDir(__dirname);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const [sv, en] = ['sv', 'en'].map((locale) => keysOf(require(join(templates, 'i18n', `${locale}.json`))).sort());
    expect(en).toEqual(sv);
    expect(sv.length).toBeGreaterThan(100);
  });
});
