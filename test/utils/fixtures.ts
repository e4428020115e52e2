import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type TestAgent from 'supertest/lib/agent';

export function reportFixture(name = 'avesta-2014.txt'): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'reports', name), 'utf8');
}

/** A report view without what differs between two saves of the same report (ids, the evaluation's id in each finding and reference, times). */
export function withoutIdentity(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIdentity);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !['id', 'evaluationId', 'createdAt', 'updatedAt', 'publishedAt', 'line'].includes(key))
        .map(([key, inner]) => [key, withoutIdentity(inner)]),
    );
  }
  return value;
}

export interface ImportedFinding {
  id: string;
  areaNumber: number;
  kind: 'strength' | 'improvement' | 'weakness';
  text: string;
}

/** Imports the Avesta report as `user` (a manager of 2084) and returns its findings by kind. */
export async function importAvesta(
  http: TestAgent,
  token: string,
): Promise<{ evaluationId: string; findings: ImportedFinding[] }> {
  const response = await http
    .post('/api/evaluations/import')
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'text/plain')
    .send(reportFixture());
  if (response.status !== 201) throw new Error(`Import failed: ${response.status} ${JSON.stringify(response.body)}`);
  const evaluation = response.body.evaluation as { id: string; areas: { findings: Record<string, ImportedFinding[]> }[] };
  return { evaluationId: evaluation.id, findings: evaluation.areas.flatMap((area) => Object.values(area.findings).flat()) };
}

export function reportFixtureBytes(name: string): Buffer {
  return readFileSync(join(__dirname, '..', 'fixtures', 'reports', name));
}
