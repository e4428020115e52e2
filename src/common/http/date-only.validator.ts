import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_ONLY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDateOnly',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) => `${args.property} must be a date written YYYY-MM-DD`,
        ...options,
      },
      validator: { validate: (value: unknown) => isDateOnly(value) },
    });
}

/**
 * A date that must not come before another date of the same object (a plan's due date and its
 * start date). Checked only when both are dates, so a missing or malformed one gets its own
 * message alone; where the other date is not sent (a partial update), the service compares
 * with the stored one.
 */
export function IsNotBeforeDate(otherProperty: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotBeforeDate',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [otherProperty],
      options: {
        message: (args: ValidationArguments) => `${args.property} must not be before ${otherProperty}`,
        ...options,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const other = (args.object as Record<string, unknown>)[otherProperty];
          return !isDateOnly(value) || !isDateOnly(other) || value >= other;
        },
      },
    });
}
