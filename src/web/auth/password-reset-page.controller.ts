import { Body, Controller, Get, Logger, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ErrorDetail } from '../../common/errors/domain-error';
import { AppConfig } from '../../config';
import { PASSWORD_RESET_SECONDS, PasswordResetIssued, PasswordsService } from '../../modules/identity/users/passwords.service';
import { AccountMail } from '../../modules/notifications/account-mail.service';
import { AnonymousPage, PageController } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { fieldError, formErrorsOf, inLanguage, summaryOf, text } from '../views/forms';
import { Pages } from '../views/pages';

/** Reset tokens are 32 random bytes in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * "Glömt lösenordet?": a link by e-mail that works once, for one hour. The page answers the
 * same whether the address exists or not, and the e-mail is sent after the answer, so neither
 * the words nor the time of the answer tell.
 */
@PageController()
@AnonymousPage()
@Controller('password-reset')
export class PasswordResetPageController {
  private readonly logger = new Logger(PasswordResetPageController.name);

  constructor(
    private readonly passwords: PasswordsService,
    private readonly accountMail: AccountMail,
    private readonly config: AppConfig,
    private readonly pages: Pages,
  ) {}

  @Get()
  askForm(@Req() request: PageRequest, @Res() response: Response): void {
    this.pages.render(request, response, 'password-reset/ask', { title: this.pages.text(request, 'reset.title'), email: '', sent: false, errors: [], emailError: null });
  }

  @Post()
  async ask(@Req() request: PageRequest, @Res() response: Response, @Body() form: Record<string, unknown>): Promise<void> {
    const email = text(form.email).trim();
    if (email === '') {
      const errors = [{ field: 'email', message: this.pages.text(request, 'login.emailRequired') }];
      return this.pages.render(request, response, 'password-reset/ask', { title: this.pages.text(request, 'reset.title'), email, sent: false, errors, emailError: errors[0].message }, 400);
    }
    const issued = await this.passwords.issueReset(email);
    if (issued) void this.sendLink(issued).catch((error: Error) => this.logger.error(`Password reset e-mail to user ${issued.user.id} failed: ${error.message}`));
    this.pages.render(request, response, 'password-reset/ask', { title: this.pages.text(request, 'reset.title'), email: '', sent: true, errors: [], emailError: null });
  }

  @Get(':token')
  async newPasswordForm(@Req() request: PageRequest, @Res() response: Response, @Param('token') token: string): Promise<void> {
    const valid = TOKEN.test(token) && (await this.passwords.resetIsValid(token));
    this.renderNewPassword(request, response, token, valid, [], valid ? 200 : 400);
  }

  @Post(':token')
  async setPassword(@Req() request: PageRequest, @Res() response: Response, @Param('token') token: string, @Body() form: Record<string, unknown>): Promise<void> {
    if (!TOKEN.test(token)) return this.renderNewPassword(request, response, token, false, [], 400);
    const password = text(form.password);
    const errors: ErrorDetail[] = [];
    if (password === '') errors.push({ field: 'password', message: this.pages.text(request, 'settings.errors.passwordMissing') });
    else if (password !== text(form.passwordAgain)) errors.push({ field: 'passwordAgain', message: this.pages.text(request, 'settings.errors.passwordAgain') });
    if (errors.length === 0) {
      try {
        await this.passwords.reset(token, password);
        return this.pages.redirect(request, response, '/login?reset=1');
      } catch (error) {
        const found = formErrorsOf(error);
        if ((error as { code?: string }).code === 'PASSWORD_RESET.INVALID') return this.renderNewPassword(request, response, token, false, [], 400);
        errors.push(...found);
      }
    }
    this.renderNewPassword(request, response, token, true, inLanguage(errors, this.pages.localeOf(request), 'settings.password'), 400);
  }

  private renderNewPassword(request: PageRequest, response: Response, token: string, valid: boolean, errors: ErrorDetail[], status: number): void {
    this.pages.render(
      request,
      response,
      'password-reset/new-password',
      {
        title: this.pages.text(request, 'reset.newTitle'),
        token: TOKEN.test(token) ? token : '',
        valid,
        errors: summaryOf(errors, 'password'),
        passwordError: fieldError(errors, 'password'),
        passwordAgainError: fieldError(errors, 'passwordAgain'),
      },
      status,
    );
  }

  private async sendLink(issued: PasswordResetIssued): Promise<void> {
    await this.accountMail.sendPasswordReset(issued.user, `${this.config.appUrl}/password-reset/${issued.token}`, PASSWORD_RESET_SECONDS / 3600);
  }
}
