export enum MailErrorCode {
  TemplateFailed = 'MAIL.TEMPLATE_FAILED',
}

/**
 * A template could not be rendered: a missing file, a syntax error, a variable the data lacks
 * (templates compile in strict mode) or a helper given a bad value. The message names the
 * template file. It is a programming or deployment error, never the recipient's fault.
 */
export class MailTemplateError extends Error {
  readonly code = MailErrorCode.TemplateFailed;

  constructor(
    readonly template: string,
    cause: unknown,
  ) {
    super(`Template ${template}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MailTemplateError';
  }
}
