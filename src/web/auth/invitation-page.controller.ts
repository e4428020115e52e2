import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ErrorDetail } from '../../common/errors/domain-error';
import { InvitationsService } from '../../modules/identity/users/invitations.service';
import { AnonymousPage, PageController } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { fieldError, formErrorsOf, inLanguage, summaryOf, text } from '../views/forms';
import { Pages } from '../views/pages';

/** Invitation tokens are 32 random bytes in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The link of an invitation e-mail: the invited person chooses their password (once, within
 * seven days of the invitation) and then signs in with it.
 */
@PageController()
@AnonymousPage()
@Controller('invitation')
export class InvitationPageController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly pages: Pages,
  ) {}

  @Get(':token')
  async form(@Req() request: PageRequest, @Res() response: Response, @Param('token') token: string): Promise<void> {
    const valid = TOKEN.test(token) && (await this.invitations.isValid(token));
    this.renderForm(request, response, token, valid, [], valid ? 200 : 400);
  }

  @Post(':token')
  async accept(@Req() request: PageRequest, @Res() response: Response, @Param('token') token: string, @Body() form: Record<string, unknown>): Promise<void> {
    if (!TOKEN.test(token)) return this.renderForm(request, response, token, false, [], 400);
    const password = text(form.password);
    const errors: ErrorDetail[] = [];
    if (password === '') errors.push({ field: 'password', message: this.pages.text(request, 'settings.errors.passwordMissing') });
    else if (password !== text(form.passwordAgain)) errors.push({ field: 'passwordAgain', message: this.pages.text(request, 'settings.errors.passwordAgain') });
    if (errors.length === 0) {
      try {
        await this.invitations.accept(token, password);
        return this.pages.redirect(request, response, '/login?reset=1');
      } catch (error) {
        const found = formErrorsOf(error);
        if ((error as { code?: string }).code === 'INVITATION.INVALID') return this.renderForm(request, response, token, false, [], 400);
        errors.push(...found);
      }
    }
    this.renderForm(request, response, token, true, inLanguage(errors, this.pages.localeOf(request), 'settings.password'), 400);
  }

  private renderForm(request: PageRequest, response: Response, token: string, valid: boolean, errors: ErrorDetail[], status: number): void {
    this.pages.render(
      request,
      response,
      'invitation/accept',
      {
        title: this.pages.text(request, 'invitation.title'),
        token: TOKEN.test(token) ? token : '',
        valid,
        errors: summaryOf(errors, 'password'),
        passwordError: fieldError(errors, 'password'),
        passwordAgainError: fieldError(errors, 'passwordAgain'),
      },
      status,
    );
  }
}
