import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { MailLocale } from '../../modules/mail';
import { catalogue } from '../../modules/mail';
import { csrf } from '../session/csrf';
import type { PageRequest } from '../session/page-request';
import { PageRenderer } from './page-renderer';
import { buildShell } from './shell';

/**
 * Answers a page request: renders a page in the viewer's language inside the shell, or
 * redirects after a POST with a message for the next page (post-redirect-get).
 */
@Injectable()
export class Pages {
  constructor(private readonly renderer: PageRenderer) {}

  /** The viewer's language; before login, the browser's preference among Swedish (first) and English. */
  localeOf(request: PageRequest): MailLocale {
    if (request.viewer) return request.viewer.locale;
    return request.acceptsLanguages('sv', 'en') === 'en' ? 'en' : 'sv';
  }

  /** A text of the catalogue in the viewer's language, for titles and messages built in code. */
  text(request: PageRequest, key: string, params?: Record<string, unknown>): string {
    return catalogue().translate(this.localeOf(request), key, params);
  }

  render(request: PageRequest, response: Response, name: string, model: { title: string } & Record<string, unknown>, status = 200): void {
    this.renderPage(request, response, name, model, status, this.localeOf(request), request.viewer);
  }

  /**
   * A page for someone other than whoever may be signed in in this browser (the owner of a
   * check-in link): in their language, without the signed-in person's menu and name.
   */
  renderWithoutShell(request: PageRequest, response: Response, name: string, model: { title: string } & Record<string, unknown>, locale: MailLocale, status = 200): void {
    this.renderPage(request, response, name, model, status, locale, null);
  }

  private renderPage(
    request: PageRequest,
    response: Response,
    name: string,
    model: { title: string } & Record<string, unknown>,
    status: number,
    locale: MailLocale,
    viewer: PageRequest['viewer'],
  ): void {
    const session = request.session;
    const flash = session?.flash ?? null;
    const flashError = session?.flashError ?? null;
    if (session && flash !== null) delete session.flash;
    if (session && flashError !== null) delete session.flashError;
    // Every page gets a token: the layout's own forms (language, sign out) need one.
    const csrfToken = session ? csrf.generateToken(request) : '';
    const shell = viewer ? buildShell(request, viewer, csrfToken, flash, flashError) : null;
    const html = this.renderer.render(name, locale, { ...model, shell, csrfToken, flash });
    response.status(status).type('html').send(html);
  }

  /** 303 See Other: the browser follows with a GET, so a reload does not post again. */
  redirect(request: PageRequest, response: Response, location: string, flashKey?: string, flashParams?: Record<string, unknown>): void {
    if (flashKey) request.session.flash = this.text(request, flashKey, flashParams);
    response.redirect(303, location);
  }
}

/** A path inside this site to come back to after login, or null for anything else. */
export function localReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.length > 2000 || /[\r\n]/.test(value)) return null;
  return value;
}
