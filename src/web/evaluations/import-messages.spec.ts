import { IMPORT_ERROR_CODES, IMPORT_FILE_ERROR_CODES, IMPORT_WARNING_CODES } from '../../modules/evaluations/report-import/parsed-report';
import { catalogue, MAIL_LOCALES } from '../../modules/mail';
import { importErrorModels, importWarningModel } from './import-messages';
import { warningModels } from './report-model';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const textOf = (model: { parts: { text: string }[] }) => model.parts.map((part) => part.text).join('');

describe('the import messages in the page language', () => {
  const keys = [
    ...IMPORT_ERROR_CODES.map((code) => `import.errors.${code}`),
    // What the file itself makes unreadable: a scan, a damaged file, a format the import does not read.
    ...IMPORT_FILE_ERROR_CODES.map((code) => `import.errors.${code}`),
    ...IMPORT_WARNING_CODES.map((code) => `import.warnings.${code}`),
    // A printed percent is worded for a sub-question or for an area's sum row.
    'import.warnings.PERCENT_MISMATCH_AREA',
  ];

  it.each(keys)('%s has a text in Swedish and in English, naming the same values', (key) => {
    for (const locale of MAIL_LOCALES) expect({ locale, key, has: catalogue().has(locale, key) }).toEqual({ locale, key, has: true });
    expect(placeholders(catalogue().translate('sv', key))).toEqual(placeholders(catalogue().translate('en', key)));
  });

  it('words a refusal in Swedish, its points as Swedish numbers', () => {
    const [model] = importErrorModels(
      [{ line: 12, code: 'POINTS_ABOVE_MAX', params: { questionCode: '1.1', achieved: 16.5, max: 15 }, message: 'Sub-question 1.1: 16.5 points achieved exceed its max of 15' }],
      'sv',
    );
    expect(model).toEqual({ line: 12, parts: [{ text: 'Delfråga 1.1: 16,5 uppnådda poäng är fler än delfrågans max på 15 poäng.', lang: null }], detail: null, lang: null });
  });

  it("marks the report's own words as Swedish on an English page, and only there", () => {
    const error = { line: null, code: 'AREA_WITHOUT_SECTION' as const, params: { areaNumber: 3, areaTitle: 'Politisk styrning och kontroll' }, message: '…' };
    const [english] = importErrorModels([error], 'en');
    expect(english.parts).toEqual([
      { text: 'Area 3 (', lang: null },
      { text: 'Politisk styrning och kontroll', lang: 'sv' },
      { text: ') has no section in the detailed review (section 3, heading “Område 3 ', lang: null },
      { text: 'Politisk styrning och kontroll', lang: 'sv' },
      { text: '”).', lang: null },
    ]);
    const [swedish] = importErrorModels([error], 'sv');
    expect(swedish.parts).toEqual([
      { text: 'Område 3 (Politisk styrning och kontroll) saknar avsnitt i den detaljerade genomgången (avsnitt 3, rubriken ”Område 3 Politisk styrning och kontroll”).', lang: null },
    ]);
  });

  it('keeps a year as a year, and words a warning of an area sum row', () => {
    const month = importWarningModel({ code: 'MONTH_NOT_STATED', params: { year: 2014 }, message: '…', line: 3 }, 'sv');
    expect(textOf(month!)).toBe('Rapporten anger året 2014 men inte månaden för utvärderingen. Den dateras januari 2014.');
    const percent = importWarningModel(
      { code: 'PERCENT_MISMATCH', params: { areaNumber: 8, areaTitle: 'Samhällsbyggnad', percent: 70, achieved: 68, max: 100 }, message: '…', areaNumber: 8 },
      'en',
    );
    expect(textOf(percent!)).toBe('Area 8 (Samhällsbyggnad): 70% cannot come from 68 of 100 points.');
  });

  it("words a refusal of the file itself in the page's language, a library's own reason beside it as the English detail", () => {
    const [scan] = importErrorModels([{ line: null, code: 'NO_TEXT_LAYER', params: {}, message: 'The PDF has no text, only images' }], 'sv');
    expect(scan).toMatchObject({ detail: null, lang: null });
    expect(textOf(scan)).toContain('spara rapporten som PDF med text');
    const damaged = { line: null, code: 'PDF_DAMAGED' as const, params: { reason: 'Invalid PDF structure.' }, message: 'The PDF could not be read (Invalid PDF structure.); nothing was saved' };
    const [swedish] = importErrorModels([damaged], 'sv');
    expect(swedish).toMatchObject({ line: null, detail: 'Invalid PDF structure.', lang: null });
    expect(textOf(swedish)).toMatch(/^PDF-filen kunde inte läsas/);
    expect(textOf(swedish)).not.toContain('Invalid');
    const [tooLarge] = importErrorModels([{ line: null, code: 'FILE_TOO_LARGE', params: { maxMegabytes: 1.5 }, message: '…' }], 'sv');
    expect(textOf(tooLarge)).toMatch(/^Filen är större än 1,5 MB,/);
  });

  it("shows the importer's English, marked as English, for what has no code, and leaves a warning stored without params to the caller", () => {
    expect(importErrorModels([{ line: null, message: 'The PDF has no text' }], 'sv')).toEqual([
      { line: null, parts: [{ text: 'The PDF has no text', lang: null }], detail: null, lang: 'en' },
    ]);
    expect(importErrorModels([{ line: null, message: 'The PDF has no text' }], 'en')[0].lang).toBeNull();
    expect(importWarningModel({ code: 'TOTAL_MISMATCH', message: 'The area totals add up to 403 points' }, 'sv')).toBeNull();
  });

  it('words a warning stored before warnings carried params as before: a heading in the page language, the English beside it', () => {
    const stored = { code: 'TOTAL_MISMATCH' as const, message: 'The area totals add up to 403 points, the report prints a total of 404', line: 612 };
    expect(warningModels([stored], { areas: [] }, 'sv')).toEqual([
      { areaNumber: null, line: 612, parts: [{ text: 'Områdenas summor går inte ihop med rapportens totalsumma', lang: null }], detail: stored.message, lang: null },
    ]);
    // A code the catalogue has no heading for: the importer's English alone, marked as English on a Swedish page.
    const unknown = { code: 'RETIRED_CHECK' as never, message: 'Something the importer once noticed', line: 7, areaNumber: 2 };
    expect(warningModels([unknown], { areas: [] }, 'sv')).toEqual([
      { areaNumber: 2, line: 7, parts: [{ text: unknown.message, lang: null }], detail: null, lang: 'en' },
    ]);
    expect(warningModels([unknown], { areas: [] }, 'en')[0].lang).toBeNull();
  });
});
