import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { InvitationsService } from '../../modules/identity/users/invitations.service';
import { AnonymousPage, PageController } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { Pages } from '../views/pages';
import { LINK_TOKEN, NewPasswordPage, renderNewPasswordForm, submitNewPassword } from './new-password-form';

const ACCEPT_PAGE: NewPasswordPage = { template: 'invitation/accept', titleKey: 'invitation.title', invalidLinkCode: 'INVITATION.INVALID' };

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
    const holderLocale = LINK_TOKEN.test(token) ? await this.invitations.holderLocale(token) : null;
    renderNewPasswordForm(this.pages, ACCEPT_PAGE, request, response, { token, holderLocale, errors: [] }, holderLocale ? 200 : 400);
  }

  @Post(':token')
  accept(@Req() request: PageRequest, @Res() response: Response, @Param('token') token: string, @Body() form: Record<string, unknown>): Promise<void> {
    const link = { token, holderLocale: (linkToken: string) => this.invitations.holderLocale(linkToken) };
    return submitNewPassword(this.pages, ACCEPT_PAGE, request, response, link, form, (password) => this.invitations.accept(token, password));
  }
}
