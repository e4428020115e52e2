// class-transformer helpers for request DTOs: `@Transform(trim)`.

type Input = { value: unknown };

/** White space and invisible format characters (a zero-width space, a byte-order mark) at either end. */
const SURROUNDING_BLANKS = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu;

/** The text without what surrounds it unseen; a text of nothing else is blank (""). */
export function withoutSurroundingBlanks(text: string): string {
  return text.replace(SURROUNDING_BLANKS, '');
}

/** Surrounding white space is never meant: "  Anna " is "Anna", and a comment of a zero-width space is none. */
export const trim = ({ value }: Input) => (typeof value === 'string' ? withoutSurroundingBlanks(value) : value);

/** Query strings carry booleans as text. Anything but "true"/"false" is left for the validator to reject. */
export const toBoolean = ({ value }: Input) => (value === 'true' ? true : value === 'false' ? false : value);

/** `?status=planned,in_progress` as a list. */
export const toList = ({ value }: Input) => (typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value);
