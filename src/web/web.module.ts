import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, RequestMethod, Type } from '@nestjs/common';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config';
import { ActionPlansModule } from '../modules/action-plans/action-plans.module';
import { EvaluationsModule } from '../modules/evaluations/evaluations.module';
import { FollowUpModule } from '../modules/follow-up/follow-up.module';
import { AuditModule } from '../modules/audit/audit.module';
import { IdentityModule } from '../modules/identity/identity.module';
import { MailModule } from '../modules/mail';
import { REDIS } from '../redis/redis.module';
import { FormSubmissions } from './session/form-submissions';
import { AdminDigestsPageController } from './admin/admin-digests-page.controller';
import { AdminSettingsPageController } from './admin/admin-settings-page.controller';
import { AdminUsersPageController } from './admin/admin-users-page.controller';
import { UnsubscribePageController } from './unsubscribe/unsubscribe-page.controller';
import { ActionPlanListPageController } from './action-plans/action-plan-list-page.controller';
import { ActionPlanPageController } from './action-plans/action-plan-page.controller';
import { NewPlanPageController } from './action-plans/new-plan-page.controller';
import { PlanFormOptions } from './action-plans/plan-form-options';
import { AssetsController } from './assets/assets.controller';
import { InvitationPageController } from './auth/invitation-page.controller';
import { LoginPageController } from './auth/login-page.controller';
import { PasswordResetPageController } from './auth/password-reset-page.controller';
import { CalendarFeedController } from './calendar/calendar-feed.controller';
import { CheckInPageController } from './check-in/check-in-page.controller';
import { DashboardPageController } from './dashboard/dashboard-page.controller';
import { SettingsPageController } from './settings/settings-page.controller';
import { FindingsPageController } from './findings/findings-page.controller';
import { FollowUpPagesController } from './follow-up/follow-up-pages.controller';
import { EvaluationListPageController } from './evaluations/evaluation-list-page.controller';
import { EvaluationPageController } from './evaluations/evaluation-page.controller';
import { FindingEditPageController } from './evaluations/finding-edit-page.controller';
import { ImportPageController } from './evaluations/import-page.controller';
import { ImportUploads } from './evaluations/import-uploads';
import { reportUpload } from './evaluations/upload.middleware';
import { PageSessionGuard } from './session/page-session.guard';
import { sessionMiddleware } from './session/session.middleware';
import { PageExceptionFilter } from './views/page-exception.filter';
import { UnknownAddressFilter } from './views/unknown-address.filter';
import { PageRenderer } from './views/page-renderer';
import { Pages } from './views/pages';

/**
 * In routing order: fixed paths (`/action-plans/export`, `/action-plans/new`, `/evaluations/import`,
 * `/evaluations/new`) before `/action-plans/:id` and `/evaluations/:id`.
 */
const PAGE_CONTROLLERS: Type[] = [
  LoginPageController,
  UnsubscribePageController,
  PasswordResetPageController,
  InvitationPageController,
  DashboardPageController,
  ActionPlanListPageController,
  NewPlanPageController,
  ActionPlanPageController,
  FindingsPageController,
  FollowUpPagesController,
  SettingsPageController,
  CheckInPageController,
  ImportPageController,
  EvaluationListPageController,
  EvaluationPageController,
  FindingEditPageController,
  AdminUsersPageController,
  AdminSettingsPageController,
  AdminDigestsPageController,
];

/** Pages say who is signed in: no cache may keep them, and the back button after logout shows nothing. */
function noStore(_request: Request, response: Response, next: NextFunction): void {
  response.set('Cache-Control', 'no-store');
  next();
}

/**
 * The web app for people: server-rendered pages at `/` beside the JSON API at `/api`. Pages
 * call the same exported services the API calls; sessions, CSRF and the page shell live here.
 */
@Module({})
export class WebModule implements NestModule {
  /** `digests`: the app's digests module (dynamic: its worker runs only where workers run). */
  static forRoot(digests: DynamicModule): DynamicModule {
    return {
      module: WebModule,
      imports: [IdentityModule, AuditModule, EvaluationsModule, ActionPlansModule, FollowUpModule, MailModule, digests],
      controllers: [AssetsController, CalendarFeedController, ...PAGE_CONTROLLERS],
      providers: [PageRenderer, Pages, PageSessionGuard, PageExceptionFilter, UnknownAddressFilter, PlanFormOptions, ImportUploads, FormSubmissions],
    };
  }

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        // Strict: scripts and styles only from this site, nothing inline, forms only to it.
        helmet.contentSecurityPolicy({
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:'],
            fontSrc: ["'self'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            objectSrc: ["'none'"],
            baseUri: ["'self'"],
          },
        }),
        noStore,
        express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }),
        sessionMiddleware(this.config, this.redis),
      )
      // Once for every path but the API's, the assets and the calendar feed, rather than once per
      // page route: Express tests each registered layer against every request, and a layer per
      // page route and middleware put some 280 layers in front of every API call.
      .exclude(
        { path: 'api/{*rest}', method: RequestMethod.ALL },
        { path: 'assets/{*rest}', method: RequestMethod.ALL },
        { path: 'calendar/{*rest}', method: RequestMethod.ALL },
      )
      .forRoutes({ path: '{*rest}', method: RequestMethod.ALL });
    // The import page's form is multipart (a file, or long pasted text): read before the CSRF check.
    consumer.apply(reportUpload).forRoutes({ path: 'evaluations/import', method: RequestMethod.POST });
  }
}
