import type { EntityManager } from '@mikro-orm/postgresql';
import type { HistogramRow } from './duration-histogram.js';
import { numberOf } from './chart.js';
import { type ReportPeriod, readingOf } from './report-period.js';
import { type ReportScope, rollupCondition } from './report-scope.js';

/** Which histograms to read: the figures whose name starts with one of these. */
export type FigureFamily = 'cycle' | 'approval';

const FIGURES: Record<FigureFamily, string> = {
  cycle: `(figure = 'end_to_end' or figure like 'stage:%')`,
  approval: `figure like 'approval:%'`,
};

/**
 * The period's histograms per (kind, figure): whole months from the month table, the days around
 * them from the day table, summed bucket by bucket.
 */
export async function readHistograms(em: EntityManager, scope: ReportScope, period: ReportPeriod, family: FigureFamily): Promise<Map<string, HistogramRow[]>> {
  const reading = readingOf(period);
  const where = rollupCondition(scope, 'store_id', 'kind');
  const parts: string[] = [];
  const params: unknown[] = [];
  if (reading.months) {
    parts.push(`select kind, figure, bucket, samples, total_ms from report_duration_months where month >= ?::date and month < ?::date and ${where.sql} and ${FIGURES[family]}`);
    params.push(reading.months.from, reading.months.before, ...where.params);
  }
  for (const range of reading.dayRanges) {
    parts.push(`select kind, figure, bucket, samples, total_ms from report_duration_days where day >= ?::date and day <= ?::date and ${where.sql} and ${FIGURES[family]}`);
    params.push(range.from, range.to, ...where.params);
  }
  const rows = await em.getConnection().execute<{ kind: string; figure: string; bucket: number; samples: number; total_ms: string }[]>(
    `select kind, figure, bucket, sum(samples)::int as samples, sum(total_ms)::bigint as total_ms from (${parts.join(' union all ')}) as h group by kind, figure, bucket`,
    params,
  );
  const byFigure = new Map<string, HistogramRow[]>();
  for (const row of rows) {
    const key = figureKey(row.kind, row.figure);
    byFigure.set(key, [...(byFigure.get(key) ?? []), { bucket: row.bucket, samples: row.samples, totalMs: numberOf(row.total_ms) }]);
  }
  return byFigure;
}

export function figureKey(kind: string, figure: string): string {
  return `${kind}|${figure}`;
}
