import { addDays, daysBetween, localDate } from './local-date';

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
});
