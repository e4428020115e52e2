import Handlebars from 'handlebars';
import { registerMailHelpers } from './mail.helpers';

const NBSP = '\u00a0';

/** Renders a one-line template the way MailRenderer does: strict, with the locale in the root context. */
function render(source: string, data: Record<string, unknown>): string {
  const handlebars = Handlebars.create();
  registerMailHelpers(handlebars);
  return handlebars.compile(source, { strict: true })(data);
}

describe('mail helpers', () => {
  describe('indent', () => {
    it('indents each line after the first as far as the block it is in', () => {
      expect(render('  {{indent c 2}}', { locale: 'sv', c: 'Två saker:\n- beslut\r\n- utbildning' })).toBe('  Två saker:\n  - beslut\n  - utbildning');
      expect(render('  {{indent c 2}}', { locale: 'sv', c: 'En rad' })).toBe('  En rad');
      expect(() => render('{{indent c "x"}}', { locale: 'sv', c: 'a' })).toThrow('indent needs a number of spaces');
    });
  });

  describe('formatDate', () => {
    it('writes a calendar date in words, in Swedish and English', () => {
      expect(render('{{formatDate d}}', { locale: 'sv', d: '2026-11-26' })).toBe('26 november 2026');
      expect(render('{{formatDate d}}', { locale: 'en', d: '2026-11-26' })).toBe('26 November 2026');
    });

    it('shows an instant on its Stockholm date unless the data names another zone', () => {
      const lateEvening = '2026-11-25T23:30:00Z'; // 00:30 on the 26th in Stockholm
      expect(render('{{formatDate d}}', { locale: 'sv', d: lateEvening })).toBe('26 november 2026');
      expect(render('{{formatDate d}}', { locale: 'sv', d: new Date(lateEvening) })).toBe('26 november 2026');
      expect(render('{{formatDate d}}', { locale: 'en', d: lateEvening, timeZone: 'UTC' })).toBe('25 November 2026');
    });

    it('keeps a date-only value on its day in a zone behind UTC', () => {
      expect(render('{{formatDate d}}', { locale: 'en', d: '2026-11-26', timeZone: 'America/New_York' })).toBe('26 November 2026');
    });

    it('refuses a value that is not a date', () => {
      expect(() => render('{{formatDate d}}', { locale: 'sv', d: 'next week' })).toThrow(/invalid date/);
      expect(() => render('{{formatDate d}}', { locale: 'sv', d: null })).toThrow(/ISO date string or a Date/);
    });
  });

  describe('formatNumber', () => {
    it('groups thousands with a non-breaking space and a decimal comma in Swedish', () => {
      expect(render('{{formatNumber n}}', { locale: 'sv', n: 1234.5 })).toBe(`1${NBSP}234,5`);
    });

    it('groups thousands with a comma and a decimal point in English', () => {
      expect(render('{{formatNumber n}}', { locale: 'en', n: 1234.5 })).toBe('1,234.5');
    });

    it('fixes the decimals when asked, and reads numbers that Postgres returns as strings', () => {
      expect(render('{{formatNumber n decimals=1}}', { locale: 'sv', n: 404 })).toBe('404,0');
      expect(render('{{formatNumber n decimals=0}}', { locale: 'en', n: '51.50' })).toBe('52');
    });

    it('refuses something that is not a number', () => {
      expect(() => render('{{formatNumber n}}', { locale: 'sv', n: 'many' })).toThrow(/needs a number/);
    });
  });

  describe('plural', () => {
    it.each([
      ['sv', 1, '1 åtgärd'],
      ['sv', 3, '3 åtgärder'],
      ['sv', 0, '0 åtgärder'],
      ['sv', 1234, `1${NBSP}234 åtgärder`],
      ['en', 1, '1 action'],
      ['en', 2, '2 actions'],
      ['en', 0, '0 actions'],
    ])('%s %d → %s', (locale, count, expected) => {
      const words = locale === 'sv' ? '"åtgärd" "åtgärder"' : '"action" "actions"';
      expect(render(`{{plural n ${words}}}`, { locale, n: count })).toBe(expected);
    });

    it('needs both word forms', () => {
      expect(() => render('{{plural n "åtgärd"}}', { locale: 'sv', n: 2 })).toThrow(/singular and a plural/);
    });
  });

  describe('percent', () => {
    it('shows a fraction as a percentage, with the Swedish space before the sign', () => {
      expect(render('{{percent f}}', { locale: 'sv', f: 0.505 })).toBe(`51${NBSP}%`);
      expect(render('{{percent f}}', { locale: 'en', f: 0.505 })).toBe('51%');
    });

    it('shows a part of a whole, with decimals when asked', () => {
      expect(render('{{percent 404 800 decimals=1}}', { locale: 'sv' })).toBe(`50,5${NBSP}%`);
      expect(render('{{percent 3 4}}', { locale: 'en' })).toBe('75%');
    });

    it('shows a dash for a share of nothing', () => {
      expect(render('{{percent 0 0}}', { locale: 'sv' })).toBe('–');
    });
  });

  describe('percentNumber', () => {
    it('writes a number that is a percentage already, with the Swedish space before the sign', () => {
      expect(render('{{percentNumber n}}', { locale: 'sv', n: 57 })).toBe(`57${NBSP}%`);
      expect(render('{{percentNumber n}}', { locale: 'en', n: 57 })).toBe('57%');
      expect(render('{{percentNumber n}}', { locale: 'sv', n: 67.5 })).toBe(`67,5${NBSP}%`);
    });
  });

  describe('eq', () => {
    it('chooses a branch by strict equality', () => {
      const template = '{{#if (eq status "done")}}klar{{else}}pågår{{/if}}';
      expect(render(template, { locale: 'sv', status: 'done' })).toBe('klar');
      expect(render(template, { locale: 'sv', status: 'doing' })).toBe('pågår');
      expect(render('{{#if (eq n "1")}}same{{else}}different{{/if}}', { locale: 'en', n: 1 })).toBe('different');
    });
  });

  describe('periodWeek', () => {
    it.each([
      ['2026-W48', 48],
      ['2026-W53', 53],
      ['2027-W01', 1],
    ])('%s is week %d', (key, week) => {
      expect(render('{{periodWeek k}}', { locale: 'sv', k: key })).toBe(String(week));
    });

    it('refuses a value that is not a period key', () => {
      expect(() => render('{{periodWeek k}}', { locale: 'sv', k: '2026-11-26' })).toThrow(/2026-W48/);
      expect(() => render('{{periodWeek k}}', { locale: 'sv', k: null })).toThrow(/2026-W48/);
    });
  });

  it('refuses to format without a known locale in the data', () => {
    expect(() => render('{{formatNumber 1}}', {})).toThrow(/@root.locale/);
    expect(() => render('{{formatNumber 1}}', { locale: 'de' })).toThrow(/@root.locale/);
  });
});
