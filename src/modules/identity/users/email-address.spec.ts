import fc from 'fast-check';
import { normaliseEmail } from './email-address';

describe('normaliseEmail', () => {
  it.each([
    ['Anna.Berg@Avesta.SE', 'anna.berg@avesta.se'],
    ['  anna@avesta.se\t', 'anna@avesta.se'],
    ['ａｎｎａ@ａｖｅｓｔａ.se', 'anna@avesta.se'],
    ['ÅSA.ÖBERG@AVESTA.SE', 'åsa.öberg@avesta.se'],
    // "Å" written as A + combining ring is the same address as the precomposed letter.
    ['A\u030Asa@avesta.se', 'åsa@avesta.se'],
  ])('%s is %s', (typed, stored) => {
    expect(normaliseEmail(typed)).toBe(stored);
  });

  it('keeps a dotted capital İ apart from a plain i (it lower-cases to i + U+0307)', () => {
    expect(normaliseEmail('rl.lİnnea@avesta.example')).not.toBe('rl.linnea@avesta.example');
  });

  it('is idempotent and leaves nothing a second lower-casing or NFKC would change', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (typed) => {
        const once = normaliseEmail(typed);
        expect(normaliseEmail(once)).toBe(once);
        expect(once.toLowerCase()).toBe(once);
        expect(once.normalize('NFKC')).toBe(once);
      }),
      { seed: 2084, numRuns: 2000 },
    );
  });
});
