import { createHash } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';

/**
 * Statements one connection keeps prepared. Beyond it a new statement runs unnamed, planned each
 * time as before: the app's hot statements are a few dozen, and a connection lives long.
 */
export const NAMED_STATEMENTS_PER_CONNECTION = 300;

const namesByText = new Map<string, string>();

/** The statement's name: a hash of its text, so the same text gets the same name on every connection. */
function statementName(text: string): string {
  let name = namesByText.get(text);
  if (name === undefined) {
    name = `hp_${createHash('sha1').update(text).digest('base64url')}`;
    // Texts with IN lists of every length can be many; the cache only spares rehashing.
    if (namesByText.size >= 10_000) namesByText.clear();
    namesByText.set(text, name);
  }
  return name;
}

/**
 * A `pg` client that sends each statement with parameters as a named prepared statement: Postgres
 * parses it once per connection and, after a few executions, keeps its plan, instead of parsing
 * and planning every execution (in `bench:digests` planning was over a quarter of Postgres's CPU).
 * TypeORM's pool makes its clients with this class (`extra.Client`).
 */
export class NamedStatementClient extends Client {
  private readonly prepared = new Set<string>();

  constructor(config?: string | ClientConfig) {
    super(config);
    // pg's query has a dozen overloads; the statement is renamed in its arguments, whatever the form.
    const send = super.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => send(...this.named(args))) as Client['query'];
  }

  private named(args: unknown[]): unknown[] {
    const [text, values] = args;
    // Without parameters a statement is transaction control, DDL or a one-off: nothing to keep.
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return args;
    const name = statementName(text);
    if (!this.prepared.has(name)) {
      if (this.prepared.size >= NAMED_STATEMENTS_PER_CONNECTION) return args;
      this.prepared.add(name);
    }
    return [{ name, text }, ...args.slice(1)];
  }
}
