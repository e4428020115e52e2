import type Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MailTemplateError } from './mail.errors';

/**
 * Reads and compiles one template file in strict mode, for e-mails and pages alike.
 * Handlebars.compile defers parsing to the first call; parsing here reports a syntax error when
 * the file is loaded, naming it, and compile reuses the parsed tree.
 */
export function compileTemplateFile(
  handlebars: typeof Handlebars,
  templatesDir: string,
  file: string,
  options: { noEscape?: boolean } = {},
): Handlebars.TemplateDelegate {
  try {
    const ast = handlebars.parse(readFileSync(join(templatesDir, file), 'utf8'));
    return handlebars.compile(ast, { strict: true, noEscape: options.noEscape ?? false });
  } catch (error) {
    throw new MailTemplateError(file, error);
  }
}

/** Runs a compiled template; a missing field or a helper's error names the template's file. */
export function runTemplate(template: Handlebars.TemplateDelegate, context: object, file: string): string {
  try {
    return template(context);
  } catch (error) {
    throw new MailTemplateError(file, error);
  }
}
