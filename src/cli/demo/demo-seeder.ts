import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock';
import { addDays, localDate } from '../../common/local-date';
import { ActionPlan, ActionPlanFinding, ActionPlanTarget } from '../../modules/action-plans/plans/action-plan.entity';
import { ProgressUpdate } from '../../modules/action-plans/updates/progress-update.entity';
import { AuditEvent } from '../../modules/audit/audit-event.entity';
import { EvaluationReportView } from '../../modules/evaluations/evaluations/evaluation-report';
import { EvaluationsService } from '../../modules/evaluations/evaluations/evaluations.service';
import { Finding } from '../../modules/evaluations/findings/finding.entity';
import { FindingsService } from '../../modules/evaluations/findings/findings.service';
import { FrameworksService } from '../../modules/evaluations/frameworks/frameworks.service';
import { ReportImportService } from '../../modules/evaluations/report-import/report-import.service';
import { ScoresService } from '../../modules/evaluations/scores/scores.service';
import { MunicipalitiesService } from '../../modules/identity/municipalities/municipalities.service';
import { Municipality } from '../../modules/identity/municipalities/municipality.entity';
import { User } from '../../modules/identity/users/user.entity';
import type { UserView } from '../../modules/identity/users/user-view';
import { UsersService } from '../../modules/identity/users/users.service';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './demo-people';
import {
  CURRENT_EVALUATION,
  DISMISSED_2014,
  FOLLOW_UP_2018,
  NEXT_EVALUATION_IN_DAYS,
  PLANS_2015,
  PLANS_2018,
  PLANS_NOW,
  PLAN_LEFT_TO_CARRY_OVER,
  StoryDay,
  StoryEvaluation,
  StoryFinding,
  StoryPlan,
} from './demo-story';

export const DEMO_MUNICIPALITY_CODE = '2084';
const REPORT_FILE = join(__dirname, 'avesta-2014.txt');

interface Context {
  municipalityId: string;
  today: string;
  people: Map<string, UserView>;
  /** The manager who decides: creates, cancels and carries plans over. */
  managerId: string;
  findings: Map<StoryEvaluation, EvaluationReportView>;
  framework: Awaited<ReturnType<FrameworksService['byKey']>>;
}

/**
 * Avesta with users of every role and the story told in `demo-story.ts`: the 2014 report
 * imported, its plans of 2015–2017, the 2018 follow-up entered by hand and published (which
 * derives those plans' effects), the plans made on its findings, the third evaluation about a
 * year ago (published: the 2018 plans get their effects; the running ones are carried over to
 * it), the current cycle's plans, and the next evaluation about a year ahead. Plans, their
 * history and the audit of managers' decisions are written directly with their dates in the past
 * (the services stamp "now"); evaluations, scores and findings go through the services.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly municipalities: MunicipalitiesService,
    private readonly users: UsersService,
    private readonly reportImport: ReportImportService,
    private readonly frameworks: FrameworksService,
    private readonly evaluations: EvaluationsService,
    private readonly scores: ScoresService,
    private readonly findings: FindingsService,
    private readonly clock: Clock,
  ) {}

  /** Returns false when the demo data is there already. */
  async seed(): Promise<boolean> {
    const existing = await this.municipalities.findByCode(DEMO_MUNICIPALITY_CODE);
    if (existing && (await this.dataSource.getRepository(User).existsBy({ municipalityId: existing.id }))) return false;
    const municipality = existing ?? (await this.municipalities.createFromCode(DEMO_MUNICIPALITY_CODE));
    const system = { municipalityId: municipality.id, userId: null };

    const people = new Map<string, UserView>();
    for (const person of DEMO_PEOPLE) {
      const user = await this.users.createInMunicipality(municipality.id, { ...person, unit: person.unit ?? undefined, password: DEMO_PASSWORD }, system);
      people.set(person.email, user);
    }
    const kvalitetschef = people.get('kvalitetschef@avesta.example')!;
    const actor: Actor = { userId: kvalitetschef.id, municipalityId: municipality.id, role: kvalitetschef.role };
    const today = localDate(this.clock.now(), municipality.timezone);

    const { evaluation: first } = await this.reportImport.import(system, { bytes: readFileSync(REPORT_FILE) }, { publish: true });
    const context: Context = {
      municipalityId: municipality.id,
      today,
      people,
      managerId: kvalitetschef.id,
      findings: new Map([['2014', first]]),
      framework: await this.frameworks.byKey(first.framework.key),
    };
    const dismissed = findingByText(first, DISMISSED_2014.text);
    await this.dataSource.getRepository(Finding).update(dismissed.id, { dismissedReason: DISMISSED_2014.reason, dismissedById: kvalitetschef.id, dismissedAt: new Date(`${DISMISSED_2014.on}T09:00:00Z`) });
    await this.seedPlans(context, PLANS_2015);

    const followUp = await this.enterEvaluation(actor, first, FOLLOW_UP_2018);
    context.findings.set('2018', followUp);
    const running = await this.seedPlans(context, [...PLANS_2018, PLAN_LEFT_TO_CARRY_OVER]);

    const conductedOn = addDays(today, CURRENT_EVALUATION.conductedOn);
    const current = await this.enterEvaluation(actor, followUp, { ...CURRENT_EVALUATION, title: `KommunKompassen Avesta ${conductedOn.slice(0, 4)}`, conductedOn });
    context.findings.set('current', current);
    await this.dataSource.transaction((manager) => this.carryOver(manager, context, running, addDays(conductedOn, 21)));
    await this.seedPlans(context, PLANS_NOW);

    await this.dataSource.getRepository(Municipality).update(municipality.id, { nextEvaluationDate: addDays(today, NEXT_EVALUATION_IN_DAYS) });
    const total = PLANS_2015.length + PLANS_2018.length + 1 + PLANS_NOW.length;
    this.logger.log(`Demo data: ${people.size} users, 3 evaluations, ${total} action plans (${running.size} carried over)`);
    return true;
  }

  /**
   * An evaluation entered by hand as a manager would: the previous one's points moved by
   * `scoreChanges`, its findings (some dismissed), then published through the service, so the
   * plans on the previous evaluation's findings get their effects.
   */
  private async enterEvaluation(
    actor: Actor,
    previous: EvaluationReportView,
    input: { title: string; conductedOn: string; scoreChanges: Record<string, number>; findings: StoryFinding[] },
  ): Promise<EvaluationReportView> {
    const evaluation = await this.evaluations.create(actor, { frameworkKey: previous.framework.key, title: input.title, conductedOn: input.conductedOn, previousEvaluationId: previous.id });
    const rows = previous.areas.flatMap((area) =>
      area.questions.map((question) => ({
        questionCode: question.code,
        achievedPoints: Math.min(question.maxPoints, Math.max(0, (question.achievedPoints ?? 0) + (input.scoreChanges[question.code] ?? 0))),
      })),
    );
    await this.scores.setScores(actor, evaluation.id, rows);
    for (const finding of input.findings) {
      const created = await this.findings.create(actor, evaluation.id, { areaNumber: finding.areaNumber, kind: finding.kind, text: finding.text, questionCode: finding.questionCode });
      if (finding.dismissedReason) await this.findings.dismiss(actor, created.id, finding.dismissedReason);
    }
    return this.evaluations.publish(actor, evaluation.id);
  }

  /** Writes the plans with their history; returns the ids of those to carry over, by the finding they go to. */
  private async seedPlans(context: Context, plans: StoryPlan[]): Promise<Map<string, string>> {
    return this.dataSource.transaction(async (manager) => {
      const carry = new Map<string, string>();
      for (const story of plans) {
        const id = await this.seedPlan(manager, context, story);
        if (story.carriedOverTo) carry.set(id, story.carriedOverTo);
      }
      return carry;
    });
  }

  private async seedPlan(manager: EntityManager, context: Context, story: StoryPlan): Promise<string> {
    const day = (value: StoryDay) => (typeof value === 'number' ? addDays(context.today, value) : value);
    const evaluation = context.findings.get(story.finding.evaluation)!;
    const finding = findingByText(evaluation, story.finding.text);
    const area = evaluation.areas.find((candidate) => candidate.number === finding.areaNumber)!;
    const owner = context.people.get(story.owner)!;
    const createdAt = at(day(story.created), 8);
    const plan = await manager.save(
      manager.create(ActionPlan, {
        municipalityId: context.municipalityId,
        title: story.title,
        description: `Åtgärd med anledning av ${evaluation.title}, område ${area.number} (${area.title}): ${finding.text.replace(/\.$/, '')}.`,
        ownerId: owner.id,
        unit: owner.unit,
        startDate: day(story.start),
        dueDate: day(story.due),
        priority: story.priority,
        expectedEffect: story.expectedEffect ?? (story.targets.length ? `Högre poäng på delfråga ${story.targets.map(([code]) => code).join(' och ')} vid nästa utvärdering.` : null),
        createdById: context.managerId,
        createdAt,
      }),
    );
    await manager.insert(ActionPlanFinding, { actionPlanId: plan.id, findingId: finding.id, municipalityId: context.municipalityId, linkedAt: createdAt });
    for (const [code, expectedPoints] of story.targets) {
      const question = context.framework!.questionsByCode.get(code)!;
      await manager.insert(ActionPlanTarget, { actionPlanId: plan.id, questionId: question.id, questionCode: code, expectedPoints });
    }
    await this.audit(manager, context, plan.id, createdAt, 'create', {
      title: { after: plan.title },
      ownerId: { after: owner.id },
      dueDate: { after: plan.dueDate },
      status: { after: 'planned' },
      findingIds: { after: [finding.id] },
    });

    let last: ProgressUpdate | null = null;
    for (const [index, [when, progress, health, comment]] of story.updates.entries()) {
      last = await manager.save(
        manager.create(ProgressUpdate, {
          municipalityId: context.municipalityId,
          actionPlanId: plan.id,
          authorId: owner.id,
          status: progress === 100 ? 'completed' : 'in_progress',
          health,
          progress,
          comment,
          createdAt: at(day(when), 10, index),
        }),
      );
    }
    const version = 1 + story.updates.length + (story.cancelled ? 1 : 0);
    if (story.cancelled) {
      const cancelledAt = at(day(story.cancelled.on), 14);
      await manager.update(ActionPlan, { id: plan.id }, {
        status: 'cancelled',
        health: null,
        progress: last?.progress ?? 0,
        lastUpdateAt: last?.createdAt ?? null,
        cancellationReason: story.cancelled.reason,
        cancelledById: context.managerId,
        cancelledAt,
        version,
      });
      await this.audit(manager, context, plan.id, cancelledAt, 'update', {
        status: { before: last?.status ?? 'planned', after: 'cancelled' },
        health: { before: last?.health ?? null, after: null },
        cancellationReason: { before: null, after: story.cancelled.reason },
      });
    } else if (last) {
      await manager.update(ActionPlan, { id: plan.id }, {
        status: last.status,
        health: last.health,
        progress: last.progress,
        lastUpdateAt: last.createdAt,
        completedAt: last.status === 'completed' ? last.createdAt : null,
        version,
      });
    }
    return plan.id;
  }

  /** Links each running plan to the current evaluation's finding it goes on with, as a manager did after that evaluation. */
  private async carryOver(manager: EntityManager, context: Context, plans: Map<string, string>, on: string): Promise<void> {
    const current = context.findings.get('current')!;
    for (const [planId, text] of plans) {
      const finding = findingByText(current, text);
      const links = await manager.find(ActionPlanFinding, { where: { actionPlanId: planId } });
      const linkedAt = at(on, 9);
      await manager.insert(ActionPlanFinding, { actionPlanId: planId, findingId: finding.id, municipalityId: context.municipalityId, linkedAt });
      await manager.increment(ActionPlan, { id: planId }, 'version', 1);
      const before = links.map((link) => link.findingId);
      await this.audit(manager, context, planId, linkedAt, 'update', { findingIds: { before, after: [...before, finding.id] } });
    }
  }

  private async audit(manager: EntityManager, context: Context, planId: string, createdAt: Date, action: 'create' | 'update', changes: AuditEvent['changes']): Promise<void> {
    await manager.save(manager.create(AuditEvent, { municipalityId: context.municipalityId, actorId: context.managerId, entityType: 'action-plan', entityId: planId, action, changes, createdAt }));
  }
}

function findingByText(evaluation: EvaluationReportView, text: string) {
  const finding = evaluation.areas
    .flatMap((area) => [...area.findings.strength, ...area.findings.improvement, ...area.findings.weakness])
    .find((candidate) => candidate.text === text);
  if (!finding) throw new Error(`The demo story names a finding "${text}" that ${evaluation.title} does not have`);
  return finding;
}

/** A moment on a day (UTC; the demo's times of day are office hours in Sweden either way). */
function at(day: string, hour: number, minute = 0): Date {
  return new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
}
