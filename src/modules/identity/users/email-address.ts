/**
 * The one form of an e-mail address that the service stores, looks users up by and counts login
 * attempts by: Unicode NFKC (full-width and compatibility letters become their plain forms), then
 * JavaScript's locale-independent lower-casing, then NFKC again (lower-casing may leave a sequence
 * that NFKC composes), with surrounding space removed (NFKC can turn a letter into a space and marks). Postgres only ever compares the stored result exactly,
 * so no database collation or `lower()` takes part and the two can never disagree.
 */
export function normaliseEmail(address: string): string {
  return address.normalize('NFKC').toLowerCase().normalize('NFKC').trim();
}
