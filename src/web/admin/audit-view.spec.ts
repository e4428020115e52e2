import { auditChanges, auditWords } from './audit-view';

describe('the audit log in the reader’s language', () => {
  const names = new Map([['0b6f3b4e-6a0f-4a43-9a8c-0f2f4a0d6a01', 'Lena Holm']]);
  const rows = (entityType: string, changes: Record<string, { before?: unknown; after?: unknown }>, locale: 'sv' | 'en' = 'sv') =>
    auditChanges({ entityType, changes }, names, auditWords(locale, 'Europe/Stockholm')).map((row) => [row.field, row.before, row.after]);

  it('names fields by their labels and words statuses, dates, people and yes or no as the pages do', () => {
    expect(
      rows('action-plan', {
        status: { before: 'planned', after: 'in_progress' },
        dueDate: { before: '2027-06-30', after: '2027-12-31' },
        ownerId: { before: null, after: '0b6f3b4e-6a0f-4a43-9a8c-0f2f4a0d6a01' },
        targets: { after: [{ questionCode: '1.3', expectedPoints: 2.5 }] },
      }),
    ).toEqual([
      ['Status', 'Planerad', 'Pågår'],
      ['Slutdatum', '30 juni 2027', '31 december 2027'],
      ['Ansvarig', '–', 'Lena Holm'],
      ['Mål', null, '1.3 (2,5)'],
    ]);
    expect(rows('user', { active: { before: true, after: false }, role: { after: 'viewer' }, locale: { after: 'en' } })).toEqual([
      ['Aktiv', 'Ja', 'Nej'],
      ['Roll', null, 'Läsare'],
      ['Språk', null, 'English'],
    ]);
    expect(rows('evaluation', { status: { before: 'draft', after: 'published' }, source: { after: 'manual' }, conductedOn: { after: '2026-10-01' } }, 'en')).toEqual([
      ['Status', 'Draft', 'Published'],
      ['Source', null, 'Entered by hand'],
      // An evaluation is known by its month: no made-up first day.
      [expect.any(String), null, 'October 2026'],
    ]);
  });

  it('names a score by its sub-question, shows a moment in the municipality’s time, and keeps what it has no words for', () => {
    expect(rows('evaluation-scores', { '2.4': { before: 3, after: 6.5 } })).toEqual([['Delfråga 2.4', '3', '6,5']]);
    expect(rows('evaluation', { publishedAt: { after: '2026-11-30T23:30:00.000Z' } })[0][2]).toMatch(/^1 dec\.? 2026 00:30$/);
    expect(rows('finding', { kind: { after: 'weakness' }, somethingNew: { after: 'x' } })).toEqual([
      ['Slag', null, 'Svaghet'],
      ['somethingNew', null, 'x'],
    ]);
  });

  it('leaves out a field that is empty before and after: a new finding without a sub-question says nothing of it', () => {
    expect(rows('finding', { kind: { after: 'strength' }, questionCode: { after: null }, text: { before: '', after: null } })).toEqual([['Slag', null, 'Styrka']]);
    // Emptied or filled in, it is a change and is shown.
    expect(rows('action-plan', { unit: { before: 'Kommunledningskontoret', after: null }, description: { before: null, after: 'Ny text' } })).toEqual([
      ['Enhet', 'Kommunledningskontoret', '–'],
      ['Beskrivning', '–', 'Ny text'],
    ]);
  });
});
