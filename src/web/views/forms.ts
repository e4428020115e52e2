import type { Type } from '@nestjs/common';
import { DomainError, ErrorDetail, ValidationFailedError } from '../../common/errors/domain-error';
import { failedRuleOf } from '../../common/errors/failed-rule';
import { createValidationPipe } from '../../common/http/validation.pipe';
import { catalogue, MailLocale } from '../../modules/mail';

const pipe = createValidationPipe();

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: ErrorDetail[] };

/**
 * A form or query checked by the same DTO and validation pipe as the API, so a page accepts
 * exactly what the API accepts and answers with the same messages, per field.
 */
export async function validate<T>(metatype: Type<T>, value: Record<string, unknown>, type: 'body' | 'query'): Promise<Validated<T>> {
  try {
    return { ok: true, value: (await pipe.transform(value, { type, metatype })) as T };
  } catch (error) {
    if (error instanceof ValidationFailedError) return { ok: false, errors: error.details ?? [{ message: error.message }] };
    throw error;
  }
}

/**
 * A service's refusal as errors for a form: field errors stay with their fields, anything else
 * (a closed plan, a stale version) goes to the summary with the message the API gives. A 403,
 * a 404 and anything but a domain error are thrown on, to the error pages.
 */
export function formErrorsOf(error: unknown): ErrorDetail[] {
  // Not found and not allowed are pages of their own, not a message beside a field.
  const status = error instanceof DomainError ? Number(error.status) : 500;
  if (!(error instanceof DomainError) || status >= 500 || status === 404 || status === 403) throw error;
  if (error.details && error.details.length > 0) return error.details;
  return [{ message: error.message, code: error.code }];
}

/** `targets[0].questionCode` and `targets.0.questionCode` alike: the id of its input, `targets-0-questionCode`. */
export function inputId(field: string): string {
  return field.replace(/[[\].]+/g, '-').replace(/-$/, '');
}

/** The message of one field, or null; the id of the input is the field's name. */
export function fieldError(errors: ErrorDetail[], field: string): string | null {
  return errors.find((error) => error.field !== undefined && inputId(error.field) === inputId(field))?.message ?? null;
}

/**
 * Errors as the error summary lists them: each with the id of the input it links to, in the
 * order of `fieldOrder` (the form's fields, top to bottom; `targets` stands for `targets[0].…`),
 * so the list reads as the form does. Fields it does not name keep their order, after it.
 */
export function summaryOf(errors: ErrorDetail[], fallbackField: string, fieldOrder: readonly string[] = []): { field: string; message: string }[] {
  const rank = (error: ErrorDetail) => {
    const at = fieldOrder.indexOf((error.field ?? fallbackField).split(/[[.]/)[0]);
    return at === -1 ? fieldOrder.length : at;
  };
  return errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => rank(a.error) - rank(b.error) || a.index - b.index)
    .map(({ error }) => ({ field: inputId(error.field ?? fallbackField), message: error.message }));
}

/** A form field as text: an absent or repeated field is read as empty or as its first value. */
export function text(value: unknown): string {
  if (Array.isArray(value)) return text(value[0]);
  return typeof value === 'string' ? value : '';
}

/**
 * The page's own words for each error where the catalogue has them: a text too long says its
 * limit (`errors.tooLong`); a rule of a field worded on its own, `<form>.ruleErrors.<field>.<rule>`;
 * otherwise, for a field, `<form>.errors.<field>` (indices left out: `targets[0].expectedPoints`
 * is `targets.expectedPoints`, else `expectedPoints`); for a refusal of the whole form,
 * `errors.codes.<CODE>` (`templates/i18n/<locale>.json`). Otherwise the API's message, which
 * names the problem.
 */
export function inLanguage(errors: ErrorDetail[], locale: MailLocale, form: string): ErrorDetail[] {
  const words = catalogue();
  return errors.map((error) => {
    const failed = failedRuleOf(error);
    // A field's own words say what to fill in; a text over its limit needs the limit instead.
    if (failed?.rule === 'maxLength' && failed.limit !== null) return { ...error, message: words.translate(locale, 'errors.tooLong', { count: failed.limit }) };
    const field = error.field ? withoutIndices(error.field).split('.').at(-1) : undefined;
    const ruleKey = failed && field ? `${form}.ruleErrors.${field}.${failed.rule}` : null;
    if (ruleKey && words.has(locale, ruleKey)) return { ...error, message: words.translate(locale, ruleKey) };
    const key = catalogueKeysOf(error, form).find((candidate) => words.has(locale, candidate));
    return key ? { ...error, message: words.translate(locale, key) } : error;
  });
}

/** A field's path as the catalogue names it: `targets[0].expectedPoints` and `targets.0.expectedPoints` are `targets.expectedPoints`. */
function withoutIndices(field: string): string {
  return field.replace(/\[\d+\]|\.\d+(?=\.)/g, '');
}

/** The catalogue keys that could word an error, best first. */
export function catalogueKeysOf(error: ErrorDetail, form: string): string[] {
  const field = error.field ? withoutIndices(error.field) : undefined;
  const keys = field ? [`${form}.errors.${field}`, `${form}.errors.${field.split('.').at(-1)}`] : [];
  if (typeof error.code === 'string') keys.push(`errors.codes.${error.code}`);
  return keys;
}
