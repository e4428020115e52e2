/**
 * The one way error details name a field: `title`, `targets[0].expectedPoints`, and `[2].achievedPoints`
 * for an item of a body that is a list.
 */
export function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number' || /^\d+$/.test(key)) return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}
