import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Reference } from './reference.entity';

/** A reference as written. */
export type ReferenceRow = Pick<Reference, 'municipalityId' | 'evaluationId' | 'areaNumber' | 'referencedCode' | 'referencedName' | 'sentence' | 'position'>;

/** Queries of the reference table. */
@Injectable()
export class ReferencesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byId(manager: EntityManager, municipalityId: string, id: string): Promise<Reference | null> {
    return manager.findOneBy(Reference, { id, municipalityId });
  }

  /** One evaluation's references, by area and position. */
  ofEvaluation(evaluationId: string, manager: EntityManager = this.dataSource.manager): Promise<Reference[]> {
    return manager.find(Reference, { where: { evaluationId }, order: { areaNumber: 'ASC', position: 'ASC' } });
  }

  /** The highest position among the area's references in the evaluation, 0 when it has none. */
  async lastPosition(manager: EntityManager, evaluationId: string, areaNumber: number): Promise<number> {
    const { last } = (await manager
      .createQueryBuilder(Reference, 'reference')
      .select('coalesce(max(reference.position), 0)', 'last')
      .where('reference.evaluationId = :evaluationId AND reference.areaNumber = :areaNumber', { evaluationId, areaNumber })
      .getRawOne<{ last: string }>())!;
    return Number(last);
  }

  save(manager: EntityManager, reference: Reference): Promise<Reference> {
    return manager.save(reference);
  }

  async insert(manager: EntityManager, rows: ReferenceRow[]): Promise<void> {
    await manager.insert(Reference, rows);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(Reference, { id });
  }
}
