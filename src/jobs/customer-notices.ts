import type { CustomerNoticeRequest } from '../../workflows/shared/job-activities.js';
import type { JobKind } from '../../workflows/shared/job-model.js';
import type { Store } from '../stores/store.entity.js';
import type { Job } from './job.entity.js';

/** What a notice's text may use: the job as projected, its store, the facts the workflow passed. */
export interface NoticeContext {
  job: Job;
  store: Store;
  trackingUrl: string;
  facts: CustomerNoticeRequest['facts'];
}

/** The text of one notice; `undefined` when this kind says nothing to the customer. */
export type NoticeText = { sms: string } | undefined;

/** Each job kind's module writes its own customers' messages; messaging only delivers them. */
export interface NoticeComposer {
  readonly jobKind: JobKind;
  compose(kind: string, context: NoticeContext): NoticeText;
}

/** Where job modules register their composers (at start-up), and the job notices find them. */
export class NoticeComposers {
  private readonly byKind = new Map<JobKind, NoticeComposer>();

  register(composer: NoticeComposer): void {
    this.byKind.set(composer.jobKind, composer);
  }

  of(kind: JobKind): NoticeComposer {
    const composer = this.byKind.get(kind);
    if (!composer) throw new Error(`No notice composer is registered for ${kind} jobs`);
    return composer;
  }
}

/** Dates as customers read them ("Dec 7"): a date-only value, formatted in UTC so no zone moves it. */
export function formatDay(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

export function formatAmount(amountMinor: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amountMinor / 100);
}
