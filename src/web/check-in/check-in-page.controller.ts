import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ErrorDetail } from '../../common/errors/domain-error';
import { isUuid } from '../../common/http/uuid.pipe';
import { ACTIVE_STATUSES } from '../../modules/action-plans/plans/action-plan.constants';
import { CheckInGrant, CheckInLinks, CheckInRefusedError } from '../../modules/action-plans/check-in/check-in-links.service';
import { ProgressUpdatesService } from '../../modules/action-plans/updates/progress-updates.service';
import { catalogue } from '../../modules/mail';
import { AnonymousPage, PageController } from '../page.decorators';
import { FormSubmissions } from '../session/form-submissions';
import type { PageRequest } from '../session/page-request';
import { formErrorsOf, text } from '../views/forms';
import { Pages } from '../views/pages';
import { checkProgressInput, progressFormModel, progressInputFor, progressInputOf, ProgressInput } from '../views/progress-form';

type Form = Record<string, unknown>;


/**
 * "Rapportera läge" from an e-mail: one plan, its owner's progress form, no login. The signed
 * link (CheckInLinks) is the only credential: it comes in the address and goes back in the form,
 * never in a cookie. Whoever may be signed in in the browser plays no part; the page says as whom
 * the update is recorded. Any refusal (expired, tampered, another plan's address, the user gone
 * or no longer the owner) is one page offering the login instead, and posts nothing.
 */
@PageController()
@AnonymousPage()
@Controller('check-in')
export class CheckInPageController {
  constructor(
    private readonly links: CheckInLinks,
    private readonly updates: ProgressUpdatesService,
    private readonly pages: Pages,
    private readonly submissions: FormSubmissions,
  ) {}

  @Get(':planId')
  async show(@Req() request: PageRequest, @Res() response: Response, @Param('planId') planId: string, @Query('token') token: unknown): Promise<void> {
    const grant = await this.open(request, response, planId, token);
    if (!grant) return;
    this.renderCheckIn(request, response, grant, text(token), progressInputFor(grant.plan), [], this.submissions.newId());
  }

  @Post(':planId')
  async post(@Req() request: PageRequest, @Res() response: Response, @Param('planId') planId: string, @Body() form: Form): Promise<void> {
    const token = text(form.token);
    const grant = await this.open(request, response, planId, token);
    if (!grant) return;
    const input = progressInputOf(form);
    const submissionId = text(form.submissionId) || this.submissions.newId();
    const here = `/check-in/${grant.plan.id}?token=${encodeURIComponent(token)}`;
    // A double tap on a phone sends the report twice: it is saved once, as the owner's.
    const outcome = await this.submissions.once<ErrorDetail[]>(grant.owner.actor.userId, submissionId, async () => {
      const checked = await checkProgressInput(input, grant.plan);
      if (!checked.ok) return { refused: checked.errors };
      try {
        await this.updates.post(grant.owner.actor, grant.plan.id, checked.value, { via: 'email-link' });
        return { savedAt: here };
      } catch (error) {
        return { refused: formErrorsOf(error) };
      }
    });
    if ('refused' in outcome) return this.renderCheckIn(request, response, grant, token, input, outcome.refused, submissionId, 400);
    request.session.flash = catalogue().translate(grant.owner.locale, 'earlier' in outcome ? 'plan.updateAlreadySaved' : 'checkIn.saved');
    response.redirect(303, here);
  }

  /** The grant of a working link, or null after answering with the refusal page. */
  private async open(request: PageRequest, response: Response, planId: string, token: unknown): Promise<CheckInGrant | null> {
    try {
      if (typeof token !== 'string' || token === '') throw new CheckInRefusedError('invalid');
      return await this.links.open(planId, token);
    } catch (error) {
      if (!(error instanceof CheckInRefusedError)) throw error;
      // The owner's language when the link is theirs (expired, or the plan handed on); else the browser's.
      const locale = error.ownerLocale ?? this.pages.localeOf(request);
      const words = catalogue();
      // After login, the plan's own page, when the address names a plan at all.
      const next = isUuid(planId) ? `/action-plans/${planId.toLowerCase()}` : null;
      this.pages.renderWithoutShell(
        request,
        response,
        'check-in/refused',
        { title: words.translate(locale, 'checkIn.refusedTitle'), reason: words.translate(locale, `checkIn.refused.${error.reason}`), loginUrl: next ? `/login?next=${encodeURIComponent(next)}` : '/login' },
        locale,
        403,
      );
      return null;
    }
  }

  private renderCheckIn(request: PageRequest, response: Response, grant: CheckInGrant, token: string, input: ProgressInput, errors: ErrorDetail[], submissionId: string, status = 200): void {
    const { plan, owner } = grant;
    const locale = owner.locale;
    this.pages.renderWithoutShell(
      request,
      response,
      'check-in/check-in',
      {
        title: plan.title,
        documentTitle: catalogue().translate(locale, 'checkIn.documentTitle', { title: plan.title }),
        plan,
        ownerName: owner.name,
        municipalityName: owner.municipality.name,
        open: ACTIVE_STATUSES.includes(plan.status),
        ...progressFormModel(input, errors, locale),
        formAction: `/check-in/${plan.id}`,
        checkInToken: token,
        submissionId,
      },
      locale,
      status,
    );
  }
}
