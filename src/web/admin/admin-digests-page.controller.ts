import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { DigestPreviewService } from '../../modules/digests/digest-preview.service';
import { DeliveryQuery, PreviewQuery } from '../../modules/digests/digests.dto';
import { DigestsService } from '../../modules/digests/digests.service';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { UsersService } from '../../modules/identity/users/users.service';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { inLanguage, summaryOf, text, validate } from '../views/forms';
import { pager } from '../views/pagination';
import { Pages } from '../views/pages';
import { adminNav } from './admin-nav';

type RawQuery = Record<string, string | string[] | undefined>;
const PAGE_SIZE = 30;
/** As the digests module names them (validated by its DTOs). */
const KINDS = ['leadership', 'owner'];
const STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'];

/** The e-mail itself: its own inline styles, no scripts, framed by the digests page only. */
const PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox";

/**
 * Administration: the weekly digests. Any user's digest as they would get it this week (subject,
 * the HTML in a frame, the text), the delivery log with status and error, and "send this week's
 * digests now" (those already sent are not sent again; failed ones are retried).
 */
@PageController()
@RequireRole('admin')
@Controller('admin/digests')
export class AdminDigestsPageController {
  constructor(
    private readonly digests: DigestsService,
    private readonly previews: DigestPreviewService,
    private readonly users: UsersService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async show(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Query() query: RawQuery): Promise<void> {
    const filters = { status: text(query.status), periodKey: text(query.periodKey).trim(), userId: text(query.userId), kind: text(query.kind) };
    const preview = { userId: text(query.previewUserId), kind: text(query.previewKind) || 'leadership' };
    const offset = Math.max(0, Number.parseInt(text(query.offset), 10) || 0);
    const checked = await validate(DeliveryQuery, { ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== '')), limit: PAGE_SIZE, offset }, 'query');
    const [found, people] = await Promise.all([
      checked.ok ? this.digests.deliveries(viewer.actor, checked.value) : Promise.resolve({ items: [], total: 0 }),
      this.users.list(viewer.actor, { limit: 500, offset: 0 }),
    ]);
    const names = new Map(people.items.map((user) => [user.id, user.name]));
    let previewed: { subject: string; text: string; href: string; name: string } | null = null;
    const errors = checked.ok ? [] : checked.errors;
    if (preview.userId) {
      const checkedPreview = await validate(PreviewQuery, { userId: preview.userId, kind: preview.kind, format: 'html' }, 'query');
      if (checkedPreview.ok) {
        const { mail } = await this.previews.preview(viewer.actor, checkedPreview.value.kind, checkedPreview.value.userId);
        previewed = {
          subject: mail.subject,
          text: mail.text,
          href: `/admin/digests/preview?userId=${encodeURIComponent(preview.userId)}&kind=${encodeURIComponent(preview.kind)}`,
          name: names.get(preview.userId) ?? '',
        };
      } else {
        errors.push(...checkedPreview.errors);
      }
    }
    this.pages.render(
      request,
      response,
      'admin/digests',
      {
        title: this.pages.text(request, 'adminDigests.title'),
        adminNav: adminNav('/admin/digests'),
        errors: summaryOf(inLanguage(errors, viewer.locale, 'adminDigests'), 'status'),
        previewed,
        preview: {
          users: people.items.filter((user) => user.active).map((user) => ({ value: user.id, name: user.name, selected: user.id === preview.userId })),
          kinds: KINDS.map((value) => ({ value, selected: value === preview.kind })),
        },
        filters: {
          periodKey: filters.periodKey,
          statuses: STATUSES.map((value) => ({ value, selected: value === filters.status })),
          kinds: KINDS.map((value) => ({ value, selected: value === filters.kind })),
          users: people.items.map((user) => ({ value: user.id, name: user.name, selected: user.id === filters.userId })),
        },
        deliveries: found.items.map((delivery) => ({ ...delivery, userName: names.get(delivery.userId) ?? delivery.userId })),
        page: pager(request, found.total, PAGE_SIZE),
      },
      errors.length > 0 ? 400 : 200,
    );
  }

  /** The HTML part of a digest alone, for the frame on the page above. */
  @Get('preview')
  async previewHtml(@Res() response: Response, @Viewer() viewer: SessionUser, @Query() query: RawQuery): Promise<void> {
    const checked = await validate(PreviewQuery, { userId: text(query.userId), kind: text(query.kind), format: 'html' }, 'query');
    if (!checked.ok) throw new DomainError(400, 'WEB.PREVIEW', checked.errors[0].message, checked.errors);
    const { mail } = await this.previews.preview(viewer.actor, checked.value.kind, checked.value.userId);
    response.set({ 'Content-Security-Policy': PREVIEW_POLICY, 'X-Frame-Options': 'SAMEORIGIN' }).type('html').send(mail.html);
  }

  /** The address the send form posts to, opened with a GET (a reload, the language switch): the digests page. */
  @Get('send')
  toDigests(@Req() request: PageRequest, @Res() response: Response): void {
    this.pages.redirect(request, response, '/admin/digests');
  }

  @Post('send')
  async send(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser): Promise<void> {
    try {
      const result = await this.digests.sendNow(viewer.actor);
      this.pages.redirect(request, response, `/admin/digests?periodKey=${result.periodKey}`, 'adminDigests.sent', { ...result });
    } catch (error) {
      if (!(error instanceof DomainError) || Number(error.status) !== 503) throw error;
      request.session.flashError = this.pages.text(request, 'adminDigests.queueDown');
      response.redirect(303, '/admin/digests');
    }
  }
}
