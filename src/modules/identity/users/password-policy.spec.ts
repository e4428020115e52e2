import { passwordWeakness } from './password-policy';

describe('passwordWeakness', () => {
  it('accepts a long password with letters and digits', () => {
    expect(passwordWeakness('Hallon-2084-Avesta')).toBeNull();
  });

  it.each([
    ['short1', 'at least 10 characters'],
    ['onlyletterslong', 'letters and digits'],
    ['12345678901', 'letters and digits'],
  ])('rejects %s', (password, reason) => {
    expect(passwordWeakness(password)).toContain(reason);
  });

  it('rejects a password built from the e-mail address', () => {
    expect(passwordWeakness('anna.berg2084', 'anna.berg@avesta.se')).toContain('e-mail');
  });
});
