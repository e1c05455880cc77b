import type { PromisedDate } from '../../workflows/shared/promised-date.js';
import type { StorePolicy } from '../../workflows/shared/store-policy.js';
import { validationFailed } from '../platform/http/validation.js';
import { addDays, endOfDayIn, isCalendarDate, todayIn } from '../platform/time/shop-calendar.js';
import type { Store } from '../stores/store.entity.js';
import { jobError } from './job-errors.js';

/**
 * A promised date in the store's calendar, as a job's workflow keeps it: the day, the instant it
 * ends there, and whether it is a rush (sooner than the store's default: a manager's call).
 */
export function promiseFor(requested: string | undefined, store: Store, policy: StorePolicy, field = 'promisedBy', now = new Date()): PromisedDate {
  const today = todayIn(store.timeZone, now);
  const standard = addDays(today, policy.defaultPromiseDays);
  const date = requested ?? standard;
  if (!isCalendarDate(date)) throw validationFailed([{ field, problems: [`${field} must be a real calendar date`] }]);
  if (date < today) throw jobError('PROMISED_DATE_IN_PAST', `The promised date ${date} is before today (${today}) in ${store.name}.`, { field });
  return { date, deadlineAt: endOfDayIn(date, store.timeZone).toISOString(), rush: date < standard };
}

/** A date in the store's calendar as the end of that day there (an expected return, say). */
export function endOfStoreDay(date: string, store: Store, field: string, now = new Date()): { date: string; at: string } {
  if (!isCalendarDate(date)) throw validationFailed([{ field, problems: [`${field} must be a real calendar date`] }]);
  if (date < todayIn(store.timeZone, now)) throw validationFailed([{ field, problems: [`${field} must not be in the past`] }]);
  return { date, at: endOfDayIn(date, store.timeZone).toISOString() };
}

/**
 * Where the work's lead times end if it starts today: the new promise when that is later than the
 * current one (undefined when the current promise holds).
 */
export function promiseAfterLeadTimes(leadDays: number, current: string | null | undefined, store: Store, now = new Date()): PromisedDate | undefined {
  const date = addDays(todayIn(store.timeZone, now), leadDays);
  if (current && date <= current) return undefined;
  return { date, deadlineAt: endOfDayIn(date, store.timeZone).toISOString(), rush: false };
}
