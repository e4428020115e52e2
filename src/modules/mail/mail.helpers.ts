import type Handlebars from 'handlebars';
import { DEFAULT_MAIL_TIME_ZONE, MAIL_LOCALES, MailLocale } from './mail.constants';

type HandlebarsEnvironment = typeof Handlebars;
type HelperOptions = Handlebars.HelperOptions;

/**
 * BCP 47 tags behind each mail locale. English uses en-GB rather than en-US so dates read
 * day-month-year ("26 November 2026"), the order Swedish readers of an English mail expect.
 */
const INTL_LOCALES: Record<MailLocale, string> = { sv: 'sv-SE', en: 'en-GB' };

/** A calendar date without a time (a deadline, an evaluation month): shown as is, in no zone. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Registers the formatting helpers on one Handlebars environment. Each helper reads the locale
 * from the render call (`@root.locale`) and, for dates, the zone from `@root.timeZone`, so a
 * template never passes them by hand.
 *
 * Helpers return plain strings, so `{{ }}` still escapes them in HTML templates.
 */
export function registerMailHelpers(handlebars: HandlebarsEnvironment): void {
  handlebars.registerHelper({
    /** `{{formatDate dueOn}}` → `26 november 2026` (sv) / `26 November 2026` (en). */
    formatDate(value: unknown, options: HelperOptions): string {
      return formatDate(value, localeOf(options), timeZoneOf(options));
    },

    /** `{{formatMonth "2014-12-01"}}` → `december 2014` (sv) / `December 2014` (en): an evaluation is known by its month. */
    formatMonth(value: unknown, options: HelperOptions): string {
      return formatMonth(value, localeOf(options));
    },

    /** `{{formatNumber score}}` → `1 234,5` (sv, non-breaking space) / `1,234.5` (en); `decimals=1` fixes the decimals. */
    formatNumber(value: unknown, options: HelperOptions): string {
      return formatNumber(value, localeOf(options), decimalsOf(options));
    },

    /** `{{plural count "åtgärd" "åtgärder"}}` → `1 åtgärd`, `3 åtgärder`, `0 åtgärder`. */
    plural(count: unknown, singular: unknown, plural: unknown, options: HelperOptions): string {
      if (typeof singular !== 'string' || typeof plural !== 'string') {
        throw new TypeError('plural needs a count, a singular and a plural word');
      }
      const locale = localeOf(options);
      const n = toNumber(count, 'plural');
      const word = pluralRules(locale).select(n) === 'one' ? singular : plural;
      return `${formatNumber(n, locale, undefined)} ${word}`;
    },

    /**
     * `{{percent 0.505}}` → `51 %` (sv) / `51%` (en): the value is a fraction, as in Intl and
     * spreadsheets. `{{percent covered total}}` shows the share part / whole, and a dash when
     * the whole is 0 (nothing to cover is not 0 % covered). `decimals=1` shows one decimal.
     */
    percent(...args: unknown[]): string {
      const options = args.pop() as HelperOptions;
      if (args.length < 1 || args.length > 2) throw new TypeError('percent needs a fraction, or a part and a whole');
      const locale = localeOf(options);
      let fraction = toNumber(args[0], 'percent');
      if (args.length === 2) {
        const whole = toNumber(args[1], 'percent');
        if (whole === 0) return '–';
        fraction /= whole;
      }
      const decimals = decimalsOf(options) ?? 0;
      return numberFormat(locale, { style: 'percent', minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(fraction);
    },

    /**
     * `{{percentNumber 57}}` → `57 %` (sv) / `57%` (en): a number that already is a percentage (a
     * plan's progress, a printed score percent), with its decimals as `formatNumber` writes them.
     */
    percentNumber(value: unknown, options: HelperOptions): string {
      const locale = localeOf(options);
      return `${formatNumber(value, locale, decimalsOf(options))}${locale === 'sv' ? '\u00a0%' : '%'}`;
    },

    /** `{{#if (eq status "done")}}`: strict equality, for choosing a branch in a template. */
    eq(a: unknown, b: unknown): boolean {
      return a === b;
    },

    /** `{{upper (t "mail.x.heading")}}`: a heading of a plain-text part, in capitals as the locale writes them. */
    upper(value: unknown, options: HelperOptions): string {
      return String(value).toLocaleUpperCase(INTL_LOCALES[localeOf(options)]);
    },

    /** `{{lower (labelOf "kind" kind)}}`: a label inside a sentence. */
    lower(value: unknown, options: HelperOptions): string {
      return String(value).toLocaleLowerCase(INTL_LOCALES[localeOf(options)]);
    },

    /**
     * `  {{indent comment 2}}`: text of several lines inside an indented block of a plain-text part,
     * each line after the first indented as far, so a line of its own ("- ja") does not read as a
     * new item of the list.
     */
    indent(value: unknown, spaces: unknown): string {
      if (!Number.isInteger(spaces) || (spaces as number) < 0) throw new TypeError(`indent needs a number of spaces, got ${describe(spaces)}`);
      return String(value).replace(/\r\n?|\n/g, `\n${' '.repeat(spaces as number)}`);
    },

    /** `{{periodWeek "2026-W48"}}` → `48`: the week a digest is for, from its period key. */
    periodWeek(value: unknown): number {
      const match = typeof value === 'string' ? /^\d{4}-W(\d{2})$/.exec(value) : null;
      if (!match) throw new TypeError(`periodWeek needs a week such as 2026-W48, got ${describe(value)}`);
      return Number(match[1]);
    },
  });
}

const MONTH_FORMATS = new Map<MailLocale, Intl.DateTimeFormat>();

/** The month of a date-only value (`2014-12-01` → `december 2014`): an evaluation is known by its month, whatever its day. */
export function formatMonth(value: unknown, locale: MailLocale): string {
  if (typeof value !== 'string' || !DATE_ONLY.test(value)) throw new TypeError(`formatMonth needs a YYYY-MM-DD date, got ${String(value)}`);
  let format = MONTH_FORMATS.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALES[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' });
    MONTH_FORMATS.set(locale, format);
  }
  const [year, month] = value.split('-').map(Number);
  return format.format(Date.UTC(year, month - 1, 1));
}

export function formatDate(value: unknown, locale: MailLocale, timeZone: string = DEFAULT_MAIL_TIME_ZONE): string {
  let date: Date;
  let zone = timeZone;
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    // A date-only value names a day, not an instant: shifting it into a zone west of UTC would
    // show the day before.
    date = new Date(`${value}T00:00:00Z`);
    zone = 'UTC';
  } else if (value instanceof Date) {
    date = value;
  } else if (typeof value === 'string') {
    date = new Date(value);
  } else {
    throw new TypeError(`formatDate needs an ISO date string or a Date, got ${describe(value)}`);
  }
  if (Number.isNaN(date.getTime())) throw new TypeError(`formatDate got an invalid date: ${describe(value)}`);
  return dateFormat(locale, zone).format(date);
}

export function formatNumber(value: unknown, locale: MailLocale, decimals: number | undefined): string {
  const n = toNumber(value, 'formatNumber');
  const digits = decimals === undefined ? {} : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  return numberFormat(locale, digits).format(n);
}

/** A share as a whole percent: `0.625` → `63 %` (sv) / `63%` (en). */
export function formatPercent(fraction: number, locale: MailLocale): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** `30 nov. 2026 09:15` (sv) / `30 Nov 2026, 09:15` (en) in `timeZone`: when something happened. */
export function formatDateTime(date: Date, locale: MailLocale, timeZone: string): string {
  return memo(`datetime:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(INTL_LOCALES[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(date);
}

function localeOf(options: HelperOptions): MailLocale {
  const locale = rootOf(options).locale;
  if (!(MAIL_LOCALES as readonly unknown[]).includes(locale)) {
    throw new TypeError(`helpers need @root.locale to be one of ${MAIL_LOCALES.join(', ')}, got ${describe(locale)}`);
  }
  return locale as MailLocale;
}

function timeZoneOf(options: HelperOptions): string {
  const zone = rootOf(options).timeZone;
  return typeof zone === 'string' && zone !== '' ? zone : DEFAULT_MAIL_TIME_ZONE;
}

/** The render's root context, where the renderer puts `locale` and `timeZone`. */
function rootOf(options: HelperOptions): { locale?: unknown; timeZone?: unknown } {
  const data = options?.data as { root?: { locale?: unknown; timeZone?: unknown } } | undefined;
  return data?.root ?? {};
}

function decimalsOf(options: HelperOptions): number | undefined {
  const decimals: unknown = options.hash?.decimals;
  if (decimals === undefined) return undefined;
  if (!Number.isInteger(decimals) || (decimals as number) < 0 || (decimals as number) > 6) {
    throw new TypeError(`decimals must be a whole number from 0 to 6, got ${describe(decimals)}`);
  }
  return decimals as number;
}

/** Numbers from Postgres `numeric` columns arrive as strings; accept those, refuse anything else. */
function toNumber(value: unknown, helper: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new TypeError(`${helper} needs a number, got ${describe(value)}`);
  return n;
}

function describe(value: unknown): string {
  return value === undefined ? 'undefined' : (JSON.stringify(value) ?? typeof value);
}

// Building an Intl formatter costs far more than using one, and a digest formats hundreds of
// values, so formatters are kept per locale and options.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();

function memo<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(key: string, create: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = create();
    formatters.set(key, formatter);
  }
  return formatter;
}

function numberFormat(locale: MailLocale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return memo(`number:${locale}:${JSON.stringify(options)}`, () => new Intl.NumberFormat(INTL_LOCALES[locale], options));
}

function dateFormat(locale: MailLocale, timeZone: string): Intl.DateTimeFormat {
  return memo(
    `date:${locale}:${timeZone}`,
    () => new Intl.DateTimeFormat(INTL_LOCALES[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone }),
  );
}

function pluralRules(locale: MailLocale): Intl.PluralRules {
  return memo(`plural:${locale}`, () => new Intl.PluralRules(INTL_LOCALES[locale]));
}
