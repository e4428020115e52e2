import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue, findTemplatesDir, formatDateTime, MAIL_LOCALES, MailLocale, registerMailHelpers, compileTemplateFile, runTemplate } from '../../modules/mail';
import type { Shell } from './shell';

/** What the layout of every page reads; each page adds its own fields. */
export interface PageModel {
  /** The page's own title, its heading; the layout adds the product's name. */
  title: string;
  /** The window's title where the heading alone would not say which page it is ("Jämförelse" of which evaluation); else `title`. */
  documentTitle?: string;
  /** The signed-in person's navigation, name and forms; null on pages before login. */
  shell: Shell | null;
}

/** Page names are `<feature>/<page>`, chosen in code; the pattern keeps them inside `pages/`. */
const PAGE_NAME = /^[a-z0-9-]+\/[a-z0-9-]+$/;

/**
 * Renders the app's pages: `templates/pages/<feature>/<page>.hbs` inside
 * `templates/layouts/app.html.hbs`, with the page partials of `templates/partials/pages/` (named
 * `pages/<name>`) and the words of `templates/i18n/<locale>.json` through `{{t}}` and `{{label}}`.
 * One template serves both languages. Dates and numbers use the e-mails' helpers, so a figure
 * reads the same on a page, in a digest and in an export.
 *
 * Escaping: `{{ }}` escapes; whatever a person typed is only ever output with it. `{{{ }}}` is
 * for the page body inside the layout and for SVG this app built itself. Strict compilation: a
 * field the template uses but the model lacks is an error, so models say `null` for "none".
 */
@Injectable()
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly templatesDir = findTemplatesDir(__dirname);
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;

  constructor() {
    registerMailHelpers(this.handlebars);
    catalogue().registerHelper(this.handlebars);
    this.handlebars.registerHelper({
      /** `{{#if (or a b)}}` */
      or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
      /** `{{#if (and a b)}}` */
      and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
      not: (value: unknown) => !value,
      /** `{{#if (gt a b)}}` */
      gt: (a: unknown, b: unknown) => Number(a) > Number(b),
      /** `{{t (concat "layout.nav." key)}}` */
      concat: (...args: unknown[]) => args.slice(0, -1).map(String).join(''),
      /** `{{formatDateTime at}}` → `30 nov. 2026 09:15` in the municipality's zone: when something happened. */
      formatDateTime: (value: unknown, options: Handlebars.HelperOptions) => {
        const root = options.data as { root: { locale: MailLocale; timeZone: string } };
        const date = value instanceof Date ? value : new Date(String(value));
        if (Number.isNaN(date.getTime())) throw new TypeError(`formatDateTime got an invalid date: ${String(value)}`);
        return formatDateTime(date, root.root.locale, root.root.timeZone);
      },
    });
    const partials = join(this.templatesDir, 'partials', 'pages');
    if (existsSync(partials)) {
      for (const entry of readdirSync(partials).sort()) {
        if (entry.endsWith('.hbs')) this.handlebars.registerPartial(`pages/${entry.slice(0, -4)}`, this.compile(`partials/pages/${entry}`));
      }
    }
    this.layout = this.compile('layouts/app.html.hbs');
  }

  render(name: string, locale: MailLocale, model: PageModel & Record<string, unknown>): string {
    if (!PAGE_NAME.test(name)) throw new Error(`Not a valid page name: ${name}`);
    if (!MAIL_LOCALES.includes(locale)) throw new Error(`No pages in locale ${String(locale)}`);
    const context = { ...model, documentTitle: model.documentTitle ?? model.title, locale, timeZone: model.shell?.timeZone ?? 'Europe/Stockholm' };
    const body = runTemplate(this.page(name), context, `pages/${name}.hbs`);
    return runTemplate(this.layout, { ...context, body }, 'layouts/app.html.hbs');
  }

  private page(name: string): Handlebars.TemplateDelegate {
    let page = this.pages.get(name);
    if (!page) {
      page = this.compile(`pages/${name}.hbs`);
      this.pages.set(name, page);
    }
    return page;
  }

  private compile(file: string): Handlebars.TemplateDelegate {
    return compileTemplateFile(this.handlebars, this.templatesDir, file);
  }
}
