import { assignmentsSql } from './assignments-sql';
import { Column, CreateDateColumn, EntityManager, EntityMetadata, EntityTarget, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * `queued` waits for a worker; `sending` is claimed by one until `leaseUntil` (a worker that dies
 * in the middle gives it up when the lease ends); `sent`, `skipped` and `failed` are final.
 */
export const SEND_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

/**
 * The columns of an e-mail recorded before a queue worker sends it (a digest delivery, a
 * notification): which municipality's, where its sending stands, and the lease of the worker that
 * holds it. Each entity that extends it is a table of its own with these columns.
 */
export abstract class LeasedSend {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  municipalityId: string;

  @Column('varchar', { length: 16, default: 'queued' })
  status: SendStatus;

  @Column('smallint', { default: 0 })
  attempts: number;

  /** While `sending`: until when the worker that claimed it holds it. */
  @Column('timestamptz', { nullable: true })
  leaseUntil: Date | null;

  /** The SMTP error of the latest failed attempt, or why it was skipped; cleared when a later attempt sends. */
  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('varchar', { length: 255, nullable: true })
  messageId: string | null;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * Takes a record for a worker in one statement: a queued one, or one whose previous holder's lease
 * has ended, with a lease on the database's clock (every worker shares it) in whole milliseconds,
 * so `finishSending` can match it. Returns the record as claimed (the same statement reads it
 * back), or null when another worker holds it or it is done.
 */
export async function claimForSending<T extends LeasedSend>(manager: EntityManager, target: EntityTarget<T>, id: string, leaseSeconds: number): Promise<T | null> {
  const metadata = manager.connection.getMetadata(target);
  const [rows] = await manager.query<[T[], number]>(
    `UPDATE "${metadata.tableName}" SET "status" = 'sending', "lease_until" = date_trunc('milliseconds', now() + make_interval(secs => $2::float8)), "updated_at" = CURRENT_TIMESTAMP ` +
      `WHERE "id" = $1 AND ("status" = 'queued' OR ("status" = 'sending' AND "lease_until" < now())) RETURNING ${columnsOf(metadata)}`,
    [id, Number(leaseSeconds)],
  );
  return rows[0] ?? null;
}

/** Ends a worker's hold, if it still has it (its lease may have ended and passed on). */
export async function finishSending<T extends LeasedSend>(manager: EntityManager, target: EntityTarget<T>, record: Pick<T, 'id' | 'leaseUntil'>, changes: Partial<T>): Promise<void> {
  const metadata = manager.connection.getMetadata(target);
  const params: unknown[] = [record.id, record.leaseUntil];
  const assignments = assignmentsSql(metadata, { ...changes, leaseUntil: null }, params);
  await manager.query(
    `UPDATE "${metadata.tableName}" SET ${assignments.join(', ')}, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $1 AND "status" = 'sending' AND "lease_until" = $2`,
    params,
  );
}

/** A record by id, written out rather than built by TypeORM (a worker reads one for every job). */
export async function findLeasedSend<T extends LeasedSend>(manager: EntityManager, target: EntityTarget<T>, id: string): Promise<T | null> {
  const metadata = manager.connection.getMetadata(target);
  const [row] = await manager.query<T[]>(`SELECT ${columnsOf(metadata)} FROM "${metadata.tableName}" WHERE "id" = $1`, [id]);
  return row ?? null;
}

/** A table's columns under the entity's property names, so a row reads as the entity. */
function columnsOf(metadata: EntityMetadata): string {
  return metadata.columns.map((column) => `"${column.databaseName}" AS "${column.propertyName}"`).join(', ');
}
