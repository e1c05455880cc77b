import { addDays } from '../../platform/time/shop-calendar.js';
import { managerError } from '../manager-errors.js';

/** The longest period a dashboard covers: a year and a day, so "the last 12 months" fits in a leap year. */
export const MAX_PERIOD_DAYS = 366;
/** A period not given is the 30 days up to today. */
export const DEFAULT_PERIOD_DAYS = 30;

export const SERIES_BUCKETS = ['day', 'week', 'month'] as const;
export type SeriesBucket = (typeof SERIES_BUCKETS)[number];

/**
 * Calendar days, both included. Each store's facts are counted by the days of its own time zone,
 * so `2026-11-01` is the 1st of November wherever each store is.
 */
export interface ReportPeriod {
  from: string;
  to: string;
  days: number;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The period asked for (or its defaults around `today`), refused when reversed or too long. */
export function periodOf(asked: { from?: string; to?: string }, today: string): ReportPeriod {
  const to = asked.to ?? today;
  const from = asked.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw managerError('PERIOD_REVERSED', `The period starts (${from}) after it ends (${to}).`, { from, to });
  const days = daysBetween(from, to) + 1;
  if (days > MAX_PERIOD_DAYS) throw managerError('PERIOD_TOO_LONG', `The period covers ${days} days; at most ${MAX_PERIOD_DAYS} are allowed.`, { from, to, days, maxDays: MAX_PERIOD_DAYS });
  return { from, to, days };
}

/**
 * Where a period's histograms are read: its whole calendar months from the month table, the days
 * before and after them from the day table (each range inclusive).
 */
export interface PeriodReading {
  months: { from: string; before: string } | null;
  dayRanges: { from: string; to: string }[];
}

export function readingOf({ from, to }: ReportPeriod): PeriodReading {
  const firstWholeMonth = from.endsWith('-01') ? from : firstOfNextMonth(from);
  const afterLastWholeMonth = addDays(to, 1).endsWith('-01') ? addDays(to, 1) : `${to.slice(0, 7)}-01`;
  if (firstWholeMonth >= afterLastWholeMonth) return { months: null, dayRanges: [{ from, to }] };
  const dayRanges = [
    ...(from < firstWholeMonth ? [{ from, to: addDays(firstWholeMonth, -1) }] : []),
    ...(afterLastWholeMonth <= to ? [{ from: afterLastWholeMonth, to }] : []),
  ];
  return { months: { from: firstWholeMonth, before: afterLastWholeMonth }, dayRanges };
}

function firstOfNextMonth(day: string): string {
  const [year, month] = day.split('-').map(Number);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** One point of a period series: the days it covers (clipped to the period) and how it is shown. */
export interface SeriesPoint {
  key: string;
  label: string;
  start: string;
  end: string;
}

/** The period cut into days, ISO weeks (Monday to Sunday) or calendar months, the first and last clipped to it. */
export function seriesPointsOf(period: ReportPeriod, bucket: SeriesBucket): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  let start = period.from;
  while (start <= period.to) {
    const natural = bucketEnd(start, bucket);
    const end = natural < period.to ? natural : period.to;
    points.push({ key: start, label: labelOf(start, bucket), start, end });
    start = addDays(end, 1);
  }
  return points;
}

/** The key (start day) of the point a day falls in. */
export function pointKeyOf(day: string, period: ReportPeriod, bucket: SeriesBucket): string {
  const natural = bucket === 'day' ? day : bucket === 'month' ? `${day.slice(0, 7)}-01` : addDays(day, -((weekday(day) + 6) % 7));
  return natural < period.from ? period.from : natural;
}

function bucketEnd(start: string, bucket: SeriesBucket): string {
  if (bucket === 'day') return start;
  if (bucket === 'week') return addDays(start, 6 - ((weekday(start) + 6) % 7));
  return addDays(firstOfNextMonth(start), -1);
}

function labelOf(start: string, bucket: SeriesBucket): string {
  if (bucket === 'day') return start;
  if (bucket === 'month') return start.slice(0, 7);
  const { year, week } = isoWeekOf(start);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** 0 = Sunday ... 6 = Saturday. */
function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

function isoWeekOf(day: string): { year: number; week: number } {
  // The ISO week's year is the year of its Thursday.
  const thursday = addDays(day, 3 - ((weekday(day) + 6) % 7));
  const year = Number(thursday.slice(0, 4));
  return { year, week: Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1 };
}
