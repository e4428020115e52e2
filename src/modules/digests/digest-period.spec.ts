import { digestIsDue, digestPeriodKey, isoWeekKey, localMoment } from './digest-period';

const stockholmMonday7 = { timezone: 'Europe/Stockholm', digestWeekday: 1, digestHour: 7 };

describe('digest periods', () => {
  it('names ISO weeks, including across the turn of the year', () => {
    expect(isoWeekKey('2026-11-26')).toBe('2026-W48');
    expect(isoWeekKey('2026-12-31')).toBe('2026-W53');
    expect(isoWeekKey('2027-01-03')).toBe('2026-W53');
    expect(isoWeekKey('2027-01-04')).toBe('2027-W01');
    expect(isoWeekKey('2024-12-30')).toBe('2025-W01');
  });

  it('reads weekday and hour in the municipality time zone', () => {
    // 06:00 UTC on Monday 30 November 2026 is 07:00 in Stockholm and 08:00 in Helsinki.
    const instant = new Date('2026-11-30T06:00:00Z');
    expect(localMoment(instant, 'Europe/Stockholm')).toEqual({ date: '2026-11-30', weekday: 1, hour: 7 });
    expect(localMoment(instant, 'Europe/Helsinki')).toEqual({ date: '2026-11-30', weekday: 1, hour: 8 });
    expect(localMoment(new Date('2026-11-29T23:30:00Z'), 'Europe/Stockholm')).toEqual({ date: '2026-11-30', weekday: 1, hour: 0 });
  });

  it('is due from Monday 07:00 local time until the week ends', () => {
    expect(digestIsDue(new Date('2026-11-30T05:00:00Z'), stockholmMonday7)).toBe(false); // 06:00
    expect(digestIsDue(new Date('2026-11-30T06:00:00Z'), stockholmMonday7)).toBe(true); // 07:00
    expect(digestIsDue(new Date('2026-12-01T10:00:00Z'), stockholmMonday7)).toBe(true); // Tuesday
    expect(digestIsDue(new Date('2026-11-29T22:00:00Z'), stockholmMonday7)).toBe(true); // Sunday 23:00, week 48 is due
    expect(digestIsDue(new Date('2026-11-29T23:30:00Z'), stockholmMonday7)).toBe(false); // Monday 00:30, week 49 not yet
    expect(digestIsDue(new Date('2026-12-02T06:00:00Z'), { timezone: 'Europe/Stockholm', digestWeekday: 3, digestHour: 8 })).toBe(false);
  });

  it('puts the same instant in the week of the municipality', () => {
    // Sunday 23:30 UTC is already Monday in Stockholm: the next week.
    const instant = new Date('2026-11-29T23:30:00Z');
    expect(digestPeriodKey(instant, 'UTC')).toBe('2026-W48');
    expect(digestPeriodKey(instant, 'Europe/Stockholm')).toBe('2026-W49');
  });
});
