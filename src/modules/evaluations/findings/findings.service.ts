import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { ValidationFailedError } from '../../../common/errors/domain-error';
import { withRule } from '../../../common/errors/failed-rule';
import { definedFields } from '../../../common/http/defined-fields';
import { isForeignKeyViolation } from '../../../database/postgres-errors';
import { changedFields, createdFields, deletedFields } from '../../audit/audit-changes';
import { AuditService } from '../../audit/audit.service';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { FrameworksService, LoadedFramework } from '../frameworks/frameworks.service';
import { CreateFindingDto, UpdateFindingDto } from './finding.dto';
import { FindingView, toFindingView } from './finding-view';
import { FindingsRepository } from './findings.repository';
import { ACTIONABLE_FINDING_KINDS, Finding } from './finding.entity';
import type { FindingKind } from './finding.entity';
import { Clock } from '../../../common/clock';
import { findingHasActionPlans, findingNotDismissable, findingNotFound } from '../evaluations.errors';

/** Above any position a finding can have (the column is a smallint). */
const MAX_POSITION = 32_767;

const AUDITED_FIELDS: (keyof Finding)[] = ['areaNumber', 'kind', 'text', 'position', 'questionCode', 'dismissedReason'];

@Injectable()
export class FindingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: FindingsRepository,
    private readonly evaluations: EvaluationsService,
    private readonly frameworks: FrameworksService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The caller's finding, or 404 (also for another municipality's). */
  async find(actor: Pick<Actor, 'municipalityId'>, id: string, manager?: EntityManager): Promise<FindingView> {
    return toFindingView(await this.entity(actor, id, manager));
  }

  /** The caller's findings among `ids` in report order, each with its evaluation's framework (for linking work to them). */
  async many(actor: Pick<Actor, 'municipalityId'>, ids: string[], manager?: EntityManager): Promise<(FindingView & { frameworkId: string })[]> {
    const findings = await this.repository.withFrameworks(actor.municipalityId, ids, manager);
    return findings.map((finding) => ({ ...toFindingView(finding), frameworkId: finding.frameworkId }));
  }

  /** Ids of the caller's findings of an area, an evaluation or with an id, every criterion given at once. */
  idsWhere(actor: Pick<Actor, 'municipalityId'>, criteria: { areaNumber?: number; evaluationId?: string; findingId?: string }, manager?: EntityManager): Promise<string[]> {
    return this.repository.idsWhere(actor.municipalityId, criteria, manager);
  }

  /** The area of each of the caller's findings among `ids`. */
  areasOf(actor: Pick<Actor, 'municipalityId'>, ids: string[]): Promise<Map<string, number>> {
    return this.repository.areasOf(actor.municipalityId, ids);
  }

  /**
   * One evaluation's findings in report order (area, then strengths, improvement opportunities,
   * weaknesses, each by position), optionally of one area and kind; 404 for an unknown evaluation.
   */
  async ofEvaluation(actor: Pick<Actor, 'municipalityId'>, evaluationId: string, filters: { areaNumber?: number; kind?: FindingKind }): Promise<FindingView[]> {
    await this.evaluations.find(actor, evaluationId);
    return (await this.repository.ofEvaluation(actor.municipalityId, evaluationId, filters)).map(toFindingView);
  }

  private async entity(actor: Pick<Actor, 'municipalityId'>, id: string, manager?: EntityManager): Promise<Finding> {
    const finding = await this.repository.byId(actor.municipalityId, id, manager);
    if (!finding) throw findingNotFound();
    return finding;
  }

  async create(actor: Actor, evaluationId: string, input: CreateFindingDto): Promise<FindingView> {
    return this.dataSource.transaction(async (manager) => {
      const evaluation = await this.evaluations.lock(manager, actor, evaluationId);
      const framework = await this.frameworks.byId(evaluation.frameworkId);
      assertPlacement(framework, input.areaNumber, input.questionCode ?? null);
      const { last } = await this.repository.group(manager, { evaluationId, areaNumber: input.areaNumber, kind: input.kind });
      const finding = await this.repository.save(
        manager,
        manager.create(Finding, {
          municipalityId: actor.municipalityId,
          evaluationId,
          areaNumber: input.areaNumber,
          kind: input.kind,
          text: input.text,
          questionCode: input.questionCode ?? null,
          position: last + 1,
        }),
      );
      await this.audit.record(manager, actor, {
        entityType: 'finding',
        entityId: finding.id,
        action: 'create',
        changes: createdFields(finding, AUDITED_FIELDS),
      });
      return toFindingView(finding);
    });
  }

  async update(actor: Actor, id: string, input: UpdateFindingDto): Promise<FindingView> {
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
      await this.repository.save(manager, after);
      await this.audit.record(manager, actor, {
        entityType: 'finding',
        entityId: id,
        action: 'update',
        changes: changedFields(before, after, AUDITED_FIELDS),
      });
      return toFindingView(after);
    });
  }

  /** Refused while action plans link to it; the findings after it move up one place. */
  async delete(actor: Actor, id: string): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        const finding = await this.lockWithSiblings(manager, actor, id);
        await this.repository.delete(manager, id);
        await this.repository.shift(manager, finding, { from: finding.position + 1, to: MAX_POSITION }, -1);
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
  async dismiss(actor: Actor, id: string, reason: string): Promise<FindingView> {
    return this.setDismissal(actor, id, { dismissedReason: reason, dismissedById: actor.userId, dismissedAt: this.clock.now() });
  }

  async undismiss(actor: Actor, id: string): Promise<FindingView> {
    return this.setDismissal(actor, id, { dismissedReason: null, dismissedById: null, dismissedAt: null });
  }

  private async setDismissal(actor: Actor, id: string, dismissal: Pick<Finding, 'dismissedReason' | 'dismissedById' | 'dismissedAt'>): Promise<FindingView> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lockWithSiblings(manager, actor, id);
      if (!ACTIONABLE_FINDING_KINDS.includes(before.kind)) {
        throw findingNotDismissable();
      }
      const after = manager.create(Finding, { ...before, ...dismissal });
      await this.repository.save(manager, after);
      await this.audit.record(manager, actor, {
        entityType: 'finding',
        entityId: id,
        action: 'update',
        changes: changedFields(before, after, ['dismissedReason', 'dismissedById']),
      });
      return toFindingView(after);
    });
  }

  /** Locks the evaluation first, so concurrent edits of one evaluation's findings queue up. */
  private async lockWithSiblings(manager: EntityManager, actor: Actor, id: string): Promise<Finding> {
    const finding = await this.entity(actor, id, manager);
    await this.evaluations.lock(manager, actor, finding.evaluationId);
    return this.entity(actor, id, manager);
  }

  /** Moves a finding to `target` (clamped to the list) and shifts the ones in between. */
  private async move(manager: EntityManager, finding: Finding, target: number): Promise<number> {
    const { count } = await this.repository.group(manager, finding);
    const position = Math.min(target, count);
    if (position === finding.position) return position;
    if (position < finding.position) await this.repository.shift(manager, finding, { from: position, to: finding.position - 1 }, 1);
    else await this.repository.shift(manager, finding, { from: finding.position + 1, to: position }, -1);
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
    throw new ValidationFailedError([withRule({ field: 'questionCode', message: `questionCode ${questionCode} is not a sub-question of area ${areaNumber}` }, 'inArea')]);
  }
}
