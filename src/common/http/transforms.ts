// class-transformer helpers for request DTOs: `@Transform(trim)`.

type Input = { value: unknown };

/** Surrounding white space is never meant: "  Anna " is "Anna". */
export const trim = ({ value }: Input) => (typeof value === 'string' ? value.trim() : value);

/** Query strings carry booleans as text. Anything but "true"/"false" is left for the validator to reject. */
export const toBoolean = ({ value }: Input) => (value === 'true' ? true : value === 'false' ? false : value);

/** `?status=planned,in_progress` as a list. */
export const toList = ({ value }: Input) => (typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value);
