import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { ValidationFailedError } from '../../../common/errors/domain-error';
import { definedFields } from '../../../common/http/defined-fields';
import { isForeignKeyViolation } from '../../../database/postgres-errors';
import { changedFields, createdFields, deletedFields } from '../../audit/audit-changes';
import { AuditService } from '../../audit/audit.service';
import { Evaluation } from '../evaluations/evaluation.entity';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { FrameworksService, LoadedFramework } from '../frameworks/frameworks.service';
import { CreateFindingDto, UpdateFindingDto } from './finding.dto';
import { ACTIONABLE_FINDING_KINDS, Finding } from './finding.entity';
import type { FindingKind } from './finding.entity';
import { Clock } from '../../../common/clock';
import { findingHasActionPlans, findingNotDismissable, findingNotFound } from '../evaluations.errors';

const AUDITED_FIELDS: (keyof Finding)[] = ['areaNumber', 'kind', 'text', 'position', 'questionCode', 'dismissedReason'];

@Injectable()
export class FindingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evaluations: EvaluationsService,
    private readonly frameworks: FrameworksService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The caller's finding, or 404 (also for another municipality's). */
  async find(actor: Pick<Actor, 'municipalityId'>, id: string, manager: EntityManager = this.dataSource.manager): Promise<Finding> {
    const finding = await manager.findOneBy(Finding, { id, municipalityId: actor.municipalityId });
    if (!finding) throw findingNotFound();
    return finding;
  }

  /** The caller's findings among `ids`, each with its evaluation's framework (for linking work to them). */
  findMany(actor: Pick<Actor, 'municipalityId'>, ids: string[], manager: EntityManager = this.dataSource.manager): Promise<(Finding & { frameworkId: string })[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager
      .createQueryBuilder(Finding, 'finding')
      .innerJoin(Evaluation, 'evaluation', 'evaluation.id = finding.evaluationId')
      .addSelect('evaluation.frameworkId', 'framework_id')
      .where('finding.municipalityId = :municipalityId AND finding.id IN (:...ids)', { municipalityId: actor.municipalityId, ids })
      .getRawAndEntities()
      .then(({ entities, raw }) =>
        entities.map((finding) => ({
          ...finding,
          frameworkId: (raw as { finding_id: string; framework_id: string }[]).find((row) => row.finding_id === finding.id)!.framework_id,
        })),
      );
  }

  /**
   * One evaluation's findings in report order (area, then strengths, improvement opportunities,
   * weaknesses, each by position), optionally of one area and kind; 404 for an unknown evaluation.
   */
  async ofEvaluation(actor: Pick<Actor, 'municipalityId'>, evaluationId: string, filters: { areaNumber?: number; kind?: FindingKind }): Promise<Finding[]> {
    await this.evaluations.find(actor, evaluationId);
    const builder = this.dataSource
      .getRepository(Finding)
      .createQueryBuilder('finding')
      .where('finding.municipalityId = :municipalityId AND finding.evaluationId = :evaluationId', { municipalityId: actor.municipalityId, evaluationId });
    if (filters.areaNumber !== undefined) builder.andWhere('finding.areaNumber = :areaNumber', { areaNumber: filters.areaNumber });
    if (filters.kind) builder.andWhere('finding.kind = :kind', { kind: filters.kind });
    return builder
      .orderBy('"finding"."area_number"', 'ASC')
      .addOrderBy(`CASE "finding"."kind" WHEN 'strength' THEN 1 WHEN 'improvement' THEN 2 ELSE 3 END`, 'ASC')
      .addOrderBy('"finding"."position"', 'ASC')
      .getMany();
  }

  async create(actor: Actor, evaluationId: string, input: CreateFindingDto): Promise<Finding> {
    return this.dataSource.transaction(async (manager) => {
      const evaluation = await this.evaluations.lock(manager, actor, evaluationId);
      const framework = await this.frameworks.byId(evaluation.frameworkId);
      assertPlacement(framework, input.areaNumber, input.questionCode ?? null);
      const { last } = (await manager
        .createQueryBuilder(Finding, 'finding')
        .select('coalesce(max(finding.position), 0)', 'last')
        .where('finding.evaluationId = :evaluationId AND finding.areaNumber = :areaNumber AND finding.kind = :kind', {
          evaluationId,
          areaNumber: input.areaNumber,
          kind: input.kind,
        })
        .getRawOne<{ last: string }>())!;
      const finding = await manager.save(
        manager.create(Finding, {
          municipalityId: actor.municipalityId,
          evaluationId,
          areaNumber: input.areaNumber,
          kind: input.kind,
          text: input.text,
          questionCode: input.questionCode ?? null,
          position: Number(last) + 1,
        }),
      );
      await this.audit.record(manager, actor, {
        entityType: 'finding',
        entityId: finding.id,
        action: 'create',
        changes: createdFields(finding, AUDITED_FIELDS),
      });
      return finding;
    });
  }

  async update(actor: Actor, id: string, input: UpdateFindingDto): Promise<Finding> {
    const changes = definedFields(input);
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lockWithSiblings(manager, actor, id);
      if (changes.questionCode !== undefined) {
        const evaluation = await this.evaluations.find(actor, before.evaluationId, manager);
        assertPlacement(await this.frameworks.byId(evaluation.frameworkId), before.areaNumber, changes.questionCode);
      }
      const after = manager.create(Finding, { ...before, ...changes });
      if (changes.position !== undefined && changes.position !== before.position) {
        after.position = await this.move(manager, before, changes.position);
      }
      await manager.save(after);
      await this.audit.record(manager, actor, {
        entityType: 'finding',
        entityId: id,
        action: 'update',
        changes: changedFields(before, after, AUDITED_FIELDS),
      });
      return after;
    });
  }

  /** Refused while action plans link to it; the findings after it move up one place. */
  async delete(actor: Actor, id: string): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        const finding = await this.lockWithSiblings(manager, actor, id);
        await manager.delete(Finding, { id });
        await manager
          .createQueryBuilder()
          .update(Finding)
          .set({ position: () => 'position - 1' })
          .where('evaluationId = :evaluationId AND areaNumber = :areaNumber AND kind = :kind AND position > :position', finding)
          .execute();
        await this.audit.record(manager, actor, {
          entityType: 'finding',
          entityId: id,
          action: 'delete',
          changes: deletedFields(finding, AUDITED_FIELDS),
        });
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw findingHasActionPlans();
      }
      throw error;
    }
  }

  /** A manager decides to take no action: the finding then counts as handled, not covered. */
  async dismiss(actor: Actor, id: string, reason: string): Promise<Finding> {
    return this.setDismissal(actor, id, { dismissedReason: reason, dismissedById: actor.userId, dismissedAt: this.clock.now() });
  }

  async undismiss(actor: Actor, id: string): Promise<Finding> {
    return this.setDismissal(actor, id, { dismissedReason: null, dismissedById: null, dismissedAt: null });
  }

  private async setDismissal(actor: Actor, id: string, dismissal: Pick<Finding, 'dismissedReason' | 'dismissedById' | 'dismissedAt'>): Promise<Finding> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lockWithSiblings(manager, actor, id);
      if (!ACTIONABLE_FINDING_KINDS.includes(before.kind)) {
        throw findingNotDismissable();
      }
      const after = manager.create(Finding, { ...before, ...dismissal });
      await manager.save(after);
      await this.audit.record(manager, actor, {
        entityType: 'finding',
        entityId: id,
        action: 'update',
        changes: changedFields(before, after, ['dismissedReason', 'dismissedById']),
      });
      return after;
    });
  }

  /** Locks the evaluation first, so concurrent edits of one evaluation's findings queue up. */
  private async lockWithSiblings(manager: EntityManager, actor: Actor, id: string): Promise<Finding> {
    const finding = await this.find(actor, id, manager);
    await this.evaluations.lock(manager, actor, finding.evaluationId);
    return this.find(actor, id, manager);
  }

  /** Moves a finding to `target` (clamped to the list) and shifts the ones in between. */
  private async move(manager: EntityManager, finding: Finding, target: number): Promise<number> {
    const { count } = (await manager
      .createQueryBuilder(Finding, 'finding')
      .select('count(*)', 'count')
      .where('finding.evaluationId = :evaluationId AND finding.areaNumber = :areaNumber AND finding.kind = :kind', finding)
      .getRawOne<{ count: string }>())!;
    const position = Math.min(target, Number(count));
    if (position === finding.position) return position;
    const [from, to, shift] =
      position < finding.position ? [position, finding.position - 1, '+ 1'] : [finding.position + 1, position, '- 1'];
    await manager
      .createQueryBuilder()
      .update(Finding)
      .set({ position: () => `position ${shift}` })
      .where('evaluationId = :evaluationId AND areaNumber = :areaNumber AND kind = :kind AND position BETWEEN :from AND :to', {
        ...finding,
        from,
        to,
      })
      .execute();
    return position;
  }
}

/** The area must exist in the framework, and a sub-question must belong to that area. */
function assertPlacement(framework: LoadedFramework, areaNumber: number, questionCode: string | null): void {
  if (!framework.areas.some((area) => area.number === areaNumber)) {
    throw new ValidationFailedError([{ field: 'areaNumber', message: `areaNumber must be one of the ${framework.areas.length} areas of ${framework.name}` }]);
  }
  if (questionCode === null) return;
  const question = framework.questionsByCode.get(questionCode);
  if (!question || question.areaNumber !== areaNumber) {
    throw new ValidationFailedError([{ field: 'questionCode', message: `questionCode ${questionCode} is not a sub-question of area ${areaNumber}` }]);
  }
}
