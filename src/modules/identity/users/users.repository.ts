import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../../../common/auth/actor';
import { normaliseEmail } from './email-address';
import { User } from './user.entity';

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
}
