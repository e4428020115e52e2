/**
 * The fields a request actually sent. Transformed DTOs carry absent optional fields as
 * `undefined` keys, which must neither overwrite stored values nor count as "changed".
 */
export function definedFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
