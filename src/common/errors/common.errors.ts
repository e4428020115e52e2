/**
 * Codes of errors that belong to no feature: malformed requests, and what Nest and the auth guard
 * raise. Each module keeps its own codes in its `*.errors.ts`.
 *
 * The status rule, the same in every module:
 * - 400: the request is malformed or a field's value is not acceptable for that field (`details`
 *   names each field, as `targets[0].expectedPoints`);
 * - 404: the resource in the path, or one the body names by id, does not exist or is another
 *   municipality's;
 * - 409: the resource exists but its state forbids the change (a stale version, a closed plan);
 * - 422: every field is well-formed and every resource named exists, but together they are not
 *   acceptable (a strength given where only improvements and weaknesses can go, a text that is not
 *   a report).
 */
export enum CommonErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  InvalidId = 'INVALID_ID',
  Unauthenticated = 'AUTH.UNAUTHENTICATED',
  Forbidden = 'AUTH.FORBIDDEN',
  InternalError = 'INTERNAL_ERROR',
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
}
