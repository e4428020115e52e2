import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock';
import { addDays, localDate } from '../../common/local-date';
import { ActionPlan, ActionPlanFinding, ActionPlanTarget, Health } from '../../modules/action-plans/plans/action-plan.entity';
import { ProgressUpdate } from '../../modules/action-plans/updates/progress-update.entity';
import { EvaluationReportView } from '../../modules/evaluations/evaluations/evaluation-report';
import { EvaluationsService } from '../../modules/evaluations/evaluations/evaluations.service';
import { Finding } from '../../modules/evaluations/findings/finding.entity';
import { FindingsService } from '../../modules/evaluations/findings/findings.service';
import { FrameworksService } from '../../modules/evaluations/frameworks/frameworks.service';
import { ReportImportService } from '../../modules/evaluations/report-import/report-import.service';
import { ScoresService } from '../../modules/evaluations/scores/scores.service';
import { CarryOverService } from '../../modules/follow-up/carry-over/carry-over.service';
import { MunicipalitiesService } from '../../modules/identity/municipalities/municipalities.service';
import { Municipality } from '../../modules/identity/municipalities/municipality.entity';
import { User } from '../../modules/identity/users/user.entity';
import { UsersService } from '../../modules/identity/users/users.service';
import { DEMO_FOLLOW_UP, DEMO_FOLLOW_UP_FINDINGS } from './demo-follow-up';
import { DEMO_COMMENTS, DEMO_PASSWORD, DEMO_PEOPLE, OWNER_BY_AREA } from './demo-people';

export const DEMO_MUNICIPALITY_CODE = '2084';
const REPORT_FILE = join(__dirname, 'avesta-2014.txt');

/** A small seeded generator, so the demo looks the same on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * Avesta with users of every role, the 2014 report imported and published, about forty action
 * plans with a history of progress, and the 2018 follow-up evaluation published (which derives
 * the plans' effects) with a few open plans carried over to it. Plans and their history are
 * written directly with dates in the past (the services stamp "now"); everything else goes
 * through the services.
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
    private readonly carryOver: CarryOverService,
    private readonly clock: Clock,
  ) {}

  /** Returns false when the demo data is there already. */
  async seed(): Promise<boolean> {
    const existing = await this.municipalities.findByCode(DEMO_MUNICIPALITY_CODE);
    if (existing && (await this.dataSource.getRepository(User).existsBy({ municipalityId: existing.id }))) return false;
    const municipality = existing ?? (await this.municipalities.createFromCode(DEMO_MUNICIPALITY_CODE));
    const system = { municipalityId: municipality.id, userId: null };

    const people = new Map<string, User>();
    for (const person of DEMO_PEOPLE) {
      const user = await this.users.createInMunicipality(municipality.id, { ...person, unit: person.unit ?? undefined, password: DEMO_PASSWORD }, system);
      people.set(person.email, user);
    }
    const { evaluation } = await this.reportImport.import(system, { bytes: readFileSync(REPORT_FILE) }, { publish: true });
    const today = localDate(this.clock.now(), municipality.timezone);
    await this.dataSource.getRepository(Municipality).update(municipality.id, { nextEvaluationDate: addDays(today, 300) });
    const plans = await this.dataSource.transaction((manager) => this.seedPlans(manager, municipality.id, evaluation, people, today));
    const kvalitetschef = people.get('kvalitetschef@avesta.example')!;
    const carried = await this.seedFollowUp({ userId: kvalitetschef.id, municipalityId: municipality.id, role: kvalitetschef.role }, evaluation);
    this.logger.log(`Demo data: ${people.size} users, 2 evaluations, ${plans} action plans (${carried} carried over)`);
    return true;
  }

  /**
   * The 2018 follow-up, entered by hand as a manager would: scores moved from 2014's by
   * DEMO_FOLLOW_UP, a handful of findings (one dismissed), then published through the service so
   * the plans get their effects. Each new finding about a sub-question an open plan targets gets
   * the first such plan carried over; the other suggestions are left for the user to try.
   */
  private async seedFollowUp(actor: Actor, previous: EvaluationReportView): Promise<number> {
    const followUp = await this.evaluations.create(actor, {
      frameworkKey: previous.framework.key,
      title: DEMO_FOLLOW_UP.title,
      conductedOn: DEMO_FOLLOW_UP.conductedOn,
      previousEvaluationId: previous.id,
    });
    const rows = previous.areas.flatMap((area) =>
      area.questions.map((question) => ({
        questionCode: question.code,
        achievedPoints: Math.min(question.maxPoints, Math.max(0, (question.achievedPoints ?? 0) + (DEMO_FOLLOW_UP.scoreChanges[question.code] ?? 0))),
      })),
    );
    await this.scores.setScores(actor, followUp.id, rows);
    for (const finding of DEMO_FOLLOW_UP_FINDINGS) {
      const created = await this.findings.create(actor, followUp.id, { areaNumber: finding.areaNumber, kind: finding.kind, text: finding.text, questionCode: finding.questionCode });
      if (finding.dismissedReason) await this.findings.dismiss(actor, created.id, finding.dismissedReason);
    }
    await this.evaluations.publish(actor, followUp.id);

    const { items } = await this.carryOver.suggestions(actor, followUp.id);
    const answered = new Set<string>();
    for (const { actionPlan, suggestions } of items) {
      const best = suggestions.find((suggestion) => suggestion.match === 'question' && !answered.has(suggestion.finding.id));
      if (!best) continue;
      await this.carryOver.accept(actor, followUp.id, { actionPlanId: actionPlan.id, findingId: best.finding.id });
      answered.add(best.finding.id);
    }
    return answered.size;
  }

  private async seedPlans(manager: EntityManager, municipalityId: string, evaluation: EvaluationReportView, people: Map<string, User>, today: string): Promise<number> {
    const random = seededRandom(2084);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const framework = await this.frameworks.byKey(evaluation.framework.key);
    const managerId = people.get('kvalitetschef@avesta.example')!.id;
    let count = 0;

    for (const area of evaluation.areas) {
      const actionable = [...area.findings.improvement, ...area.findings.weakness];
      const weakestQuestion = [...area.questions].sort((a, b) => (a.percent ?? 0) - (b.percent ?? 0))[0];
      for (const [index, finding] of actionable.entries()) {
        // Leave some findings without action so "uncovered" has something to show, and dismiss one.
        if (index === actionable.length - 1 && area.number % 2 === 0) continue;
        if (area.number === 3 && index === 0) {
          await manager.update(Finding, { id: finding.id }, { dismissedReason: 'Hanteras redan inom den nya styrmodellen.', dismissedById: managerId, dismissedAt: new Date(`${addDays(today, -300)}T09:00:00Z`) });
          continue;
        }
        const owner = people.get(pick(OWNER_BY_AREA[area.number]))!;
        // Decided on in 2015, after the 2014 report and before the 2018 follow-up credits them.
        const createdOn = addDays('2015-02-02', Math.round(random() * 240));
        const dueDate = addDays(today, Math.round(-180 + random() * 910));
        const plan = await manager.save(
          manager.create(ActionPlan, {
            municipalityId,
            title: titleFor(finding),
            description: `Åtgärd med anledning av KommunKompassen 2014, område ${area.number} (${area.title}): ${finding.text}.`,
            ownerId: owner.id,
            unit: owner.unit,
            startDate: addDays(createdOn, 14),
            dueDate,
            priority: pick(['low', 'medium', 'medium', 'high'] as const),
            expectedEffect: `Högre poäng på delfråga ${finding.questionCode ?? weakestQuestion.code} vid nästa utvärdering.`,
            createdById: managerId,
            createdAt: new Date(`${createdOn}T08:00:00Z`),
          }),
        );
        await manager.insert(ActionPlanFinding, { actionPlanId: plan.id, findingId: finding.id, municipalityId, linkedAt: plan.createdAt });
        // A plan aims at the sub-question its finding names, else the area's weakest.
        const question = framework?.questionsByCode.get(finding.questionCode ?? weakestQuestion.code);
        if (question && random() < 0.7) {
          await manager.insert(ActionPlanTarget, { actionPlanId: plan.id, questionId: question.id, questionCode: question.code, expectedPoints: 1 + Math.floor(random() * 3) });
        }
        await this.seedHistory(manager, plan, owner.id, today, random, pick);
        count += 1;
      }
    }
    return count;
  }

  /** A few updates from start towards today; past-due plans are mostly done, some are late. */
  private async seedHistory(manager: EntityManager, plan: ActionPlan, ownerId: string, today: string, random: () => number, pick: <T>(items: T[]) => T): Promise<void> {
    const started = plan.startDate!;
    const updates = Math.floor(random() * 9);
    const pastDue = plan.dueDate < today;
    // Most owners reported in the last few weeks; a quarter have gone quiet (stale).
    const lastDay = addDays(today, random() < 0.75 ? -(2 + Math.floor(random() * 18)) : -(35 + Math.floor(random() * 60)));
    let progress = 0;
    let last: ProgressUpdate | null = null;
    for (let step = 1; step <= updates; step++) {
      const day = addDays(started, Math.round(((step / updates) * (Date.parse(lastDay) - Date.parse(started))) / 86_400_000));
      if (day > today || day < started) break;
      const finishing = step === updates && pastDue && random() < 0.7;
      progress = finishing ? 100 : Math.min(95, progress + 5 + Math.floor(random() * 25));
      const health: Health = finishing ? 'on_track' : healthOnSchedule(progress, started, plan.dueDate, day);
      // Each owner writes about their own plan: the comment names it, so no two plans share one.
      const said = health === 'on_track' ? (random() < 0.5 ? pick(DEMO_COMMENTS.on_track) : null) : pick(DEMO_COMMENTS[health]);
      const comment = said && `${topicOf(plan.title)}: ${said.charAt(0).toLowerCase()}${said.slice(1)}`;
      last = await manager.save(
        manager.create(ProgressUpdate, {
          municipalityId: plan.municipalityId,
          actionPlanId: plan.id,
          authorId: ownerId,
          status: finishing ? 'completed' : 'in_progress',
          health,
          progress,
          comment,
          createdAt: new Date(`${day}T10:${String(step).padStart(2, '0')}:00Z`),
        }),
      );
    }
    if (!last) return;
    await manager.update(ActionPlan, { id: plan.id }, {
      status: last.status,
      health: last.health,
      progress: last.progress,
      lastUpdateAt: last.createdAt,
      completedAt: last.status === 'completed' ? last.createdAt : null,
      version: updates + 1,
    });
  }
}

/**
 * The traffic light an owner would honestly set: grön while progress keeps up with the time
 * gone from start to due date, gul when it lags, röd when it lags far or is past due far from done.
 */
function healthOnSchedule(progress: number, start: string, due: string, day: string): Health {
  // Past due: nearly done is a worry (gul), far from done is röd.
  if (day > due) return progress >= 80 ? 'at_risk' : 'off_track';
  const span = Math.max(1, Date.parse(due) - Date.parse(start));
  const expected = Math.min(100, Math.max(0, ((Date.parse(day) - Date.parse(start)) / span) * 100));
  const behind = expected - progress;
  return behind <= 15 ? 'on_track' : behind <= 35 ? 'at_risk' : 'off_track';
}

/** A short name of the plan for its owner's comments: its first words. */
function topicOf(title: string): string {
  const words = title.replace(/^Åtgärda: /, '').split(/\s+/);
  return words.length <= 7 ? words.join(' ') : `${words.slice(0, 7).join(' ')} …`;
}

/**
 * A plan title from the finding it answers. Improvement opportunities already read as goals
 * ("Utveckling av e-tjänster"); a weakness becomes the task of fixing it.
 */
function titleFor(finding: { kind: string; text: string }): string {
  const text = finding.text.replace(/\.$/, '');
  if (finding.kind === 'improvement') return text.charAt(0).toUpperCase() + text.slice(1);
  return `Åtgärda: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}
