import { addDays, dateIn, instantAt, minuteOfDayIn } from './shop-calendar.js';

/** Local wall-clock times (HH:MM, 24 h) between which no text is sent; `start` after `end` spans midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

/**
 * When a text written at `now` may go out: `now` itself outside quiet hours, else the end of the
 * quiet period in the recipient's time zone (the next morning for a night-time text).
 */
export function sendableAt(now: Date, timeZone: string, quiet: QuietHours): Date {
  const minute = minuteOfDayIn(now, timeZone);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return now;
  const spansMidnight = start > end;
  const isQuiet = spansMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!isQuiet) return now;
  const today = dateIn(now, timeZone);
  const endDay = spansMidnight && minute >= start ? addDays(today, 1) : today;
  return instantAt(endDay, quiet.end, timeZone);
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}
