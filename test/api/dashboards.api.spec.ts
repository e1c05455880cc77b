import { getMetadataStorage } from 'class-validator';
import { CustomerValueQuery, DashboardPeriodQuery, DashboardScopeQuery, DashboardSeriesQuery, JobsCsvQuery } from '../../src/managers/dto/dashboard-queries.dto.js';
import { boundsOf, bucketOf, representativeMs } from '../../src/managers/reporting/duration-histogram.js';
import { CLOSING_STAGES } from '../../src/managers/reporting/job-stages.js';
import { Migration20261203200000ManagerReports } from '../../src/platform/database/migrations/Migration20261203200000-manager-reports.js';
import { Migration20261203500000MessageReport } from '../../src/platform/database/migrations/Migration20261203500000-message-report.js';
import type { OrderState } from '../../workflows/custom-order/contract.js';
import { ORDER_STAGES, orderSnapshotOf } from '../../workflows/custom-order/stages.js';
import { changePromisedDateUpdate } from '../../workflows/repair-job/contract.js';
import { REPAIR_STAGES, REPAIR_STAGE_TABLE } from '../../workflows/repair-job/stages.js';
import { type Actor, NO_FLAGS } from '../../workflows/shared/job-model.js';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer, aPiece, aSmallJob, aTakeIn } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { request } from '../support/http.js';
import { sql } from '../support/sql.js';
import { STAFF } from '../support/test-config.js';

type Staff = keyof typeof STAFF;
type Kind = 'repair' | 'custom_order';
const MAIN_STORE = '00000000-0000-4000-8000-000000000001';
const ZONE = 'America/New_York';
const BEN: Actor = { kind: 'staff', id: STAFF.manager.id, name: STAFF.manager.name, role: 'manager', channel: 'counter' };
const usd = (amountMinor: number, kind = 'deposit') => ({ kind, amount: { amountMinor, currency: 'USD' }, method: 'card' });
const confirmation = { typedName: 'M. Lopez' };

// ---- The test's own reading of the journal: nothing here calls the reporting SQL ----

interface Event {
  job_id: string;
  sequence: number;
  type: string;
  at: Date;
  actor_id: string | null;
  actor_name: string;
  data: Record<string, any>;
}

const localDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Where a job has left the shop, as the workflows' own snapshots say (`closed`). */
function closes(kind: Kind, stage: string): boolean {
  if (kind === 'repair') return REPAIR_STAGE_TABLE.isFinal(stage as (typeof REPAIR_STAGES)[number]);
  const state = { order: { jobId: 'x', takenAt: '' }, stage, stageLabel: '', journalSequence: 0, items: [], promised: { date: null }, flags: NO_FLAGS, assignee: null, stageSince: '' };
  return orderSnapshotOf(state as unknown as OrderState).closed;
}

/** The 1/8-octave buckets the dashboards promise, written out again: exact below 16 ms, then 8 per doubling. */
function bucketMiddleMs(ms: number): number {
  if (ms < 16) return ms;
  let e = 0;
  while (2 ** (e + 1) <= ms) e += 1;
  const width = 2 ** (e - 3);
  return Math.floor(ms / width) * width + width / 2;
}

function nearestRank(values: number[], percent: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((percent * sorted.length) / 100)) - 1];
}

/** What a duration figure must read, from the exact durations in milliseconds. */
function expectedSummary(values: number[]) {
  if (values.length === 0) return { samples: 0, meanSeconds: null, p50Seconds: null, p90Seconds: null };
  const total = values.reduce((sum, value) => sum + value, 0);
  return {
    samples: values.length,
    meanSeconds: Math.round(total / values.length) / 1000,
    p50Seconds: bucketMiddleMs(nearestRank(values, 50)) / 1000,
    p90Seconds: bucketMiddleMs(nearestRank(values, 90)) / 1000,
  };
}

describe("managers' dashboards and the jobs export (real Postgres, Temporal and Redis)", () => {
  let stack: AtelierStack;
  let today: string;
  let period: string;
  let otherStore: string;
  const jobs: Record<string, { id: string; number: string; customerId: string }> = {};

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, as: Staff = 'counter', headers: Record<string, string> = {}) => request(stack.api, method, url, { token: STAFF[as].token, body, headers });
  const repair = (name: string, action: string, body: unknown = {}, as: Staff = 'counter') => call('POST', `/repairs/${jobs[name].id}/${action}`, body, as);
  const order = (name: string, action: string, body: unknown = {}, as: Staff = 'counter') => call('POST', `/orders/${jobs[name].id}/${action}`, body, as);
  const ok = async (answer: Promise<{ status: number; body: any }>, stage?: string) => {
    const done = await answer;
    expect({ status: done.status, ...(stage ? { stage: done.body.stage } : {}) }).toEqual({ status: 200, ...(stage ? { stage } : {}) });
    return done.body;
  };
  const dashboard = async (path: string, query = '', as: Staff = 'manager') => {
    const answer = await call('GET', `/manager/dashboard/${path}${query}`, undefined, as);
    expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    return answer.body;
  };
  const seriesOf = (chart: { x: { key: string }[]; series: { key: string; values: (number | null)[] }[] }, key: string) =>
    Object.fromEntries(chart.x.map((point, index) => [point.key, chart.series.find((series) => series.key === key)!.values[index]]));

  async function aCustomerId(): Promise<string> {
    const customer = await call('POST', '/customers', aCustomer());
    expect(customer.status).toBe(201);
    return customer.body.id;
  }
  async function takeRepair(name: string, body: (customerId: string) => object): Promise<void> {
    const customerId = await aCustomerId();
    const taken = await call('POST', '/repairs', body(customerId));
    expect(taken.status).toBe(201);
    jobs[name] = { id: taken.body.jobs[0].id, number: taken.body.jobs[0].number, customerId };
  }
  async function takeOrder(name: string): Promise<void> {
    const customerId = await aCustomerId();
    const taken = await call('POST', '/orders', { customerId, summary: 'Signet ring, 18k yellow', customerWords: 'A family crest', spec: '18k yellow, oval face 14x12 mm, size 9' });
    expect(taken.status).toBe(201);
    jobs[name] = { id: taken.body.id, number: taken.body.number, customerId };
  }
  const estimate = (unitMinor: number) => ({ lines: [{ kind: 'labour', description: 'Rebuild the head', quantity: 1, unitMinor }] });
  const design = (totalMinor: number) => ({ notes: 'Oval face, engraved crest', lines: [{ kind: 'metal', description: '18k yellow', quantity: 1, unitMinor: totalMinor }] });
  const pickup = (amountMinor: number | null) => ({ payments: amountMinor ? [usd(amountMinor, 'balance')] : [], confirmation, idChecked: false });

  beforeAll(async () => {
    stack = await startAtelierStack();
    // Second-long follow-ups, so a delivered order also completes (a second closing stage) within the file.
    expect((await call('PUT', `/stores/${MAIN_STORE}/policy`, { thankYouAfter: '1s', careReminderAfter: '2s' }, 'manager')).status).toBe(200);
    const uptown = await call('POST', '/stores', { code: 'UPT', name: 'Uptown', timeZone: 'America/Chicago', currency: 'USD' }, 'owner');
    expect(uptown.status).toBe(201);
    otherStore = uptown.body.id;
    today = localDay(new Date());
    period = `?from=${shiftDay(today, -1)}&to=${today}`;

    // R1: approved at once; carl's work fails its first check (dina's), passes the second.
    await takeRepair('r1', aSmallJob);
    await ok(repair('r1', 'assign', { jewelerId: STAFF.carl.id }), 'in_work');
    await ok(repair('r1', 'work-finished', {}, 'carl'), 'quality_check');
    await ok(repair('r1', 'quality-check/fail', { reason: 'One prong still loose' }, 'dina'), 'in_work');
    await ok(repair('r1', 'work-finished', {}, 'carl'), 'quality_check');
    await ok(repair('r1', 'quality-check/pass', {}, 'dina'), 'ready_for_pickup');
    await ok(repair('r1', 'pickup', pickup(4_500)), 'picked_up');
    // R2: the customer declines the estimate: back unrepaired.
    await takeRepair('r2', (customerId) => aTakeIn(customerId));
    await ok(repair('r2', 'estimate', estimate(30_000), 'carl'), 'awaiting_approval');
    await ok(repair('r2', 'estimate/decision', { approvalId: 'estimate-1', decision: 'decline', channel: 'phone' }), 'ready_for_pickup');
    await ok(repair('r2', 'pickup', pickup(null)), 'picked_up');
    // R3: estimate approved, a deposit, dina's work checked by carl, the balance at pickup.
    await takeRepair('r3', (customerId) => aTakeIn(customerId));
    await ok(repair('r3', 'estimate', estimate(20_000), 'carl'), 'awaiting_approval');
    await ok(repair('r3', 'estimate/decision', { approvalId: 'estimate-1', decision: 'approve', channel: 'counter' }), 'approved');
    await ok(repair('r3', 'payments', usd(5_000)));
    await ok(repair('r3', 'assign', { jewelerId: STAFF.dina.id }), 'in_work');
    await ok(repair('r3', 'work-finished', {}, 'dina'), 'quality_check');
    await ok(repair('r3', 'quality-check/pass', {}, 'carl'), 'ready_for_pickup');
    await ok(repair('r3', 'pickup', pickup(15_000)), 'picked_up');
    // R4: promised for yesterday (the API refuses a past day; the workflow's own Update takes it): ready late.
    await takeRepair('r4', aSmallJob);
    const [{ workflow_id: r4Workflow }] = await sql<{ workflow_id: string }>(stack.database.url, 'select workflow_id from jobs where id = $1', [jobs.r4.id]);
    await stack.temporal.workflow.getHandle(r4Workflow).executeUpdate(changePromisedDateUpdate, {
      args: [{ actor: BEN, reason: 'test: a promise already past', promised: { date: shiftDay(today, -1), deadlineAt: new Date(Date.now() + 300).toISOString(), rush: false } }],
    });
    await ok(repair('r4', 'assign', { jewelerId: STAFF.carl.id }), 'in_work');
    await ok(repair('r4', 'work-finished', {}, 'carl'), 'quality_check');
    await ok(repair('r4', 'quality-check/pass', {}, 'dina'), 'ready_for_pickup');
    await ok(repair('r4', 'pickup', pickup(4_500)), 'picked_up');
    // R5: a vendor's work fails its check (the vendor's failure, not the clerk's who received it); carl redoes it.
    await takeRepair('r5', aSmallJob);
    await ok(repair('r5', 'vendor', { vendorName: 'Stone Setters Ltd', reference: 'SS-1', expectedBackOn: shiftDay(today, 7) }), 'at_vendor');
    await ok(repair('r5', 'vendor/return', { next: 'quality_check' }), 'quality_check');
    await ok(repair('r5', 'quality-check/fail', { reason: 'Stone loose' }, 'dina'), 'in_work');
    await ok(repair('r5', 'assign', { jewelerId: STAFF.carl.id }), 'in_work');
    await ok(repair('r5', 'work-finished', {}, 'carl'), 'quality_check');
    await ok(repair('r5', 'quality-check/pass', {}, 'dina'), 'ready_for_pickup');
    await ok(repair('r5', 'pickup', pickup(4_500)), 'picked_up');
    // R6 and R7 stay open: one at the bench, one waiting for the customer (its description starts like a formula).
    await takeRepair('r6', aSmallJob);
    await ok(repair('r6', 'assign', { jewelerId: STAFF.carl.id }), 'in_work');
    await takeRepair('r7', (customerId) => aTakeIn(customerId, { items: [aPiece({ itemDescription: '=HYPERLINK("http://evil.test","Yellow metal ring")' })] }));
    await ok(repair('r7', 'estimate', estimate(30_000), 'carl'), 'awaiting_approval');
    // O1: a design sent back for changes, the second approved; the casting house's casting fails its check, carl recasts it.
    await takeOrder('o1');
    await ok(order('o1', 'designs', design(300_000)), 'awaiting_design_approval');
    await ok(order('o1', 'designs/decision', { approvalId: 'design-1', decision: 'request_changes', channel: 'phone', comment: 'Smaller crest' }), 'designing');
    await ok(order('o1', 'designs', design(300_000)), 'awaiting_design_approval');
    await ok(order('o1', 'designs/decision', { approvalId: 'design-2', decision: 'approve', channel: 'counter' }), 'design_approved');
    await ok(order('o1', 'payments', usd(150_000)));
    const steps = [
      { key: 'cad', kind: 'cad', label: 'CAD', leadDays: 0 },
      { key: 'casting', kind: 'casting', label: 'Casting', leadDays: 0 },
    ];
    await ok(order('o1', 'production', { steps, tryOn: false }), 'in_production');
    await ok(order('o1', 'steps/cad/start', { artisanId: STAFF.carl.id }, 'carl'));
    await ok(order('o1', 'steps/cad/finish', {}, 'carl'));
    await ok(order('o1', 'steps/casting/vendor', { vendorName: 'Casting House', reference: 'CH-1', expectedBackOn: shiftDay(today, 7) }));
    await ok(order('o1', 'steps/casting/vendor/return', {}), 'quality_check');
    await ok(order('o1', 'quality-check/fail', { backToStep: 'casting', reason: 'Porosity on the shank' }, 'dina'), 'in_production');
    await ok(order('o1', 'steps/casting/start', { artisanId: STAFF.carl.id }, 'carl'));
    await ok(order('o1', 'steps/casting/finish', {}, 'carl'), 'quality_check');
    await ok(order('o1', 'quality-check/pass', {}, 'dina'), 'ready');
    await ok(order('o1', 'hand-over', { method: 'pickup', payments: [usd(150_000, 'balance')], confirmation, idChecked: true }), 'delivered');
    // O2: a design fee, then cancelled before production: refunded in full.
    await takeOrder('o2');
    await ok(order('o2', 'payments', usd(15_000, 'design_fee')));
    await ok(order('o2', 'cancel', { reason: 'Found a ring elsewhere' }), 'cancelled');
    // R4's customer turns out to be R1's: their records are merged (payments and all).
    expect((await call('POST', `/customers/${jobs.r1.customerId}/merge`, { duplicateId: jobs.r4.customerId }, 'manager')).status).toBe(200);
    await eventually(() => call('GET', `/orders/${jobs.o1.id}`), (read) => read.body.stage === 'completed', 20_000);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** The journal, the projection and the ledger, as the test reads them. */
  async function recorded() {
    const events = await sql<Event>(stack.database.url, 'select job_id, sequence, type, at, actor_id, actor_name, data from job_events order by job_id, sequence');
    const rows = await sql<{ id: string; kind: Kind; store_id: string; stage: string; closed: boolean; number: string; created_by_name: string; promised_by: string | null }>(
      stack.database.url,
      'select id, kind, store_id, stage, closed, number, created_by_name, promised_by::text from jobs',
    );
    const kindOf = new Map(rows.map((row) => [row.id, row.kind]));
    const byJob = new Map<string, Event[]>();
    for (const event of events) byJob.set(event.job_id, [...(byJob.get(event.job_id) ?? []), event]);
    return { events, rows, kindOf, byJob };
  }

  /** Each job of the main store that finished in the period: its stays, outcome and promise, read off its journal. */
  async function finishedJobs(from: string, to: string) {
    const { byJob, kindOf } = await recorded();
    const finished = [];
    for (const [jobId, journal] of byJob) {
      const kind = kindOf.get(jobId)!;
      const changes = journal.filter((event) => event.type === 'stage_changed');
      const finishAt = changes.findIndex((change) => closes(kind, change.data.to));
      if (finishAt < 0) continue;
      const finish = changes[finishAt];
      if (localDay(finish.at) < from || localDay(finish.at) > to) continue;
      const stays = new Map<string, number>();
      for (let index = 0; index < finishAt; index += 1) stays.set(changes[index].data.to, (stays.get(changes[index].data.to) ?? 0) + (changes[index + 1].at.getTime() - changes[index].at.getTime()));
      const before = journal.filter((event) => event.sequence < finish.sequence);
      const ready = before.filter((event) => event.type === 'qc_passed').at(-1);
      const outcome = before.some((event) => event.type === 'cancelled') ? 'cancelled' : ready ? 'completed' : 'returned';
      const promised = ready
        ? journal
            .filter((event) => event.sequence < ready.sequence && (event.type === 'taken_in' || event.type === 'promised_date_changed'))
            .map((event) => (event.type === 'taken_in' ? event.data.promisedBy : event.data.to))
            .filter(Boolean)
            .at(-1)
        : undefined;
      finished.push({ jobId, kind, stays, endToEndMs: finish.at.getTime() - changes[0].at.getTime(), outcome, onTime: ready && promised ? localDay(ready.at) <= promised : null });
    }
    return finished;
  }

  it('keeps the closing stages the same as the workflows, in TypeScript and in the database', async () => {
    for (const [kind, stages] of [['repair', REPAIR_STAGES], ['custom_order', ORDER_STAGES]] as const) {
      for (const stage of stages) {
        const [{ closing }] = await sql<{ closing: boolean }>(stack.database.url, 'select reporting.is_closing_stage($1, $2) as closing', [kind, stage]);
        expect({ kind, stage, closing, listed: CLOSING_STAGES[kind].includes(stage) }).toEqual({ kind, stage, closing: closes(kind, stage), listed: closes(kind, stage) });
      }
    }
  });

  it('buckets a duration alike in the database and in TypeScript: exact below 16 ms, then 8 buckets per doubling', async () => {
    const durations = [0, 1, 15, 16, 17, 31, 32, 33, 1_000, 86_399_999, 86_400_000, 2 ** 35 - 1, 2 ** 35, 2 ** 35 + 1, ...Array.from({ length: 110 }, (_, index) => Math.floor(1.37 ** index))];
    const rows = await sql<{ ms: string; bucket: number }>(stack.database.url, 'select ms::text, reporting.duration_bucket(ms) as bucket from unnest($1::bigint[]) as ms', [durations]);
    for (const { ms, bucket } of rows) {
      const { lowerMs, upperMs } = boundsOf(bucket);
      expect({ ms, bucket, inside: lowerMs <= Number(ms) && Number(ms) < upperMs, narrow: upperMs - lowerMs <= Math.max(1, lowerMs / 8) }).toEqual({ ms, bucket: bucketOf(Number(ms)), inside: true, narrow: true });
      expect(representativeMs(bucket)).toBe(bucketMiddleMs(Number(ms)));
    }
  });

  it('counts open jobs per stage as the projection holds them', async () => {
    const shown = await dashboard('stages');
    const { rows } = await recorded();
    for (const chart of shown.kinds) {
      const open = rows.filter((row) => row.kind === chart.kind && !row.closed && row.store_id === MAIN_STORE);
      const expected: Record<string, number> = {};
      for (const { key } of chart.x) expected[key] = open.filter((row) => row.stage === key).length;
      expect({ kind: chart.kind, counts: seriesOf(chart, 'jobs') }).toEqual({ kind: chart.kind, counts: expected });
      expect(chart.total).toBe(open.length);
      expect(chart.x.map((point: { key: string }) => point.key)).not.toContain(CLOSING_STAGES[chart.kind as Kind][0]);
    }
    expect(seriesOf(shown.kinds[0], 'jobs')).toMatchObject({ in_work: 1, awaiting_approval: 1 });
    expect((await dashboard('stages', '?kind=custom_order')).kinds.map((chart: { kind: string }) => chart.kind)).toEqual(['custom_order']);
  });

  it('reports each stage and the whole job (median, p90, mean) for the jobs that finished in the period, to the stated precision', async () => {
    const shown = await dashboard('cycle-times', period);
    expect(shown.percentiles.relativePrecision).toBe(1 / 16);
    const finished = await finishedJobs(shift(-1), today);
    expect(finished.map((job) => job.jobId).sort()).toEqual([jobs.r1, jobs.r2, jobs.r3, jobs.r4, jobs.r5, jobs.o1, jobs.o2].map((job) => job.id).sort());
    for (const chart of shown.kinds) {
      const mine = finished.filter((job) => job.kind === chart.kind);
      expect(chart.finishedJobs).toBe(mine.length);
      expect({ kind: chart.kind, endToEnd: chart.endToEnd }).toEqual({ kind: chart.kind, endToEnd: expectedSummary(mine.map((job) => job.endToEndMs)) });
      const stages = [...new Set(mine.flatMap((job) => [...job.stays.keys()]))];
      expect(chart.x.map((point: { key: string }) => point.key).sort()).toEqual(stages.sort());
      for (const stage of stages) {
        const values = mine.filter((job) => job.stays.has(stage)).map((job) => job.stays.get(stage)!);
        const expected = expectedSummary(values);
        const reported = { samples: seriesOf(chart, 'jobs')[stage], meanSeconds: seriesOf(chart, 'meanSeconds')[stage], p50Seconds: seriesOf(chart, 'p50Seconds')[stage], p90Seconds: seriesOf(chart, 'p90Seconds')[stage] };
        expect({ kind: chart.kind, stage, ...reported }).toEqual({ kind: chart.kind, stage, ...expected });
        // The promise itself: within 1/16 of the exact nearest-rank value.
        for (const percent of [50, 90]) {
          const exact = nearestRank(values, percent) / 1000;
          expect(Math.abs(reported[percent === 50 ? 'p50Seconds' : 'p90Seconds']! - exact)).toBeLessThanOrEqual(exact / 16 + 1e-9);
        }
      }
    }
    // R1 went through the bench twice: its two stays are one job's time there.
    expect(seriesOf(shown.kinds[0], 'jobs').in_work).toBe(finished.filter((job) => job.kind === 'repair' && job.stays.has('in_work')).length);
    // A period before any of it: nothing measured.
    const before = await dashboard('cycle-times', `?from=${shift(-30)}&to=${shift(-20)}`);
    expect(before.kinds.map((chart: { finishedJobs: number; endToEnd: { p50Seconds: number | null } }) => [chart.finishedJobs, chart.endToEnd.p50Seconds])).toEqual([
      [0, null],
      [0, null],
    ]);
  });

  it('counts the finished jobs ready by their promised day, per day, with the late one late', async () => {
    const shown = await dashboard('on-time', `${period}&bucket=day`);
    const finished = await finishedJobs(shift(-1), today);
    const promised = finished.filter((job) => job.onTime !== null);
    expect(shown.total).toEqual({
      onTime: { numerator: promised.filter((job) => job.onTime).length, denominator: promised.length, ratio: promised.filter((job) => job.onTime).length / promised.length },
      finished: finished.length,
      completed: finished.filter((job) => job.outcome === 'completed').length,
      returned: finished.filter((job) => job.outcome === 'returned').length,
      cancelled: finished.filter((job) => job.outcome === 'cancelled').length,
      withoutPromise: finished.filter((job) => job.outcome === 'completed' && job.onTime === null).length,
    });
    expect(shown.total).toMatchObject({ finished: 7, completed: 5, returned: 1, cancelled: 1, onTime: { numerator: 4, denominator: 5 } });
    expect(finished.find((job) => job.jobId === jobs.r4.id)?.onTime).toBe(false);
    expect(shown.x.map((point: { key: string }) => point.key)).toEqual([shift(-1), today]);
    expect(seriesOf(shown, 'late')[today]).toBe(1);
    expect(seriesOf(shown, 'onTimeRate')[today]).toBe(4 / 5);
    expect(seriesOf(shown, 'onTimeRate')[shift(-1)]).toBeNull();
    // Weeks and months cut the same period into clipped points.
    const weekly = await dashboard('on-time', `?from=${shift(-13)}&to=${today}&bucket=week`);
    expect(weekly.x[0].start).toBe(shift(-13));
    expect(weekly.x.at(-1).end).toBe(today);
    expect(weekly.series.find((series: { key: string }) => series.key === 'onTime').values.reduce((sum: number, value: number) => sum + value, 0)).toBe(4);
  });

  it('adds the payments of the period per currency, job kind and payment kind, refunds taken off', async () => {
    const shown = await dashboard('revenue', `${period}&bucket=month`);
    const payments = await sql<{ recorded_at: Date; kind: string; amount_minor: number; currency: string; job_kind: string }>(
      stack.database.url,
      'select p.recorded_at, p.kind, p.amount_minor, p.currency, j.kind as job_kind from payments p join jobs j on j.id = p.job_id where p.store_id = $1',
      [MAIN_STORE],
    );
    const inPeriod = payments.filter((payment) => localDay(payment.recorded_at) >= shift(-1) && localDay(payment.recorded_at) <= today);
    const signed = (payment: (typeof inPeriod)[number]) => (payment.kind === 'refund' ? -payment.amount_minor : payment.amount_minor);
    const categories = new Map<string, { amountMinor: number; payments: number }>();
    for (const payment of inPeriod) {
      const key = `${payment.job_kind}.${payment.kind}`;
      const category = categories.get(key) ?? { amountMinor: 0, payments: 0 };
      categories.set(key, { amountMinor: category.amountMinor + signed(payment), payments: category.payments + 1 });
    }
    expect(shown.currencies).toHaveLength(1);
    const [usdChart] = shown.currencies;
    expect(usdChart.netMinor).toBe(inPeriod.reduce((sum, payment) => sum + signed(payment), 0));
    expect(usdChart.netMinor).toBe(4_500 + 5_000 + 15_000 + 4_500 + 4_500 + 300_000);
    expect(Object.fromEntries(usdChart.categories.map((category: { key: string; amountMinor: number; payments: number }) => [category.key, { amountMinor: category.amountMinor, payments: category.payments }]))).toEqual(Object.fromEntries(categories));
    expect(usdChart.categories.find((category: { key: string }) => category.key === 'custom_order.refund')).toMatchObject({ amountMinor: -15_000, payments: 1 });
    expect(usdChart.series[0]).toMatchObject({ key: 'net', unit: 'minor_units', currency: 'USD' });
    expect(usdChart.series[0].values.reduce((sum: number, value: number) => sum + value, 0)).toBe(usdChart.netMinor);
    expect((await dashboard('revenue', `${period}&kind=repair`)).currencies[0].netMinor).toBe(33_500);
  });

  it("puts each quality check under whoever finished the work it examined, a vendor's work under the vendor", async () => {
    const shown = await dashboard('quality', period);
    const { byJob } = await recorded();
    const expected = new Map<string, { checks: number; failures: number }>();
    for (const journal of byJob.values()) {
      for (const check of journal.filter((event) => ['qc_passed', 'qc_failed'].includes(event.type) && localDay(event.at) >= shift(-1))) {
        const finished = journal.filter((event) => event.sequence < check.sequence && ['work_finished', 'step_finished', 'received_from_vendor'].includes(event.type)).at(-1)!;
        const startOfStep = journal.filter((event) => event.sequence < finished.sequence && ['step_started', 'sent_to_vendor'].includes(event.type) && event.data.step === finished.data.step).at(-1);
        const vendor = finished.type === 'received_from_vendor' ? finished.data.vendor.name : finished.type === 'step_finished' && startOfStep?.type === 'sent_to_vendor' ? startOfStep.data.vendor.name : null;
        const key = vendor ? `vendor:${vendor}` : `staff:${finished.actor_id}`;
        const tally = expected.get(key) ?? { checks: 0, failures: 0 };
        expected.set(key, { checks: tally.checks + 1, failures: tally.failures + (check.type === 'qc_failed' ? 1 : 0) });
      }
    }
    const reported = Object.fromEntries(shown.x.map((point: { key: string }) => [point.key, { checks: seriesOf(shown, 'checks')[point.key], failures: seriesOf(shown, 'failures')[point.key] }]));
    expect(reported).toEqual(Object.fromEntries(expected));
    expect(reported).toEqual({
      [`staff:${STAFF.carl.id}`]: { checks: 5, failures: 1 },
      [`staff:${STAFF.dina.id}`]: { checks: 1, failures: 0 },
      'vendor:Stone Setters Ltd': { checks: 1, failures: 1 },
      'vendor:Casting House': { checks: 1, failures: 1 },
    });
    expect(seriesOf(shown, 'failureRate')[`staff:${STAFF.carl.id}`]).toBe(1 / 5);
    expect(shown.x.find((point: { key: string }) => point.key === `staff:${STAFF.carl.id}`)).toMatchObject({ label: 'carl', kind: 'staff' });
    expect(shown.total).toEqual({ numerator: 3, denominator: 8, ratio: 3 / 8 });
  });

  it('rates the decisions on what was put to the customer, with the time each took', async () => {
    const shown = await dashboard('approvals', period);
    const { events } = await recorded();
    const requested = new Map(events.filter((event) => ['approval_requested', 'design_version_added'].includes(event.type)).map((event) => [`${event.job_id}/${event.data.approvalId}`, event.at]));
    const decisions = events.filter((event) => event.type === 'approval_decided');
    const subjectOf = (approvalId: string) => approvalId.replace(/-\d+$/, '');
    for (const subject of ['estimate', 'design']) {
      const mine = decisions.filter((event) => subjectOf(event.data.approvalId) === subject && event.data.outcome !== 'auto_approved');
      const approved = mine.filter((event) => event.data.outcome === 'approved');
      expect({ subject, decided: seriesOf(shown, 'decided')[subject], approved: seriesOf(shown, 'approved')[subject], rate: seriesOf(shown, 'approvalRate')[subject] }).toEqual({
        subject,
        decided: mine.length,
        approved: approved.length,
        rate: approved.length / mine.length,
      });
      const times = approved.map((event) => event.at.getTime() - requested.get(`${event.job_id}/${event.data.approvalId}`)!.getTime());
      expect(seriesOf(shown, 'p50SecondsToApprove')[subject]).toBe(expectedSummary(times).p50Seconds);
    }
    expect(seriesOf(shown, 'declined').estimate).toBe(1);
    expect(seriesOf(shown, 'changesRequested').design).toBe(1);
    expect(shown.total.approval).toEqual({ numerator: 2, denominator: 4, ratio: 0.5 });
    expect(shown.total.autoApproved).toBe(decisions.filter((event) => event.data.outcome === 'auto_approved').length);
    expect(shown.total.autoApproved).toBe(4);
    const allTimes = decisions.filter((event) => event.data.outcome !== 'auto_approved').map((event) => event.at.getTime() - requested.get(`${event.job_id}/${event.data.approvalId}`)!.getTime());
    expect(shown.total.timeToDecide).toEqual(expectedSummary(allTimes));
  });

  it('rates message delivery per channel from the messages as their status stands', async () => {
    await eventually(() => sql<{ owed: number }>(stack.database.url, "select count(*)::int as owed from messages where status in ('queued', 'sending')"), ([{ owed }]) => owed === 0, 30_000);
    // Receipts may still move a status between two reads: compare one read of each, taken together.
    await eventually(
      async () => {
        const shown = await dashboard('messages', period);
        const rows = await sql<{ channel: string; status: string; created_at: Date }>(stack.database.url, 'select m.channel, m.status, m.created_at from messages m join jobs j on j.id = m.job_id where j.store_id = $1', [MAIN_STORE]);
        const expected: Record<string, { written: number; delivered: number; settled: number }> = {};
        for (const row of rows.filter((candidate) => localDay(candidate.created_at) >= shift(-1))) {
          const tally = (expected[row.channel] ??= { written: 0, delivered: 0, settled: 0 });
          tally.written += 1;
          if (row.status === 'delivered' || (row.status === 'sent' && row.channel === 'email')) tally.delivered += 1;
          if (!['suppressed', 'queued', 'sending'].includes(row.status)) tally.settled += 1;
        }
        const reported: Record<string, { written: number; delivered: number; settled: number }> = {};
        for (const point of shown.x as { key: string }[]) {
          const written = seriesOf(shown, 'written')[point.key] as number;
          if (written === 0) continue;
          reported[point.key] = { written, delivered: seriesOf(shown, 'delivered')[point.key] as number, settled: written - (seriesOf(shown, 'suppressed')[point.key] as number) - (seriesOf(shown, 'pending')[point.key] as number) };
        }
        return { reported, expected, total: shown.total };
      },
      ({ reported, expected }) => JSON.stringify(reported) === JSON.stringify(expected),
      20_000,
    ).then(({ reported, total }) => {
      expect(reported.sms.written).toBeGreaterThan(10);
      const delivered = Object.values(reported).reduce((sum, tally) => sum + tally.delivered, 0);
      const settled = Object.values(reported).reduce((sum, tally) => sum + tally.settled, 0);
      expect(total.delivery).toEqual({ numerator: delivered, denominator: settled, ratio: settled ? delivered / settled : null });
    });
  });

  it("lists the customers of the highest lifetime value, a merged customer's payments under the survivor", async () => {
    const shown = await dashboard('customers', '?limit=3');
    const payments = await sql<{ customer_id: string; kind: string; amount_minor: number; currency: string }>(stack.database.url, 'select customer_id, kind, amount_minor, currency from payments where store_id = $1', [MAIN_STORE]);
    const value = new Map<string, number>();
    for (const payment of payments) value.set(payment.customer_id, (value.get(payment.customer_id) ?? 0) + (payment.kind === 'refund' ? -payment.amount_minor : payment.amount_minor));
    const top = [...value].sort(([a, x], [b, y]) => y - x || b.localeCompare(a)).slice(0, 3);
    expect(shown.currencies[0].customers.map((customer: { customerId: string; netMinor: number }) => [customer.customerId, customer.netMinor])).toEqual(top);
    expect(top.map(([customerId]) => customerId)).toEqual([jobs.o1.customerId, jobs.r3.customerId, jobs.r1.customerId]);
    expect(top[2][1]).toBe(9_000);
    expect(shown.currencies[0].series[0]).toMatchObject({ key: 'netMinor', unit: 'minor_units', currency: 'USD', values: top.map(([, net]) => net) });
    // The same from the chain's totals (an owner), and summed over a manager's two stores (an API key in both).
    const owners = await dashboard('customers', '?limit=3', 'owner');
    const key = await call('POST', '/api-keys', { name: 'Two stores', role: 'manager', storeIds: [MAIN_STORE, otherStore] }, 'owner');
    expect(key.status).toBe(201);
    const twoStores = await request(stack.api, 'GET', '/manager/dashboard/customers?limit=3', { token: key.body.secret });
    expect(twoStores.body.scope).toEqual({ allStores: false, storeIds: [MAIN_STORE, otherStore], kind: null });
    for (const view of [owners, twoStores.body]) expect(view.currencies[0].customers.map((customer: { customerId: string; netMinor: number }) => [customer.customerId, customer.netMinor])).toEqual(top);
    const orders = await dashboard('customers', '?kind=custom_order');
    expect(orders.currencies[0].customers.map((customer: { customerId: string; netMinor: number; refundedMinor: number }) => [customer.customerId, customer.netMinor, customer.refundedMinor])).toEqual([
      [jobs.o1.customerId, 300_000, 0],
      [jobs.o2.customerId, 0, 15_000],
    ]);
  });

  it('counts nothing twice when a journal or payment write is retried', async () => {
    const everything = () => Promise.all(['stages', `cycle-times${period}`, `on-time${period}`, `revenue${period}`, `quality${period}`, `approvals${period}`, `messages${period}`, 'customers'].map((path) => dashboard(path.split('?')[0], path.includes('?') ? `?${path.split('?')[1]}` : '')));
    const before = await everything();
    // The writers' own retry: the same rows again, kept out by their keys.
    await sql(
      stack.database.url,
      `insert into job_events (job_id, sequence, type, at, actor_kind, actor_id, actor_name, actor_role, channel, summary, data)
       select job_id, sequence, type, at, actor_kind, actor_id, actor_name, actor_role, channel, summary, data from job_events on conflict (job_id, sequence) do nothing`,
    );
    await sql(
      stack.database.url,
      `insert into payments (id, customer_id, store_id, job_id, kind, amount_minor, currency, method, reference, recorded_by_id, recorded_by_name, recorded_at, idempotency_key)
       select gen_random_uuid(), customer_id, store_id, job_id, kind, amount_minor, currency, method, reference, recorded_by_id, recorded_by_name, recorded_at, idempotency_key from payments
       on conflict (idempotency_key) do nothing`,
    );
    // The outbox's: a message written again is refused by its keys.
    await sql(stack.database.url, 'insert into messages select * from messages on conflict do nothing');
    const after = await everything();
    const stable = (views: any[]) => views.map(({ asOf: _, ...view }) => view);
    expect(stable(after)).toEqual(stable(before));
  });

  it("the migrations' backfills rebuild exactly what the triggers kept", async () => {
    const tables = ['report_jobs', 'report_duration_days', 'report_duration_months', 'report_finish_days', 'report_quality_days', 'report_approvals', 'report_revenue_days', 'report_customer_values', 'report_customer_totals', 'report_message_days'];
    const snapshot = async () =>
      Object.fromEntries(await Promise.all(tables.map(async (table) => [table, (await sql(stack.database.url, `select * from ${table}${table === 'report_message_days' ? ' where messages <> 0' : ''}`)).map((row) => JSON.stringify(row)).sort()])));
    // A message count the triggers took down to zero stays as a row of zero (the hot path writes no deletes): the same as no row.
    const kept = await snapshot();
    const migration = new Migration20261203200000ManagerReports(undefined as never, undefined as never);
    migration.up();
    const messages = new Migration20261203500000MessageReport(undefined as never, undefined as never);
    messages.up();
    const backfill = [...(migration.getQueries() as string[]), ...(messages.getQueries() as string[])].filter((statement) => statement.startsWith('select reporting.'));
    expect(backfill).toHaveLength(6);
    expect((await sql<{ n: number }>(stack.database.url, 'select count(*)::int as n from report_message_days'))[0].n).toBeGreaterThan(0);
    await sql(stack.database.url, `truncate ${tables.join(', ')}`);
    for (const statement of backfill) await sql(stack.database.url, statement);
    expect(await snapshot()).toEqual(kept);
  });

  it("exports one CSV row per job with its dates, stage times and who moved it, cells safe for a spreadsheet", async () => {
    const answer = await call('GET', `/manager/jobs.csv${period}`, undefined, 'manager');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = Buffer.from(answer.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    const [header, ...lines] = rows;
    const { rows: projected, byJob } = await recorded();
    expect(lines).toHaveLength(projected.filter((row) => row.store_id === MAIN_STORE).length);
    const cell = (line: string[], column: string) => line[header.indexOf(column)];
    const lineOf = (name: string) => lines.find((line) => cell(line, 'job_number') === jobs[name].number)!;
    // R1, read off its journal: time at the bench (twice), created by ana, moved on by ana, carl, dina.
    const r1 = byJob.get(jobs.r1.id)!.filter((event) => event.type === 'stage_changed');
    const atBench = r1.reduce((sum, change, index) => sum + (change.data.to === 'in_work' ? r1[index + 1].at.getTime() - change.at.getTime() : 0), 0);
    expect(Number(cell(lineOf('r1'), 'repair_in_work_seconds'))).toBe(atBench / 1000);
    expect(Number(cell(lineOf('r1'), 'end_to_end_seconds'))).toBe((r1.at(-1)!.at.getTime() - r1[0].at.getTime()) / 1000);
    expect(cell(lineOf('r1'), 'created_by')).toBe('ana');
    expect(cell(lineOf('r1'), 'advanced_by')).toBe([...new Set(r1.slice(1).map((change) => change.actor_name))].join('; '));
    expect(cell(lineOf('r1'), 'taken_in_at')).toBe(r1[0].at.toISOString());
    expect(cell(lineOf('r1'), 'finished_at')).toBe(r1.at(-1)!.at.toISOString());
    expect([cell(lineOf('r1'), 'outcome'), cell(lineOf('r1'), 'on_time'), cell(lineOf('r4'), 'on_time'), cell(lineOf('r2'), 'outcome')]).toEqual(['completed', 'yes', 'no', 'returned']);
    expect(cell(lineOf('r4'), 'promised_by')).toBe(shift(-1));
    // Open jobs: no finish yet, their current stage counted up to the export.
    expect([cell(lineOf('r6'), 'finished_at'), cell(lineOf('r6'), 'stage_now')]).toEqual(['', 'in_work']);
    expect(Number(cell(lineOf('r6'), 'repair_in_work_seconds'))).toBeGreaterThan(0);
    expect(cell(lineOf('o1'), 'custom_order_casting_seconds')).toBeUndefined();
    expect(Number(cell(lineOf('o1'), 'custom_order_in_production_seconds'))).toBeGreaterThan(0);
    expect(cell(lineOf('o1'), 'repair_in_work_seconds')).toBe('');
    // A description that would run as a formula is text, and its quotes survive.
    expect(cell(lineOf('r7'), 'summary')).toBe(`'=HYPERLINK("http://evil.test","Yellow metal ring")`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""Yellow metal ring"")"`);

    const repairsOnly = parseCsv(Buffer.from((await call('GET', `/manager/jobs.csv${period}&kind=repair&dates=finished`, undefined, 'owner')).body as Buffer).toString('utf8').slice(1));
    expect(repairsOnly.slice(1).map((line) => line[0]).sort()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5'].map((name) => jobs[name].number).sort());
    expect(repairsOnly[0].some((column) => column.startsWith('custom_order_'))).toBe(false);
    const none = await call('GET', `/manager/jobs.csv?from=${shift(-30)}&to=${shift(-20)}`, undefined, 'manager');
    expect(parseCsv(Buffer.from(none.body as Buffer).toString('utf8').slice(1))).toHaveLength(1);
  });

  // ---- Refusals: generated from the queries' own rules ----

  const ROUTES: [string, object][] = [
    ['/manager/dashboard/stages', DashboardScopeQuery],
    ['/manager/dashboard/cycle-times', DashboardPeriodQuery],
    ['/manager/dashboard/on-time', DashboardSeriesQuery],
    ['/manager/dashboard/revenue', DashboardSeriesQuery],
    ['/manager/dashboard/quality', DashboardPeriodQuery],
    ['/manager/dashboard/approvals', DashboardPeriodQuery],
    ['/manager/dashboard/messages', DashboardPeriodQuery],
    ['/manager/dashboard/customers', CustomerValueQuery],
    ['/manager/jobs.csv', JobsCsvQuery],
  ];
  const periodRoutes = ROUTES.filter(([, query]) => query === DashboardPeriodQuery || query === DashboardSeriesQuery || query === JobsCsvQuery);

  /** Values each rule of a query refuses, one set per property, from class-validator's metadata. */
  function badValuesOf(query: object): [string, string][] {
    const rules = getMetadataStorage().getTargetValidationMetadatas(query as new () => object, '', true, false);
    const bad: [string, string][] = [];
    for (const rule of rules) {
      const values: Record<string, string[]> = {
        isUuid: ['not-a-store'],
        isIn: ['sideways'],
        isCalendarDay: ['2026-02-30', '30/11/2026', '2026-11-1'],
        isInt: ['2.5', 'ten'],
        min: [String(Number(rule.constraints?.[0]) - 1)],
        max: [String(Number(rule.constraints?.[0]) + 1)],
      };
      const name = rule.name ?? rule.type;
      if (name === 'isOptional') continue;
      expect({ rule: name, known: name in values }).toEqual({ rule: name, known: true });
      for (const value of values[name]) bad.push([rule.propertyName, value]);
    }
    return bad;
  }

  it('refuses every value the queries do not take with 400 VALIDATION_FAILED naming the field, and unknown fields too', async () => {
    for (const [route, query] of ROUTES) {
      const cases = [...badValuesOf(query), ['colour', 'blue'] as [string, string]];
      expect(cases.length).toBeGreaterThan(2);
      for (const [field, value] of cases) {
        const answer = await call('GET', `${route}?${field}=${encodeURIComponent(value)}`, undefined, 'manager');
        expect({ route, field, value, status: answer.status, code: answer.body.code, fields: answer.body.errors?.map((error: { field: string }) => error.field) }).toEqual({
          route,
          field,
          value,
          status: 400,
          code: 'VALIDATION_FAILED',
          fields: [field],
        });
      }
    }
  });

  it('refuses a reversed period and one longer than 366 days with their own codes; 366 days is fine', async () => {
    for (const [route] of periodRoutes) {
      const reversed = await call('GET', `${route}?from=${today}&to=${shift(-1)}`, undefined, 'manager');
      expect({ route, status: reversed.status, body: reversed.body }).toMatchObject({ route, status: 400, body: { code: 'PERIOD_REVERSED', from: today, to: shift(-1) } });
      const tooLong = await call('GET', `${route}?from=${shift(-366)}&to=${today}`, undefined, 'manager');
      expect({ route, status: tooLong.status, body: tooLong.body }).toMatchObject({ route, status: 400, body: { code: 'PERIOD_TOO_LONG', days: 367, maxDays: 366 } });
      const fromOnlyTooLong = await call('GET', `${route}?from=${shift(-400)}`, undefined, 'manager');
      expect({ route, status: fromOnlyTooLong.status, code: fromOnlyTooLong.body.code }).toEqual({ route, status: 400, code: 'PERIOD_TOO_LONG' });
      expect((await call('GET', `${route}?from=${shift(-365)}&to=${today}`, undefined, 'manager')).status).toBe(200);
    }
  });

  it('answers managers and owners only, and another store as if it did not exist unless the role spans stores', async () => {
    for (const [route] of ROUTES) {
      for (const as of ['counter', 'carl'] as const) expect({ route, as, status: (await call('GET', route, undefined, as)).status }).toEqual({ route, as, status: 403 });
      const asBen = await call('GET', `${route}?storeId=${otherStore}`, undefined, 'manager');
      expect({ route, status: asBen.status, code: asBen.body.code }).toEqual({ route, status: 404, code: 'STORE_NOT_FOUND' });
      expect({ route, status: (await call('GET', `${route}?storeId=${otherStore}`, undefined, 'owner')).status }).toEqual({ route, status: 200 });
    }
    // The owner's view of the empty store holds none of the main store's work.
    const uptown = await dashboard('cycle-times', `${period}&storeId=${otherStore}`, 'owner');
    expect(uptown.kinds.map((chart: { finishedJobs: number }) => chart.finishedJobs)).toEqual([0, 0]);
    expect(uptown.scope).toEqual({ allStores: false, storeIds: [otherStore], kind: null });
    const everywhere = await dashboard('on-time', period, 'owner');
    expect(everywhere.scope.allStores).toBe(true);
    expect(everywhere.total.finished).toBe(7);
    // The chain's rollups (every store) say what the one store with any work says.
    for (const path of ['cycle-times', 'quality', 'approvals']) {
      const { scope: _owner, ...chain } = await dashboard(path, period, 'owner');
      const { scope: _manager, ...store } = await dashboard(path, period, 'manager');
      expect({ path, ...chain }).toEqual({ path, ...store });
    }
    expect((await call('GET', '/manager/dashboard/cycle-times?storeId=00000000-0000-0000-0000-000000000000', undefined, 'owner')).body.code).toBe('STORE_NOT_FOUND');
  });

  function shift(days: number): string {
    return shiftDay(today, days);
  }
});

/** RFC 4180 as a spreadsheet reads it: quoted cells, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') (cell += '"'), (index += 1);
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(cell), (cell = '');
    else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ''), (index += 1);
    } else cell += char;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
