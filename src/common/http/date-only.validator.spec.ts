import { isDateOnly } from './date-only.validator';

describe('isDateOnly', () => {
  it.each(['2026-11-26', '2024-02-29'])('accepts %s', (value) => expect(isDateOnly(value)).toBe(true));
  it.each(['2026-02-30', '2025-02-29', '2026-1-5', '2026-11-26T10:00:00Z', '', 20261126, null])(
    'rejects %p',
    (value) => expect(isDateOnly(value)).toBe(false),
  );
});
