// Building an Intl formatter costs far more than using one; one is kept per time zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date (`YYYY-MM-DD`) at `instant` in `timeZone`: the one definition of "today in the
 * municipality" (the Clock, the digests and the SQL of the derived states all take it from here).
 */
export function localDate(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}

// The offset of a time zone at an instant, read from the zone's wall-clock time there.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    wallClockFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(instant).map(({ type, value }) => [type, Number(value)]));
  const wallClock = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
  return wallClock - Math.floor(instant / 1000) * 1000;
}

/**
 * The first instant of the calendar date `date` (`YYYY-MM-DD`) in `timeZone`: its local midnight,
 * or where a change of the clocks skips midnight, the first local time the day has. A filter "from
 * this day" starts here, so it means the same day everywhere the municipality reads it.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // Midnight by the offsets in force the day before and the day after: a change of the clocks on
  // the day lies between them. The earlier of the two that falls on the date is its start.
  const candidates = [offsetAt(utcMidnight - 86_400_000, timeZone), offsetAt(utcMidnight + 86_400_000, timeZone)]
    .map((offset) => utcMidnight - offset)
    .filter((instant) => localDate(new Date(instant), timeZone) === date)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? utcMidnight - offsetAt(utcMidnight, timeZone));
}

/**
 * The ISO 8601 week of a `YYYY-MM-DD` date: weeks start on Monday and week 1 is the one with the
 * year's first Thursday, so 2026-12-31 is in week 53 of 2026 and 2027-01-01 too.
 */
export function isoWeekOf(date: string): { year: number; week: number } {
  const day = new Date(`${date}T00:00:00Z`);
  // The Thursday of the same week decides the week's year.
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return { year: day.getUTCFullYear(), week: Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}

/** Whole days from one `YYYY-MM-DD` date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `YYYY-MM-DD` moved by a number of days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
