import { Body, Controller, Get, Logger, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../../config';
import { PASSWORD_RESET_SECONDS, PasswordResetIssued, PasswordsService } from '../../modules/identity/users/passwords.service';
import { AccountMail } from '../../modules/notifications/account-mail.service';
import { AnonymousPage, PageController } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { text } from '../views/forms';
import { Pages } from '../views/pages';
import { LINK_TOKEN, NewPasswordPage, renderNewPasswordForm, submitNewPassword } from './new-password-form';

const NEW_PASSWORD_PAGE: NewPasswordPage = { template: 'password-reset/new-password', titleKey: 'reset.newTitle', invalidLinkCode: 'PASSWORD_RESET.INVALID' };

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
    const holderLocale = LINK_TOKEN.test(token) ? await this.passwords.resetHolderLocale(token) : null;
    renderNewPasswordForm(this.pages, NEW_PASSWORD_PAGE, request, response, { token, holderLocale, errors: [] }, holderLocale ? 200 : 400);
  }

  @Post(':token')
  setPassword(@Req() request: PageRequest, @Res() response: Response, @Param('token') token: string, @Body() form: Record<string, unknown>): Promise<void> {
    const link = { token, holderLocale: (linkToken: string) => this.passwords.resetHolderLocale(linkToken) };
    return submitNewPassword(this.pages, NEW_PASSWORD_PAGE, request, response, link, form, (password) => this.passwords.reset(token, password));
  }

  private async sendLink(issued: PasswordResetIssued): Promise<void> {
    await this.accountMail.sendPasswordReset(issued.user, `${this.config.appUrl}/password-reset/${issued.token}`, PASSWORD_RESET_SECONDS / 3600);
  }
}
