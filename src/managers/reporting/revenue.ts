import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { JOB_KINDS } from '../../jobs/job.entity.js';
import { PAYMENT_KINDS } from '../../payments/payment.entity.js';
import type { RevenueCategoryView, RevenueView } from '../dashboard-views.js';
import { numberOf, seriesOf } from './chart.js';
import { KIND_LABELS } from './job-stages.js';
import { type ReportPeriod, type SeriesBucket, pointKeyOf, seriesPointsOf } from './report-period.js';
import { type ReportScope, scopeCondition, scopeView } from './report-scope.js';

const PAYMENT_LABELS: Record<string, string> = { deposit: 'deposits', balance: 'balances', design_fee: 'design fees', refund: 'refunds' };
const JOB_KIND_ORDER = [...JOB_KINDS, 'none'];

/**
 * Money recorded in the period (the payments ledger, by the day each payment was recorded in its
 * store's time zone), less refunds, per currency. Its categories are the job kind and the payment
 * kind (deposit, balance, design fee, refund): the only categories money carries when it is taken.
 * An estimate's line kinds (labour, metal, stones) describe what was quoted, and a payment is not
 * split over lines, so revenue by line kind would be an allocation, not a record.
 */
@Injectable()
export class Revenue {
  constructor(private readonly em: EntityManager) {}

  async of(scope: ReportScope, period: ReportPeriod, bucket: SeriesBucket): Promise<RevenueView> {
    const where = scopeCondition(scope, 'store_id', 'job_kind');
    const rows = await this.em.getConnection().execute<{ day: string; currency: string; job_kind: string; payment_kind: string; amount: string; payments: number }[]>(
      `select to_char(day, 'YYYY-MM-DD') as day, currency, job_kind, payment_kind, sum(amount_minor)::bigint as amount, sum(payments)::int as payments
         from report_revenue_days where day >= ?::date and day <= ?::date and ${where.sql}
        group by day, currency, job_kind, payment_kind`,
      [period.from, period.to, ...where.params],
    );
    const points = seriesPointsOf(period, bucket);
    const index = new Map(points.map((point, position) => [point.key, position]));
    const currencies = [...new Set(rows.map((row) => row.currency))].sort().map((currency) => {
      const mine = rows.filter((row) => row.currency === currency && row.payments !== 0);
      const categories = new Map<string, RevenueCategoryView & { values: number[] }>();
      const net = points.map(() => 0);
      for (const row of mine) {
        const key = `${row.job_kind}.${row.payment_kind}`;
        const category = categories.get(key) ?? { key, label: categoryLabel(row.job_kind, row.payment_kind), jobKind: row.job_kind, paymentKind: row.payment_kind, amountMinor: 0, payments: 0, values: points.map(() => 0) };
        const position = index.get(pointKeyOf(row.day, period, bucket))!;
        const amount = numberOf(row.amount);
        category.values[position] += amount;
        category.amountMinor += amount;
        category.payments += row.payments;
        net[position] += amount;
        categories.set(key, category);
      }
      const ordered = [...categories.values()].sort(
        (a, b) => JOB_KIND_ORDER.indexOf(a.jobKind) - JOB_KIND_ORDER.indexOf(b.jobKind) || PAYMENT_KINDS.indexOf(a.paymentKind as never) - PAYMENT_KINDS.indexOf(b.paymentKind as never),
      );
      return {
        currency,
        netMinor: net.reduce((sum, amount) => sum + amount, 0),
        x: points.map(({ key, label, start, end }) => ({ key, label, start, end })),
        series: [seriesOf('net', 'Net (payments less refunds)', 'minor_units', net, currency), ...ordered.map((category) => seriesOf(category.key, category.label, 'minor_units', category.values, currency))],
        categories: ordered.map(({ values: _, ...category }) => category),
      };
    });
    return { scope: scopeView(scope), period, bucket, currencies };
  }
}

function categoryLabel(jobKind: string, paymentKind: string): string {
  const kind = jobKind in KIND_LABELS ? KIND_LABELS[jobKind as keyof typeof KIND_LABELS] : 'Other';
  return `${kind}: ${PAYMENT_LABELS[paymentKind] ?? paymentKind}`;
}
