import type { Response } from 'express';
import type { ErrorDetail } from '../../common/errors/domain-error';
import { MAX_PASSWORD_LENGTH } from '../../modules/identity/users/password-policy';
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

/** The form of a link: the fields when the link works, a "cannot be used" text when not. */
export function renderNewPasswordForm(
  pages: Pages,
  page: NewPasswordPage,
  request: PageRequest,
  response: Response,
  form: { token: string; valid: boolean; errors: ErrorDetail[] },
  status: number,
): void {
  pages.render(
    request,
    response,
    page.template,
    {
      title: pages.text(request, page.titleKey),
      token: LINK_TOKEN.test(form.token) ? form.token : '',
      valid: form.valid,
      errors: summaryOf(form.errors, 'password'),
      passwordError: fieldError(form.errors, 'password'),
      passwordAgainError: fieldError(form.errors, 'passwordAgain'),
    },
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
  token: string,
  body: Record<string, unknown>,
  setPassword: (password: string) => Promise<unknown>,
): Promise<void> {
  const invalidLink = () => renderNewPasswordForm(pages, page, request, response, { token, valid: false, errors: [] }, 400);
  if (!LINK_TOKEN.test(token)) return invalidLink();
  const password = text(body.password);
  const errors: ErrorDetail[] = [];
  if (password === '') errors.push({ field: 'password', message: pages.text(request, 'settings.errors.passwordMissing') });
  else if (password.length > MAX_PASSWORD_LENGTH) errors.push({ field: 'password', message: pages.text(request, 'errors.tooLong', { count: MAX_PASSWORD_LENGTH }) });
  else if (password !== text(body.passwordAgain)) errors.push({ field: 'passwordAgain', message: pages.text(request, 'settings.errors.passwordAgain') });
  if (errors.length === 0) {
    try {
      await setPassword(password);
      return pages.redirect(request, response, '/login?reset=1');
    } catch (error) {
      const found = formErrorsOf(error);
      if ((error as { code?: string }).code === page.invalidLinkCode) return invalidLink();
      // The service's refusals in the page's words; the page's own messages above already are.
      errors.push(...inLanguage(found, pages.localeOf(request), 'settings.password'));
    }
  }
  renderNewPasswordForm(pages, page, request, response, { token, valid: true, errors }, 400);
}
