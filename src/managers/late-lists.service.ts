import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_KINDS } from '../jobs/job.entity.js';
import { addDays, todayIn } from '../platform/time/shop-calendar.js';
import { type StoreScope, storeCondition } from './manager-scope.js';
import { type HistogramRow, summarize } from './reporting/duration-histogram.js';
import { MAX_PERIOD_DAYS } from './reporting/report-period.js';
import { EVERY_STORE } from './reporting/report-scope.js';

export const LATE_LISTS = ['overdue', 'waitingOnCustomer', 'vendorLate', 'unclaimed', 'stuckInStage'] as const;
export type LateList = (typeof LATE_LISTS)[number];

/** A stage's usual time needs this many finished jobs that spent time in it before a job is called stuck against it. */
export const STAGE_NORM_MIN_SAMPLES = 5;
const HOUR_MS = 3_600_000;

export class LateJobView {
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ enum: JOB_KINDS }) kind!: string;
  @ApiProperty({ example: 'R-001234-1' }) number!: string;
  @ApiProperty({ format: 'uuid' }) storeId!: string;
  @ApiProperty({ example: 'Yellow metal ring, customer stated 14k' }) summary!: string;
  @ApiProperty({ example: 'Maria', description: "The customer's first name only." }) customerFirstName!: string;
  @ApiProperty({ example: 'in_work' }) stage!: string;
  @ApiProperty({ example: 'At the bench' }) stageLabel!: string;
  @ApiProperty({ format: 'date-time' }) stageSince!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) promisedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) assigneeId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) assigneeName!: string | null;
  @ApiProperty({ example: 'bench' }) custodyLocation!: string;
  @ApiProperty({ example: 'carl' }) custodyHolderName!: string;
  @ApiProperty({ format: 'date-time', description: 'Since when the job has been late on this list (the promised day ended, the vendor return passed, the stage began...).' }) lateSince!: string;
  @ApiProperty({ example: 109800, description: 'How far past its limit the job is, in seconds: the urgency each list is sorted by, most late first.' }) lateBySeconds!: number;
  @ApiProperty({ example: 'Promised by 2026-11-20' }) reason!: string;
}

export class LateListsView {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ example: 3, description: 'The "waiting on the customer" threshold used, in days (0: every job waiting on the customer).' }) waitingDays!: number;
  @ApiProperty({ type: LateJobView, isArray: true, description: 'Past the promised date with work still owed by the shop or a vendor.' }) overdue!: LateJobView[];
  @ApiProperty({ type: LateJobView, isArray: true, description: 'Waiting on the customer (an answer, a payment, a pickup) longer than `waitingDays`.' }) waitingOnCustomer!: LateJobView[];
  @ApiProperty({ type: LateJobView, isArray: true, description: 'At a vendor past the expected return.' }) vendorLate!: LateJobView[];
  @ApiProperty({ type: LateJobView, isArray: true, description: 'Ready, and not collected within the store policy.' }) unclaimed!: LateJobView[];
  @ApiProperty({ type: LateJobView, isArray: true, description: "In a stage longer than the store's own p90 for that stage and kind of job (the time the jobs finished in the last twelve months spent in it; 5 such jobs at least)." }) stuckInStage!: LateJobView[];
}

export interface LateListFilters {
  scope: StoreScope;
  assigneeId?: string;
  waitingDays: number;
}

interface OpenJobRow {
  id: string;
  kind: string;
  number: string;
  store_id: string;
  summary: string;
  first_name: string;
  stage: string;
  stage_label: string;
  stage_since: Date;
  waiting_on: string;
  promised_by: string | null;
  promised_deadline: Date | null;
  assignee_id: string | null;
  assignee_name: string | null;
  custody_location: string;
  custody_holder_name: string;
  overdue: boolean;
  vendor_late: boolean;
  unclaimed: boolean;
  overdue_at: Date | null;
  vendor_late_at: Date | null;
  unclaimed_at: Date | null;
}

interface StageNorm {
  store_id: string;
  kind: string;
  stage: string;
  stays: number;
  p90_seconds: number;
}

/**
 * What is late, from the projection (where each open job is) and the journal (when its flags were
 * raised, how long each stage usually takes): the five lists a manager works through, each sorted
 * by urgency, most late first.
 */
@Injectable()
export class LateLists {
  constructor(private readonly em: EntityManager) {}

  async of(filters: LateListFilters, now = new Date()): Promise<LateListsView> {
    const [jobs, norms] = await Promise.all([this.openJobs(filters), this.stageNorms(filters.scope, now)]);
    const normOf = new Map(norms.map((norm) => [`${norm.store_id}/${norm.kind}/${norm.stage}`, norm]));
    const lists: Record<LateList, RankedLateJob[]> = { overdue: [], waitingOnCustomer: [], vendorLate: [], unclaimed: [], stuckInStage: [] };
    const add = (list: LateList, job: OpenJobRow, lateSince: Date, limit: Date, reason: string) => lists[list].push(viewOf(job, lateSince, now.getTime() - limit.getTime(), reason));
    const waitLimitMs = filters.waitingDays * 24 * HOUR_MS;

    for (const job of jobs) {
      const stillOwed = job.waiting_on === 'shop' || job.waiting_on === 'vendor';
      const deadline = job.promised_deadline;
      if (job.overdue || (stillOwed && deadline && deadline <= now)) {
        // The workflow's own flag says when the promise lapsed; the calendar day's end otherwise.
        const since = (job.overdue ? job.overdue_at : null) ?? deadline ?? job.stage_since;
        add('overdue', job, since, since, `Promised by ${job.promised_by}`);
      }
      if (job.waiting_on === 'customer' && now.getTime() - job.stage_since.getTime() > waitLimitMs) {
        add('waitingOnCustomer', job, job.stage_since, new Date(job.stage_since.getTime() + waitLimitMs), `Waiting on the customer since ${job.stage_since.toISOString().slice(0, 10)} (${job.stage_label})`);
      }
      if (job.vendor_late) {
        const since = job.vendor_late_at ?? job.stage_since;
        add('vendorLate', job, since, since, `At ${job.custody_holder_name} past the expected return`);
      }
      if (job.unclaimed) {
        const since = job.unclaimed_at ?? job.stage_since;
        add('unclaimed', job, since, since, `Ready and not collected since ${job.stage_since.toISOString().slice(0, 10)}`);
      }
      const norm = normOf.get(`${job.store_id}/${job.kind}/${job.stage}`);
      if (norm && now.getTime() - job.stage_since.getTime() > norm.p90_seconds * 1000) {
        const usualHours = norm.p90_seconds / 3600;
        add('stuckInStage', job, job.stage_since, new Date(job.stage_since.getTime() + norm.p90_seconds * 1000), `In "${job.stage_label}" longer than 9 in 10 finished jobs spent there (${formatHours(usualHours)}, of ${norm.stays} in the last twelve months)`);
      }
    }
    for (const list of LATE_LISTS) lists[list].sort((a, b) => b.lateByMs - a.lateByMs || a.number.localeCompare(b.number));
    const shown = (list: LateList) => lists[list].map(({ lateByMs: _, ...view }) => view);
    return {
      asOf: now.toISOString(),
      waitingDays: filters.waitingDays,
      overdue: shown('overdue'),
      waitingOnCustomer: shown('waitingOnCustomer'),
      vendorLate: shown('vendorLate'),
      unclaimed: shown('unclaimed'),
      stuckInStage: shown('stuckInStage'),
    };
  }

  private async openJobs({ scope, assigneeId }: LateListFilters): Promise<OpenJobRow[]> {
    const stores = storeCondition(scope, 'j.store_id');
    // The latest raising of the flag, read backwards through the job's own journal (its primary key), not the chain's flags.
    const flagRaised = (flag: string) => `(select e.at from job_events e where e.job_id = j.id and e.type = 'flag_raised' and e.data->>'flag' = '${flag}' order by e.sequence desc limit 1)`;
    const rows = await this.em.getConnection().execute<OpenJobRow[]>(
      `select j.id, j.kind, j.number, j.store_id, j.summary, c.first_name, j.stage, j.stage_label, j.stage_since, j.waiting_on,
              to_char(j.promised_by, 'YYYY-MM-DD') as promised_by,
              ((j.promised_by + 1)::timestamp at time zone s.time_zone) as promised_deadline,
              j.assignee_id, j.assignee_name, j.custody_location, j.custody_holder_name, j.overdue, j.vendor_late, j.unclaimed,
              case when j.overdue then ${flagRaised('overdue')} end as overdue_at,
              case when j.vendor_late then ${flagRaised('vendorLate')} end as vendor_late_at,
              case when j.unclaimed then ${flagRaised('unclaimed')} end as unclaimed_at
         from jobs j join stores s on s.id = j.store_id join customers c on c.id = j.customer_id
        where j.closed = false and ${stores.sql} ${assigneeId ? 'and j.assignee_id = ?' : ''}`,
      [...stores.params, ...(assigneeId ? [assigneeId] : [])],
    );
    const instant = (value: Date | string | null) => (value === null ? null : new Date(value));
    return rows.map((row) => ({
      ...row,
      stage_since: new Date(row.stage_since),
      promised_deadline: instant(row.promised_deadline),
      overdue_at: instant(row.overdue_at),
      vendor_late_at: instant(row.vendor_late_at),
      unclaimed_at: instant(row.unclaimed_at),
    }));
  }

  /**
   * Each stage's usual time per store and kind of job: the 90th percentile of the time the jobs that
   * finished in the last twelve months (and this one so far) spent in it, from the managers'
   * monthly cycle-time histograms (within 6.25%).
   */
  private async stageNorms(scope: StoreScope, now: Date): Promise<StageNorm[]> {
    const stores = storeCondition(scope, 'h.store_id');
    const firstMonth = `${addDays(todayIn('UTC', now), -(MAX_PERIOD_DAYS - 1)).slice(0, 7)}-01`;
    const rows = await this.em.getConnection().execute<{ store_id: string; kind: string; figure: string; bucket: number; samples: number; total_ms: string }[]>(
      `select h.store_id, h.kind, h.figure, h.bucket, sum(h.samples)::int as samples, sum(h.total_ms)::bigint as total_ms
         from report_duration_months h
        where h.month >= ?::date and h.figure like 'stage:%' and h.store_id <> ?::uuid and ${stores.sql}
        group by h.store_id, h.kind, h.figure, h.bucket`,
      [firstMonth, EVERY_STORE, ...stores.params],
    );
    const histograms = new Map<string, HistogramRow[]>();
    for (const row of rows) {
      const key = `${row.store_id}|${row.kind}|${row.figure.slice('stage:'.length)}`;
      histograms.set(key, [...(histograms.get(key) ?? []), { bucket: row.bucket, samples: row.samples, totalMs: Number(row.total_ms) }]);
    }
    return [...histograms].flatMap(([key, histogram]) => {
      const [store_id, kind, stage] = key.split('|');
      const { samples, p90Seconds } = summarize(histogram);
      return samples >= STAGE_NORM_MIN_SAMPLES && p90Seconds !== null ? [{ store_id, kind, stage, stays: samples, p90_seconds: p90Seconds }] : [];
    });
  }
}

type RankedLateJob = LateJobView & { lateByMs: number };

function viewOf(job: OpenJobRow, lateSince: Date, lateByMs: number, reason: string): RankedLateJob {
  return {
    lateByMs,
    jobId: job.id,
    kind: job.kind,
    number: job.number,
    storeId: job.store_id,
    summary: job.summary,
    customerFirstName: job.first_name,
    stage: job.stage,
    stageLabel: job.stage_label,
    stageSince: new Date(job.stage_since).toISOString(),
    promisedBy: job.promised_by,
    assigneeId: job.assignee_id,
    assigneeName: job.assignee_name,
    custodyLocation: job.custody_location,
    custodyHolderName: job.custody_holder_name,
    lateSince: new Date(lateSince).toISOString(),
    lateBySeconds: Math.max(0, Math.round(lateByMs / 1000)),
    reason,
  };
}

function formatHours(hours: number): string {
  return hours >= 48 ? `${Math.round(hours / 24)} days` : hours >= 1 ? `${Math.round(hours)} h` : `${Math.max(1, Math.round(hours * 60))} min`;
}
