import { Injectable } from '@nestjs/common';
import type { CustomerNoticeRequest } from '../../workflows/shared/job-activities.js';
import type { JobKind } from '../../workflows/shared/job-model.js';
import { type NoticeKind, NoticeCatalog } from '../messaging/templates/notice-catalog.js';
import type { Store } from '../stores/store.entity.js';
import type { Job } from './job.entity.js';

/** What a notice's text may use: the job as projected, its store, the facts the workflow passed. */
export interface NoticeContext {
  job: Job;
  store: Store;
  trackingUrl: string;
  facts: CustomerNoticeRequest['facts'];
}

/** Values of a notice kind's own variables (the common ones are filled in by the job notices). */
export type NoticeValues = Record<string, string | undefined>;

/** Each job kind's module defines its customers' notices and their values; messaging only renders and delivers them. */
export interface NoticeComposer {
  readonly jobKind: JobKind;
  readonly kinds: readonly NoticeKind[];
  values(kind: string, context: NoticeContext): NoticeValues;
}

/** Where job modules register their composers (at start-up), and the job notices find them. */
@Injectable()
export class NoticeComposers {
  private readonly byKind = new Map<JobKind, NoticeComposer>();

  constructor(private readonly catalog: NoticeCatalog) {}

  register(composer: NoticeComposer): void {
    this.byKind.set(composer.jobKind, composer);
    this.catalog.register(composer.kinds);
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

/** A notice's amounts, in the currency the workflow named (else the store's). */
export function noticeMoney({ store, facts }: NoticeContext): (minor: unknown) => string {
  return (minor) => formatAmount(Number(minor ?? 0), String(facts.currency ?? store.currency));
}

/** A sentence about an amount, only when there is one (" Balance due: $85.00."): empty otherwise. */
export function amountNote(money: (minor: unknown) => string, minor: unknown, note: (amount: string) => string): string {
  return Number(minor ?? 0) > 0 ? note(money(minor)) : '';
}

/** What a delay notice says of the new date: the date when the job has one, else a promise to tell. */
export function delayNote(facts: NoticeContext['facts']): string {
  return facts.promisedBy ? ` We now expect it by ${formatDay(String(facts.promisedBy))}.` : " We'll let you know when it is ready.";
}
