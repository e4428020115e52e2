import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityNotFoundError } from 'typeorm';
import type { Role } from '../../../common/auth/actor';
import { normaliseEmail } from './email-address';
import { User } from './user.entity';
import type { DigestRecipient } from './user-view';

/** What a session is checked against on every request. */
export type SessionRow = Pick<User, 'id' | 'municipalityId' | 'role' | 'active' | 'credentialsVersion'>;
/** What a browser session is checked against on every page request, with what every page shows of the municipality. */
export type SessionUserRow = SessionRow & Pick<User, 'name' | 'email' | 'locale'> & { municipalityName: string; municipalityTimezone: string };

/** People named in answers (owners, authors): their names only, any of them active or not. */
const USER_NAMES_SQL = `SELECT "id", "name" FROM "app_user" WHERE "municipality_id" = $1 AND "id" = ANY($2::uuid[])`;
/** The user behind a session, read on every request (a deactivation or a new password counts at once). */
const SESSION_ROW_SQL = `SELECT "id", "municipality_id" AS "municipalityId", "role", "active", "credentials_version" AS "credentialsVersion" FROM "app_user" WHERE "id" = $1`;
/** A user's credentials version: every owner digest with check-in links signs them with it. */
const CREDENTIALS_SQL = `SELECT "id", "municipality_id" AS "municipalityId", "credentials_version" AS "credentialsVersion" FROM "app_user" WHERE "id" = $1 AND "municipality_id" = $2`;
/** The person behind a browser session, with their municipality's name and time zone, read on every page request. */
const SESSION_USER_SQL = `SELECT "u"."id", "u"."municipality_id" AS "municipalityId", "u"."role", "u"."active", "u"."credentials_version" AS "credentialsVersion", "u"."name", "u"."email", "u"."locale", "m"."name" AS "municipalityName", "m"."timezone" AS "municipalityTimezone" FROM "app_user" "u" JOIN "municipality" "m" ON "m"."id" = "u"."municipality_id" WHERE "u"."id" = $1 AND "u"."municipality_id" = $2`;
/** A digest's recipient (`DigestRecipient`): a worker reads one for every delivery. */
const DIGEST_RECIPIENT_SQL = `SELECT "id", "name", "email", "locale", "active", "leadership_digest" AS "leadershipDigest", "owner_digest" AS "ownerDigest", "credentials_version" AS "credentialsVersion" FROM "app_user" WHERE "id" = $1 AND "municipality_id" = $2`;

/** Queries of the user table; every read of a municipality's users takes the municipality. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  page(municipalityId: string, filters: { role?: Role; active?: boolean }, page: { limit: number; offset: number }): Promise<[User[], number]> {
    const builder = this.dataSource.getRepository(User).createQueryBuilder('user').where('user.municipalityId = :municipalityId', { municipalityId });
    if (filters.role) builder.andWhere('user.role = :role', { role: filters.role });
    if (filters.active !== undefined) builder.andWhere('user.active = :active', { active: filters.active });
    return builder.orderBy('lower(user.name)', 'ASC').addOrderBy('user.id', 'ASC').take(page.limit).skip(page.offset).getManyAndCount();
  }

  /**
   * Names of the municipality's users among `ids`: most requests name people (owners, authors),
   * so this is one fixed statement rather than a query built and entities made for each.
   */
  async namesOf(municipalityId: string, ids: string[], manager: EntityManager = this.dataSource.manager): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) return [];
    return manager.query<{ id: string; name: string }[]>(USER_NAMES_SQL, [municipalityId, ids]);
  }

  /** The municipality's users among `ids`; only the active ones with `activeOnly`. */
  ofMunicipality(municipalityId: string, ids: string[], options: { activeOnly?: boolean; manager?: EntityManager } = {}): Promise<User[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const builder = (options.manager ?? this.dataSource.manager)
      .createQueryBuilder(User, 'user')
      .where('user.municipalityId = :municipalityId AND user.id IN (:...ids)', { municipalityId, ids });
    if (options.activeOnly) builder.andWhere('user.active');
    return builder.getMany();
  }

  /** Active users of the municipality with the digests each has chosen. */
  digestSubscribers(municipalityId: string): Promise<{ id: string; leadershipDigest: boolean; ownerDigest: boolean }[]> {
    return this.dataSource.getRepository(User).find({
      select: { id: true, leadershipDigest: true, ownerDigest: true },
      where: { municipalityId, active: true },
      order: { id: 'ASC' },
    });
  }

  /** The user, locked for the rest of the transaction. */
  lock(manager: EntityManager, municipalityId: string, id: string): Promise<User | null> {
    return manager.findOne(User, { where: { id, municipalityId }, lock: { mode: 'pessimistic_write' } });
  }

  passwordHashOf(userId: string): Promise<string> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .select('user.id')
      .addSelect('user.passwordHash')
      .where('user.id = :userId', { userId })
      .getOneOrFail()
      .then((user) => user.passwordHash);
  }

  emailTaken(manager: EntityManager, email: string): Promise<boolean> {
    return manager.createQueryBuilder(User, 'user').where('user.email = :email', { email: normaliseEmail(email) }).getExists();
  }

  byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.findOneBy(User, { id });
  }

  byIdOrFail(id: string, manager: EntityManager = this.dataSource.manager): Promise<User> {
    return manager.findOneByOrFail(User, { id });
  }

  /** The user with this (already normalised) address, if any. */
  byEmail(normalisedEmail: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ email: normalisedEmail });
  }

  /** The user with this (already normalised) address, with the password hash and credentials version a login checks. */
  withCredentialsByEmail(normalisedEmail: string): Promise<User | null> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect(['user.passwordHash', 'user.credentialsVersion'])
      .where('user.email = :email', { email: normalisedEmail })
      .getOne();
  }

  /** Notes a login without counting it as a change of the user's record: `updatedAt` stays as it was. */
  async recordLogin(id: string, at: Date): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(User)
      .set({ lastLoginAt: at, updatedAt: () => '"updated_at"' })
      .where('id = :id', { id })
      .execute();
  }

  /** One fixed statement, without building a query each time: it runs on every request. */
  sessionRow(userId: string): Promise<SessionRow[]> {
    return this.dataSource.query<SessionRow[]>(SESSION_ROW_SQL, [userId]);
  }

  /**
   * The person behind a browser session if they are still the municipality's: one fixed statement,
   * without building a query each time, since it runs on every page request.
   */
  async sessionUser(userId: string, municipalityId: string): Promise<SessionUserRow | null> {
    const [row] = await this.dataSource.query<SessionUserRow[]>(SESSION_USER_SQL, [userId, municipalityId]);
    return row ?? null;
  }

  /** The credentials a session of the user rests on now (a fixed statement: every owner digest reads it). */
  async credentialsOf(municipalityId: string, userId: string): Promise<Pick<User, 'id' | 'municipalityId' | 'credentialsVersion'>> {
    const [row] = await this.dataSource.query<Pick<User, 'id' | 'municipalityId' | 'credentialsVersion'>[]>(CREDENTIALS_SQL, [userId, municipalityId]);
    if (!row) throw new EntityNotFoundError(User, { id: userId, municipalityId });
    return row;
  }

  async digestRecipient(municipalityId: string, userId: string): Promise<DigestRecipient | null> {
    const [row] = await this.dataSource.query<DigestRecipient[]>(DIGEST_RECIPIENT_SQL, [userId, municipalityId]);
    return row ?? null;
  }

  save(manager: EntityManager, user: User): Promise<User> {
    return manager.save(user);
  }

  setPasswordHash(manager: EntityManager, municipalityId: string, id: string, passwordHash: string): Promise<unknown> {
    return manager.update(User, { id, municipalityId }, { passwordHash });
  }

  /** Ends every earlier token and session of the user. */
  advanceCredentialsVersion(manager: EntityManager, id: string): Promise<unknown> {
    return manager.increment(User, { id }, 'credentialsVersion', 1);
  }

  /**
   * Ends every earlier token and session of the user if their credentials version is still
   * `expected`; false, changing nothing, when it has moved on (the row lock makes a concurrent
   * change wait, then see the new version).
   */
  async advanceCredentialsVersionFrom(manager: EntityManager, id: string, expected: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(User)
      .set({ credentialsVersion: () => '"credentials_version" + 1' })
      .where('id = :id AND "credentials_version" = :expected', { id, expected })
      .execute();
    return result.affected === 1;
  }
}
