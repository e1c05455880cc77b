// The managers' dashboards at chain scale: 100,000 finished jobs (and 2,000 open ones) over a year in
// five stores, seeded straight into the benchmark's database with their journals, payments and
// messages (the reporting triggers keep the report tables as they would in a shop), then each
// dashboard timed through the API and, in the same run, as the same statements sent straight to
// PostgreSQL. Run by bench/managers.mjs (`npm run bench:managers`, or `npm run bench` with the rest).
import pg from 'pg';
import { ApprovalRates } from '../dist/src/managers/reporting/approvals.js';
import { CustomerValues } from '../dist/src/managers/reporting/customer-values.js';
import { CustodyReport } from '../dist/src/managers/custody-report.service.js';
import { LateLists } from '../dist/src/managers/late-lists.service.js';
import { CycleTimes } from '../dist/src/managers/reporting/cycle-times.js';
import { MessageDelivery } from '../dist/src/managers/reporting/message-delivery.js';
import { OnTimeRate } from '../dist/src/managers/reporting/on-time.js';
import { QualityChecks } from '../dist/src/managers/reporting/quality-checks.js';
import { Revenue } from '../dist/src/managers/reporting/revenue.js';
import { StagesNow } from '../dist/src/managers/reporting/stages-now.js';
import { MAIN_STORE_ID } from '../dist/src/stores/store.entity.js';
import { latencySummary, timed } from './stats.mjs';

export const DASHBOARD_COUNTS = { finishedJobs: 100_000, openJobs: 2_000, stores: 5, customers: 50_000, days: 365, chunk: 10_000, samplesPerQuery: 100 };

const STORES = [
  { id: MAIN_STORE_ID, existing: true, timeZone: 'America/New_York' },
  { id: '00000000-0000-4000-8000-0000000b0002', code: 'BCHI', name: 'Bench Chicago', timeZone: 'America/Chicago' },
  { id: '00000000-0000-4000-8000-0000000b0003', code: 'BLAX', name: 'Bench Los Angeles', timeZone: 'America/Los_Angeles' },
  { id: '00000000-0000-4000-8000-0000000b0004', code: 'BLON', name: 'Bench London', timeZone: 'Europe/London' },
  { id: '00000000-0000-4000-8000-0000000b0005', code: 'BTYO', name: 'Bench Tokyo', timeZone: 'Asia/Tokyo' },
];
const JEWELERS = 8;

// Each lifecycle as steps: the event, the stage it enters (if any), which jobs take it, and for a
// stage the median of the stay that follows it (lognormal around it). A tenth of the jobs fail a
// quality check once; half the repairs wait for the customer's approval, the rest are approved at once.
const REPAIR_STEPS = [
  ['taken_in', null, 'all', 0],
  ['stage_changed', 'received', 'all', 3_600_000],
  ['approval_requested', null, 'asks', 0],
  ['stage_changed', 'awaiting_approval', 'asks', 86_400_000],
  ['approval_decided', null, 'asks', 0],
  ['approval_decided', null, 'auto', 0],
  ['stage_changed', 'approved', 'all', 21_600_000],
  ['stage_changed', 'in_work', 'all', 172_800_000],
  ['work_finished', null, 'all', 0],
  ['stage_changed', 'quality_check', 'all', 7_200_000],
  ['qc_failed', null, 'fails', 0],
  ['stage_changed', 'in_work', 'fails', 86_400_000],
  ['work_finished', null, 'fails', 0],
  ['stage_changed', 'quality_check', 'fails', 3_600_000],
  ['qc_passed', null, 'all', 0],
  ['stage_changed', 'ready_for_pickup', 'all', 259_200_000],
  ['picked_up', null, 'all', 0],
  ['stage_changed', 'picked_up', 'all', 0],
];
const ORDER_STEPS = [
  ['taken_in', null, 'all', 0],
  ['stage_changed', 'designing', 'all', 259_200_000],
  ['design_version_added', null, 'all', 0],
  ['stage_changed', 'awaiting_design_approval', 'all', 172_800_000],
  ['approval_decided', null, 'all', 0],
  ['stage_changed', 'design_approved', 'all', 86_400_000],
  ['production_started', null, 'all', 0],
  ['stage_changed', 'in_production', 'all', 1_209_600_000],
  ['step_started', null, 'all', 0],
  ['step_finished', null, 'all', 0],
  ['stage_changed', 'quality_check', 'all', 14_400_000],
  ['qc_failed', null, 'fails', 0],
  ['stage_changed', 'in_production', 'fails', 259_200_000],
  ['step_finished', null, 'fails', 0],
  ['stage_changed', 'quality_check', 'fails', 7_200_000],
  ['qc_passed', null, 'all', 0],
  ['stage_changed', 'ready', 'all', 432_000_000],
  ['handed_over', null, 'all', 0],
  ['stage_changed', 'delivered', 'all', 0],
];
/** Open jobs stop at the bench / in production: their steps up to this one. */
const OPEN_UNTIL = { repair: 8, custom_order: 8 };

/** The journal, payments and messages of jobs `from`..`to` (1-based), in a few statements each; the report triggers run as in a shop. */
async function seedJobs(client, from, to) {
  const { finishedJobs, days } = DASHBOARD_COUNTS;
  const steps = [
    ...REPAIR_STEPS.map(([type, stage, who, medianMs], index) => ['repair', index + 1, type, stage, who, medianMs]),
    ...ORDER_STEPS.map(([type, stage, who, medianMs], index) => ['custom_order', index + 1, type, stage, who, medianMs]),
  ];
  await client.query('drop table if exists bench_steps, bench_plan, bench_events');
  await client.query(`create temp table bench_steps (kind text, step int, type text, stage text, who text, median_ms bigint)`);
  await client.query(`insert into bench_steps select * from jsonb_to_recordset($1::jsonb) as s(kind text, step int, type text, stage text, who text, median_ms bigint)`, [
    JSON.stringify(steps.map(([kind, step, type, stage, who, median_ms]) => ({ kind, step, type, stage, who, median_ms }))),
  ]);
  // One row per job: its store, customer, path, and when it finished (spread over the year; open ones today).
  await client.query(
    `create temp table bench_plan as
     select i, md5('bench-job-' || i)::uuid as job_id, case when i % 5 = 0 then 'custom_order' else 'repair' end as kind,
            ($3::uuid[])[1 + i % array_length($3::uuid[], 1)] as store_id, md5('bench-customer-' || (1 + i % $4::int))::uuid as customer_id,
            i > $5::int as open, i % 2 = 0 as asks, i % 10 = 3 as fails, 1 + i % ${JEWELERS} as jeweler,
            case when i > $5::int then now() - make_interval(mins => i % 600)
                 else now() - make_interval(days => 1 + i % $6::int) - make_interval(mins => (i * 37) % 1440) end as finish_at
       from generate_series($1::int, $2::int) as i`,
    [from, to, STORES.map((store) => store.id), DASHBOARD_COUNTS.customers, finishedJobs, days],
  );
  // Each job's steps with the stay after each (lognormal, sigma 0.8, Box-Muller), timed back from its finish.
  await client.query(
    `create temp table bench_events as
     with taken as (
       select p.*, s.step, s.type, s.stage,
              case when s.median_ms = 0 then 0
                   else (s.median_ms * exp(0.8 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::bigint end as stay_ms
         from bench_plan p join bench_steps s on s.kind = p.kind
        where (s.who = 'all' or (s.who = 'asks' and p.asks) or (s.who = 'auto' and not p.asks) or (s.who = 'fails' and p.fails))
          and (not p.open or s.step <= case when p.kind = 'repair' then ${OPEN_UNTIL.repair} else ${OPEN_UNTIL.custom_order} end)
     ), timed as (
       select taken.*,
              row_number() over (partition by job_id order by step) as sequence,
              sum(stay_ms) over (partition by job_id order by step rows between unbounded preceding and 1 preceding) as before_ms,
              sum(stay_ms) over (partition by job_id) as total_ms,
              lag(stage) over (partition by job_id, stage is null order by step) as from_stage
         from taken
     )
     select *, finish_at - make_interval(secs => (total_ms - coalesce(before_ms, 0)) / 1000.0) as at from timed`,
  );
  await client.query('create index on bench_events (job_id, step)');
  await client.query('analyze bench_events');
  await client.query(
    `insert into jobs (id, kind, store_id, customer_id, number, ticket_number, workflow_id, summary, stage, stage_label, stage_sequence, stage_since, waiting_on, promised_by,
                       overdue, vendor_late, unclaimed, rush, custody_location, custody_holder_kind, custody_holder_name, custody_since, closed, tracking_token, tracking_token_digest,
                       created_by_id, created_by_name, created_at, updated_at)
     select p.job_id, p.kind, p.store_id, p.customer_id, 'B-' || lpad(p.i::text, 7, '0') || '-1', 'B-' || lpad(p.i::text, 7, '0'), 'bench-' || p.i,
            'Yellow metal ring, customer stated 14k', last.stage, last.stage, last.sequence, last.at, case when p.open then 'shop' else 'nobody' end,
            ((first.at + interval '14 days') at time zone 'UTC')::date - case when p.i % 7 = 0 then 12 else 0 end,
            false, false, false, false, case when p.open then 'bench' else 'customer' end, 'staff', 'bench', last.at, not p.open,
            'bench-token-' || p.i, md5('bench-token-' || p.i), 'bench-counter', 'ana', first.at, last.at
       from bench_plan p
       join lateral (select stage, sequence, at from bench_events e where e.job_id = p.job_id and e.stage is not null order by step desc limit 1) as last on true
       join lateral (select at from bench_events e where e.job_id = p.job_id order by step limit 1) as first on true`,
  );
  // Each job's piece, where the job says it is: at a bench while open, back with the customer once finished.
  await client.query(
    `insert into job_items (job_id, key, description, declared_value_minor, currency, custody_location, custody_holder_kind, custody_holder_name, custody_since)
     select j.id, 'piece', j.summary, 20000 + (p.i * 7919) % 480000, 'USD', j.custody_location, j.custody_holder_kind, j.custody_holder_name, j.custody_since
       from bench_plan p join jobs j on j.id = p.job_id`,
  );
  await client.query(
    `insert into job_events (job_id, sequence, type, at, actor_kind, actor_id, actor_name, actor_role, channel, summary, data)
     select job_id, sequence, type, at, 'staff',
            case when type in ('work_finished', 'step_finished', 'step_started') then 'bench-jeweler-' || jeweler
                 when type in ('qc_passed', 'qc_failed') then 'bench-jeweler-' || (1 + jeweler % ${JEWELERS}) else 'bench-counter' end,
            case when type in ('work_finished', 'step_finished', 'step_started') then 'Jeweler ' || jeweler
                 when type in ('qc_passed', 'qc_failed') then 'Jeweler ' || (1 + jeweler % ${JEWELERS}) else 'ana' end,
            'bench_jeweler', 'counter', type,
            case when stage is not null then jsonb_build_object('from', from_stage, 'to', stage)
                 when type = 'approval_requested' then jsonb_build_object('approvalId', 'estimate-1')
                 when type = 'design_version_added' then jsonb_build_object('approvalId', 'design-1')
                 when type = 'approval_decided' then jsonb_build_object('approvalId', case when kind = 'repair' then 'estimate-1' else 'design-1' end,
                                                                          'outcome', case when kind = 'repair' and not asks then 'auto_approved' when i % 9 = 0 then 'declined' else 'approved' end)
                 when type in ('step_started', 'step_finished') then jsonb_build_object('step', 'casting')
                 when type = 'taken_in' then jsonb_build_object('promisedBy', ((at + interval '14 days') at time zone 'UTC')::date)
                 else '{}'::jsonb end
       from bench_events order by job_id, sequence`,
  );
  // Money: a repair's balance at pickup; an order's deposit at its design approval and balance at delivery.
  await client.query(
    `insert into payments (id, customer_id, store_id, job_id, kind, amount_minor, currency, method, recorded_by_name, recorded_at, idempotency_key)
     select md5('bench-payment-' || e.job_id || e.sequence)::uuid, e.customer_id, e.store_id, e.job_id,
            case when e.type = 'approval_decided' then 'deposit' else 'balance' end,
            case when e.kind = 'repair' then 2000 + (e.i * 7919) % 48000 else 150000 + (e.i * 7919) % 250000 end, 'USD', 'card', 'ana', e.at, 'bench:' || e.job_id || ':' || e.sequence
       from bench_events e
      where not e.open and ((e.kind = 'repair' and e.type = 'picked_up') or (e.kind = 'custom_order' and e.type in ('approval_decided', 'handed_over')))`,
  );
  // Texts and emails: received, ready, picked up (about 3 per job), as their delivery left them.
  await client.query(
    `insert into messages (id, customer_id, job_id, channel, kind, to_address, body, dedupe_key, status, attempts, created_at, sent_at, updated_at)
     select md5('bench-message-' || e.job_id || e.sequence)::uuid, e.customer_id, e.job_id, case when e.i % 10 = 0 then 'email' else 'sms' end,
            case when e.kind = 'repair' then 'repair.' else 'order.' end || e.type,
            case when e.i % 10 = 0 then 'customer' || e.i || '@example.com' else '+1555' || lpad((e.i % 10000000)::text, 7, '0') end,
            'Atelier: your piece ' || 'B-' || lpad(e.i::text, 7, '0') || ' is on its way through the shop. Track it: https://track.bench.test/t/' || md5(e.job_id::text || e.sequence),
            e.job_id || ':' || e.type || ':' || e.sequence,
            case when e.i % 10 = 0 then 'sent' when e.i % 23 = 0 then 'undelivered' when e.i % 31 = 0 then 'failed' when e.i % 17 = 0 then 'sent' else 'delivered' end,
            1, e.at, e.at, e.at
       from bench_events e where e.type in ('taken_in', 'qc_passed', 'picked_up', 'handed_over')`,
  );
}

export async function seed(client) {
  for (const store of STORES.filter((candidate) => !candidate.existing)) {
    await client.query(
      `insert into stores (id, code, name, address, time_zone, currency, opening_hours, policy, notifications, created_at, updated_at)
       values ($1, $2, $3, '{}', $4, 'USD', '{}', '{}', '{}', now(), now())`,
      [store.id, store.code, store.name, store.timeZone],
    );
  }
  await client.query(
    `insert into customers (id, first_name, last_name, phone, email, preferred_channel, language, sms_consent, email_consent, preferences, sizes, created_at, updated_at)
     select md5('bench-customer-' || i)::uuid, 'Customer', 'No. ' || i, '+1556' || lpad(i::text, 7, '0'), null, 'sms', 'en', true, false, '{}', '{}', now(), now()
       from generate_series(1, $1::int) as i`,
    [DASHBOARD_COUNTS.customers],
  );
  await client.query('select setseed(0.42)');
  const all = DASHBOARD_COUNTS.finishedJobs + DASHBOARD_COUNTS.openJobs;
  for (let from = 1; from <= all; from += DASHBOARD_COUNTS.chunk) await seedJobs(client, from, Math.min(all, from + DASHBOARD_COUNTS.chunk - 1));
  for (const table of ['customers', 'jobs', 'job_items', 'job_events', 'payments', 'messages', 'report_message_days', 'report_jobs', 'report_duration_days', 'report_duration_months', 'report_finish_days', 'report_quality_days', 'report_approvals', 'report_revenue_days', 'report_customer_values', 'report_customer_totals']) {
    await client.query(`vacuum analyze ${table}`);
  }
  const [{ finished }] = (await client.query("select count(*)::int as finished from report_jobs r join jobs j on j.id = r.job_id where r.finished_at is not null and j.workflow_id like 'bench-%'")).rows;
  if (finished !== DASHBOARD_COUNTS.finishedJobs) throw new Error(`the reporting triggers counted ${finished} finished jobs, not ${DASHBOARD_COUNTS.finishedJobs}`);
}

/** The statements a dashboard sends, taken from the app's own reporting code run against the same database. */
async function statementsOf(figure, client) {
  const statements = [];
  const connection = {
    async execute(sql, params = []) {
      let n = 0;
      const statement = { text: sql.replace(/\?/g, () => `$${++n}`), values: params };
      statements.push(statement);
      return (await client.query(statement)).rows;
    },
  };
  await figure({ getConnection: () => connection, fork: () => ({ getConnection: () => connection }) });
  return statements;
}

async function runAll(client, statements) {
  for (const statement of statements) await client.query(statement);
}

function dayOf(date, timeZone = 'UTC') {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

export async function measureDashboards({ databaseUrl, call }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const seeded = await timed(() => seed(client));
    const to = dayOf(new Date(), 'Asia/Tokyo');
    const yearFrom = dayOf(new Date(Date.parse(`${to}T00:00:00Z`) - 365 * 86_400_000));
    const quarterFrom = dayOf(new Date(Date.parse(`${to}T00:00:00Z`) - 100 * 86_400_000));
    const all = { stores: { stores: 'all' }, kind: null };
    const main = { stores: { stores: [MAIN_STORE_ID] }, kind: null };
    const year = { from: yearFrom, to, days: 366 };
    const quarter = { from: quarterFrom, to, days: 101 };
    const q = (query) => new URLSearchParams(query).toString();
    const queries = [
      { name: 'jobs by stage now, every store', path: '/manager/dashboard/stages', figure: (em) => new StagesNow(em).of(all) },
      { name: `cycle times, every store, 366 days (${yearFrom} to ${to})`, path: `/manager/dashboard/cycle-times?${q({ from: yearFrom, to })}`, figure: (em) => new CycleTimes(em).of(all, year) },
      { name: 'cycle times, one store, 101 days (months and days around them)', path: `/manager/dashboard/cycle-times?${q({ storeId: MAIN_STORE_ID, from: quarterFrom, to })}`, figure: (em) => new CycleTimes(em).of(main, quarter) },
      { name: 'on-time rate, every store, 366 days by week', path: `/manager/dashboard/on-time?${q({ from: yearFrom, to, bucket: 'week' })}`, figure: (em) => new OnTimeRate(em).of(all, year, 'week') },
      { name: 'revenue, every store, 366 days by month', path: `/manager/dashboard/revenue?${q({ from: yearFrom, to, bucket: 'month' })}`, figure: (em) => new Revenue(em).of(all, year, 'month') },
      { name: 'QC failure rate per artisan, every store, 366 days', path: `/manager/dashboard/quality?${q({ from: yearFrom, to })}`, figure: (em) => new QualityChecks(em).of(all, year) },
      { name: 'approval rate and time to approve, every store, 366 days', path: `/manager/dashboard/approvals?${q({ from: yearFrom, to })}`, figure: (em) => new ApprovalRates(em).of(all, year) },
      { name: 'message delivery per channel, every store, 366 days', path: `/manager/dashboard/messages?${q({ from: yearFrom, to })}`, figure: (em) => new MessageDelivery(em).of(all, year) },
      { name: 'message delivery per channel, one store, 101 days', path: `/manager/dashboard/messages?${q({ storeId: MAIN_STORE_ID, from: quarterFrom, to })}`, figure: (em) => new MessageDelivery(em).of(main, quarter) },
      { name: 'customers by lifetime value, top 10, every store', path: '/manager/dashboard/customers', figure: (em) => new CustomerValues(em).of(all, 10) },
      { name: 'customers by lifetime value, top 10, one store', path: `/manager/dashboard/customers?${q({ storeId: MAIN_STORE_ID })}`, figure: (em) => new CustomerValues(em).of(main, 10) },
      { name: 'late lists (overdue, waiting, vendor late, unclaimed, stuck in a stage), every store', path: '/manager/late', figure: (em) => new LateLists(em).of({ scope: all.stores, waitingDays: 3 }) },
      { name: 'custody report, every store', path: '/manager/custody', figure: (em) => new CustodyReport(em).of(all.stores) },
    ];
    const results = [];
    for (const query of queries) {
      const statements = await statementsOf(query.figure, client);
      // Warm-up: plans cached, pages in memory, for both paths alike.
      for (let i = 0; i < 5; i += 1) await Promise.all([call('GET', query.path), runAll(client, statements)]);
      const api = [];
      const raw = [];
      let answer;
      for (let i = 0; i < DASHBOARD_COUNTS.samplesPerQuery; i += 1) {
        const viaApi = await timed(() => call('GET', query.path));
        api.push(viaApi.ms);
        answer = viaApi.value;
        raw.push((await timed(() => runAll(client, statements))).ms);
      }
      results.push({ name: query.name, hits: measuredOf(answer), api: latencySummary(api), raw: latencySummary(raw) });
    }
    return { seedMs: seeded.ms, counts: DASHBOARD_COUNTS, queries: results };
  } finally {
    await client.end();
  }
}

/** What the answer counted, for the table's last column. */
function measuredOf(answer) {
  if (answer.kinds?.[0]?.finishedJobs !== undefined) return `${answer.kinds.reduce((sum, kind) => sum + kind.finishedJobs, 0).toLocaleString('en-US')} finished jobs`;
  if (answer.kinds) return `${answer.total.toLocaleString('en-US')} open jobs`;
  if (answer.total?.onTime) return `${answer.total.finished.toLocaleString('en-US')} finished jobs`;
  if (answer.currencies?.[0]?.netMinor !== undefined) return `${answer.currencies.map((currency) => currency.categories.reduce((sum, category) => sum + category.payments, 0)).reduce((a, b) => a + b, 0).toLocaleString('en-US')} payments`;
  if (answer.currencies) return `${answer.currencies.reduce((sum, currency) => sum + currency.customers.length, 0)} customers`;
  if (answer.total?.approval) return `${answer.total.approval.denominator.toLocaleString('en-US')} decisions`;
  if (answer.total?.written !== undefined) return `${answer.total.written.toLocaleString('en-US')} messages`;
  if (answer.total?.denominator !== undefined) return `${answer.total.denominator.toLocaleString('en-US')} checks`;
  if (answer.stuckInStage) return `${['overdue', 'waitingOnCustomer', 'vendorLate', 'unclaimed', 'stuckInStage'].map((list) => answer[list].length).reduce((a, b) => a + b, 0).toLocaleString('en-US')} late entries`;
  if (answer.locations) return `${answer.itemCount.toLocaleString('en-US')} items held`;
  return '';
}

/** Rows for bench/report.mjs's table ([measurement, N, p50, p95, p99, max, other]), as search's are. */
export function dashboardRows(dashboards) {
  const ms = (value) => value.toFixed(1);
  const latency = (name, s, other = '') => [name, s.n, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), other];
  return dashboards.queries.flatMap((query, index) => [
    latency(`r${index + 1}. Managers: ${query.name}, through the API`, query.api, `${query.hits}; p95 **${(query.api.p95 / query.raw.p95).toFixed(1)}×** the same statements'${query.api.p95 >= 100 ? ' (over the 100 ms target)' : ''}`),
    latency(`R${index + 1}. Floor: the same statements straight to PostgreSQL`, query.raw),
  ]);
}
