import { addDays, dateIn, endOfDayIn, isCalendarDate, startOfDayIn, todayIn } from '../../src/platform/time/shop-calendar.js';

describe('the shop calendar', () => {
  it('ends a day at the next local midnight, in the shop zone', () => {
    expect(endOfDayIn('2026-12-07', 'America/New_York').toISOString()).toBe('2026-12-08T05:00:00.000Z');
    expect(endOfDayIn('2026-07-07', 'America/New_York').toISOString()).toBe('2026-07-08T04:00:00.000Z');
    expect(endOfDayIn('2026-12-07', 'Asia/Kolkata').toISOString()).toBe('2026-12-07T18:30:00.000Z');
  });

  it('knows days that are 23 or 25 hours long', () => {
    // Clocks go forward on 2026-03-08 and back on 2026-11-01 in New York.
    expect(endOfDayIn('2026-03-08', 'America/New_York').getTime() - startOfDayIn('2026-03-08', 'America/New_York').getTime()).toBe(23 * 3_600_000);
    expect(endOfDayIn('2026-11-01', 'America/New_York').getTime() - startOfDayIn('2026-11-01', 'America/New_York').getTime()).toBe(25 * 3_600_000);
  });

  it('reads "today" in the shop zone, not in UTC', () => {
    const lateEvening = new Date('2026-12-08T03:30:00Z');
    expect(todayIn('America/New_York', lateEvening)).toBe('2026-12-07');
    expect(dateIn(lateEvening, 'Europe/Paris')).toBe('2026-12-08');
  });

  it('adds days across months and leap years, and knows real dates', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 14)).toBe('2027-01-14');
    expect(isCalendarDate('2031-02-30')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });
});
