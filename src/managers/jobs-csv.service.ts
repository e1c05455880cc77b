import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { JobKind } from '../../workflows/shared/job-model.js';
import { JOB_KINDS } from '../jobs/job.entity.js';
import { addDays, startOfDayIn } from '../platform/time/shop-calendar.js';
import { type CsvCell, csvLine } from './jobs-csv-format.js';
import { storeCondition } from './manager-scope.js';
import { CLOSING_STAGES, openStagesOf } from './reporting/job-stages.js';
import type { ReportPeriod } from './reporting/report-period.js';
import type { ReportScope } from './reporting/report-scope.js';

/** Jobs read per round trip: a page of rows and their stage changes, then the next. */
export const CSV_PAGE_SIZE = 500;

export type CsvDateBasis = 'taken_in' | 'finished';

interface JobRow {
  job_id: string;
  kind: JobKind;
  taken_in_at: Date | string;
  finished_at: Date | string | null;
  ready_at: Date | string | null;
  outcome: string | null;
  on_time: boolean | null;
  end_to_end_ms: string | null;
  number: string;
  ticket_number: string;
  summary: string;
  stage: string;
  promised_by: string | null;
  created_by_name: string;
  store_code: string;
}

interface StageChange {
  job_id: string;
  at: Date | string;
  stage: string | null;
  actor_name: string;
}

/**
 * The jobs of a scope and period as CSV, one row per job: its dates, its time in each stage (an
 * open job's current stage up to the export), who took it in and who moved it on (the actors of
 * its stage changes after the take-in). Streamed a page at a time, per store in time order, so a
 * hundred thousand jobs never sit in memory.
 */
@Injectable()
export class JobsCsv {
  constructor(private readonly em: EntityManager) {}

  kindsOf(scope: ReportScope): JobKind[] {
    return JOB_KINDS.filter((kind) => !scope.kind || scope.kind === kind);
  }

  header(scope: ReportScope): string {
    const stageColumns = this.kindsOf(scope).flatMap((kind) => openStagesOf(kind).map(({ stage }) => `${kind}_${stage}_seconds`));
    return csvLine([
      'job_number', 'ticket_number', 'kind', 'store', 'summary', 'stage_now', 'outcome', 'taken_in_at', 'promised_by', 'ready_at', 'finished_at', 'on_time', 'end_to_end_seconds', 'created_by', 'advanced_by',
      ...stageColumns,
    ]);
  }

  async *rows(scope: ReportScope, period: ReportPeriod, basis: CsvDateBasis, now = new Date()): AsyncGenerator<string> {
    const connection = this.em.getConnection();
    const stores = storeCondition(scope.stores, 'id');
    const zones = await connection.execute<{ id: string; time_zone: string }[]>(`select id, time_zone from stores where ${stores.sql} order by code, id`, stores.params);
    const column = basis === 'finished' ? 'r.finished_at' : 'r.taken_in_at';
    const kinds = this.kindsOf(scope);
    for (const { id: storeId, time_zone: timeZone } of zones) {
      const starts = startOfDayIn(period.from, timeZone).toISOString();
      const ends = startOfDayIn(addDays(period.to, 1), timeZone).toISOString();
      let after: { at: string; jobId: string } | null = null;
      for (;;) {
        const page: JobRow[] = await connection.execute<JobRow[]>(
          `select r.job_id, r.kind, r.taken_in_at, r.finished_at, r.ready_at, r.outcome, r.on_time, r.end_to_end_ms, ${column} as page_at,
                  j.number, j.ticket_number, j.summary, j.stage, to_char(j.promised_by, 'YYYY-MM-DD') as promised_by, j.created_by_name, s.code as store_code
             from report_jobs r join jobs j on j.id = r.job_id join stores s on s.id = r.store_id
            where r.store_id = ?::uuid and ${column} >= ?::timestamptz and ${column} < ?::timestamptz
              ${scope.kind ? 'and r.kind = ?' : ''} ${after ? `and (${column}, r.job_id) > (?::timestamptz, ?::uuid)` : ''}
            order by ${column}, r.job_id limit ?`,
          [storeId, starts, ends, ...(scope.kind ? [scope.kind] : []), ...(after ? [after.at, after.jobId] : []), CSV_PAGE_SIZE],
        );
        if (page.length === 0) break;
        const changes = await connection.execute<StageChange[]>(
          `select e.job_id, e.at, e.data->>'to' as stage, e.actor_name
             from jsonb_array_elements_text(?::jsonb) as page(job_id) join job_events e on e.job_id = page.job_id::uuid
            where e.type = 'stage_changed' order by e.job_id, e.sequence`,
          [JSON.stringify(page.map((row) => row.job_id))],
        );
        const byJob = new Map<string, StageChange[]>();
        for (const change of changes) byJob.set(change.job_id, [...(byJob.get(change.job_id) ?? []), change]);
        yield page.map((row) => csvLine(cellsOf(row, byJob.get(row.job_id) ?? [], kinds, now))).join('');
        const last = page[page.length - 1] as JobRow & { page_at: Date | string };
        after = { at: new Date(last.page_at).toISOString(), jobId: last.job_id };
        if (page.length < CSV_PAGE_SIZE) break;
      }
    }
  }
}

function cellsOf(row: JobRow, changes: StageChange[], kinds: JobKind[], now: Date): CsvCell[] {
  const seconds = new Map<string, number>();
  const advancedBy: string[] = [];
  for (const [index, change] of changes.entries()) {
    if (index > 0 && !advancedBy.includes(change.actor_name)) advancedBy.push(change.actor_name);
    if (change.stage && CLOSING_STAGES[row.kind].includes(change.stage)) break;
    const next = changes[index + 1];
    const until = next ? new Date(next.at).getTime() : now.getTime();
    if (change.stage) seconds.set(change.stage, (seconds.get(change.stage) ?? 0) + Math.max(0, until - new Date(change.at).getTime()));
  }
  const stageCells = kinds.flatMap((kind) => openStagesOf(kind).map(({ stage }) => (kind === row.kind && seconds.has(stage) ? seconds.get(stage)! / 1000 : null)));
  const instant = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return [
    row.number,
    row.ticket_number,
    row.kind,
    row.store_code,
    row.summary,
    row.stage,
    row.outcome,
    instant(row.taken_in_at),
    row.promised_by,
    instant(row.ready_at),
    instant(row.finished_at),
    row.on_time === null ? null : row.on_time ? 'yes' : 'no',
    row.end_to_end_ms === null ? null : Number(row.end_to_end_ms) / 1000,
    row.created_by_name,
    advancedBy.join('; '),
    ...stageCells,
  ];
}
