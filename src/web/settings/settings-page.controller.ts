import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { UsersService } from '../../modules/identity/users/users.service';
import { MAIL_LOCALES, MailLocale } from '../../modules/mail';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { localReturnPath, Pages } from '../views/pages';

@PageController()
@Controller('settings')
export class SettingsPageController {
  constructor(
    private readonly users: UsersService,
    private readonly pages: Pages,
  ) {}

  /** The language switch of the layout: remembered on the user, back to the same page. */
  @Post('language')
  async language(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Body() form: Record<string, unknown>): Promise<void> {
    const locale = MAIL_LOCALES.includes(form.locale as MailLocale) ? (form.locale as MailLocale) : viewer.locale;
    if (locale !== viewer.locale) await this.users.update(viewer.actor, viewer.actor.userId, { locale });
    this.pages.redirect(request, response, localReturnPath(form.returnTo) ?? '/');
  }
}
