import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function reportFixture(name = 'avesta-2014.txt'): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'reports', name), 'utf8');
}

/** A report view without what differs between two saves of the same report (ids, times). */
export function withoutIdentity(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIdentity);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !['id', 'createdAt', 'updatedAt', 'publishedAt', 'line'].includes(key))
        .map(([key, inner]) => [key, withoutIdentity(inner)]),
    );
  }
  return value;
}
