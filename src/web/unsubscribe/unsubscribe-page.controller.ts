import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { NotificationsService } from '../../modules/notifications/notifications.service';
import { UnsubscribeLinks } from '../../modules/notifications/unsubscribe-links';
import { PageController, SignedLinkPage } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { Pages } from '../views/pages';

/**
 * The unsubscribe link of an e-mail (`List-Unsubscribe`). A POST turns that kind of e-mail off
 * for that user at once, as RFC 8058 has mail clients do it (no session, no CSRF token: the
 * link's signature is the proof); a GET, as when a person opens the link, asks first. A link
 * whose signature does not match changes nothing and says so.
 */
@PageController()
@SignedLinkPage()
@Controller('unsubscribe')
export class UnsubscribePageController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly notifications: NotificationsService,
    private readonly pages: Pages,
  ) {}

  @Get(':token')
  confirm(@Req() request: PageRequest, @Res() response: Response, @Param('token') token: string): void {
    const link = this.links.read(token);
    if (!link) return this.invalid(request, response);
    this.pages.render(request, response, 'unsubscribe/unsubscribe', { title: this.pages.text(request, 'unsubscribe.title'), kind: link.kind, token, done: false });
  }

  @Post(':token')
  async unsubscribe(@Req() request: PageRequest, @Res() response: Response, @Param('token') token: string): Promise<void> {
    const link = this.links.read(token);
    if (!link || !(await this.notifications.unsubscribe(link.user, link.kind))) return this.invalid(request, response);
    this.pages.render(request, response, 'unsubscribe/unsubscribe', { title: this.pages.text(request, 'unsubscribe.doneTitle'), kind: link.kind, token, done: true });
  }

  private invalid(request: PageRequest, response: Response): void {
    this.pages.render(request, response, 'unsubscribe/unsubscribe', { title: this.pages.text(request, 'unsubscribe.invalidTitle'), kind: null, token: '', done: false }, 404);
  }
}
