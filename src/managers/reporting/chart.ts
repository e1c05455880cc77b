import type { ChartSeriesView, RateView } from '../dashboard-views.js';

/** A labelled series of a chart, aligned with its x axis. */
export function seriesOf(key: string, label: string, unit: ChartSeriesView['unit'], values: (number | null)[], currency?: string): ChartSeriesView {
  return currency ? { key, label, unit, currency, values } : { key, label, unit, values };
}

export function rateOf(numerator: number, denominator: number): RateView {
  return { numerator, denominator, ratio: denominator === 0 ? null : numerator / denominator };
}

/** Bigint and numeric columns come back from PostgreSQL as text. */
export function numberOf(value: number | string | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
