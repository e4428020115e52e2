import type Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIL_LOCALES, MailLocale } from './mail.constants';
import { findTemplatesDir } from './templates-dir';

type Entry = string | { one: string; other: string } | { [key: string]: Entry };
type Params = Record<string, unknown>;

const PLURAL_LOCALES: Record<MailLocale, string> = { sv: 'sv-SE', en: 'en-GB' };

/**
 * The words of pages, e-mails and exports, from `templates/i18n/<locale>.json`: one definition
 * of each label (a status, a traffic light, a kind of finding) for every place that shows it.
 *
 * Keys are dotted paths (`health.on_track`). `{name}` in a text is replaced by the parameter of
 * that name; an entry `{ "one": …, "other": … }` is chosen by the `count` parameter under the
 * locale's plural rules, and a numeric `count` is written as the locale writes numbers (`1 234`).
 * A key missing in a catalogue is an error, not an empty string, so a
 * typo shows at once in a test.
 */
export class Catalogue {
  private readonly entries: Record<MailLocale, Entry>;
  private readonly plurals = new Map<MailLocale, Intl.PluralRules>();
  private readonly numbers = new Map<MailLocale, Intl.NumberFormat>();

  constructor(templatesDir: string = findTemplatesDir(__dirname)) {
    this.entries = Object.fromEntries(
      MAIL_LOCALES.map((locale) => [locale, JSON.parse(readFileSync(join(templatesDir, 'i18n', `${locale}.json`), 'utf8')) as Entry]),
    ) as Record<MailLocale, Entry>;
  }

  has(locale: MailLocale, key: string): boolean {
    return typeof this.lookup(locale, key) !== 'undefined';
  }

  translate(locale: MailLocale, key: string, params: Params = {}): string {
    let entry = this.lookup(locale, key);
    if (entry === undefined) throw new Error(`No text "${key}" in templates/i18n/${locale}.json`);
    if (typeof entry === 'object' && 'one' in entry && 'other' in entry) {
      const count = Number(params.count);
      if (!Number.isFinite(count)) throw new Error(`Text "${key}" needs a count`);
      entry = this.pluralRules(locale).select(count) === 'one' ? entry.one : entry.other;
    }
    if (typeof entry !== 'string') throw new Error(`Text "${key}" in templates/i18n/${locale}.json is a group, not a text`);
    const shown = { ...params };
    if (typeof params.count === 'number') shown.count = this.numberFormat(locale).format(params.count);
    return entry.replace(/\{(\w+)\}/g, (whole, name: string) => (name in shown ? String(shown[name]) : whole));
  }

  /** Registers `{{t "key" name=value}}` on a Handlebars environment; the locale is `@root.locale`. */
  registerHelper(handlebars: typeof Handlebars): void {
    handlebars.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
      const locale = localeOf(options);
      if (typeof key !== 'string') throw new TypeError('t needs a key');
      // Strict templates do not check helper arguments: a field the data lacks arrives as undefined.
      const params = options.hash as Params;
      for (const [name, value] of Object.entries(params)) {
        if (value === undefined) throw new TypeError(`"${name}" not defined for text "${key}"`);
      }
      return this.translate(locale, key, params);
    });
    /** `{{labelOf "health" value}}`: the text of one value of a set of labels, e.g. a status. */
    handlebars.registerHelper('labelOf', (group: unknown, value: unknown, options: Handlebars.HelperOptions) => {
      if (typeof group !== 'string' || (value !== null && value !== undefined && typeof value !== 'string')) {
        throw new TypeError('labelOf needs a group name and a value');
      }
      return this.translate(localeOf(options), `${group}.${value ?? 'none'}`);
    });
  }

  private lookup(locale: MailLocale, key: string): Entry | undefined {
    let entry: Entry | undefined = this.entries[locale];
    for (const part of key.split('.')) {
      if (entry === undefined || typeof entry === 'string') return undefined;
      entry = (entry as Record<string, Entry>)[part];
    }
    return entry;
  }

  private numberFormat(locale: MailLocale): Intl.NumberFormat {
    let format = this.numbers.get(locale);
    if (!format) {
      format = new Intl.NumberFormat(PLURAL_LOCALES[locale]);
      this.numbers.set(locale, format);
    }
    return format;
  }

  private pluralRules(locale: MailLocale): Intl.PluralRules {
    let rules = this.plurals.get(locale);
    if (!rules) {
      rules = new Intl.PluralRules(PLURAL_LOCALES[locale]);
      this.plurals.set(locale, rules);
    }
    return rules;
  }
}

/** The locale a template is rendered in: `@root.locale`. */
function localeOf(options: Handlebars.HelperOptions): MailLocale {
  const data = options?.data as { root?: { locale?: unknown } } | undefined;
  const locale = data?.root?.locale;
  if (!MAIL_LOCALES.includes(locale as MailLocale)) throw new TypeError(`helpers need @root.locale, got ${String(locale)}`);
  return locale as MailLocale;
}

let shared: Catalogue | undefined;

/** The catalogue of the app's own templates folder, read once per process. */
export function catalogue(): Catalogue {
  shared ??= new Catalogue();
  return shared;
}
