import { ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidatorOptions } from 'class-validator';
import { ErrorDetail, ValidationFailedError } from '../errors/domain-error';
import { withRule } from '../errors/failed-rule';
import { fieldPath } from './field-path';
import { withoutSurroundingBlanks } from './transforms';

/** Where @nestjs/swagger keeps a DTO property's documented schema (`nullable` among it). */
const SWAGGER_PROPERTY_METADATA = 'swagger/apiModelProperties';

/** The widest whole number any column takes (Postgres `integer`); larger ones are never meant. */
export const LARGEST_ACCEPTED_NUMBER = 2_147_483_647;

/** class-validator's rules of what kind a value is, as opposed to its range or length. */
const KIND_RULES = new Set(['isInt', 'isNumber', 'isString', 'isBoolean', 'isUuid', 'isArray', 'isDate', 'isEmail']);

/** Left out, null, or only white space: what a person means by "not filled in". */
function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && withoutSurroundingBlanks(value) === '');
}

/** A property validated only under a condition (`@IsOptional`, `@ValidateIf`) is not required as such. */
function isConditional(target: object, property: string): boolean {
  return getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .some((metadata) => metadata.propertyName === property && metadata.type === ValidationTypes.CONDITIONAL_VALIDATION);
}

/**
 * One message per bad field. A required field that is missing or blank says "<field> is
 * required" (or the field's own message starting so, e.g. "comment is required when …"), not
 * whichever of its other constraints happened to fail first. Errors of the DTO's own rules carry
 * their target and value; the pipe's generic input checks carry neither and keep their message.
 */
function messageFor(error: ValidationError, field: string): { rule: string; message: string } | undefined {
  const constraints = Object.entries(error.constraints ?? {});
  if (constraints.length === 0) return undefined;
  // An unknown field is refused as such, whatever it holds.
  const whitelist = error.constraints?.[ValidationTypes.WHITELIST];
  if (whitelist) return { rule: ValidationTypes.WHITELIST, message: whitelist };
  if (error.target && isMissing(error.value)) {
    const own = constraints.find(([, message]) => message.startsWith(`${error.property} is required`));
    if (own) return { rule: 'required', message: own[1].replace(error.property, field) };
    if (!isConditional(error.target, error.property)) return { rule: 'required', message: `${field} is required` };
  }
  // A value of the wrong kind ("abc" for a number) says so, not that it is out of range.
  const [rule, message] = constraints.find(([name]) => KIND_RULES.has(name)) ?? constraints[0];
  return { rule, message };
}

/** The first argument of a rule of a DTO's property (the 300 of `@MaxLength(300)`), or null. */
function ruleLimit(error: ValidationError, rule: string): number | null {
  if (!error.target) return null;
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(error.target.constructor, '', true, false)
    .find((candidate) => candidate.propertyName === error.property && candidate.name === rule);
  const limit: unknown = metadata?.constraints?.[0];
  return typeof limit === 'number' ? limit : null;
}

function flatten(errors: ValidationError[], parentPath = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = fieldPath(parentPath, error.property);
    const failed = messageFor(error, field);
    const own: ErrorDetail[] = [];
    if (failed) {
      own.push(withRule({ field, message: failed.message }, failed.rule, ruleLimit(error, failed.rule)));
    }
    return own.concat(flatten(error.children ?? [], field));
  });
}

function isNullable(dto: object, property: string): boolean {
  const schema = Reflect.getMetadata(SWAGGER_PROPERTY_METADATA, dto, property) as { nullable?: boolean } | undefined;
  return schema?.nullable === true;
}

/** What is wrong with one value whatever its DTO's own rules say, or null. */
function inputProblem(owner: object, property: string, path: string, value: unknown): { rule: string; message: string } | null {
  if (value === null && !Array.isArray(owner) && owner.constructor !== Object && !isNullable(owner, property)) {
    // A DTO class's property: null only where the contract says `nullable`.
    return { rule: 'notNull', message: `${path} must not be null` };
  }
  if (typeof value === 'string' && value.includes('\u0000')) {
    return { rule: 'noNulCharacter', message: `${path} must not contain NUL characters` };
  }
  if (typeof value === 'number' && Math.abs(value) > LARGEST_ACCEPTED_NUMBER) {
    return { rule: 'notTooLarge', message: `${path} must be between -${LARGEST_ACCEPTED_NUMBER} and ${LARGEST_ACCEPTED_NUMBER}` };
  }
  return null;
}

/**
 * The checks every request value gets on top of its DTO's rules, so that nothing reaches the
 * database that it would refuse with an error: explicit `null` where the contract has no
 * `nullable`, NUL characters (Postgres text cannot hold them) and numbers beyond any column.
 */
function inputErrors(value: unknown, parentPath = '', seen = new Set<object>()): ValidationError[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const errors: ValidationError[] = [];
  for (const [property, inner] of Object.entries(value)) {
    const path = fieldPath(parentPath, property);
    const problem = inputProblem(value, property, path, inner);
    if (problem) {
      errors.push({ property, constraints: { [problem.rule]: problem.message }, children: [] });
      continue;
    }
    const children = inputErrors(inner, path, seen);
    if (children.length > 0) errors.push({ property, children });
  }
  return errors;
}

/**
 * Validates and transforms DTOs; unknown fields are rejected. Each bad field gets one message
 * (see `messageFor`), so a form can show it beside the field.
 */
class RequestValidationPipe extends ValidationPipe {
  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const ruleErrors = await super.validate(object, validatorOptions);
    const reported = new Set(ruleErrors.map((error) => error.property));
    return ruleErrors.concat(inputErrors(object).filter((error) => !reported.has(error.property)));
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Every failed rule is collected so a missing field can be told by its "is required" message;
    // the answer still carries one message per field, and neither targets nor values.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}
