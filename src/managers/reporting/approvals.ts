import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ApprovalsView } from '../dashboard-views.js';
import { rateOf, seriesOf } from './chart.js';
import { type HistogramRow, PERCENTILE_METHOD, PERCENTILE_RELATIVE_PRECISION, summarize } from './duration-histogram.js';
import { readHistograms } from './duration-reading.js';
import type { ReportPeriod } from './report-period.js';
import { type ReportScope, scopeView } from './report-scope.js';

const SUBJECTS = [
  { subject: 'estimate', label: 'Estimates' },
  { subject: 'design', label: 'Design versions' },
  { subject: 'try_on', label: 'Try-ons' },
];
/** The answers a customer (or the clock) gives to what was put to them. */
const DECISIONS = ['approved', 'declined', 'changes_requested', 'expired'] as const;

/**
 * Decisions taken in the period on what was put to the customer (an estimate, a design version, a
 * try-on: `approval_requested` or `design_version_added`, then `approval_decided`), by the day
 * decided. Approval rate = approved / decided; time to approve from the request to its approval.
 * Approvals given at once (under the go-ahead limit) were never asked: counted apart.
 */
@Injectable()
export class ApprovalRates {
  constructor(private readonly em: EntityManager) {}

  async of(scope: ReportScope, period: ReportPeriod): Promise<ApprovalsView> {
    const histograms = await readHistograms(this.em, scope, period, 'approval');
    const rowsOf = (subject: string, outcome: string): HistogramRow[] =>
      [...histograms].filter(([key]) => key.endsWith(`|approval:${subject}:${outcome}`)).flatMap(([, rows]) => rows);
    const countOf = (subject: string, outcome: string) => rowsOf(subject, outcome).reduce((sum, row) => sum + row.samples, 0);
    const known = new Set(SUBJECTS.map(({ subject }) => subject));
    const others = [...new Set([...histograms.keys()].map((key) => key.split(':')[1]))].filter((subject) => !known.has(subject)).sort();
    const subjects = [...SUBJECTS, ...others.map((subject) => ({ subject, label: subject }))].filter(({ subject }) => [...DECISIONS, 'auto_approved'].some((outcome) => countOf(subject, outcome) > 0));
    const perSubject = subjects.map(({ subject }) => {
      const counts = Object.fromEntries(DECISIONS.map((outcome) => [outcome, countOf(subject, outcome)])) as Record<(typeof DECISIONS)[number], number>;
      const decided = DECISIONS.reduce((sum, outcome) => sum + counts[outcome], 0);
      return { counts, decided, toApprove: summarize(rowsOf(subject, 'approved')), autoApproved: countOf(subject, 'auto_approved') };
    });
    const all = (outcome: string) => subjects.flatMap(({ subject }) => rowsOf(subject, outcome));
    const approved = perSubject.reduce((sum, one) => sum + one.counts.approved, 0);
    const decided = perSubject.reduce((sum, one) => sum + one.decided, 0);
    return {
      scope: scopeView(scope),
      period,
      percentiles: { method: PERCENTILE_METHOD, relativePrecision: PERCENTILE_RELATIVE_PRECISION },
      x: subjects.map(({ subject, label }) => ({ key: subject, label })),
      series: [
        seriesOf('decided', 'Decided', 'decisions', perSubject.map((one) => one.decided)),
        seriesOf('approved', 'Approved', 'decisions', perSubject.map((one) => one.counts.approved)),
        seriesOf('declined', 'Declined', 'decisions', perSubject.map((one) => one.counts.declined)),
        seriesOf('changesRequested', 'Changes requested', 'decisions', perSubject.map((one) => one.counts.changes_requested)),
        seriesOf('expired', 'Expired unanswered', 'decisions', perSubject.map((one) => one.counts.expired)),
        seriesOf('approvalRate', 'Approval rate', 'ratio', perSubject.map((one) => rateOf(one.counts.approved, one.decided).ratio)),
        seriesOf('p50SecondsToApprove', 'Median time to approve', 'seconds', perSubject.map((one) => one.toApprove.p50Seconds)),
        seriesOf('p90SecondsToApprove', '90th percentile time to approve', 'seconds', perSubject.map((one) => one.toApprove.p90Seconds)),
        seriesOf('autoApproved', 'Approved at once (not asked)', 'decisions', perSubject.map((one) => one.autoApproved)),
      ],
      total: {
        approval: rateOf(approved, decided),
        timeToApprove: summarize(all('approved')),
        timeToDecide: summarize(DECISIONS.flatMap((outcome) => all(outcome))),
        autoApproved: perSubject.reduce((sum, one) => sum + one.autoApproved, 0),
      },
    };
  }
}
