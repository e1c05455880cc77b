import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { OnTimeView } from '../dashboard-views.js';
import { rateOf, seriesOf } from './chart.js';
import { type ReportPeriod, type SeriesBucket, pointKeyOf, seriesPointsOf } from './report-period.js';
import { type ReportScope, scopeCondition, scopeView } from './report-scope.js';

interface FinishDayRow {
  day: string;
  finished: number;
  completed: number;
  returned: number;
  cancelled: number;
  promised: number;
  on_time: number;
}

/**
 * Of the jobs that finished in the period with the work done (a passed quality check) and a
 * promised date, those ready (the last passed check) on or before the promised day, in the store's
 * time zone; by the day each job finished. Returned and cancelled jobs are counted apart.
 */
@Injectable()
export class OnTimeRate {
  constructor(private readonly em: EntityManager) {}

  async of(scope: ReportScope, period: ReportPeriod, bucket: SeriesBucket): Promise<OnTimeView> {
    const where = scopeCondition(scope, 'store_id', 'kind');
    const rows = await this.em.getConnection().execute<FinishDayRow[]>(
      `select to_char(day, 'YYYY-MM-DD') as day, sum(finished)::int as finished, sum(completed)::int as completed, sum(returned)::int as returned,
              sum(cancelled)::int as cancelled, sum(promised)::int as promised, sum(on_time)::int as on_time
         from report_finish_days where day >= ?::date and day <= ?::date and ${where.sql} group by day`,
      [period.from, period.to, ...where.params],
    );
    const points = seriesPointsOf(period, bucket);
    const index = new Map(points.map((point, position) => [point.key, position]));
    const onTime = points.map(() => 0);
    const promised = points.map(() => 0);
    const total = { finished: 0, completed: 0, returned: 0, cancelled: 0, promised: 0, onTime: 0 };
    for (const row of rows) {
      const position = index.get(pointKeyOf(row.day, period, bucket))!;
      onTime[position] += row.on_time;
      promised[position] += row.promised;
      total.finished += row.finished;
      total.completed += row.completed;
      total.returned += row.returned;
      total.cancelled += row.cancelled;
      total.promised += row.promised;
      total.onTime += row.on_time;
    }
    return {
      scope: scopeView(scope),
      period,
      bucket,
      x: points.map(({ key, label, start, end }) => ({ key, label, start, end })),
      series: [
        seriesOf('onTime', 'Ready by the promised day', 'jobs', onTime),
        seriesOf('late', 'Ready after the promised day', 'jobs', promised.map((count, position) => count - onTime[position])),
        seriesOf('onTimeRate', 'On-time rate', 'ratio', promised.map((count, position) => (count === 0 ? null : onTime[position] / count))),
      ],
      total: {
        onTime: rateOf(total.onTime, total.promised),
        finished: total.finished,
        completed: total.completed,
        returned: total.returned,
        cancelled: total.cancelled,
        withoutPromise: total.completed - total.promised,
      },
    };
  }
}
