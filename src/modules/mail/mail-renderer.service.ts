import { Inject, Injectable, Optional } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAIL_LOCALES, MAIL_TEMPLATES_DIR, MailLocale } from './mail.constants';
import { MailTemplateError } from './mail.errors';
import { registerMailHelpers } from './mail.helpers';
import { catalogue } from './catalogue';
import { findTemplatesDir } from './templates-dir';
import { compileTemplateFile, runTemplate } from './template-files';

export { findTemplatesDir };

/** What the shared layout says at the bottom of every e-mail; the caller knows why it was sent. */
export interface MailFooter {
  /** Why the recipient gets this e-mail, e.g. "You get this weekly digest as manager in Avesta kommun." */
  reason: string;
  /** How to stop it, e.g. "Turn the digest off under Settings:"; followed by `settingsUrl`. */
  howToStop: string;
  /** Inställningar; null in an e-mail to someone who cannot sign in yet (an invitation). */
  settingsUrl: string | null;
}

/**
 * The data every e-mail needs; each template adds its own fields. Strict compilation makes a
 * field the template uses but the data lacks an error, so pass `null` for "none", never omit.
 */
export interface MailTemplateData {
  footer: MailFooter;
  /** IANA zone for `formatDate`; Europe/Stockholm when absent. */
  timeZone?: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  /** The language it is written in, the recipient's: the sender states it as `Content-Language`. */
  locale: MailLocale;
}

type Part = 'subject' | 'html' | 'text';

interface CompiledMail {
  subject: Handlebars.TemplateDelegate;
  html: Handlebars.TemplateDelegate;
  text: Handlebars.TemplateDelegate;
}

/** Mail names are folder names chosen in code; the pattern keeps them from leaving `emails/`. */
const MAIL_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Renders an e-mail from `templates/emails/<name>/{subject,html,text}.hbs` inside the shared
 * layout `templates/layouts/email.{html,text}.hbs`. One template per e-mail for every language:
 * its words come from the catalogue (`{{t "mail.…"}}`, `templates/i18n/<locale>.json`), the same
 * catalogue pages use, so a status or a traffic light reads the same everywhere.
 *
 * Escaping: HTML templates (`html.hbs`, the HTML layout, `partials/*.html.hbs`) escape
 * `{{ }}`. Text that users typed (names, comments, titles) must only ever be output with `{{ }}`
 * there, never with `{{{ }}}`, which is kept for HTML this service builds itself (the body inside
 * the layout). Subject and text templates are not HTML, so they are compiled with `noEscape` and
 * show `&` and `<` as typed.
 */
@Injectable()
export class MailRenderer {
  /** Its own environment, so helpers and partials registered here cannot clash with anyone else's. */
  private readonly handlebars = Handlebars.create();
  private readonly templatesDir: string;
  private readonly layouts: { html: Handlebars.TemplateDelegate; text: Handlebars.TemplateDelegate };
  private readonly mails = new Map<string, CompiledMail>();

  constructor(@Optional() @Inject(MAIL_TEMPLATES_DIR) templatesDir?: string) {
    this.templatesDir = templatesDir ?? findTemplatesDir(__dirname);
    registerMailHelpers(this.handlebars);
    // Statuses and traffic lights in the words pages and exports use (templates/i18n).
    catalogue().registerHelper(this.handlebars);
    this.registerPartials();
    this.layouts = {
      html: this.compileFile('layouts/email.html.hbs', 'html'),
      text: this.compileFile('layouts/email.text.hbs', 'text'),
    };
  }

  /**
   * Renders the three parts of e-mail `name` in `locale`. The data is also the context of the
   * layout (which reads `footer` and `subject`); `locale` is added to it for the helpers.
   * Throws MailTemplateError naming the template when anything is missing or wrong.
   */
  render<T extends MailTemplateData>(name: string, locale: MailLocale, data: T): RenderedMail {
    const mail = this.compiledMail(name, locale);
    // Strict mode does not catch a missing object on a dotted path (`footer.reason`) by its name.
    if (typeof data?.footer !== 'object' || data.footer === null) {
      throw new MailTemplateError('layouts/email', new Error('data.footer is required: every e-mail says why it was sent and how to stop it'));
    }
    const context = { ...data, locale };
    const file = (part: Part) => `emails/${name}/${part}.hbs`;

    // A subject is one header line: template line breaks and typed newlines must not split it.
    const subject = runTemplate(mail.subject, context, file('subject')).replace(/\s+/g, ' ').trim();
    const htmlBody = runTemplate(mail.html, context, file('html'));
    const textBody = runTemplate(mail.text, context, file('text'));
    return {
      subject,
      html: runTemplate(this.layouts.html, { ...context, subject, body: htmlBody }, 'layouts/email.html.hbs'),
      text: tidyText(runTemplate(this.layouts.text, { ...context, subject, body: tidyText(textBody) }, 'layouts/email.text.hbs')),
      locale,
    };
  }

  /** Reads and compiles an e-mail's files on first use; later renders reuse the compiled functions. */
  private compiledMail(name: string, locale: MailLocale): CompiledMail {
    if (!MAIL_NAME.test(name)) throw new MailTemplateError(`emails/${name}`, new Error('not a valid mail name'));
    if (!MAIL_LOCALES.includes(locale)) throw new MailTemplateError(`emails/${name}`, new Error(`unknown locale ${String(locale)}`));
    let mail = this.mails.get(name);
    if (!mail) {
      mail = {
        subject: this.compileFile(`emails/${name}/subject.hbs`, 'text'),
        html: this.compileFile(`emails/${name}/html.hbs`, 'html'),
        text: this.compileFile(`emails/${name}/text.hbs`, 'text'),
      };
      this.mails.set(name, mail);
    }
    return mail;
  }

  /**
   * `partials/<name>.html.hbs` and `partials/<name>.text.hbs` become `{{> <name>.html}}` and
   * `{{> <name>.text}}`. They are registered already compiled, each with the escaping of its
   * kind (`.text` without). Registered as source, Handlebars would compile a partial with the options of the
   * first template that used it and keep that, whatever kind of template used it next.
   */
  private registerPartials(): void {
    const dir = join(this.templatesDir, 'partials');
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir).sort()) {
      if (!entry.endsWith('.hbs')) continue;
      const name = entry.slice(0, -'.hbs'.length);
      this.handlebars.registerPartial(name, this.compileFile(`partials/${entry}`, name.endsWith('.text') ? 'text' : 'html'));
    }
  }

  private compileFile(file: string, kind: 'html' | 'text'): Handlebars.TemplateDelegate {
    return compileTemplateFile(this.handlebars, this.templatesDir, file, { noEscape: kind === 'text' });
  }
}

/** Template logic leaves trailing spaces and runs of blank lines; a plain-text reader sees them. */
function tidyText(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
