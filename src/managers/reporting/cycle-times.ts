import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { JOB_KINDS } from '../../jobs/job.entity.js';
import type { CycleTimesView } from '../dashboard-views.js';
import { seriesOf } from './chart.js';
import { PERCENTILE_METHOD, PERCENTILE_RELATIVE_PRECISION, type HistogramRow, summarize } from './duration-histogram.js';
import { figureKey, readHistograms } from './duration-reading.js';
import { KIND_LABELS, stagesOf } from './job-stages.js';
import type { ReportPeriod } from './report-period.js';
import { type ReportScope, scopeView } from './report-scope.js';

/**
 * How long jobs that finished in the period took: end to end (take-in to the stage change that
 * closed the job) and in each stage (per job, its whole time in the stage, revisits summed), by the
 * day each job finished in its store's time zone.
 */
@Injectable()
export class CycleTimes {
  constructor(private readonly em: EntityManager) {}

  async of(scope: ReportScope, period: ReportPeriod): Promise<CycleTimesView> {
    const histograms = await readHistograms(this.em, scope, period, 'cycle');
    const kinds = JOB_KINDS.filter((kind) => !scope.kind || scope.kind === kind).map((kind) => {
      const endToEnd = summarize(histograms.get(figureKey(kind, 'end_to_end')) ?? []);
      const measured = new Map<string, HistogramRow[]>();
      for (const [key, rows] of histograms) {
        const [rowKind, figure] = key.split('|');
        if (rowKind === kind && figure.startsWith('stage:')) measured.set(figure.slice('stage:'.length), rows);
      }
      const known = stagesOf(kind).filter(({ stage }) => measured.has(stage));
      const stages = [...known, ...[...measured.keys()].filter((stage) => !known.some((candidate) => candidate.stage === stage)).sort().map((stage) => ({ stage, label: stage }))];
      const summaries = stages.map(({ stage }) => summarize(measured.get(stage) ?? []));
      return {
        kind,
        label: KIND_LABELS[kind],
        finishedJobs: endToEnd.samples,
        endToEnd,
        x: stages.map(({ stage, label }) => ({ key: stage, label })),
        series: [
          seriesOf('jobs', 'Jobs that spent time in the stage', 'jobs', summaries.map((summary) => summary.samples)),
          seriesOf('p50Seconds', 'Median', 'seconds', summaries.map((summary) => summary.p50Seconds)),
          seriesOf('p90Seconds', '90th percentile', 'seconds', summaries.map((summary) => summary.p90Seconds)),
          seriesOf('meanSeconds', 'Mean', 'seconds', summaries.map((summary) => summary.meanSeconds)),
        ],
      };
    });
    return { scope: scopeView(scope), period, percentiles: { method: PERCENTILE_METHOD, relativePrecision: PERCENTILE_RELATIVE_PRECISION }, kinds };
  }
}
