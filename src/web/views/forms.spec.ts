import { ActionPlanErrorCode } from '../../modules/action-plans/plans/action-plan.errors';
import { catalogue } from '../../modules/mail';
import { catalogueKeysOf, inLanguage } from './forms';

describe('errors in the page’s language', () => {
  const english = 'This action plan is completed and takes no progress updates; a manager can reopen it (PATCH status in_progress or planned)';

  it('words a refusal of the whole form by its code, in Swedish and English', () => {
    const [sv] = inLanguage([{ message: english, code: ActionPlanErrorCode.Closed }], 'sv', 'plan');
    const [en] = inLanguage([{ message: english, code: ActionPlanErrorCode.Closed }], 'en', 'plan');
    expect(sv.message).toBe('Åtgärden är klar eller avbruten och tar inte emot lägesrapporter. En samordnare kan öppna den igen.');
    expect(en.message).toBe('The action is completed or cancelled and takes no progress reports. A manager can reopen it.');
  });

  it('words a field by the form’s own words, indices left out, and keeps the field', () => {
    const [points] = inLanguage([{ field: 'targets[1].expectedPoints', message: 'expectedPoints must not be greater than 10' }], 'sv', 'planForm');
    expect(points).toEqual({ field: 'targets[1].expectedPoints', message: 'Skriv förväntade poäng som ett tal, högst delfrågans max.' });
    const [code] = inLanguage([{ field: 'targets[0].questionCode', message: 'questionCode 9.9 is not a sub-question of kommunkompassen-2010' }], 'en', 'planForm');
    expect(code.message).toBe('Choose a sub-question for the target.');
  });

  it('keeps the API’s message, which names the problem, where the catalogue has no words for it', () => {
    expect(inLanguage([{ field: 'somethingNew', message: 'somethingNew must be a string' }], 'sv', 'planForm')[0].message).toBe('somethingNew must be a string');
  });

  it('has every error code of the plan forms in both languages', () => {
    const words = catalogue();
    const pageCodes = [ActionPlanErrorCode.Closed, ActionPlanErrorCode.VersionRequired, ActionPlanErrorCode.VersionConflict, ActionPlanErrorCode.NotOpen, ActionPlanErrorCode.AlreadyLinked];
    for (const locale of ['sv', 'en'] as const) {
      for (const code of pageCodes) expect([locale, code, words.has(locale, `errors.codes.${code}`)]).toEqual([locale, code, true]);
      // Every field of the plan forms has its own words.
      for (const field of ['title', 'description', 'ownerId', 'unit', 'startDate', 'dueDate', 'priority', 'expectedEffect', 'status', 'cancellationReason', 'findingIds', 'version']) {
        expect([locale, field, catalogueKeysOf({ field, message: '' }, 'planForm').findIndex((key) => words.has(locale, key))]).toEqual([locale, field, 0]);
      }
      for (const field of ['status', 'health', 'progress', 'comment']) {
        expect([locale, field, words.has(locale, `plan.errors.${field}`)]).toEqual([locale, field, true]);
      }
    }
  });
});
