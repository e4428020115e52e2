import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Municipality } from './municipality.entity';

/**
 * A municipality by id, read by nearly every request (its calendar dates the plans' states): one
 * fixed statement rather than a query built and an entity made for each. A date column is read
 * as its YYYY-MM-DD text, as the entity holds it.
 */
const MUNICIPALITY_BY_ID_SQL = `SELECT "id", "code", "name", "timezone", "locale", "digest_weekday" AS "digestWeekday", "digest_hour" AS "digestHour", "stale_after_days" AS "staleAfterDays", "due_soon_days" AS "dueSoonDays", to_char("next_evaluation_date", 'YYYY-MM-DD') AS "nextEvaluationDate", "created_at" AS "createdAt", "updated_at" AS "updatedAt" FROM "municipality" WHERE "id" = $1`;

/** Queries of the municipality (tenant) table. */
@Injectable()
export class MunicipalitiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether Postgres knows the time zone by this name (its own list, which the SQL of plans' dates uses). */
  async isKnownTimeZone(manager: EntityManager, name: string): Promise<boolean> {
    const [row] = await manager.query<{ known: boolean }[]>('SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE "name" = $1) AS "known"', [name]);
    return row.known;
  }

  async byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<Municipality | null> {
    const [row] = await manager.query<Municipality[]>(MUNICIPALITY_BY_ID_SQL, [id]);
    return row ?? null;
  }

  byIdOrFail(id: string): Promise<Municipality> {
    return this.dataSource.getRepository(Municipality).findOneByOrFail({ id });
  }

  byCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<Municipality | null> {
    return manager.findOneBy(Municipality, { code });
  }

  /** Every tenant, by code. */
  all(): Promise<Municipality[]> {
    return this.dataSource.getRepository(Municipality).find({ order: { code: 'ASC' } });
  }

  /** The municipality, locked for the rest of the transaction. */
  lock(manager: EntityManager, id: string): Promise<Municipality | null> {
    return manager.findOne(Municipality, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, municipality: Municipality): Promise<Municipality> {
    return manager.save(municipality);
  }
}
