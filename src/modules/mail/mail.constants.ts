/** The languages of pages and e-mails: each has a word catalogue, `templates/i18n/<locale>.json`. */
export const MAIL_LOCALES = ['sv', 'en'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

/** Dates are shown in this zone unless the template data names another (`timeZone`). */
export const DEFAULT_MAIL_TIME_ZONE = 'Europe/Stockholm';

/**
 * Optional injection token overriding where `MailRenderer` reads templates from. Unset in the
 * app (the folder is found on disk); tests set it to point at a scratch copy.
 */
export const MAIL_TEMPLATES_DIR = Symbol('MAIL_TEMPLATES_DIR');
