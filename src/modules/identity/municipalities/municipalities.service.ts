import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { ValidationFailedError } from '../../../common/errors/domain-error';
import { definedFields } from '../../../common/http/defined-fields';
import { changedFields, createdFields } from '../../audit/audit-changes';
import { AuditService } from '../../audit/audit.service';
import { loadMunicipalityList } from '../data/municipality-list';
import { municipalityDisplayName } from './municipality-name';
import { UpdateMunicipalityDto } from './municipality.dto';
import { Municipality } from './municipality.entity';
import { MunicipalitiesRepository } from './municipalities.repository';
import { toMunicipalityView } from './municipality-view';
import type { MunicipalityView } from './municipality-view';
import { municipalityExists, municipalityNotFound, unknownMunicipalityCode } from '../identity.errors';

const SETTINGS: (keyof UpdateMunicipalityDto & keyof Municipality)[] = [
  'timezone',
  'locale',
  'digestWeekday',
  'digestHour',
  'staleAfterDays',
  'dueSoonDays',
  'nextEvaluationDate',
];

@Injectable()
export class MunicipalitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: MunicipalitiesRepository,
    private readonly audit: AuditService,
  ) {}

  get(actor: Actor): Promise<MunicipalityView> {
    return this.byId(actor.municipalityId);
  }

  async byId(id: string, manager?: EntityManager): Promise<MunicipalityView> {
    const municipality = await this.repository.byId(id, manager);
    if (!municipality) throw municipalityNotFound();
    return toMunicipalityView(municipality);
  }

  /** Every tenant (the digest scheduler's hourly round). */
  async all(): Promise<MunicipalityView[]> {
    return (await this.repository.all()).map(toMunicipalityView);
  }

  async findByCode(code: string): Promise<MunicipalityView | null> {
    const municipality = await this.repository.byCode(code);
    return municipality && toMunicipalityView(municipality);
  }

  async update(actor: Actor, changes: UpdateMunicipalityDto): Promise<MunicipalityView> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.repository.lock(manager, actor.municipalityId);
      if (!before) throw municipalityNotFound();
      // A zone Node knows and Postgres does not would fail every dated query of the municipality.
      if (changes.timezone !== undefined && changes.timezone !== before.timezone && !(await this.repository.isKnownTimeZone(manager, changes.timezone))) {
        throw new ValidationFailedError([{ field: 'timezone', message: `timezone ${changes.timezone} is not a time zone the database knows; use an IANA name such as Europe/Stockholm` }]);
      }
      const after = manager.create(Municipality, { ...before, ...definedFields(changes) });
      await this.repository.save(manager, after);
      await this.audit.record(manager, actor, {
        entityType: 'municipality',
        entityId: before.id,
        action: 'update',
        changes: changedFields(before, after, SETTINGS),
      });
      return toMunicipalityView((await this.repository.byId(before.id, manager))!);
    });
  }

  /** Creates a tenant from SCB's list, which gives its name (a command-line task). */
  async createFromCode(code: string): Promise<MunicipalityView> {
    const listed = loadMunicipalityList().find((entry) => entry.code === code);
    if (!listed) {
      throw unknownMunicipalityCode(code);
    }
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.repository.byCode(code, manager);
      if (existing) throw municipalityExists(existing.name, code);
      const municipality = await this.repository.save(manager, manager.create(Municipality, { code, name: municipalityDisplayName(listed) }));
      await this.audit.record(
        manager,
        { municipalityId: municipality.id, userId: null },
        {
          entityType: 'municipality',
          entityId: municipality.id,
          action: 'create',
          changes: createdFields(municipality, ['code', 'name', ...SETTINGS]),
        },
      );
      return toMunicipalityView(municipality);
    });
  }
}
