import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { ValidationFailedError } from '../../../common/errors/domain-error';
import { definedFields } from '../../../common/http/defined-fields';
import { Page } from '../../../common/pagination/pagination.dto';
import { isForeignKeyViolation } from '../../../database/postgres-errors';
import { readsOn } from '../../../database/reads-on';
import { changedFields, createdFields, deletedFields } from '../../audit/audit-changes';
import { AuditService } from '../../audit/audit.service';
import { FindingsRepository } from '../findings/findings.repository';
import { FrameworksService } from '../frameworks/frameworks.service';
import { ReferencesRepository } from '../references/references.repository';
import { Score } from '../scores/score.entity';
import { ScoresRepository } from '../scores/scores.repository';
import { buildEvaluationReport, EvaluationReportView } from './evaluation-report';
import { CreateEvaluationDto, EvaluationListQuery, EvaluationSummary, UpdateEvaluationDto } from './evaluation.dto';
import { Evaluation } from './evaluation.entity';
import { EvaluationsRepository } from './evaluations.repository';
import { Clock } from '../../../common/clock';
import { evaluationHasActionPlans, evaluationHasFollowUps, evaluationNotFound, invalidPrevious, previousEvaluationNotFound } from '../evaluations.errors';

const AUDITED_FIELDS: (keyof Evaluation)[] = ['title', 'conductedOn', 'previousEvaluationId', 'status', 'source', 'frameworkId'];

/**
 * Work another module does when an evaluation is published, inside the publish transaction: if
 * it throws, the evaluation stays a draft. `evaluation` is the row as published.
 */
export type PublishListener = (manager: EntityManager, actor: Actor, evaluation: PublishedEvaluation) => Promise<void>;

/** What a publish listener learns of the evaluation just published. */
export type PublishedEvaluation = Pick<Evaluation, 'id' | 'title' | 'conductedOn' | 'previousEvaluationId' | 'publishedAt'>;


/** An evaluation as other modules see it: which one, when, and where it stands. */
export interface EvaluationRefView {
  id: string;
  title: string;
  conductedOn: string;
  status: Evaluation['status'];
  previousEvaluationId: string | null;
  publishedAt: Date | null;
}

function toEvaluationRef(evaluation: EvaluationRefView): EvaluationRefView {
  return {
    id: evaluation.id,
    title: evaluation.title,
    conductedOn: evaluation.conductedOn,
    status: evaluation.status,
    previousEvaluationId: evaluation.previousEvaluationId,
    publishedAt: evaluation.publishedAt,
  };
}
@Injectable()
export class EvaluationsService {
  private readonly publishListeners: PublishListener[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EvaluationsRepository,
    private readonly scores: ScoresRepository,
    private readonly findings: FindingsRepository,
    private readonly references: ReferencesRepository,
    private readonly frameworks: FrameworksService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Modules that depend on evaluations (the follow-up derives action plans' effects) register
   * here at start-up, so evaluations never imports them and dependencies keep pointing one way.
   */
  registerPublishListener(listener: PublishListener): void {
    this.publishListeners.push(listener);
  }

  async list(actor: Actor, query: EvaluationListQuery): Promise<Page<EvaluationSummary>> {
    const [rows, total] = await this.repository.page(actor.municipalityId, { status: query.status, source: query.source }, query);
    // One query for the scores of the whole page; the totals come from the report's own rules.
    const scores = await this.scores.ofEvaluations(rows.map((row) => row.id));
    const items = await Promise.all(rows.map((row) => this.summarize(row, scores.filter((score) => score.evaluationId === row.id))));
    return { items, total };
  }

  /** The caller's evaluation, or 404 (also for another municipality's). */
  async find(actor: Pick<Actor, 'municipalityId'>, id: string, manager?: EntityManager): Promise<Evaluation> {
    const evaluation = await this.repository.byId(actor.municipalityId, id, manager);
    if (!evaluation) throw evaluationNotFound();
    return evaluation;
  }

  /** The caller's evaluation as other modules see it, or 404 (also for another municipality's). */
  async ref(actor: Pick<Actor, 'municipalityId'>, id: string): Promise<EvaluationRefView> {
    return toEvaluationRef(await this.find(actor, id));
  }

  /** The newest published evaluation: the one the municipality works from. */
  async latestPublished(actor: Pick<Actor, 'municipalityId'>): Promise<EvaluationRefView | null> {
    const evaluation = await this.repository.latestPublished(actor.municipalityId);
    return evaluation && toEvaluationRef(evaluation);
  }

  /** The latest published evaluation that follows `id` up, if any (the dossier's "what came of it"). */
  async followUpOf(actor: Pick<Actor, 'municipalityId'>, id: string): Promise<EvaluationRefView | null> {
    const evaluation = await this.repository.latestPublishedFollowUpOf(actor.municipalityId, id);
    return evaluation && toEvaluationRef(evaluation);
  }

  /**
   * The report's scores only (areas and total; no findings or references): two queries besides
   * the framework, which is cached. The dashboard's need.
   */
  async scoreReport(actor: Pick<Actor, 'municipalityId'>, id: string): Promise<EvaluationReportView> {
    const evaluation = await this.find(actor, id);
    const framework = await this.frameworks.byId(evaluation.frameworkId);
    const scores = await this.scores.ofEvaluation(id);
    return buildEvaluationReport(evaluation, framework, scores, [], []);
  }

  /** The whole report page in a bounded number of queries (four, whatever its size). */
  async report(actor: Pick<Actor, 'municipalityId'>, id: string, manager?: EntityManager): Promise<EvaluationReportView> {
    const evaluation = await this.find(actor, id, manager);
    const framework = await this.frameworks.byId(evaluation.frameworkId);
    const [scores, findings, references] = await readsOn(
      manager,
      () => this.scores.ofEvaluation(id, manager),
      () => this.findings.ofEvaluation(actor.municipalityId, id, {}, manager),
      () => this.references.ofEvaluation(id, manager),
    );
    return buildEvaluationReport(evaluation, framework, scores, findings, references);
  }

  async create(actor: Actor, input: CreateEvaluationDto): Promise<EvaluationReportView> {
    const framework = await this.frameworks.byKey(input.frameworkKey);
    if (!framework) {
      throw new ValidationFailedError([{ field: 'frameworkKey', message: `frameworkKey ${input.frameworkKey} is not a known framework` }]);
    }
    const id = await this.dataSource.transaction(async (manager) => {
      if (input.previousEvaluationId) await this.assertPreviousEvaluation(manager, actor, input.previousEvaluationId, { id: null, conductedOn: input.conductedOn });
      const evaluation = await this.repository.save(
        manager,
        manager.create(Evaluation, {
          municipalityId: actor.municipalityId,
          frameworkId: framework.id,
          title: input.title,
          conductedOn: input.conductedOn,
          previousEvaluationId: input.previousEvaluationId ?? null,
          status: 'draft',
          source: 'manual',
        }),
      );
      await this.recordCreated(manager, actor, evaluation);
      return evaluation.id;
    });
    return this.report(actor, id);
  }

  async update(actor: Actor, id: string, input: UpdateEvaluationDto): Promise<EvaluationReportView> {
    const changes = definedFields(input);
    await this.dataSource.transaction(async (manager) => {
      const before = await this.lock(manager, actor, id);
      const after = manager.create(Evaluation, { ...before, ...changes });
      if (after.previousEvaluationId && (changes.previousEvaluationId || changes.conductedOn)) {
        await this.assertPreviousEvaluation(manager, actor, after.previousEvaluationId, after);
      }
      if (changes.conductedOn) await this.assertBeforeFollowUps(manager, actor, after);
      await this.repository.save(manager, after);
      await this.audit.record(manager, actor, {
        entityType: 'evaluation',
        entityId: id,
        action: 'update',
        changes: changedFields(before, after, AUDITED_FIELDS),
      });
    });
    return this.report(actor, id);
  }

  async publish(actor: Actor, id: string): Promise<EvaluationReportView> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.lock(manager, actor, id);
      if (before.status === 'published') return;
      const after = manager.create(Evaluation, { ...before, status: 'published', publishedAt: this.clock.now() });
      await this.repository.save(manager, after);
      await this.audit.record(manager, actor, {
        entityType: 'evaluation',
        entityId: id,
        action: 'update',
        changes: changedFields(before, after, ['status', 'publishedAt']),
      });
      for (const listener of this.publishListeners) await listener(manager, actor, after);
    });
    return this.report(actor, id);
  }

  /**
   * Refused while action plans link to its findings (the database keeps those links), and while
   * evaluations follow it up: deleting it would silently end their comparison. The row lock comes
   * first, so a follow-up written at the same moment waits for it and then fails its foreign key.
   */
  async delete(actor: Actor, id: string): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        const evaluation = await this.lock(manager, actor, id);
        const followUps = await this.repository.followUpsOf(manager, actor.municipalityId, id);
        if (followUps.length > 0) throw evaluationHasFollowUps(followUps.sort((a, b) => a.conductedOn.localeCompare(b.conductedOn)));
        await this.repository.delete(manager, id);
        await this.audit.record(manager, actor, {
          entityType: 'evaluation',
          entityId: id,
          action: 'delete',
          changes: deletedFields(evaluation, AUDITED_FIELDS),
        });
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw evaluationHasActionPlans();
      }
      throw error;
    }
  }

  async lock(manager: EntityManager, actor: Pick<Actor, 'municipalityId'>, id: string): Promise<Evaluation> {
    const evaluation = await this.repository.lock(manager, actor.municipalityId, id);
    if (!evaluation) throw evaluationNotFound();
    return evaluation;
  }

  /**
   * An evaluation of the municipality conducted on that date, if there is one. Waits for (and
   * then holds, to the end of the transaction) the municipality's lock on new evaluations, so two
   * imports of one report at once cannot both find none.
   */
  lockAndFindSameDate(manager: EntityManager, municipalityId: string, conductedOn: string): Promise<Evaluation | null> {
    return this.repository.lockDateAndFind(manager, municipalityId, conductedOn);
  }

  async recordCreated(manager: EntityManager, actor: { municipalityId: string; userId: string | null }, evaluation: Evaluation): Promise<void> {
    await this.audit.record(manager, actor, {
      entityType: 'evaluation',
      entityId: evaluation.id,
      action: 'create',
      changes: createdFields(evaluation, AUDITED_FIELDS),
    });
  }

  /** The list's line of an evaluation: the report's heading and total, without areas. */
  private async summarize(evaluation: Evaluation, scores: Score[]): Promise<EvaluationSummary> {
    const framework = await this.frameworks.byId(evaluation.frameworkId);
    const { framework: _framework, areas: _areas, warnings: _warnings, ...heading } = buildEvaluationReport(evaluation, framework, scores, [], []);
    return { ...heading, frameworkKey: framework.key };
  }

  /**
   * The previous evaluation must be the caller's, not the evaluation itself, and conducted
   * earlier: a follow-up comes after what it follows up, so a chain of them never loops.
   */
  private async assertPreviousEvaluation(
    manager: EntityManager,
    actor: Actor,
    previousId: string,
    evaluation: { id: string | null; conductedOn: string },
  ): Promise<void> {
    const previous = await this.repository.byId(actor.municipalityId, previousId, manager);
    if (!previous) throw previousEvaluationNotFound();
    if (previous.id === evaluation.id) throw invalidPrevious('previousEvaluationId cannot be the evaluation itself');
    if (previous.conductedOn >= evaluation.conductedOn) {
      throw invalidPrevious(
        `previousEvaluationId must name an earlier evaluation: "${previous.title}" was conducted on ${previous.conductedOn}, not before ${evaluation.conductedOn}`,
      );
    }
  }

  /** Moving an evaluation's date must keep it before the evaluations that follow it up. */
  private async assertBeforeFollowUps(manager: EntityManager, actor: Actor, evaluation: Evaluation): Promise<void> {
    const followUps = await this.repository.followUpsOf(manager, actor.municipalityId, evaluation.id);
    const notAfter = followUps.find((followUp) => followUp.conductedOn <= evaluation.conductedOn);
    if (notAfter) {
      throw new ValidationFailedError([
        {
          field: 'conductedOn',
          message: `conductedOn must be before ${notAfter.conductedOn}, when "${notAfter.title}" followed this evaluation up`,
        },
      ]);
    }
  }
}
