import { isoWeekOf, localDate } from '../../common/local-date';

/** Local calendar fields of an instant in a time zone. */
export interface LocalMoment {
  date: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  hour: number;
}

// Building an Intl formatter costs far more than using one; one is kept per time zone.
const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** The date is `localDate`'s, the one definition of "today in the municipality". */
export function localMoment(instant: Date, timeZone: string): LocalMoment {
  let format = hourFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
    hourFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return { date: localDate(instant, timeZone), weekday: weekdays.indexOf(parts.weekday) + 1, hour: Number(parts.hour) };
}

/** The ISO week of a `YYYY-MM-DD` date, as `2026-W48`. */
export function isoWeekKey(date: string): string {
  const { year, week } = isoWeekOf(date);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The digest week of a municipality at `instant`. */
export function digestPeriodKey(instant: Date, timeZone: string): string {
  return isoWeekKey(localMoment(instant, timeZone).date);
}

/**
 * True once the municipality's digest weekday and hour have come in the current ISO week. A tick
 * after downtime later in the week is still due, so a missed hour is caught up, once.
 */
export function digestIsDue(instant: Date, schedule: { timezone: string; digestWeekday: number; digestHour: number }): boolean {
  const local = localMoment(instant, schedule.timezone);
  return local.weekday > schedule.digestWeekday || (local.weekday === schedule.digestWeekday && local.hour >= schedule.digestHour);
}
