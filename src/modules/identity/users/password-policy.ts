export const MIN_PASSWORD_LENGTH = 10;

/** Why a password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.length > 200) return 'must be at most 200 characters long';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'must contain both letters and digits';
  const localPart = email?.split('@')[0]?.toLowerCase();
  if (localPart && localPart.length >= 4 && password.toLowerCase().includes(localPart)) {
    return 'must not contain the e-mail address';
  }
  return null;
}
