import { Writable } from 'node:stream';

/**
 * Counts the SQL statements each request ran, by its request id: give `env` and `logStream` to
 * `createTestApp`, send the request with `X-Request-Id`, and read `of(id)`. The app logs each
 * statement with the id of the request that ran it (`DATABASE_LOG_QUERIES=on`), so statements of
 * background work running at the same moment (schedulers) are not counted with the request's.
 */
export class StatementCounter {
  readonly env = { DATABASE_LOG_QUERIES: 'on', LOG_LEVEL: 'info' };
  private readonly counts = new Map<string, number>();
  private sequence = 0;

  readonly logStream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { msg?: string; req?: { id?: string } };
        if (entry.msg === 'query' && entry.req?.id) this.counts.set(entry.req.id, (this.counts.get(entry.req.id) ?? 0) + 1);
      }
      done();
    },
  });

  /** A request id not used before in this test file. */
  nextId(label: string): string {
    return `${label.replace(/[^\w-]/g, '-')}-${++this.sequence}`;
  }

  /** The statements the request with this id ran; it must have run at least one. */
  of(requestId: string): number {
    const count = this.counts.get(requestId) ?? 0;
    if (count === 0) throw new Error(`No statement was logged for request ${requestId}: was X-Request-Id set and DATABASE_LOG_QUERIES on?`);
    return count;
  }
}
