import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Locale } from '../../modules/identity/municipalities/municipality.constants';
import { catalogue } from '../../modules/mail';
import { NotificationsService } from '../../modules/notifications/notifications.service';
import { UnsubscribeLinks, type UnsubscribeKind } from '../../modules/notifications/unsubscribe-links';
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
  async confirm(@Req() request: PageRequest, @Res() response: Response, @Param('token') token: string): Promise<void> {
    const link = this.links.read(token);
    const locale = link && (await this.notifications.unsubscribeLocale(link.user));
    if (!link || !locale) return this.invalid(request, response);
    this.render(request, response, locale, { titleKey: 'unsubscribe.title', kind: link.kind, token, done: false });
  }

  @Post(':token')
  async unsubscribe(@Req() request: PageRequest, @Res() response: Response, @Param('token') token: string): Promise<void> {
    const link = this.links.read(token);
    const locale = link && (await this.notifications.unsubscribe(link.user, link.kind));
    if (!link || !locale) return this.invalid(request, response);
    this.render(request, response, locale, { titleKey: 'unsubscribe.doneTitle', kind: link.kind, token, done: true });
  }

  /**
   * The page speaks the language of the person the link names, not the browser's: the link came
   * in their e-mail, in their language. It is theirs alone, so it shows no one's menu.
   */
  private render(request: PageRequest, response: Response, locale: Locale, page: { titleKey: string; kind: UnsubscribeKind; token: string; done: boolean }): void {
    const { titleKey, ...model } = page;
    this.pages.renderWithoutShell(request, response, 'unsubscribe/unsubscribe', { title: catalogue().translate(locale, titleKey), ...model }, locale);
  }

  /** A link that names no one, or is changed: in the browser's language, as nothing says whose it is. */
  private invalid(request: PageRequest, response: Response): void {
    this.pages.render(request, response, 'unsubscribe/unsubscribe', { title: this.pages.text(request, 'unsubscribe.invalidTitle'), kind: null, token: '', done: false }, 404);
  }
}
