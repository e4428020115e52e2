import type { ErrorDetail } from './domain-error';

/**
 * The rule a field failed (`required`, `maxLength`, `unique`, …) and, for a length, its limit, by
 * the error detail that reports it. Pages word some rules their own way ("Skriv högst 300
 * tecken", "Varje delfråga kan bara vara mål en gång"); the API's answer stays `{ field, message }`.
 */
const failedRules = new WeakMap<ErrorDetail, FailedRule>();

export interface FailedRule {
  rule: string;
  limit: number | null;
}

/** Records which rule `detail` reports, and gives it back. */
export function withRule<T extends ErrorDetail>(detail: T, rule: string, limit: number | null = null): T {
  failedRules.set(detail, { rule, limit });
  return detail;
}

export function failedRuleOf(detail: ErrorDetail): FailedRule | undefined {
  return failedRules.get(detail);
}
