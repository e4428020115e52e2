import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { isUuid } from '../../common/http/uuid.pipe';
import type { EvaluationReportView, FindingView } from '../../modules/evaluations/evaluations/evaluation-report';
import { EvaluationsService } from '../../modules/evaluations/evaluations/evaluations.service';
import { FindingsService } from '../../modules/evaluations/findings/findings.service';
import { UsersService } from '../../modules/identity/users/users.service';


/** One area's findings a plan can answer, in report order; the evaluation's title when the form offers more than one. */
export interface FindingChoiceArea {
  number: number;
  title: string;
  evaluationTitle: string | null;
  findings: FindingView[];
}

/** A sub-question a target can name. */
export interface QuestionChoice {
  code: string;
  text: string;
  maxPoints: number;
}

/** What the findings and targets of a plan form offer, from one or more evaluations. */
export interface FindingChoices {
  evaluations: Pick<EvaluationReportView, 'id' | 'title' | 'conductedOn'>[];
  areas: FindingChoiceArea[];
  questions: QuestionChoice[];
}

/** Choices of the plan forms, read through the owning modules' services. */
@Injectable()
export class PlanFormOptions {
  constructor(
    private readonly users: UsersService,
    private readonly evaluations: EvaluationsService,
    private readonly findings: FindingsService,
  ) {}

  /**
   * People offered as owner: active users whose role can post progress. The action-plan service
   * decides what it accepts; this only keeps the choices to those it would.
   */
  async owners(actor: Actor): Promise<{ id: string; name: string; unit: string | null }[]> {
    const { items } = await this.users.list(actor, { active: true, limit: 500, offset: 0 });
    return items.filter((user) => user.role !== 'viewer').map((user) => ({ id: user.id, name: user.name, unit: user.unit }));
  }

  /**
   * The findings a plan can answer (improvement opportunities and weaknesses, dismissed ones
   * too), by area, and the sub-questions its targets can name, of the evaluations given (oldest
   * first). Which of them the service accepts is still the service's to say.
   */
  async findingChoices(actor: Actor, evaluationIds: string[]): Promise<FindingChoices> {
    const reports = (await Promise.all([...new Set(evaluationIds)].map((id) => this.evaluations.report(actor, id)))).sort((a, b) => a.conductedOn.localeCompare(b.conductedOn));
    const several = reports.length > 1;
    const questions = new Map<string, QuestionChoice>();
    for (const question of reports.flatMap((report) => report.areas.flatMap((area) => area.questions))) {
      if (!questions.has(question.code)) questions.set(question.code, { code: question.code, text: question.text, maxPoints: question.maxPoints });
    }
    return {
      evaluations: reports.map((report) => ({ id: report.id, title: report.title, conductedOn: report.conductedOn })),
      areas: reports.flatMap((report) =>
        report.areas
          .map((area) => ({
            number: area.number,
            title: area.title,
            evaluationTitle: several ? report.title : null,
            findings: [...area.findings.improvement, ...area.findings.weakness].sort((a, b) => a.position - b.position),
          }))
          .filter((area) => area.findings.length > 0),
      ),
      questions: [...questions.values()],
    };
  }

  /**
   * The choices of a plan's edit form: the findings of every evaluation the plan's findings come
   * from (a plan carried over to a follow-up answers findings of both), and of those `ticked`
   * on the form, should one of them have come from elsewhere meanwhile.
   */
  async findingChoicesForPlan(actor: Actor, plan: { findings: { id: string; evaluationId: string }[] }, ticked: string[]): Promise<FindingChoices> {
    const linked = new Set(plan.findings.map((finding) => finding.id));
    const others = ticked.filter((id) => !linked.has(id) && isUuid(id));
    const found = others.length > 0 ? await this.findings.many(actor, others) : [];
    return this.findingChoices(actor, [...plan.findings, ...found].map((finding) => finding.evaluationId));
  }
}
