import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { Clock } from '../../../common/clock';
import { ErrorDetail, ValidationFailedError } from '../../../common/errors/domain-error';
import { withRule } from '../../../common/errors/failed-rule';
import { fieldPath } from '../../../common/http/field-path';
import { definedFields } from '../../../common/http/defined-fields';
import { Page } from '../../../common/pagination/pagination.dto';
import { startOfLocalDay } from '../../../common/local-date';
import { changedFields, createdFields, deletedFields } from '../../audit/audit-changes';
import { AuditService } from '../../audit/audit.service';
import { PlanOwnerEvents, type PlanNoticeDue } from './plan-owner-events';
import { ACTIONABLE_FINDING_KINDS } from '../../evaluations/findings/finding-kinds';
import { FindingsService } from '../../evaluations/findings/findings.service';
import { EvaluationsService } from '../../evaluations/evaluations/evaluations.service';
import { FrameworksService } from '../../evaluations/frameworks/frameworks.service';
import { MunicipalitiesService } from '../../identity/municipalities/municipalities.service';
import { UsersService } from '../../identity/users/users.service';
import { ProgressUpdatesRepository } from '../updates/progress-updates.repository';
import { ActionPlanBrief, ActionPlanFilters, ActionPlanListQuery, ActionPlanSort, ActionPlanView, CreateActionPlanDto, TargetInput, UpdateActionPlanDto } from './action-plan.dto';
import { ACTIVE_STATUSES, ActionPlan, ActionPlanStatus, Health } from './action-plan.entity';
import { projectedAreaScores } from './projected-score';
import {
  actionPlanNotFound,
  alreadyLinked,
  findingNotActionable,
  findingsNotFound,
  invalidPlan,
  notDeletable,
  ownerCannotAct,
  ownerNotFound,
  planNotOpen,
  versionConflict,
  versionRequired,
} from './action-plan.errors';
import { ActionPlansRepository } from './action-plans.repository';
import type { OwnerAttentionTotals, PlanBriefRecord, PlanRecord, PlanRecordFilters } from './action-plans.repository';
import type { PlanMoment } from './action-plan-states';
import { canOwnPlans } from './plan-owners';
import { readsOn } from '../../../database/reads-on';

const AUDITED_FIELDS: (keyof ActionPlan)[] = [
  'title',
  'description',
  'ownerId',
  'unit',
  'startDate',
  'dueDate',
  'status',
  'priority',
  'expectedEffect',
  'health',
  'cancellationReason',
];

/** More plans than one evaluation's findings ever get; a bound so a read stays one page. */
const PLANS_PER_EVALUATION_LIMIT = 10_000;

interface Links {
  findingIds: string[];
  targets: (TargetInput & { questionId: string })[];
}

@Injectable()
export class ActionPlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ActionPlansRepository,
    private readonly updates: ProgressUpdatesRepository,
    private readonly findings: FindingsService,
    private readonly frameworks: FrameworksService,
    private readonly evaluations: EvaluationsService,
    private readonly users: UsersService,
    private readonly municipalities: MunicipalitiesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ownerEvents: PlanOwnerEvents,
  ) {}

  /** A municipality's plans whose owner should get a reminder or an overdue notice today. */
  async dueForNotice(municipalityId: string, now: Date, reminderDays: number, overdueDays: number): Promise<PlanNoticeDue[]> {
    return this.repository.dueForNotice(municipalityId, await this.moment({ municipalityId }, now), reminderDays, overdueDays);
  }

  async list(actor: Actor, query: ActionPlanListQuery): Promise<Page<ActionPlanView>> {
    const { limit, offset, sort, ...filters } = query;
    if (filters.ownerId === 'me') filters.ownerId = actor.userId;
    return this.pageAt(actor, this.clock.now(), filters, { limit, offset, sort });
  }

  /**
   * A page of plans as they stood at `at` (a digest is built for its own moment): a Date is read in
   * the municipality's calendar; a caller that has the municipality already passes the moment.
   */
  async pageAt(
    actor: Pick<Actor, 'municipalityId'>,
    at: Date | PlanMoment,
    filters: ActionPlanFilters,
    page: { limit: number; offset: number; sort: ActionPlanSort },
    manager?: EntityManager,
  ): Promise<Page<ActionPlanView>> {
    const [moment, recordFilters] = await this.listFilters(actor, at, filters, manager);
    const { items, total } = await this.repository.page(actor.municipalityId, moment, recordFilters, page, manager);
    return { items: await this.views(actor, items, manager), total };
  }

  /**
   * The same page in brief, for lists that name plans without their findings and targets (a
   * digest): two statements instead of five.
   */
  async briefPageAt(
    actor: Pick<Actor, 'municipalityId'>,
    at: Date | PlanMoment,
    filters: ActionPlanFilters,
    page: { limit: number; offset: number; sort: ActionPlanSort },
  ): Promise<Page<ActionPlanBrief>> {
    const [moment, recordFilters] = await this.listFilters(actor, at, filters);
    const { items, total } = await this.repository.briefPage(actor.municipalityId, moment, recordFilters, page);
    return { items: await this.withPeople(actor, items), total };
  }

  /**
   * An owner's plans that need attention, as their digest names them: the first `limit` of each
   * reason (overdue, due soon, stale) by due date, each plan once, and how many each reason has in
   * all. Two statements (the plans with their counts, the people's names) however many there are.
   */
  async ownerAttentionAt(
    actor: Pick<Actor, 'municipalityId'>,
    at: PlanMoment,
    ownerId: string,
    limit: number,
  ): Promise<{ items: ActionPlanBrief[]; totals: OwnerAttentionTotals }> {
    const { items, totals } = await this.repository.ownerAttention(actor.municipalityId, at, ownerId, limit);
    return { items: await this.withPeople(actor, items), totals };
  }

  /** The moment of a list and its filters, the finding criteria resolved to finding ids. */
  private async listFilters(
    actor: Pick<Actor, 'municipalityId'>,
    at: Date | PlanMoment,
    filters: ActionPlanFilters,
    manager?: EntityManager,
  ): Promise<[PlanMoment, PlanRecordFilters]> {
    const { areaNumber, evaluationId, findingId, completedFrom, cancelledFrom, createdFrom, ...rest } = filters;
    const [moment, linkedToFindings] = await readsOn(
      manager,
      () => this.moment(actor, at, manager),
      async () => (areaNumber !== undefined || evaluationId || findingId ? this.findings.idsWhere(actor, { areaNumber, evaluationId, findingId }, manager) : undefined),
    );
    // A day starts at its midnight where the municipality is, as "today" does for the derived states.
    const from = (day: string | undefined) => (day ? startOfLocalDay(day, moment.calendar.timezone) : undefined);
    return [moment, { ...rest, linkedToFindings, completedSince: from(completedFrom), cancelledSince: from(cancelledFrom), createdSince: from(createdFrom) }];
  }

  /** The moment derived states are read at: `now` in the municipality's calendar (read unless given). */
  private async moment(actor: Pick<Actor, 'municipalityId'>, at: Date | PlanMoment, manager?: EntityManager): Promise<PlanMoment> {
    if (!(at instanceof Date)) return at;
    return { now: at, calendar: await this.municipalities.byId(actor.municipalityId, manager) };
  }

  /** Plans as the API shows them: people by name and findings with their text. */
  private async views(actor: Pick<Actor, 'municipalityId'>, records: PlanRecord[], manager?: EntityManager): Promise<ActionPlanView[]> {
    if (records.length === 0) return [];
    const [named, findings] = await readsOn(
      manager,
      () => this.withPeople(actor, records, manager),
      () => this.findings.many(actor, [...new Set(records.flatMap((record) => record.findingIds))], manager),
    );
    return named.map(({ findingIds, ...plan }) => ({
      ...plan,
      findings: findings
        .filter((finding) => findingIds.includes(finding.id))
        .map((finding) => ({
          id: finding.id,
          evaluationId: finding.evaluationId,
          areaNumber: finding.areaNumber,
          kind: finding.kind,
          text: finding.text,
          questionCode: finding.questionCode,
        })),
    }));
  }

  /** The owner, whoever cancelled and whoever set the effect, by name, in place of their ids. */
  private async withPeople<R extends PlanBriefRecord>(
    actor: Pick<Actor, 'municipalityId'>,
    records: R[],
    manager?: EntityManager,
  ): Promise<(Omit<R, 'ownerId' | 'cancellation' | 'effectSetById'> & Pick<ActionPlanView, 'owner' | 'cancellation' | 'effectSetBy'>)[]> {
    if (records.length === 0) return [];
    const names = await this.users.namesOf(
      actor.municipalityId,
      records.flatMap((record) => [record.ownerId, record.cancellation?.byId, record.effectSetById].filter((id): id is string => Boolean(id))),
      manager,
    );
    const person = (id: string | null | undefined) => (id ? { id, name: names.get(id) ?? '' } : null);
    return records.map(({ ownerId, cancellation, effectSetById, ...record }) => ({
      ...record,
      owner: person(ownerId)!,
      cancellation: cancellation ? { reason: cancellation.reason, at: cancellation.at, by: person(cancellation.byId) } : null,
      effectSetBy: person(effectSetById),
    }));
  }

  /** Those of `userIds` who own an open plan: the recipients of an owner digest. */
  ownersOfOpenPlans(actor: Pick<Actor, 'municipalityId'>, userIds: string[]): Promise<Set<string>> {
    return this.repository.ownersOfOpenPlans(actor.municipalityId, userIds);
  }

  /**
   * Plans whose traffic light changed since `since`, from the light before it to the current one:
   * the latest `limit` of them, and how many there are. A plan created since is not among them.
   */
  async healthChangesSince(
    actor: Pick<Actor, 'municipalityId'>,
    at: Date | PlanMoment,
    since: Date,
    limit: number,
  ): Promise<{ items: { plan: ActionPlanView; from: Health | null; to: Health }[]; total: number }> {
    const all = await this.repository.healthChangesSince(actor.municipalityId, since);
    const changed = all.slice(0, limit);
    const views = await this.byIds(actor, at, changed.map((row) => row.id));
    const items = views.map((plan) => {
      const row = changed.find((candidate) => candidate.id === plan.id)!;
      return { plan, from: row.before, to: row.after };
    });
    return { items, total: all.length };
  }

  /** Per area, its projected score from the completed plans linked to the evaluation. */
  async projectedAreaScores(actor: Pick<Actor, 'municipalityId'>, evaluationId: string): Promise<Map<number, number | null>> {
    const [report, completed] = await Promise.all([
      this.evaluations.report(actor, evaluationId),
      this.linkedToEvaluation(actor, evaluationId, { status: ['completed'] }),
    ]);
    return projectedAreaScores(report, completed);
  }

  /** 404 unless the plan is the municipality's: one small query, for reads that need no more of it. */
  async assertVisible(actor: Pick<Actor, 'municipalityId'>, id: string): Promise<void> {
    if (!(await this.repository.exists(actor.municipalityId, id))) throw actionPlanNotFound();
  }

  async get(actor: Pick<Actor, 'municipalityId'>, id: string, manager?: EntityManager): Promise<ActionPlanView> {
    const [plan] = await this.byIds(actor, this.clock.now(), [id], manager);
    if (!plan) throw actionPlanNotFound();
    return plan;
  }

  private async byIds(actor: Pick<Actor, 'municipalityId'>, at: Date | PlanMoment, ids: string[], manager?: EntityManager): Promise<ActionPlanView[]> {
    return this.views(actor, await this.repository.byIds(actor.municipalityId, await this.moment(actor, at, manager), ids, manager), manager);
  }

  /**
   * Every plan linked to a finding of the evaluation, due date first, in the four queries of a
   * list page whatever their number. Inside a transaction when `manager` is given.
   */
  async linkedToEvaluation(
    actor: Pick<Actor, 'municipalityId'>,
    evaluationId: string,
    options: { status?: ActionPlanStatus[] } = {},
    manager?: EntityManager,
  ): Promise<ActionPlanView[]> {
    const { items } = await this.pageAt(
      actor,
      this.clock.now(),
      { evaluationId, status: options.status },
      { limit: PLANS_PER_EVALUATION_LIMIT, offset: 0, sort: 'dueDate' },
      manager,
    );
    return items;
  }

  /**
   * Links one more finding to an open plan (carrying it over to a new evaluation), keeping its
   * other links and its whole progress history. The version goes up, so a change based on the
   * earlier link set (which PATCH would replace) gets 409 rather than dropping the new link.
   */
  async linkFinding(actor: Actor, id: string, findingId: string): Promise<ActionPlanView> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lock(manager, actor, id);
      const finding = await this.findings.find(actor, findingId, manager);
      if (!ACTIVE_STATUSES.includes(before.status)) throw planNotOpen(before.status);
      if (!ACTIONABLE_FINDING_KINDS.includes(finding.kind)) throw findingNotActionable('findingId', finding);
      const links = await this.repository.findingLinks(manager, id);
      const beforeIds = links.map((link) => link.findingId);
      if (beforeIds.includes(finding.id)) throw alreadyLinked();
      await this.repository.insertLinks(manager, actor.municipalityId, id, { findingIds: [finding.id], targets: [] });
      await this.repository.set(manager, id, { version: before.version + 1 });
      await this.audit.record(manager, actor, {
        entityType: 'action-plan',
        entityId: id,
        action: 'update',
        changes: { findingIds: { before: beforeIds, after: [...beforeIds, finding.id] } },
      });
      return this.get(actor, id, manager);
    });
  }

  async create(actor: Actor, input: CreateActionPlanDto): Promise<ActionPlanView> {
    return this.dataSource.transaction(async (manager) => {
      const links = await this.checkPlan(manager, actor, input);
      const plan = await this.repository.save(
        manager,
        manager.create(ActionPlan, {
          municipalityId: actor.municipalityId,
          title: input.title,
          description: input.description ?? null,
          ownerId: input.ownerId,
          unit: input.unit ?? null,
          startDate: input.startDate ?? null,
          dueDate: input.dueDate,
          priority: input.priority ?? 'medium',
          expectedEffect: input.expectedEffect ?? null,
          createdById: actor.userId,
          // "Stale" counts from creation until the first update, so creation time is the Clock's.
          createdAt: this.clock.now(),
        }),
      );
      await this.repository.insertLinks(manager, actor.municipalityId, plan.id, links);
      await this.audit.record(manager, actor, {
        entityType: 'action-plan',
        entityId: plan.id,
        action: 'create',
        changes: { ...createdFields(plan, AUDITED_FIELDS), findingIds: { after: links.findingIds }, targets: { after: publicTargets(links) } },
      });
      await this.ownerEvents.assigned(manager, { municipalityId: actor.municipalityId, actionPlanId: plan.id, version: plan.version, ownerId: plan.ownerId, previousOwnerId: null });
      return this.get(actor, plan.id, manager);
    });
  }

  /**
   * Changes a plan only if it is still at the version the caller saw: the row is locked, so of
   * two changes made from the same version exactly one wins and the other gets 409.
   */
  async update(actor: Actor, id: string, input: UpdateActionPlanDto, ifMatch: number | undefined): Promise<ActionPlanView> {
    const { version = ifMatch, ...changes } = definedFields(input);
    if (version === undefined) throw versionRequired();
    // Two preconditions that disagree are a client's mistake, not a choice between them.
    if (ifMatch !== undefined && version !== ifMatch) {
      throw new ValidationFailedError([{ field: 'version', message: `version ${version} and If-Match "${ifMatch}" name different versions; send one of them, or the same in both` }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lock(manager, actor, id);
      if (before.version !== version) throw versionConflict(before.version);
      const beforeView = await this.get(actor, id, manager);
      const merged = { ...before, ...changes };
      const links = await this.checkPlan(manager, actor, {
        ownerId: merged.ownerId,
        startDate: merged.startDate,
        dueDate: merged.dueDate,
        findingIds: changes.findingIds ?? beforeView.findings.map((finding) => finding.id),
        targets: changes.targets ?? beforeView.targets,
      }, (changes.ownerId ?? before.ownerId) === before.ownerId);

      const { findingIds: _findingIds, targets: _targets, cancellationReason, ...columns } = changes;
      const after = manager.create(ActionPlan, { ...before, ...columns, version: before.version + 1 });
      await this.applyStatusChange(manager, actor, before, after, cancellationReason);
      await this.repository.save(manager, after);
      const audited = changedFields(before, after, AUDITED_FIELDS);
      if (changes.findingIds || changes.targets) {
        await this.repository.deleteLinks(manager, id);
        await this.repository.insertLinks(manager, actor.municipalityId, id, links);
        const beforeFindings = beforeView.findings.map((finding) => finding.id).sort();
        if (JSON.stringify(beforeFindings) !== JSON.stringify([...links.findingIds].sort())) {
          audited.findingIds = { before: beforeFindings, after: links.findingIds };
        }
        if (JSON.stringify(beforeView.targets) !== JSON.stringify(publicTargets(links))) {
          audited.targets = { before: beforeView.targets, after: publicTargets(links) };
        }
      }
      await this.audit.record(manager, actor, { entityType: 'action-plan', entityId: id, action: 'update', changes: audited });
      if (after.ownerId !== before.ownerId) {
        await this.ownerEvents.assigned(manager, { municipalityId: actor.municipalityId, actionPlanId: id, version: after.version, ownerId: after.ownerId, previousOwnerId: before.ownerId });
      }
      return this.get(actor, id, manager);
    });
  }

  /**
   * Cancelling is a manager's decision with a reason; the plan then shows no traffic light and
   * its findings count as uncovered unless another plan answers them. Reopening a completed or
   * cancelled plan gives it back the traffic light of its latest progress update.
   */
  private async applyStatusChange(manager: EntityManager, actor: Actor, before: ActionPlan, after: ActionPlan, reason: string | undefined): Promise<void> {
    const cancelling = after.status === 'cancelled';
    if (reason !== undefined && !cancelling) {
      throw invalidPlan([{ field: 'cancellationReason', message: 'cancellationReason goes with status cancelled' }]);
    }
    if (cancelling) {
      if (before.status === 'cancelled' && reason === undefined) return;
      if (!reason) throw invalidPlan([{ field: 'cancellationReason', message: 'cancellationReason is required to cancel a plan: say why it is stopped' }]);
      after.cancellationReason = reason;
      if (before.status !== 'cancelled') {
        after.cancelledAt = this.clock.now();
        after.cancelledById = actor.userId;
        after.health = null;
        after.completedAt = null;
      }
      return;
    }
    if (after.status === before.status) return;
    after.completedAt = null;
    after.cancellationReason = null;
    after.cancelledAt = null;
    after.cancelledById = null;
    if (before.status === 'cancelled') {
      const latest = await this.updates.latest(manager, before.id);
      after.health = latest?.health ?? null;
    }
  }

  /** Only a plan that never started can be deleted; anything else is cancelled instead. */
  async delete(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const plan = await this.lock(manager, actor, id);
      const hasUpdates = await this.updates.hasAny(manager, id);
      if (plan.status !== 'planned' || hasUpdates) throw notDeletable();
      await this.repository.delete(manager, id);
      await this.audit.record(manager, actor, { entityType: 'action-plan', entityId: id, action: 'delete', changes: deletedFields(plan, AUDITED_FIELDS) });
    });
  }

  async lock(manager: EntityManager, actor: Pick<Actor, 'municipalityId'>, id: string): Promise<ActionPlan> {
    const plan = await this.repository.lock(manager, actor.municipalityId, id);
    if (!plan) throw actionPlanNotFound();
    return plan;
  }

  /** Owner, dates, findings and targets, each checked against the caller's municipality. */
  private async checkPlan(
    manager: EntityManager,
    actor: Actor,
    plan: { ownerId: string; startDate?: string | null; dueDate: string; findingIds: string[]; targets?: TargetInput[] },
    ownerUnchanged = false,
  ): Promise<Links> {
    const problems: ErrorDetail[] = [];
    if (!ownerUnchanged) {
      const [owner] = await this.users.ofMunicipality(actor.municipalityId, [plan.ownerId], manager);
      if (!owner) throw ownerNotFound();
      if (!canOwnPlans(owner)) throw ownerCannotAct();
    }
    if (plan.startDate && plan.startDate > plan.dueDate) {
      problems.push({ field: 'dueDate', message: 'dueDate must not be before startDate' });
    }

    const found = await this.findings.many(actor, plan.findingIds, manager);
    const missing = plan.findingIds.filter((id) => !found.some((finding) => finding.id === id));
    if (missing.length > 0) throw findingsNotFound(missing);
    const strength = found.find((finding) => !ACTIONABLE_FINDING_KINDS.includes(finding.kind));
    if (strength) throw findingNotActionable('findingIds', strength);

    const targets: Links['targets'] = [];
    const frameworks = await Promise.all([...new Set(found.map((finding) => finding.frameworkId))].map((id) => this.frameworks.byId(id)));
    for (const [index, target] of (plan.targets ?? []).entries()) {
      const at = fieldPath('targets', index);
      const question = frameworks.map((framework) => framework.questionsByCode.get(target.questionCode)).find(Boolean);
      if (!question) {
        problems.push({ field: fieldPath(at, 'questionCode'), message: `${fieldPath(at, 'questionCode')} ${target.questionCode} is not a sub-question of the linked evaluation` });
      } else if (target.expectedPoints > question.maxPoints) {
        problems.push({ field: fieldPath(at, 'expectedPoints'), message: `${fieldPath(at, 'expectedPoints')} must be at most ${question.maxPoints}, the maximum of ${question.code}` });
      } else if (targets.some((existing) => existing.questionCode === target.questionCode)) {
        problems.push(withRule({ field: fieldPath(at, 'questionCode'), message: `${fieldPath(at, 'questionCode')} ${target.questionCode} appears more than once` }, 'unique'));
      } else {
        targets.push({ ...target, questionId: question.id });
      }
    }
    if (problems.length > 0) throw invalidPlan(problems);
    return { findingIds: plan.findingIds, targets };
  }
}

function publicTargets(links: Links): { questionCode: string; expectedPoints: number }[] {
  return links.targets
    .map(({ questionCode, expectedPoints }) => ({ questionCode, expectedPoints }))
    .sort((a, b) => a.questionCode.localeCompare(b.questionCode));
}
