import type { EntityManager } from 'typeorm';

/**
 * Independent reads: at once on the pool's connections, or one after another inside a
 * transaction. A transaction has one connection, which answers one statement at a time anyway,
 * and `pg` deprecates sending it a second while one runs (pg 9 refuses it).
 */
export async function readsOn<T extends readonly unknown[]>(
  manager: EntityManager | undefined,
  ...reads: { [K in keyof T]: () => Promise<T[K]> }
): Promise<T> {
  if (!manager?.queryRunner) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}
