import { defineEntity, p } from '@mikro-orm/core';

/*
 * The managers' reporting tables: derived from the journal (`job_events`) and the payments ledger
 * by the triggers of Migration20261203200000 (`report_job_events_fn`, `report_payments_fn`), never
 * written by the application. Each fact is counted once: a trigger sees only rows the statement
 * really inserted (`job_events` is append-only, one row per (job, sequence)), and the per-job and
 * per-approval rows gate every counter they feed (a row already finished or decided adds nothing).
 * Days are calendar days in the store's time zone when the fact was recorded.
 */

/** One row per job: when it was taken in and, once it has left the shop, how its time was spent. */
const ReportJobSchema = defineEntity({
  name: 'ReportJob',
  tableName: 'report_jobs',
  // What the jobs export pages through, per store, in time order.
  indexes: [
    { name: 'report_jobs_taken_in_index', properties: ['storeId', 'takenInAt', 'jobId'] },
    { name: 'report_jobs_finished_index', properties: ['storeId', 'finishedAt', 'jobId'] },
  ],
  properties: {
    jobId: p.uuid().primary(),
    storeId: p.uuid(),
    kind: p.string().length(20),
    takenInAt: p.datetime(),
    /** The journal's stage change into a closing stage (a repair picked up; an order delivered or cancelled). */
    finishedAt: p.datetime().nullable(),
    finishStage: p.string().length(40).nullable(),
    /** `completed` (the work passed its quality check), `returned` (unrepaired) or `cancelled`. */
    outcome: p.string().length(20).nullable(),
    /** The last passed quality check before it finished: when the piece was ready. */
    readyAt: p.datetime().nullable(),
    /** The promised day (store's calendar) the job was held to when it finished. */
    promisedOn: p.date().nullable(),
    /** Ready on or before the promised day; null unless completed with a promise. */
    onTime: p.boolean().nullable(),
    endToEndMs: p.bigint('number').nullable(),
    /** Milliseconds spent in each stage before it finished, revisits summed: `{"in_work": 5400000}`. */
    stageMs: p.json<Record<string, number>>().nullable(),
  },
});
export class ReportJob extends ReportJobSchema.class {}
ReportJobSchema.setClass(ReportJob);

/**
 * Durations as log-scale histograms (8 buckets per doubling, see `duration-histogram.ts`) per day:
 * `figure` is `stage:<stage>` or `end_to_end` (finished jobs, by the day they finished) or
 * `approval:<subject>:<outcome>` (decisions, by the day decided). Each is counted for its store and
 * again under EVERY_STORE (the nil UUID, `report-scope.ts`), which the whole chain's view reads.
 */
const ReportDurationDaySchema = defineEntity({
  name: 'ReportDurationDay',
  tableName: 'report_duration_days',
  properties: {
    day: p.date().primary(),
    storeId: p.uuid().primary(),
    kind: p.string().length(20).primary(),
    figure: p.string().length(80).primary(),
    bucket: p.smallint().primary(),
    samples: p.integer(),
    totalMs: p.bigint('number'),
  },
});
export class ReportDurationDay extends ReportDurationDaySchema.class {}
ReportDurationDaySchema.setClass(ReportDurationDay);

/** The same histograms per calendar month: a long period reads its whole months here. */
const ReportDurationMonthSchema = defineEntity({
  name: 'ReportDurationMonth',
  tableName: 'report_duration_months',
  properties: {
    month: p.date().primary(),
    storeId: p.uuid().primary(),
    kind: p.string().length(20).primary(),
    figure: p.string().length(80).primary(),
    bucket: p.smallint().primary(),
    samples: p.integer(),
    totalMs: p.bigint('number'),
  },
});
export class ReportDurationMonth extends ReportDurationMonthSchema.class {}
ReportDurationMonthSchema.setClass(ReportDurationMonth);

/** Jobs finished per day, by outcome, and how many of the completed ones were ready by their promised day. */
const ReportFinishDaySchema = defineEntity({
  name: 'ReportFinishDay',
  tableName: 'report_finish_days',
  properties: {
    day: p.date().primary(),
    storeId: p.uuid().primary(),
    kind: p.string().length(20).primary(),
    finished: p.integer(),
    completed: p.integer(),
    returned: p.integer(),
    cancelled: p.integer(),
    /** Completed jobs that had a promised date. */
    promised: p.integer(),
    onTime: p.integer(),
  },
});
export class ReportFinishDay extends ReportFinishDaySchema.class {}
ReportFinishDaySchema.setClass(ReportFinishDay);

/** Quality checks per day and artisan: who last finished the work each check examined (also under EVERY_STORE). */
const ReportQualityDaySchema = defineEntity({
  name: 'ReportQualityDay',
  tableName: 'report_quality_days',
  properties: {
    day: p.date().primary(),
    storeId: p.uuid().primary(),
    kind: p.string().length(20).primary(),
    /** `staff:<id>`, `vendor:<name>`, or `unknown` (no finished work recorded before the check). */
    artisanKey: p.string().length(140).primary(),
    artisanKind: p.string().length(10),
    artisanName: p.string().length(100),
    checks: p.integer(),
    failures: p.integer(),
  },
});
export class ReportQualityDay extends ReportQualityDaySchema.class {}
ReportQualityDaySchema.setClass(ReportQualityDay);

/** Every approval a job asked for (or gave itself), paired with its decision. */
const ReportApprovalSchema = defineEntity({
  name: 'ReportApproval',
  tableName: 'report_approvals',
  properties: {
    jobId: p.uuid().primary(),
    approvalId: p.string().length(40).primary(),
    storeId: p.uuid(),
    kind: p.string().length(20),
    /** `estimate`, `design` or `try_on`. */
    subject: p.string().length(20),
    /** Null for an approval given at once (under the go-ahead limit): never put to the customer. */
    requestedAt: p.datetime().nullable(),
    decidedAt: p.datetime().nullable(),
    outcome: p.string().length(20).nullable(),
  },
});
export class ReportApproval extends ReportApprovalSchema.class {}
ReportApprovalSchema.setClass(ReportApproval);

/** Money recorded per day (the payments ledger), by job kind, payment kind and currency; refunds negative. */
const ReportRevenueDaySchema = defineEntity({
  name: 'ReportRevenueDay',
  tableName: 'report_revenue_days',
  properties: {
    day: p.date().primary(),
    storeId: p.uuid().primary(),
    jobKind: p.string().length(20).primary(),
    paymentKind: p.string().length(20).primary(),
    currency: p.string().length(3).primary(),
    amountMinor: p.bigint('number'),
    payments: p.integer(),
  },
});
export class ReportRevenueDay extends ReportRevenueDaySchema.class {}
ReportRevenueDaySchema.setClass(ReportRevenueDay);

/**
 * Each customer's payments less refunds, per store, job kind (and `*`: every kind) and currency:
 * lifetime value. Follows merges (a merge moves payments, and the trigger moves their value).
 */
const ReportCustomerValueSchema = defineEntity({
  name: 'ReportCustomerValue',
  tableName: 'report_customer_values',
  // A store's most valuable customers straight off the index (read backwards).
  indexes: [{ name: 'report_customer_values_rank_index', properties: ['storeId', 'jobKind', 'currency', 'netMinor', 'customerId'] }],
  properties: {
    storeId: p.uuid().primary(),
    customerId: p.uuid().primary(),
    jobKind: p.string().length(20).primary(),
    currency: p.string().length(3).primary(),
    netMinor: p.bigint('number'),
    paidMinor: p.bigint('number'),
    refundedMinor: p.bigint('number'),
    payments: p.integer(),
    lastPaymentAt: p.datetime().nullable(),
  },
});
export class ReportCustomerValue extends ReportCustomerValueSchema.class {}
ReportCustomerValueSchema.setClass(ReportCustomerValue);

/** The same across every store: the chain's most valuable customers off one index. */
const ReportCustomerTotalSchema = defineEntity({
  name: 'ReportCustomerTotal',
  tableName: 'report_customer_totals',
  indexes: [{ name: 'report_customer_totals_rank_index', properties: ['jobKind', 'currency', 'netMinor', 'customerId'] }],
  properties: {
    customerId: p.uuid().primary(),
    jobKind: p.string().length(20).primary(),
    currency: p.string().length(3).primary(),
    netMinor: p.bigint('number'),
    paidMinor: p.bigint('number'),
    refundedMinor: p.bigint('number'),
    payments: p.integer(),
    lastPaymentAt: p.datetime().nullable(),
  },
});
export class ReportCustomerTotal extends ReportCustomerTotalSchema.class {}
ReportCustomerTotalSchema.setClass(ReportCustomerTotal);

/** Messages about jobs per store day (of when they were written), job kind, channel and outcome as their status stands now. */
const ReportMessageDaySchema = defineEntity({
  name: 'ReportMessageDay',
  tableName: 'report_message_days',
  properties: {
    day: p.date().primary(),
    storeId: p.uuid().primary(),
    jobKind: p.string().length(20).primary(),
    channel: p.string().length(10).primary(),
    outcome: p.string().length(20).primary(),
    messages: p.integer(),
  },
});
export class ReportMessageDay extends ReportMessageDaySchema.class {}
ReportMessageDaySchema.setClass(ReportMessageDay);

export const REPORT_ENTITIES = [ReportJob, ReportDurationDay, ReportDurationMonth, ReportFinishDay, ReportQualityDay, ReportApproval, ReportRevenueDay, ReportCustomerValue, ReportCustomerTotal, ReportMessageDay];
