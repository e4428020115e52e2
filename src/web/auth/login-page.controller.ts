import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { promisify } from 'node:util';
import type { Response } from 'express';
import { DomainError } from '../../common/errors/domain-error';
import { AuthService } from '../../modules/identity/auth/auth.service';
import { AnonymousPage, PageController } from '../page.decorators';
import { SESSION_COOKIE } from '../session/session.middleware';
import type { PageRequest } from '../session/page-request';
import { localReturnPath, Pages } from '../views/pages';

interface LoginForm {
  email?: string;
  password?: string;
  next?: string;
}

@PageController()
@Controller()
export class LoginPageController {
  constructor(
    private readonly auth: AuthService,
    private readonly pages: Pages,
  ) {}

  /** `/` sends owners to their own actions and everyone else to the overview. */
  @Get()
  home(@Req() request: PageRequest, @Res() response: Response): void {
    const role = request.viewer!.actor.role;
    response.redirect(303, role === 'owner' ? '/action-plans?ownerId=me' : '/dashboard');
  }

  @AnonymousPage()
  @Get('login')
  loginPage(
    @Req() request: PageRequest,
    @Res() response: Response,
    @Query('next') next?: string,
    @Query('loggedOut') loggedOut?: string,
    @Query('reset') reset?: string,
  ): void {
    if (request.viewer) return response.redirect(303, localReturnPath(next) ?? '/');
    const notice = loggedOut ? 'login.loggedOut' : reset ? 'login.passwordReset' : next ? 'login.sessionEnded' : null;
    this.renderLogin(request, response, { email: '', next: localReturnPath(next) ?? '', notice, errors: [] });
  }

  @AnonymousPage()
  @Post('login')
  async login(@Req() request: PageRequest, @Res() response: Response, @Body() form: LoginForm): Promise<void> {
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = localReturnPath(form.next) ?? '';
    const errors: { field: string; message: string }[] = [];
    if (!email) errors.push({ field: 'email', message: this.pages.text(request, 'login.emailRequired') });
    if (!password) errors.push({ field: 'password', message: this.pages.text(request, 'login.passwordRequired') });
    if (errors.length > 0) return this.renderLogin(request, response, { email, next, notice: null, errors }, 400);

    let credentials;
    try {
      ({ credentials } = await this.auth.verifyLogin(request.ip ?? 'unknown', email, password));
    } catch (error) {
      const refused = error instanceof DomainError && [HttpStatus.UNAUTHORIZED, HttpStatus.TOO_MANY_REQUESTS].includes(error.status);
      if (!refused) throw error;
      const message = this.pages.text(request, error.status === HttpStatus.TOO_MANY_REQUESTS ? 'errors.tooMany' : 'login.failed');
      return this.renderLogin(request, response, { email, next, notice: null, errors: [{ field: 'email', message }] }, error.status);
    }
    // A new session id at login, so an id planted before login is worth nothing after it.
    await promisify(request.session.regenerate.bind(request.session))();
    request.session.userId = credentials.userId;
    request.session.municipalityId = credentials.municipalityId;
    request.session.credentialsVersion = credentials.credentialsVersion;
    await promisify(request.session.save.bind(request.session))();
    response.redirect(303, next || '/');
  }

  @AnonymousPage()
  @Post('logout')
  async logout(@Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await promisify(request.session.destroy.bind(request.session))();
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.redirect(303, '/login?loggedOut=1');
  }

  private renderLogin(
    request: PageRequest,
    response: Response,
    model: { email: string; next: string; notice: string | null; errors: { field: string; message: string }[] },
    status = 200,
  ): void {
    const fieldError = (field: string) => model.errors.find((error) => error.field === field)?.message ?? null;
    this.pages.render(
      request,
      response,
      'auth/login',
      {
        title: this.pages.text(request, 'login.title'),
        ...model,
        notice: model.notice ? this.pages.text(request, model.notice) : null,
        emailError: fieldError('email'),
        passwordError: fieldError('password'),
      },
      status,
    );
  }
}
