import { DEMO_PASSWORD } from '../../../cli/demo/demo-people';
import { passwordWeakness } from './password-policy';

describe('passwordWeakness', () => {
  it.each(['Hallon-2084-Avesta', 'Testlösen-2084', DEMO_PASSWORD, 'Blåbärssylt-i-Avesta-2084', 'korv med bröd och senap'])(
    'accepts %s',
    (password) => expect(passwordWeakness(password, { email: 'anna.berg@avesta.se', name: 'Anna Berg' })).toBeNull(),
  );

  it.each([
    // What an outside probe got through the old letters-and-digits rule.
    ['aaaaaaaaa1', 'Repeated characters'],
    ['Password12', 'commonly used password'],
    ['          1a', 'Repeated characters'],
    // Swedish words the English dictionaries do not know.
    ['Lösenord123', 'too easy to guess'],
    ['Sommar2024', 'too easy to guess'],
    ['Avesta20842084', 'too easy to guess'],
  ])('refuses %s, saying why', (password, reason) => {
    const weakness = passwordWeakness(password, {});
    expect(weakness).toContain('too easy to guess');
    expect(weakness).toContain(reason);
  });

  it.each([
    ['anna.berg2084!', { email: 'anna.berg@avesta.se' }],
    ['Bergström#1975', { name: 'Linnea Bergström', email: 'lb@avesta.se' }],
    ['linnearask2025', { name: 'Linnea Rask' }],
  ])('refuses %s, built from the user\'s own name or e-mail address', (password, context) => {
    expect(passwordWeakness(password, context)).toBe('must not be built from your own name or e-mail address');
    // The same password for somebody else is judged on its own merits.
    expect(passwordWeakness(password, { email: 'other@example.se', name: 'Per Persson' })).not.toBe('must not be built from your own name or e-mail address');
  });

  it.each([
    ['short1', 'must be at least 10 characters long'],
    ['x'.repeat(201), 'must be at most 200 characters long'],
  ])('refuses %s by length', (password, reason) => {
    expect(passwordWeakness(password)).toBe(reason);
  });
});
