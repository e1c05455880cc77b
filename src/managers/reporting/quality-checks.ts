import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { QualityView } from '../dashboard-views.js';
import { rateOf, seriesOf } from './chart.js';
import type { ReportPeriod } from './report-period.js';
import { type ReportScope, rollupCondition, scopeView } from './report-scope.js';

/**
 * Quality checks in the period per artisan: the one who finished the work each check examined (the
 * latest `work_finished` or `step_finished` before it; the vendor when that work came back from a
 * vendor). Failure rate = failed checks of their work / all checks of their work.
 */
@Injectable()
export class QualityChecks {
  constructor(private readonly em: EntityManager) {}

  async of(scope: ReportScope, period: ReportPeriod): Promise<QualityView> {
    const where = rollupCondition(scope, 'store_id', 'kind');
    const rows = await this.em.getConnection().execute<{ artisan_key: string; artisan_kind: string; artisan_name: string; checks: number; failures: number }[]>(
      `select artisan_key, min(artisan_kind) as artisan_kind, (array_agg(artisan_name order by day desc))[1] as artisan_name, sum(checks)::int as checks, sum(failures)::int as failures
         from report_quality_days where day >= ?::date and day <= ?::date and ${where.sql}
        group by artisan_key order by failures desc, checks desc, artisan_name, artisan_key`,
      [period.from, period.to, ...where.params],
    );
    const checks = rows.reduce((sum, row) => sum + row.checks, 0);
    const failures = rows.reduce((sum, row) => sum + row.failures, 0);
    return {
      scope: scopeView(scope),
      period,
      x: rows.map((row) => ({ key: row.artisan_key, label: row.artisan_name, kind: row.artisan_kind })),
      series: [
        seriesOf('checks', 'Checks of their work', 'checks', rows.map((row) => row.checks)),
        seriesOf('failures', 'Failed checks', 'checks', rows.map((row) => row.failures)),
        seriesOf('failureRate', 'Failure rate', 'ratio', rows.map((row) => rateOf(row.failures, row.checks).ratio)),
      ],
      total: rateOf(failures, checks),
    };
  }
}
