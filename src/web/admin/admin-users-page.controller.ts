import { Body, Controller, Get, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ROLES } from '../../common/auth/actor';
import { RequireRole } from '../../common/auth/auth.decorators';
import { DomainError, ErrorDetail } from '../../common/errors/domain-error';
import { UuidPipe } from '../../common/http/uuid.pipe';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { LOCALES } from '../../modules/identity/municipalities/municipality.constants';
import { INVITATION_SECONDS, InvitationIssued, InvitationsService, InviteUserDto } from '../../modules/identity/users/invitations.service';
import { AccountMail } from '../../modules/notifications/account-mail.service';
import { AppConfig } from '../../config';
import { UpdateUserDto, UserListQuery } from '../../modules/identity/users/user.dto';
import { UsersService } from '../../modules/identity/users/users.service';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { fieldError, formErrorsOf, inLanguage, summaryOf, text, validate } from '../views/forms';
import { pager } from '../views/pagination';
import { Pages } from '../views/pages';
import { adminNav } from './admin-nav';

type Form = Record<string, unknown>;
type RawQuery = Record<string, string | string[] | undefined>;
const PAGE_SIZE = 25;
const OWNER_HAS_OPEN_PLANS = 'ACTION_PLAN.OWNER_HAS_OPEN_PLANS';
const EMAIL_TAKEN = 'USER.EMAIL_TAKEN';
/** The invitation form's fields, top to bottom. */
const INVITE_FIELDS = ['name', 'email', 'role', 'unit', 'locale'];

interface UserValues {
  name: string;
  email: string;
  role: string;
  unit: string;
  locale: string;
  active: boolean;
  successorId: string;
}

/**
 * Administration: the municipality's users. An admin invites a user (an e-mail with a link to
 * choose a password), changes a user's name, unit and role, deactivates and reactivates, under
 * the API's rules: nobody deactivates themselves, and a user who owns open plans is deactivated
 * or made a viewer only with a successor who takes them over.
 */
@PageController()
@RequireRole('admin')
@Controller('admin')
export class AdminUsersPageController {
  private readonly logger = new Logger(AdminUsersPageController.name);

  constructor(
    private readonly users: UsersService,
    private readonly invitations: InvitationsService,
    private readonly mail: AccountMail,
    private readonly config: AppConfig,
    private readonly pages: Pages,
  ) {}

  @Get()
  start(@Res() response: Response): void {
    response.redirect(303, '/admin/users');
  }

  @Get('users')
  async list(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Query() query: RawQuery): Promise<void> {
    const filters = { role: text(query.role), active: text(query.active) };
    const offset = Math.max(0, Number.parseInt(text(query.offset), 10) || 0);
    const checked = await validate(
      UserListQuery,
      { ...(filters.role ? { role: filters.role } : {}), ...(filters.active ? { active: filters.active } : {}), limit: PAGE_SIZE, offset },
      'query',
    );
    const found = checked.ok ? await this.users.list(viewer.actor, checked.value) : { items: [], total: 0 };
    this.pages.render(
      request,
      response,
      'admin/users',
      {
        title: this.pages.text(request, 'adminUsers.title'),
        adminNav: adminNav('/admin/users'),
        errors: checked.ok ? [] : summaryOf(checked.errors, 'role'),
        users: found.items,
        page: pager(request, found.total, PAGE_SIZE),
        filters: {
          roles: ROLES.map((value) => ({ value, selected: value === filters.role })),
          actives: ['true', 'false'].map((value) => ({ value, selected: value === filters.active })),
        },
      },
      checked.ok ? 200 : 400,
    );
  }

  @Get('users/new')
  inviteForm(@Req() request: PageRequest, @Res() response: Response): void {
    this.renderInvite(request, response, { name: '', email: '', role: 'owner', unit: '', locale: 'sv', active: true, successorId: '' }, []);
  }

  @Post('users')
  async invite(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Body() form: Form): Promise<void> {
    const values = this.valuesOf(form);
    const checked = await validate(InviteUserDto, { name: values.name, email: values.email, role: values.role, locale: values.locale, ...(values.unit ? { unit: values.unit } : {}) }, 'body');
    let errors: ErrorDetail[] = checked.ok ? [] : checked.errors;
    if (checked.ok) {
      try {
        const issued = await this.invitations.invite(viewer.actor, checked.value);
        return await this.sendAndShow(request, response, issued);
      } catch (error) {
        errors = formErrorsOf(error);
      }
    }
    // An address already in use is worded by its code, and shown beside the e-mail field as well as in the summary.
    const worded = inLanguage(errors, viewer.locale, 'adminUsers').map((detail) => (detail.code === EMAIL_TAKEN ? { ...detail, field: 'email' } : detail));
    this.renderInvite(request, response, values, worded, 400);
  }

  @Get('users/:id')
  async editForm(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string): Promise<void> {
    const user = await this.users.get(viewer.actor, id);
    await this.renderEdit(request, response, viewer, id, { name: user.name, email: user.email, role: user.role, unit: user.unit ?? '', locale: user.locale, active: user.active, successorId: '' }, [], []);
  }

  @Post('users/:id')
  async save(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string, @Body() form: Form): Promise<void> {
    const user = await this.users.get(viewer.actor, id);
    const values = { ...this.valuesOf(form), email: user.email, locale: user.locale };
    const losesWork = !values.active || values.role === 'viewer';
    const checked = await validate(
      UpdateUserDto,
      {
        name: values.name,
        role: values.role,
        unit: values.unit === '' ? null : values.unit,
        active: values.active,
        ...(losesWork && values.successorId ? { successorId: values.successorId } : {}),
      },
      'body',
    );
    let errors: ErrorDetail[] = checked.ok ? [] : checked.errors;
    let openPlans: { id: string; title: string }[] = [];
    if (checked.ok) {
      try {
        await this.users.update(viewer.actor, id, checked.value);
        const key = user.active && !values.active ? 'adminUsers.deactivated' : !user.active && values.active ? 'adminUsers.reactivated' : 'adminUsers.saved';
        return this.pages.redirect(request, response, `/admin/users/${id}`, key, { name: values.name });
      } catch (error) {
        if (error instanceof DomainError && error.code === OWNER_HAS_OPEN_PLANS) {
          openPlans = (error.details ?? []).map((detail) => ({ id: String(detail.actionPlanId), title: String(detail.title) }));
          errors = [{ field: 'successorId', message: this.pages.text(request, 'adminUsers.errors.needsSuccessor', { count: openPlans.length }) }];
        } else {
          errors = formErrorsOf(error);
        }
      }
    }
    await this.renderEdit(request, response, viewer, id, values, inLanguage(errors, viewer.locale, 'adminUsers'), openPlans, 400);
  }

  /** The address the invitation form posts to, opened with a GET (a reload, the language switch): the user's page. */
  @Get('users/:id/invitation')
  toUser(@Req() request: PageRequest, @Res() response: Response, @Param('id', UuidPipe) id: string): void {
    this.pages.redirect(request, response, `/admin/users/${id}`);
  }

  /** A new link for an invited user who has not signed in yet. */
  @Post('users/:id/invitation')
  async reinvite(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('id', UuidPipe) id: string): Promise<void> {
    try {
      const issued = await this.invitations.reinvite(viewer.actor, id);
      await this.sendAndShow(request, response, issued);
    } catch (error) {
      request.session.flashError = formErrorsOf(error)[0].message;
      response.redirect(303, `/admin/users/${id}`);
    }
  }

  /** Sends the link and goes to the user's page, saying whether the e-mail went. */
  private async sendAndShow(request: PageRequest, response: Response, issued: InvitationIssued): Promise<void> {
    const path = `/admin/users/${issued.user.id}`;
    try {
      await this.mail.sendInvitation(issued.user, `${this.config.appUrl}/invitation/${issued.token}`, INVITATION_SECONDS / 3600);
    } catch (error) {
      // The user exists; the admin can send the link again from the user's page.
      this.logger.error(`Invitation e-mail to user ${issued.user.id} failed: ${(error as Error).message}`);
      request.session.flashError = this.pages.text(request, 'adminUsers.mailFailed', { email: issued.user.email });
      return response.redirect(303, path);
    }
    this.pages.redirect(request, response, path, 'adminUsers.invited', { email: issued.user.email });
  }

  private valuesOf(form: Form): UserValues {
    return {
      name: text(form.name),
      email: text(form.email),
      role: text(form.role),
      unit: text(form.unit).trim(),
      locale: text(form.locale),
      active: text(form.active) !== 'false',
      successorId: text(form.successorId),
    };
  }

  private renderInvite(request: PageRequest, response: Response, values: UserValues, errors: ErrorDetail[], status = 200): void {
    this.pages.render(
      request,
      response,
      'admin/invite',
      {
        title: this.pages.text(request, 'adminUsers.inviteTitle'),
        adminNav: adminNav('/admin/users'),
        values,
        roles: ROLES.map((value) => ({ value, selected: value === values.role })),
        locales: LOCALES.map((value) => ({ value, selected: value === values.locale })),
        errors: summaryOf(errors, 'email', INVITE_FIELDS),
        fieldErrors: Object.fromEntries(INVITE_FIELDS.map((field) => [field, fieldError(errors, field)])),
      },
      status,
    );
  }

  private async renderEdit(
    request: PageRequest,
    response: Response,
    viewer: SessionUser,
    id: string,
    values: UserValues,
    errors: ErrorDetail[],
    openPlans: { id: string; title: string }[],
    status = 200,
  ): Promise<void> {
    const user = await this.users.get(viewer.actor, id);
    const candidates = await this.users.list(viewer.actor, { active: true, limit: 500, offset: 0 });
    this.pages.render(
      request,
      response,
      'admin/user',
      {
        title: user.name,
        adminNav: adminNav('/admin/users'),
        user,
        self: id === viewer.actor.userId,
        values,
        roles: ROLES.map((value) => ({ value, selected: value === values.role })),
        successors: candidates.items
          .filter((candidate) => candidate.id !== id && candidate.role !== 'viewer')
          .map((candidate) => ({ id: candidate.id, name: candidate.name, selected: candidate.id === values.successorId })),
        canReinvite: user.active && user.lastLoginAt === null,
        openPlans,
        errors: summaryOf(errors, 'name'),
        fieldErrors: Object.fromEntries(['name', 'role', 'unit', 'active', 'successorId'].map((field) => [field, fieldError(errors, field)])),
      },
      status,
    );
  }
}
