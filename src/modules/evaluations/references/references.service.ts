import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { ValidationFailedError } from '../../../common/errors/domain-error';
import { createdFields, deletedFields } from '../../audit/audit-changes';
import { AuditService } from '../../audit/audit.service';
import { loadMunicipalityList } from '../../identity/data/municipality-list';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { FrameworksService } from '../frameworks/frameworks.service';
import { CreateReferenceDto } from './reference.dto';
import { toReferenceView } from './reference-view';
import type { ReferenceView } from './reference-view';
import { Reference } from './reference.entity';
import { ReferencesRepository } from './references.repository';
import { referenceNotFound } from '../evaluations.errors';

const AUDITED_FIELDS: (keyof Reference)[] = ['areaNumber', 'referencedCode', 'referencedName', 'sentence'];

/** Other municipalities named as good examples; filled by the import, edited by managers. */
@Injectable()
export class ReferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ReferencesRepository,
    private readonly evaluations: EvaluationsService,
    private readonly frameworks: FrameworksService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, evaluationId: string, input: CreateReferenceDto): Promise<ReferenceView> {
    const listed = loadMunicipalityList().find((entry) => entry.code === input.municipalityCode);
    if (!listed) throw new ValidationFailedError([{ field: 'municipalityCode', message: `municipalityCode ${input.municipalityCode} is not a Swedish municipality` }]);
    return this.dataSource.transaction(async (manager) => {
      const evaluation = await this.evaluations.lock(manager, actor, evaluationId);
      const framework = await this.frameworks.byId(evaluation.frameworkId);
      if (!framework.areas.some((area) => area.number === input.areaNumber)) {
        throw new ValidationFailedError([{ field: 'areaNumber', message: `areaNumber must be one of the ${framework.areas.length} areas of ${framework.name}` }]);
      }
      const last = await this.repository.lastPosition(manager, evaluationId, input.areaNumber);
      const reference = await this.repository.save(
        manager,
        manager.create(Reference, {
          municipalityId: actor.municipalityId,
          evaluationId,
          areaNumber: input.areaNumber,
          referencedCode: listed.code,
          referencedName: listed.name,
          sentence: input.sentence,
          position: last + 1,
        }),
      );
      await this.audit.record(manager, actor, { entityType: 'reference', entityId: reference.id, action: 'create', changes: createdFields(reference, AUDITED_FIELDS) });
      return toReferenceView(reference);
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const reference = await this.repository.byId(manager, actor.municipalityId, id);
      if (!reference) throw referenceNotFound();
      await this.repository.delete(manager, id);
      await this.audit.record(manager, actor, { entityType: 'reference', entityId: id, action: 'delete', changes: deletedFields(reference, AUDITED_FIELDS) });
    });
  }
}
