import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { JOB_KINDS } from '../../jobs/job.entity.js';
import type { StagesNowView } from '../dashboard-views.js';
import { seriesOf } from './chart.js';
import { KIND_LABELS, openStagesOf } from './job-stages.js';
import { type ReportScope, scopeCondition, scopeView } from './report-scope.js';

/** Open jobs (not closed: the shop still holds or owes them) per stage, from the projection. */
@Injectable()
export class StagesNow {
  constructor(private readonly em: EntityManager) {}

  async of(scope: ReportScope, now = new Date()): Promise<StagesNowView> {
    const where = scopeCondition(scope, 'j.store_id', 'j.kind');
    const rows = await this.em.getConnection().execute<{ kind: (typeof JOB_KINDS)[number]; stage: string; jobs: number }[]>(
      `select j.kind, j.stage, count(*)::int as jobs from jobs j where j.closed = false and ${where.sql} group by j.kind, j.stage`,
      where.params,
    );
    const kinds = JOB_KINDS.filter((kind) => !scope.kind || scope.kind === kind).map((kind) => {
      const counted = new Map(rows.filter((row) => row.kind === kind).map((row) => [row.stage, row.jobs]));
      // A stage the table no longer has (a job from an older version) still shows, after the others.
      const stages = [...openStagesOf(kind), ...[...counted.keys()].filter((stage) => !openStagesOf(kind).some((known) => known.stage === stage)).sort().map((stage) => ({ stage, label: stage }))];
      const values = stages.map(({ stage }) => counted.get(stage) ?? 0);
      return {
        kind,
        label: KIND_LABELS[kind],
        total: values.reduce((sum, value) => sum + value, 0),
        x: stages.map(({ stage, label }) => ({ key: stage, label })),
        series: [seriesOf('jobs', 'Open jobs', 'jobs', values)],
      };
    });
    return { asOf: now.toISOString(), scope: scopeView(scope), total: kinds.reduce((sum, kind) => sum + kind.total, 0), kinds };
  }
}
