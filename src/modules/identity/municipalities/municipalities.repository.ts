import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Municipality } from './municipality.entity';

/** Queries of the municipality (tenant) table. */
@Injectable()
export class MunicipalitiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<Municipality | null> {
    return manager.findOneBy(Municipality, { id });
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
