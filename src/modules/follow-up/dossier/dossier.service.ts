import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/auth/actor';
import { Clock } from '../../../common/clock';
import { ActionPlansService } from '../../action-plans/plans/action-plans.service';
import { EvaluationsService } from '../../evaluations/evaluations/evaluations.service';
import { MunicipalitiesService } from '../../identity/municipalities/municipalities.service';
import type { Locale } from '../../identity/municipalities/municipality.constants';
import type { MunicipalitiesService as Municipalities } from '../../identity/municipalities/municipalities.service';

type Municipality = Awaited<ReturnType<Municipalities['byId']>>;
import { UsersService } from '../../identity/users/users.service';
import { buildDossier, dossierPageData, FollowUpDossier } from './dossier';
import { PageRenderer } from './page-renderer.service';

/**
 * The follow-up dossier of one evaluation, in a fixed number of queries whatever the number of
 * findings and plans: the report (four), the plans with their links (four), the municipality,
 * the names of who dismissed findings; the HTML page adds the caller's language when not asked.
 */
@Injectable()
export class DossierService {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly plans: ActionPlansService,
    private readonly municipalities: MunicipalitiesService,
    private readonly users: UsersService,
    private readonly renderer: PageRenderer,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, evaluationId: string): Promise<FollowUpDossier> {
    return (await this.build(actor, evaluationId)).dossier;
  }

  /** The printable page, in `locale` or else the caller's own language. */
  async page(actor: Actor, evaluationId: string, locale?: Locale): Promise<string> {
    const { dossier, municipality } = await this.build(actor, evaluationId);
    const language = locale ?? (await this.users.get(actor, actor.userId)).locale;
    return this.renderer.render('follow-up', language, {
      ...dossierPageData(dossier),
      title: `${municipality.name}: ${dossier.evaluation.title}`,
      timeZone: municipality.timezone,
    });
  }

  /** The printable page's body alone, for the web app's own frame. */
  async body(actor: Actor, evaluationId: string, locale: Locale): Promise<{ html: string; dossier: FollowUpDossier }> {
    const { dossier, municipality } = await this.build(actor, evaluationId);
    const html = this.renderer.renderBody('follow-up', locale, {
      ...dossierPageData(dossier),
      title: `${municipality.name}: ${dossier.evaluation.title}`,
      timeZone: municipality.timezone,
    });
    return { html, dossier };
  }

  private async build(actor: Actor, evaluationId: string): Promise<{ dossier: FollowUpDossier; municipality: Municipality }> {
    const report = await this.evaluations.report(actor, evaluationId);
    const [plans, municipality, followUp] = await Promise.all([
      this.plans.linkedToEvaluation(actor, evaluationId),
      this.municipalities.byId(actor.municipalityId),
      this.evaluations.followUpOf(actor, evaluationId),
    ]);
    const dismissers = report.areas.flatMap((area) =>
      [...area.findings.improvement, ...area.findings.weakness].flatMap((finding) => (finding.dismissal?.byId ? [finding.dismissal.byId] : [])),
    );
    const names = await this.users.namesOf(actor.municipalityId, dismissers);
    const dossier = buildDossier({
      municipality: { name: municipality.name },
      report,
      plans,
      names,
      generatedAt: this.clock.now(),
      followUp: followUp && { id: followUp.id, title: followUp.title, conductedOn: followUp.conductedOn },
      timeZone: municipality.timezone,
    });
    return { dossier, municipality };
  }
}
