import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_KINDS } from '../jobs/job.entity.js';
import { SERIES_BUCKETS } from './reporting/report-period.js';

/*
 * Every dashboard answers in one chart shape: an x axis (`x`, labelled points: stages, days,
 * artisans, channels...) and labelled `series` of values aligned with it, each with its unit.
 * Durations are seconds, money integer minor units with its currency, rates a numerator and a
 * denominator with their ratio (null when nothing was counted).
 */

export const CHART_UNITS = ['jobs', 'checks', 'decisions', 'messages', 'payments', 'seconds', 'ratio', 'minor_units'] as const;

export class ScopeView {
  @ApiProperty({ description: 'Every store the viewer may see (an owner: every store).' }) allStores!: boolean;
  @ApiProperty({ type: [String], description: 'The stores covered, when not all of them.' }) storeIds!: string[];
  @ApiPropertyOptional({ enum: JOB_KINDS, nullable: true, type: String, description: 'Null: both kinds of job.' }) kind!: string | null;
}

export class PeriodView {
  @ApiProperty({ format: 'date', example: '2026-11-01' }) from!: string;
  @ApiProperty({ format: 'date', example: '2026-11-30' }) to!: string;
  @ApiProperty({ example: 30, description: "Calendar days, both ends included; each store's days are its own time zone's." }) days!: number;
}

export class ChartPointView {
  @ApiProperty({ example: 'in_work' }) key!: string;
  @ApiProperty({ example: 'At the bench' }) label!: string;
  @ApiPropertyOptional({ format: 'date', description: 'A period point: its first day.' }) start?: string;
  @ApiPropertyOptional({ format: 'date', description: 'A period point: its last day.' }) end?: string;
  @ApiPropertyOptional({ enum: ['staff', 'vendor', 'unknown'], description: 'An artisan: a staff member or a vendor.' }) kind?: string;
}

export class ChartSeriesView {
  @ApiProperty({ example: 'p50Seconds' }) key!: string;
  @ApiProperty({ example: 'Median' }) label!: string;
  @ApiProperty({ enum: CHART_UNITS }) unit!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'USD', description: 'Money: its ISO currency.' }) currency?: string | null;
  @ApiProperty({ type: [Number], nullable: true, description: 'One value per point of `x`, in order; null where nothing was measured.' }) values!: (number | null)[];
}

export class RateView {
  @ApiProperty({ example: 17 }) numerator!: number;
  @ApiProperty({ example: 20 }) denominator!: number;
  @ApiProperty({ nullable: true, type: Number, example: 0.85, description: 'numerator / denominator; null when the denominator is 0.' }) ratio!: number | null;
}

export class DurationView {
  @ApiProperty({ example: 40, description: 'How many durations were measured.' }) samples!: number;
  @ApiProperty({ nullable: true, type: Number, example: 259200, description: 'Exact mean, in seconds (to the millisecond).' }) meanSeconds!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 172800, description: 'Median, in seconds (see `percentiles`).' }) p50Seconds!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 432000, description: '90th percentile, in seconds (see `percentiles`).' }) p90Seconds!: number | null;
}

export class PercentileMethodView {
  @ApiProperty() method!: string;
  @ApiProperty({ example: 0.0625, description: 'A reported percentile is within this share of the exact one.' }) relativePrecision!: number;
}

// ---- Jobs by stage, now ----

export class StageChartView {
  @ApiProperty({ enum: JOB_KINDS }) kind!: string;
  @ApiProperty({ example: 'Repairs' }) label!: string;
  @ApiProperty({ example: 9 }) total!: number;
  @ApiProperty({ type: [ChartPointView], description: "The stages an open job can be in, in the stage table's order." }) x!: ChartPointView[];
  @ApiProperty({ type: [ChartSeriesView], description: '`jobs`: open jobs in each stage.' }) series!: ChartSeriesView[];
}

export class StagesNowView {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: ScopeView }) scope!: ScopeView;
  @ApiProperty({ example: 12, description: 'Open jobs (the shop still holds or owes them).' }) total!: number;
  @ApiProperty({ type: [StageChartView], description: 'One chart per kind of job.' }) kinds!: StageChartView[];
}

// ---- Cycle times ----

export class CycleTimeChartView {
  @ApiProperty({ enum: JOB_KINDS }) kind!: string;
  @ApiProperty({ example: 'Repairs' }) label!: string;
  @ApiProperty({ example: 40, description: 'Jobs of this kind that finished (left the shop) in the period.' }) finishedJobs!: number;
  @ApiProperty({ type: DurationView, description: 'From take-in to the stage change that closed the job.' }) endToEnd!: DurationView;
  @ApiProperty({ type: [ChartPointView], description: 'The stages those jobs spent time in, in table order.' }) x!: ChartPointView[];
  @ApiProperty({ type: [ChartSeriesView], description: '`jobs` (that spent time in the stage), `p50Seconds`, `p90Seconds`, `meanSeconds`: per job, its whole time in the stage (revisits summed).' })
  series!: ChartSeriesView[];
}

export class CycleTimesView {
  @ApiProperty({ type: ScopeView }) scope!: ScopeView;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ type: PercentileMethodView }) percentiles!: PercentileMethodView;
  @ApiProperty({ type: [CycleTimeChartView] }) kinds!: CycleTimeChartView[];
}

// ---- On time ----

export class OnTimeTotalView {
  @ApiProperty({ type: RateView, description: 'Completed jobs with a promised date ready on or before it / all completed jobs with a promised date.' }) onTime!: RateView;
  @ApiProperty({ example: 44, description: 'Jobs that finished in the period, whatever the outcome.' }) finished!: number;
  @ApiProperty({ example: 40, description: 'Finished with the work done (a passed quality check).' }) completed!: number;
  @ApiProperty({ example: 3, description: 'Returned unrepaired (estimate declined or expired).' }) returned!: number;
  @ApiProperty({ example: 1 }) cancelled!: number;
  @ApiProperty({ example: 0, description: 'Completed without a promised date: not in the rate.' }) withoutPromise!: number;
}

export class OnTimeView {
  @ApiProperty({ type: ScopeView }) scope!: ScopeView;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ enum: SERIES_BUCKETS }) bucket!: string;
  @ApiProperty({ type: [ChartPointView] }) x!: ChartPointView[];
  @ApiProperty({ type: [ChartSeriesView], description: '`onTime`, `late` (jobs), `onTimeRate` (ratio) per point, by the day each job finished.' }) series!: ChartSeriesView[];
  @ApiProperty({ type: OnTimeTotalView }) total!: OnTimeTotalView;
}

// ---- Revenue ----

export class RevenueCategoryView {
  @ApiProperty({ example: 'repair.balance' }) key!: string;
  @ApiProperty({ example: 'Repairs: balances' }) label!: string;
  @ApiProperty({ enum: [...JOB_KINDS, 'none'] }) jobKind!: string;
  @ApiProperty({ enum: ['deposit', 'balance', 'design_fee', 'refund'] }) paymentKind!: string;
  @ApiProperty({ example: 125000, description: 'Minor units; refunds negative.' }) amountMinor!: number;
  @ApiProperty({ example: 12 }) payments!: number;
}

export class RevenueCurrencyView {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 480000, description: 'Payments less refunds, minor units.' }) netMinor!: number;
  @ApiProperty({ type: [ChartPointView] }) x!: ChartPointView[];
  @ApiProperty({ type: [ChartSeriesView], description: '`net`, then one series per category (`repair.deposit`...), minor units per point.' }) series!: ChartSeriesView[];
  @ApiProperty({ type: [RevenueCategoryView] }) categories!: RevenueCategoryView[];
}

export class RevenueView {
  @ApiProperty({ type: ScopeView }) scope!: ScopeView;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ enum: SERIES_BUCKETS }) bucket!: string;
  @ApiProperty({ type: [RevenueCurrencyView], description: 'One chart per currency: amounts in different currencies are never added.' }) currencies!: RevenueCurrencyView[];
}

// ---- Quality ----

export class QualityView {
  @ApiProperty({ type: ScopeView }) scope!: ScopeView;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ type: [ChartPointView], description: 'Artisans (`staff:<id>`, `vendor:<name>`, `unknown`), most failures first.' }) x!: ChartPointView[];
  @ApiProperty({ type: [ChartSeriesView], description: '`checks`, `failures`, `failureRate`.' }) series!: ChartSeriesView[];
  @ApiProperty({ type: RateView, description: 'Failed checks / all checks in the period.' }) total!: RateView;
}

// ---- Approvals ----

export class ApprovalTotalView {
  @ApiProperty({ type: RateView, description: 'Approved / decided (approved, declined, changes requested, expired).' }) approval!: RateView;
  @ApiProperty({ type: DurationView, description: 'From the request to its approval.' }) timeToApprove!: DurationView;
  @ApiProperty({ type: DurationView, description: 'From the request to its decision, whatever it was.' }) timeToDecide!: DurationView;
  @ApiProperty({ example: 12, description: 'Approved at once, under the go-ahead limit or the auto-approve amount: never put to the customer, not in the rate.' }) autoApproved!: number;
}

export class ApprovalsView {
  @ApiProperty({ type: ScopeView }) scope!: ScopeView;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ type: PercentileMethodView }) percentiles!: PercentileMethodView;
  @ApiProperty({ type: [ChartPointView], description: 'What was put to the customer: `estimate`, `design`, `try_on`.' }) x!: ChartPointView[];
  @ApiProperty({ type: [ChartSeriesView], description: '`decided`, `approved`, `declined`, `changesRequested`, `expired`, `approvalRate`, `p50SecondsToApprove`, `p90SecondsToApprove`, `autoApproved`.' })
  series!: ChartSeriesView[];
  @ApiProperty({ type: ApprovalTotalView }) total!: ApprovalTotalView;
}

// ---- Messages ----

export class MessageTotalView {
  @ApiProperty({ type: RateView, description: 'Delivered / settled (written less suppressed and less still owed).' }) delivery!: RateView;
  @ApiProperty({ example: 120 }) written!: number;
}

export class MessagesView {
  @ApiProperty({ type: ScopeView }) scope!: ScopeView;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ type: [ChartPointView], description: 'Channels: `sms`, `email`.' }) x!: ChartPointView[];
  @ApiProperty({ type: [ChartSeriesView], description: '`written`, `delivered`, `sentUnconfirmed`, `failed`, `uncertain`, `pending`, `suppressed`, `deliveryRate`.' }) series!: ChartSeriesView[];
  @ApiProperty({ type: MessageTotalView }) total!: MessageTotalView;
}

// ---- Customers ----

export class CustomerValueRowView {
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ example: 'Maria' }) firstName!: string;
  @ApiProperty({ example: 'Lopez' }) lastName!: string;
  @ApiProperty({ example: 250000, description: 'Payments less refunds, minor units.' }) netMinor!: number;
  @ApiProperty({ example: 260000 }) paidMinor!: number;
  @ApiProperty({ example: 10000 }) refundedMinor!: number;
  @ApiProperty({ example: 6, description: 'Payments and refunds recorded.' }) payments!: number;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) lastPaymentAt!: string | null;
}

export class CustomerValueCurrencyView {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ type: [ChartPointView], description: 'Customers, most valuable first.' }) x!: ChartPointView[];
  @ApiProperty({ type: [ChartSeriesView], description: '`netMinor` per customer.' }) series!: ChartSeriesView[];
  @ApiProperty({ type: [CustomerValueRowView] }) customers!: CustomerValueRowView[];
}

export class CustomerValuesView {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: ScopeView }) scope!: ScopeView;
  @ApiProperty({ type: [CustomerValueCurrencyView], description: 'One top list per currency.' }) currencies!: CustomerValueCurrencyView[];
}
