import { addDays, daysBetween, localDate, startOfLocalDay } from './local-date';

describe('local dates', () => {
  it('gives the date where the municipality is, not in UTC', () => {
    const lateEvening = new Date('2026-11-29T23:30:00Z');
    expect(localDate(lateEvening, 'Europe/Stockholm')).toBe('2026-11-30');
    expect(localDate(lateEvening, 'UTC')).toBe('2026-11-29');
    expect(localDate(lateEvening, 'America/New_York')).toBe('2026-11-29');
  });

  it('counts days across a daylight saving change', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-12-01', '2026-11-26')).toBe(-5);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });

  it('starts a day at its local midnight, on the days the clocks change too', () => {
    expect(startOfLocalDay('2026-11-30', 'Europe/Stockholm').toISOString()).toBe('2026-11-29T23:00:00.000Z');
    expect(startOfLocalDay('2026-06-15', 'Europe/Stockholm').toISOString()).toBe('2026-06-14T22:00:00.000Z');
    // Summer time begins at 02:00 on 29 March and ends at 03:00 on 25 October: midnight is still winter, then summer time.
    expect(startOfLocalDay('2026-03-29', 'Europe/Stockholm').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay('2026-03-30', 'Europe/Stockholm').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfLocalDay('2026-10-25', 'Europe/Stockholm').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfLocalDay('2026-10-26', 'Europe/Stockholm').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    // Where the clocks skip midnight (Santiago, 6 September 2026), the day starts at 01:00.
    expect(startOfLocalDay('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });
});
