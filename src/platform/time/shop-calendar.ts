/** Today's date (YYYY-MM-DD) in the shop's time zone: "today" at the counter, not in UTC. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Calendar arithmetic on YYYY-MM-DD dates. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** True for a YYYY-MM-DD date that exists (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The instant a calendar day starts in a time zone (midnight there, as UTC). */
export function startOfDayIn(isoDate: string, timeZone: string): Date {
  return instantAt(isoDate, '00:00', timeZone);
}

/** The instant a wall-clock time (HH:MM) of a calendar day is reached in a time zone. */
export function instantAt(isoDate: string, time: string, timeZone: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number);
  const [hours, minutes] = time.split(':').map(Number);
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hours, minutes);
  // The zone's offset at that wall-clock time; a second pass settles a DST change in between.
  let instant = wallClockAsUtc - offsetMs(wallClockAsUtc, timeZone);
  instant = wallClockAsUtc - offsetMs(instant, timeZone);
  return new Date(instant);
}

/** Minutes since local midnight of an instant in a time zone (0 to 1439). */
export function minuteOfDayIn(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).formatToParts(instant).map((part) => [part.type, part.value]),
  );
  return Number(parts.hour) * 60 + Number(parts.minute);
}

/** The instant a calendar day ends in a time zone: when something promised "by" that day is late. */
export function endOfDayIn(isoDate: string, timeZone: string): Date {
  return startOfDayIn(addDays(isoDate, 1), timeZone);
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant: Date, timeZone: string): string {
  return todayIn(timeZone, instant);
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}
