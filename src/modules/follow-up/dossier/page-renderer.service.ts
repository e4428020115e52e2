import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { catalogue, findTemplatesDir, MAIL_LOCALES, MailLocale, registerMailHelpers, compileTemplateFile, runTemplate } from '../../mail';
// The mail module's formatting helpers and template lookup, so a page formats dates and numbers
// exactly as the e-mails do; both are plain functions with no domain knowledge.

/** What every page's layout reads; each page adds its own fields. */
export interface PageData {
  /** The document title (browser tab, the name a printed PDF gets). */
  title: string;
  /** IANA zone for `formatDate` of instants. */
  timeZone: string;
}

/** Page names are folder names chosen in code; the pattern keeps them inside `pages/`. */
const PAGE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Renders a printable HTML page from `templates/pages/<name>/page.hbs` (one template for both
 * languages, its words in `templates/i18n/<locale>.json`) inside the
 * layout `templates/pages/layout.html.hbs` (print styles, no scripts, no outside resources, so
 * the page reads the same saved, printed or mailed on).
 *
 * Not MailRenderer: that one renders e-mails (a subject, an HTML and a plain-text part, an
 * e-mail layout of tables with a footer saying why it was sent), which a page has none of. The
 * helpers are the mail module's, registered on an environment of this renderer's own.
 *
 * Escaping: pages are HTML, so `{{ }}` escapes, and anything a user typed (titles, comments,
 * reasons, names) is only ever output with `{{ }}`. `{{{ }}}` is for the page body inside the
 * layout, which this renderer built itself. Compiled in strict mode: a field the template uses
 * but the data lacks is an error, so the data says `null` for "none".
 */
@Injectable()
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly templatesDir = findTemplatesDir(__dirname);
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private layout?: Handlebars.TemplateDelegate;

  constructor() {
    registerMailHelpers(this.handlebars);
    catalogue().registerHelper(this.handlebars);
  }

  render<T extends PageData>(name: string, locale: MailLocale, data: T): string {
    if (!PAGE_NAME.test(name)) throw new Error(`Not a valid page name: ${name}`);
    if (!MAIL_LOCALES.includes(locale)) throw new Error(`No page templates for locale ${String(locale)}`);
    const context = { ...data, locale };
    const body = this.renderBody(name, locale, data);
    this.layout ??= this.compile('pages/layout.html.hbs');
    return runTemplate(this.layout, { ...context, body }, 'pages/layout.html.hbs');
  }

  /**
   * The page's body alone, without the printable layout: the web app shows it inside its own
   * frame, whose style sheet prints it the same way.
   */
  renderBody<T extends PageData>(name: string, locale: MailLocale, data: T): string {
    if (!PAGE_NAME.test(name)) throw new Error(`Not a valid page name: ${name}`);
    if (!MAIL_LOCALES.includes(locale)) throw new Error(`No page templates for locale ${String(locale)}`);
    return runTemplate(this.page(name), { ...data, locale }, `pages/${name}/page.hbs`);
  }

  private page(name: string): Handlebars.TemplateDelegate {
    let page = this.pages.get(name);
    if (!page) {
      page = this.compile(`pages/${name}/page.hbs`);
      this.pages.set(name, page);
    }
    return page;
  }

  private compile(file: string): Handlebars.TemplateDelegate {
    return compileTemplateFile(this.handlebars, this.templatesDir, file);
  }
}
