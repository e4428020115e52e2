import type { Response } from 'express';
import type { ErrorDetail } from '../../common/errors/domain-error';
import { MAX_PASSWORD_LENGTH } from '../../modules/identity/users/password-policy';
import { catalogue, type MailLocale } from '../../modules/mail';
import type { PageRequest } from '../session/page-request';
import { fieldError, formErrorsOf, inLanguage, summaryOf, text } from '../views/forms';
import type { Pages } from '../views/pages';

/** The tokens of single-use links (invitations, password resets): 32 random bytes in base64url. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A page where the holder of a single-use link chooses a password. */
export interface NewPasswordPage {
  template: string;
  titleKey: string;
  /** The error code that says the link is used, expired or wrong. */
  invalidLinkCode: string;
}

/**
 * The form of a link: the fields when the link works, a "cannot be used" text when not. It speaks
 * the language of the person the link is for (`holderLocale`), as their e-mail did, and shows no
 * one's menu; a link that does not work, the browser's language.
 */
export function renderNewPasswordForm(
  pages: Pages,
  page: NewPasswordPage,
  request: PageRequest,
  response: Response,
  form: { token: string; holderLocale: MailLocale | null; errors: ErrorDetail[] },
  status: number,
): void {
  const locale = form.holderLocale ?? pages.localeOf(request);
  pages.renderWithoutShell(
    request,
    response,
    page.template,
    {
      title: catalogue().translate(locale, page.titleKey),
      token: LINK_TOKEN.test(form.token) ? form.token : '',
      valid: form.holderLocale !== null,
      errors: summaryOf(form.errors, 'password'),
      passwordError: fieldError(form.errors, 'password'),
      passwordAgainError: fieldError(form.errors, 'passwordAgain'),
    },
    locale,
    status,
  );
}

/**
 * Reads the password twice, has `setPassword` use the link with it, and sends the person to sign
 * in; a missing or mistyped password, or one the policy refuses, shows the form again with the
 * reason, and a link that no longer works says so.
 */
export async function submitNewPassword(
  pages: Pages,
  page: NewPasswordPage,
  request: PageRequest,
  response: Response,
  link: { token: string; holderLocale: (token: string) => Promise<MailLocale | null> },
  body: Record<string, unknown>,
  setPassword: (password: string) => Promise<unknown>,
): Promise<void> {
  const { token } = link;
  const invalidLink = () => renderNewPasswordForm(pages, page, request, response, { token, holderLocale: null, errors: [] }, 400);
  if (!LINK_TOKEN.test(token)) return invalidLink();
  const holderLocale = await link.holderLocale(token);
  if (holderLocale === null) return invalidLink();
  const words = (key: string, params?: Record<string, unknown>) => catalogue().translate(holderLocale, key, params);
  const password = text(body.password);
  const errors: ErrorDetail[] = [];
  if (password === '') errors.push({ field: 'password', message: words('settings.errors.passwordMissing') });
  else if (password.length > MAX_PASSWORD_LENGTH) errors.push({ field: 'password', message: words('errors.tooLong', { count: MAX_PASSWORD_LENGTH }) });
  else if (password !== text(body.passwordAgain)) errors.push({ field: 'passwordAgain', message: words('settings.errors.passwordAgain') });
  if (errors.length === 0) {
    try {
      await setPassword(password);
      return pages.redirect(request, response, '/login?reset=1');
    } catch (error) {
      const found = formErrorsOf(error);
      if ((error as { code?: string }).code === page.invalidLinkCode) return invalidLink();
      // The service's refusals in the page's words; the page's own messages above already are.
      errors.push(...inLanguage(found, holderLocale, 'settings.password'));
    }
  }
  renderNewPasswordForm(pages, page, request, response, { token, holderLocale, errors }, 400);
}
