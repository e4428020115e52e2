import { deriveEffect } from './effect-derivation';

describe('deriveEffect', () => {
  const before = new Map<string, number | null>([
    ['2.1', 5],
    ['2.3', 6],
    ['2.4', 6],
    ['2.5', null],
  ]);
  const after = new Map<string, number | null>([
    ['2.1', 8],
    ['2.3', 4],
    ['2.4', 6],
    ['2.5', 9],
  ]);

  it('is improved when the target rose', () => {
    expect(deriveEffect(['2.1'], before, after)).toBe('improved');
  });

  it('is declined when the target fell', () => {
    expect(deriveEffect(['2.3'], before, after)).toBe('declined');
  });

  it('is unchanged when the target kept its points', () => {
    expect(deriveEffect(['2.4'], before, after)).toBe('unchanged');
  });

  it('is unknown without targets', () => {
    expect(deriveEffect([], before, after)).toBe('unknown');
  });

  it('is unknown when no target has a score on both sides', () => {
    expect(deriveEffect(['2.5'], before, after)).toBe('unknown');
    expect(deriveEffect(['9.9'], before, after)).toBe('unknown');
  });

  it('weighs several targets by their net change, ignoring the ones without both scores', () => {
    // 2.1 +3, 2.3 -2: net +1
    expect(deriveEffect(['2.1', '2.3', '2.5'], before, after)).toBe('improved');
    // 2.3 -2, 2.4 0: net -2
    expect(deriveEffect(['2.3', '2.4'], before, after)).toBe('declined');
  });

  it('treats a change that cancels out exactly as unchanged, without floating-point residue', () => {
    const was = new Map([['1.1', 0.1], ['1.2', 0.2]]);
    const is = new Map([['1.1', 0.3], ['1.2', 0]]);
    expect(deriveEffect(['1.1', '1.2'], was, is)).toBe('unchanged');
  });
});
