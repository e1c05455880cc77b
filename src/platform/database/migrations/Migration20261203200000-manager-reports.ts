import { Migration } from '@mikro-orm/migrations';

/**
 * The managers' reporting structure, kept in step with the journal and the payments ledger by
 * triggers whose functions live in the `reporting` schema (the tables: src/managers/reporting/report-tables.entity.ts):
 * - `report_job_events` (`reporting.job_events_fn`, after insert on `job_events`, once per statement, over the rows really
 *   inserted: a retried journal write inserts none, so counts nothing twice): a job's report row at
 *   take-in; each quality check under the artisan who finished the work it examined; each approval
 *   request and its first decision; and, when a job enters a closing stage, its stays per stage,
 *   end-to-end time, outcome and promise, added to the day and month histograms and counters. The
 *   report row (`finished_at is null`) and the approval row (`decided_at is null`) gate every
 *   counter, so a second closing stage (an order's `completed` after `delivered`) adds nothing.
 * - `payments_report_*` (after insert, update and delete on `payments`): money per day and each
 *   customer's value, minus the old rows and plus the new ones, so a merge of two customers
 *   (which moves their payments) moves their value too.
 * Existing journals and payments are counted once at the end, by the same functions.
 */
export class Migration20261203200000ManagerReports extends Migration {
  override name = 'Migration20261203200000ManagerReports';

  override up(): void {
    this.addSql(`create table "report_approvals" ("job_id" uuid not null, "approval_id" varchar(40) not null, "store_id" uuid not null, "kind" varchar(20) not null, "subject" varchar(20) not null, "requested_at" timestamptz null, "decided_at" timestamptz null, "outcome" varchar(20) null, primary key ("job_id", "approval_id"))`);
    this.addSql(`create table "report_customer_values" ("store_id" uuid not null, "customer_id" uuid not null, "job_kind" varchar(20) not null, "currency" varchar(3) not null, "net_minor" bigint not null, "paid_minor" bigint not null, "refunded_minor" bigint not null, "payments" int not null, "last_payment_at" timestamptz null, primary key ("store_id", "customer_id", "job_kind", "currency"))`);
    this.addSql(`create index "report_customer_values_rank_index" on "report_customer_values" ("store_id", "job_kind", "currency", "net_minor", "customer_id")`);
    this.addSql(`create table "report_customer_totals" ("customer_id" uuid not null, "job_kind" varchar(20) not null, "currency" varchar(3) not null, "net_minor" bigint not null, "paid_minor" bigint not null, "refunded_minor" bigint not null, "payments" int not null, "last_payment_at" timestamptz null, primary key ("customer_id", "job_kind", "currency"))`);
    this.addSql(`create index "report_customer_totals_rank_index" on "report_customer_totals" ("job_kind", "currency", "net_minor", "customer_id")`);
    this.addSql(`create table "report_duration_days" ("day" date not null, "store_id" uuid not null, "kind" varchar(20) not null, "figure" varchar(80) not null, "bucket" smallint not null, "samples" int not null, "total_ms" bigint not null, primary key ("day", "store_id", "kind", "figure", "bucket"))`);
    this.addSql(`create table "report_duration_months" ("month" date not null, "store_id" uuid not null, "kind" varchar(20) not null, "figure" varchar(80) not null, "bucket" smallint not null, "samples" int not null, "total_ms" bigint not null, primary key ("month", "store_id", "kind", "figure", "bucket"))`);
    this.addSql(`create table "report_finish_days" ("day" date not null, "store_id" uuid not null, "kind" varchar(20) not null, "finished" int not null, "completed" int not null, "returned" int not null, "cancelled" int not null, "promised" int not null, "on_time" int not null, primary key ("day", "store_id", "kind"))`);
    this.addSql(`create table "report_jobs" ("job_id" uuid not null, "store_id" uuid not null, "kind" varchar(20) not null, "taken_in_at" timestamptz not null, "finished_at" timestamptz null, "finish_stage" varchar(40) null, "outcome" varchar(20) null, "ready_at" timestamptz null, "promised_on" date null, "on_time" boolean null, "end_to_end_ms" bigint null, "stage_ms" jsonb null, primary key ("job_id"))`);
    this.addSql(`create index "report_jobs_taken_in_index" on "report_jobs" ("store_id", "taken_in_at", "job_id")`);
    this.addSql(`create index "report_jobs_finished_index" on "report_jobs" ("store_id", "finished_at", "job_id")`);
    this.addSql(`create table "report_quality_days" ("day" date not null, "store_id" uuid not null, "kind" varchar(20) not null, "artisan_key" varchar(140) not null, "artisan_kind" varchar(10) not null, "artisan_name" varchar(100) not null, "checks" int not null, "failures" int not null, primary key ("day", "store_id", "kind", "artisan_key"))`);
    this.addSql(`create table "report_revenue_days" ("day" date not null, "store_id" uuid not null, "job_kind" varchar(20) not null, "payment_kind" varchar(20) not null, "currency" varchar(3) not null, "amount_minor" bigint not null, "payments" int not null, primary key ("day", "store_id", "job_kind", "payment_kind", "currency"))`);

    // The functions live in a schema of their own: the reporting's machinery, apart from the application's tables
    // (and out of the ORM's schema comparison, which covers the entities' schema).
    this.addSql(`create schema if not exists reporting`);
    // A store's time zone as PostgreSQL knows it; UTC for a name it does not (a journal write must never fail on it).
    this.addSql(`create function reporting.zone(tz text) returns text language plpgsql stable as $$
begin
  perform now() at time zone tz;
  return tz;
exception when others then
  return 'UTC';
end $$`);
    // The stores of the given jobs with their time zones, looked up once per statement.
    // (PL/pgSQL so it runs once per statement as a function scan: inlined, it ran again for every row joined to it.)
    this.addSql(`create function reporting.store_zones(job_ids uuid[]) returns table (store_id uuid, zone text) language plpgsql stable set plan_cache_mode = force_generic_plan as $$
begin
  return query select s.id, reporting.zone(s.time_zone) from stores s where s.id in (select distinct j.store_id from jobs j where j.id = any(job_ids));
end $$`);
    this.addSql(`create function reporting.ms_between(from_at timestamptz, to_at timestamptz) returns bigint language sql immutable as $$
  select greatest(0, round(extract(epoch from to_at - from_at) * 1000))::bigint
$$`);
    // (The functions that write are PL/pgSQL with generic plans: PL/pgSQL keeps a plan from one journal write to the
    // next, and a generic one is not planned again for each call, which costs more than running it: measured 2-3 ms
    // against 0.5-0.9 ms per call.)
    // Log-scale histogram bucket of a duration in milliseconds: exact below 16 ms, then 8 buckets per
    // doubling (the bucket is the highest bit and the 3 bits after it), so a bucket's width is at most
    // 1/8 of its lower bound. Mirrored by src/managers/reporting/duration-histogram.ts.
    this.addSql(`create function reporting.duration_bucket(ms bigint) returns smallint language sql immutable as $$
  -- position(...) = p puts the highest bit at 2^(64 - p); one expression, so the planner inlines it.
  select case when ms < 16 then greatest(ms, 0)::smallint
              else (16 + (60 - position('1' in ms::bit(64)::text)) * 8 + ((ms >> (61 - position('1' in ms::bit(64)::text))) & 7))::smallint end
$$`);
    // The stages in which a job has left the shop's hands (the workflows' `closed`): where it finishes.
    this.addSql(`create function reporting.is_closing_stage(job_kind text, stage text) returns boolean language sql immutable as $$
  select (job_kind = 'repair' and stage = 'picked_up') or (job_kind = 'custom_order' and stage in ('delivered', 'completed', 'cancelled'))
$$`);
    // Adds durations to the day and month histograms (rows in key order, so concurrent writers lock alike).
    this.addSql(`create function reporting.add_durations(days date[], store_ids uuid[], kinds text[], figures text[], durations bigint[]) returns void language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  -- Each duration counts for its store and for every store (the nil uuid): the chain's view reads a fifth of the rows.
  insert into report_duration_days as r (day, store_id, kind, figure, bucket, samples, total_ms)
  select d.day, s.store_id, d.kind, d.figure, reporting.duration_bucket(d.ms), count(*), sum(d.ms)
    from unnest(days, store_ids, kinds, figures, durations) as d(day, store_id, kind, figure, ms)
   cross join lateral (values (d.store_id), ('00000000-0000-0000-0000-000000000000'::uuid)) as s(store_id)
   group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (day, store_id, kind, figure, bucket) do update set samples = r.samples + excluded.samples, total_ms = r.total_ms + excluded.total_ms;
  insert into report_duration_months as r (month, store_id, kind, figure, bucket, samples, total_ms)
  select date_trunc('month', d.day::timestamp)::date, s.store_id, d.kind, d.figure, reporting.duration_bucket(d.ms), count(*), sum(d.ms)
    from unnest(days, store_ids, kinds, figures, durations) as d(day, store_id, kind, figure, ms)
   cross join lateral (values (d.store_id), ('00000000-0000-0000-0000-000000000000'::uuid)) as s(store_id)
   group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (month, store_id, kind, figure, bucket) do update set samples = r.samples + excluded.samples, total_ms = r.total_ms + excluded.total_ms;
end $$`);
    // A job's report row from its take-in (the `taken_in` event, or the first stage change of a job that has none).
    this.addSql(`create function reporting.record_intakes(job_ids uuid[], sequences int[]) returns void language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  insert into report_jobs (job_id, store_id, kind, taken_in_at)
  select distinct on (e.job_id) e.job_id, j.store_id, j.kind, e.at
    from unnest(job_ids, sequences) as x(job_id, sequence)
    join job_events e on e.job_id = x.job_id and e.sequence = x.sequence
    join jobs j on j.id = e.job_id
   order by e.job_id, e.sequence
  on conflict (job_id) do nothing;
end $$`);
    // Who finished the work a quality check examined: the latest finish before it (the bench's
    // `work_finished`, a production step's `step_finished`), or the vendor when the work came back from
    // one (a repair's `received_from_vendor`, a step whose latest start was a send to a vendor).
    this.addSql(`create function reporting.artisan_of(check_job uuid, check_sequence int) returns table (key text, kind text, name text) language sql stable as $$
  select coalesce(a.key, 'unknown'), coalesce(a.kind, 'unknown'), coalesce(a.name, 'Not recorded')
    from (select 1) as one
    left join lateral (
      select case when v.vendor is not null then left('vendor:' || v.vendor, 140)
                  when f.actor_id is not null then 'staff:' || f.actor_id
                  else left('name:' || f.actor_name, 140) end as key,
             case when v.vendor is not null then 'vendor' else 'staff' end as kind,
             left(coalesce(v.vendor, f.actor_name), 100) as name
        from (select * from job_events f where f.job_id = check_job and f.sequence < check_sequence offset 0) as f
        left join lateral (
          select coalesce(f.data #>> '{vendor,name}', 'vendor') as vendor where f.type = 'received_from_vendor'
          union all
          select coalesce(s.vendor, 'vendor') from (
            select case when s.type = 'sent_to_vendor' then coalesce(s.data #>> '{vendor,name}', 'vendor') end as vendor
              from (select * from job_events s where f.type = 'step_finished' and s.job_id = f.job_id and s.sequence < f.sequence offset 0) as s
             where s.type in ('step_started', 'sent_to_vendor') and s.data->>'step' = f.data->>'step'
             order by s.sequence desc limit 1) as s
           where s.vendor is not null
        ) as v on true
       where f.type in ('work_finished', 'step_finished', 'received_from_vendor')
       order by f.sequence desc limit 1
    ) as a on true
$$`);
    this.addSql(`create function reporting.record_checks(job_ids uuid[], sequences int[]) returns void language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  -- Each check counts for its store and for every store (the nil uuid), as the durations do.
  insert into report_quality_days as r (day, store_id, kind, artisan_key, artisan_kind, artisan_name, checks, failures)
  select (q.at at time zone z.zone)::date, s.store_id, j.kind, w.key, min(w.kind), min(w.name), count(*), count(*) filter (where q.type = 'qc_failed')
    from unnest(job_ids, sequences) as x(job_id, sequence)
    join job_events q on q.job_id = x.job_id and q.sequence = x.sequence
    join jobs j on j.id = q.job_id
    join reporting.store_zones(job_ids) z on z.store_id = j.store_id
    cross join lateral reporting.artisan_of(q.job_id, q.sequence) as w
    cross join lateral (values (j.store_id), ('00000000-0000-0000-0000-000000000000'::uuid)) as s(store_id)
   where q.type in ('qc_passed', 'qc_failed')
   group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (day, store_id, kind, artisan_key) do update
    set checks = r.checks + excluded.checks, failures = r.failures + excluded.failures, artisan_name = excluded.artisan_name;
end $$`);
    // Approvals: a request (an estimate or try-on put to the customer, a design version sent) and its
    // decision. The first decision of an approval counts; an approval given at once has no request.
    this.addSql(`create function reporting.record_approvals(job_ids uuid[], sequences int[]) returns void language plpgsql set plan_cache_mode = force_generic_plan as $$
declare
  days date[]; store_ids uuid[]; kinds text[]; figures text[]; durations bigint[];
begin
  insert into report_approvals (job_id, approval_id, store_id, kind, subject, requested_at)
  select distinct on (e.job_id, e.data->>'approvalId') e.job_id, left(e.data->>'approvalId', 40), j.store_id, j.kind,
         left(regexp_replace(e.data->>'approvalId', '-[0-9]+$', ''), 20), e.at
    from unnest(job_ids, sequences) as x(job_id, sequence)
    join job_events e on e.job_id = x.job_id and e.sequence = x.sequence
    join jobs j on j.id = e.job_id
   where e.type in ('approval_requested', 'design_version_added') and e.data->>'approvalId' is not null
   order by e.job_id, e.data->>'approvalId', e.sequence
  on conflict (job_id, approval_id) do nothing;

  with decided as (
    select distinct on (e.job_id, e.data->>'approvalId') e.job_id, left(e.data->>'approvalId', 40) as approval_id, j.store_id, j.kind,
           left(regexp_replace(e.data->>'approvalId', '-[0-9]+$', ''), 20) as subject, e.at, left(e.data->>'outcome', 20) as outcome
      from unnest(job_ids, sequences) as x(job_id, sequence)
      join job_events e on e.job_id = x.job_id and e.sequence = x.sequence
      join jobs j on j.id = e.job_id
     where e.type = 'approval_decided' and e.data->>'approvalId' is not null and e.data->>'outcome' is not null
     order by e.job_id, e.data->>'approvalId', e.sequence
  ),
  recorded as (
    insert into report_approvals as a (job_id, approval_id, store_id, kind, subject, decided_at, outcome)
    select job_id, approval_id, store_id, kind, subject, at, outcome from decided
    on conflict (job_id, approval_id) do update set decided_at = excluded.decided_at, outcome = excluded.outcome where a.decided_at is null
    returning a.store_id, a.kind, a.subject, a.requested_at, a.decided_at, a.outcome
  )
  select array_agg((r.decided_at at time zone z.zone)::date), array_agg(r.store_id), array_agg(r.kind::text),
         array_agg('approval:' || r.subject || ':' || r.outcome), array_agg(coalesce(reporting.ms_between(r.requested_at, r.decided_at), 0))
    into days, store_ids, kinds, figures, durations
    from recorded r join reporting.store_zones(job_ids) z on z.store_id = r.store_id;
  if days is not null then
    perform reporting.add_durations(days, store_ids, kinds, figures, durations);
  end if;
end $$`);
    // Jobs that entered a closing stage: their stays, outcome and promise, counted once (the report
    // row of a job already finished is left as it is, and then nothing is added).
    this.addSql(`create function reporting.record_finishes(job_ids uuid[]) returns void language plpgsql set plan_cache_mode = force_generic_plan as $$
declare
  days date[]; store_ids uuid[]; kinds text[]; figures text[]; durations bigint[];
begin
  -- Every lookup reads a job's own few rows by the journal's key (job, sequence); "offset 0" keeps the planner
  -- from mixing in the (type, at) index, which stale statistics (after a bulk load) make look cheap.
  with finish as (
    select x.job_id, j.store_id, j.kind, j.promised_by, c.sequence, c.at, c.stage
      from (select distinct unnest(job_ids) as job_id) as x
      join jobs j on j.id = x.job_id
      cross join lateral (
        select e.sequence, e.at, e.data->>'to' as stage from (select * from job_events e where e.job_id = x.job_id offset 0) as e
         where e.type = 'stage_changed' and reporting.is_closing_stage(j.kind, e.data->>'to')
         order by e.sequence limit 1) as c
  ),
  changes as (
    select f.job_id, e.at, e.data->>'to' as stage, lead(e.at) over (partition by f.job_id order by e.sequence) as left_at
      from finish f join lateral (select * from job_events e where e.job_id = f.job_id and e.sequence <= f.sequence offset 0) as e on e.type = 'stage_changed'
  ),
  stays as (
    select job_id, jsonb_object_agg(stage, ms) as stage_ms, min(first_at) as first_at
      from (select job_id, stage, sum(reporting.ms_between(at, left_at)) as ms, min(at) as first_at
              from changes where left_at is not null and stage is not null group by job_id, stage) as per_stage
     group by job_id
  ),
  facts as (
    select f.job_id, f.store_id, f.kind, z.zone, f.at as finished_at, f.stage as finish_stage, f.promised_by,
           coalesce(st.first_at, f.at) as taken_in_at, coalesce(st.stage_ms, '{}'::jsonb) as stage_ms,
           coalesce(before.cancelled, false) as cancelled, before.ready_at
      from finish f
      join reporting.store_zones(job_ids) z on z.store_id = f.store_id
      left join stays st on st.job_id = f.job_id
      cross join lateral (
        select bool_or(b.type = 'cancelled') as cancelled, max(b.at) filter (where b.type = 'qc_passed') as ready_at
          from job_events b where b.job_id = f.job_id and b.sequence < f.sequence) as before
  ),
  recorded as (
    insert into report_jobs as r (job_id, store_id, kind, taken_in_at, finished_at, finish_stage, outcome, ready_at, promised_on, on_time, end_to_end_ms, stage_ms)
    select job_id, store_id, kind, taken_in_at, finished_at, finish_stage,
           case when cancelled then 'cancelled' when ready_at is not null then 'completed' else 'returned' end,
           ready_at, promised_by,
           case when not cancelled and ready_at is not null and promised_by is not null then (ready_at at time zone zone)::date <= promised_by end,
           reporting.ms_between(taken_in_at, finished_at), stage_ms
      from facts
    on conflict (job_id) do update
      set finished_at = excluded.finished_at, finish_stage = excluded.finish_stage, outcome = excluded.outcome,
          ready_at = excluded.ready_at, promised_on = excluded.promised_on, on_time = excluded.on_time, end_to_end_ms = excluded.end_to_end_ms, stage_ms = excluded.stage_ms
      where r.finished_at is null
    returning r.job_id, r.store_id, r.kind, r.outcome, r.on_time, r.end_to_end_ms, r.stage_ms
  ),
  finished as (
    select r.*, (f.finished_at at time zone f.zone)::date as finished_on from recorded r join facts f on f.job_id = r.job_id
  ),
  counted as (
    insert into report_finish_days as d (day, store_id, kind, finished, completed, returned, cancelled, promised, on_time)
    select finished_on, store_id, kind, count(*), count(*) filter (where outcome = 'completed'), count(*) filter (where outcome = 'returned'),
           count(*) filter (where outcome = 'cancelled'), count(*) filter (where on_time is not null), count(*) filter (where on_time)
      from finished group by 1, 2, 3 order by 1, 2, 3
    on conflict (day, store_id, kind) do update
      set finished = d.finished + excluded.finished, completed = d.completed + excluded.completed, returned = d.returned + excluded.returned,
          cancelled = d.cancelled + excluded.cancelled, promised = d.promised + excluded.promised, on_time = d.on_time + excluded.on_time
  )
  select array_agg(m.day), array_agg(m.store_id), array_agg(m.kind), array_agg(m.figure), array_agg(m.ms)
    into days, store_ids, kinds, figures, durations
    from (select r.finished_on as day, r.store_id, r.kind::text as kind, 'end_to_end' as figure, r.end_to_end_ms as ms from finished r
          union all
          select r.finished_on, r.store_id, r.kind::text, left('stage:' || s.key, 80), s.value::bigint from finished r cross join lateral jsonb_each_text(r.stage_ms) as s) as m;
  if days is not null then
    perform reporting.add_durations(days, store_ids, kinds, figures, durations);
  end if;
end $$`);
    // The journal's trigger: once per statement, over the rows it really inserted.
    this.addSql(`create function reporting.job_events_fn() returns trigger language plpgsql set plan_cache_mode = force_generic_plan as $$
declare
  facts record;
  finished uuid[];
begin
  select array_agg(n.job_id) filter (where n.type = 'taken_in' or (n.type = 'stage_changed' and n.data->>'from' is null)) as intake_jobs,
         array_agg(n.sequence) filter (where n.type = 'taken_in' or (n.type = 'stage_changed' and n.data->>'from' is null)) as intake_sequences,
         array_agg(n.job_id) filter (where n.type in ('qc_passed', 'qc_failed')) as check_jobs, array_agg(n.sequence) filter (where n.type in ('qc_passed', 'qc_failed')) as check_sequences,
         array_agg(n.job_id) filter (where n.type in ('approval_requested', 'design_version_added', 'approval_decided')) as approval_jobs,
         array_agg(n.sequence) filter (where n.type in ('approval_requested', 'design_version_added', 'approval_decided')) as approval_sequences,
         bool_or(n.type = 'stage_changed') as stage_changed
    into facts
    from new_events n
   where n.type in ('taken_in', 'qc_passed', 'qc_failed', 'approval_requested', 'design_version_added', 'approval_decided', 'stage_changed');
  if facts.intake_jobs is not null then perform reporting.record_intakes(facts.intake_jobs, facts.intake_sequences); end if;
  if facts.check_jobs is not null then perform reporting.record_checks(facts.check_jobs, facts.check_sequences); end if;
  if facts.approval_jobs is not null then perform reporting.record_approvals(facts.approval_jobs, facts.approval_sequences); end if;
  if facts.stage_changed then
    select array_agg(distinct n.job_id) into finished
      from new_events n join jobs j on j.id = n.job_id
     where n.type = 'stage_changed' and reporting.is_closing_stage(j.kind, n.data->>'to');
    if finished is not null then perform reporting.record_finishes(finished); end if;
  end if;
  return null;
end $$`);
    // Payments added to (sign 1) or taken from (sign -1) the revenue days and the customers' values (per store
    // and across stores, per job kind and for every kind, '*').
    this.addSql(`create function reporting.count_payments(added payments[], removed payments[]) returns void language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  with changed as materialized (
    select c.store_id, c.customer_id, coalesce(j.kind, 'none') as job_kind, c.kind as payment_kind, c.currency, c.recorded_at,
           (c.recorded_at at time zone reporting.zone(s.time_zone))::date as day, case when c.kind = 'refund' then -c.amount_minor else c.amount_minor end::bigint as net, c.sign
      from (select p.*, 1 as sign from unnest(added) as p union all select p.*, -1 from unnest(removed) as p) as c
      join stores s on s.id = c.store_id left join jobs j on j.id = c.job_id
  ),
  by_kind as (
    select c.*, k.kind_key from changed c cross join lateral (values (c.job_kind), ('*')) as k(kind_key)
  ),
  revenue as (
    insert into report_revenue_days as r (day, store_id, job_kind, payment_kind, currency, amount_minor, payments)
    select day, store_id, job_kind, payment_kind, currency, sum(sign * net), sum(sign)
      from changed group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
    on conflict (day, store_id, job_kind, payment_kind, currency) do update
      set amount_minor = r.amount_minor + excluded.amount_minor, payments = r.payments + excluded.payments
  ),
  per_store as (
    insert into report_customer_values as v (store_id, customer_id, job_kind, currency, net_minor, paid_minor, refunded_minor, payments, last_payment_at)
    select store_id, customer_id, kind_key, currency, sum(sign * net), coalesce(sum(sign * net) filter (where payment_kind <> 'refund'), 0),
           coalesce(-sum(sign * net) filter (where payment_kind = 'refund'), 0), sum(sign), max(recorded_at) filter (where sign > 0)
      from by_kind group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (store_id, customer_id, job_kind, currency) do update
      set net_minor = v.net_minor + excluded.net_minor, paid_minor = v.paid_minor + excluded.paid_minor, refunded_minor = v.refunded_minor + excluded.refunded_minor,
          payments = v.payments + excluded.payments, last_payment_at = greatest(v.last_payment_at, excluded.last_payment_at)
  )
  insert into report_customer_totals as v (customer_id, job_kind, currency, net_minor, paid_minor, refunded_minor, payments, last_payment_at)
  select customer_id, kind_key, currency, sum(sign * net), coalesce(sum(sign * net) filter (where payment_kind <> 'refund'), 0),
         coalesce(-sum(sign * net) filter (where payment_kind = 'refund'), 0), sum(sign), max(recorded_at) filter (where sign > 0)
    from by_kind group by 1, 2, 3 order by 1, 2, 3
  on conflict (customer_id, job_kind, currency) do update
    set net_minor = v.net_minor + excluded.net_minor, paid_minor = v.paid_minor + excluded.paid_minor, refunded_minor = v.refunded_minor + excluded.refunded_minor,
        payments = v.payments + excluded.payments, last_payment_at = greatest(v.last_payment_at, excluded.last_payment_at);
  if cardinality(removed) > 0 then
    -- A customer left with no payment (all moved to another by a merge) has no row: as if rebuilt from the ledger.
    delete from report_customer_values v using (select distinct store_id, customer_id from unnest(removed)) as r where v.store_id = r.store_id and v.customer_id = r.customer_id and v.payments = 0;
    delete from report_customer_totals v using (select distinct customer_id from unnest(removed)) as r where v.customer_id = r.customer_id and v.payments = 0;
  end if;
end $$`);
    this.addSql(`create function reporting.payments_inserted_fn() returns trigger language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  perform reporting.count_payments(array(select p::payments from new_payments p), '{}');
  return null;
end $$`);
    this.addSql(`create function reporting.payments_updated_fn() returns trigger language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  perform reporting.count_payments(array(select p::payments from new_payments p), array(select p::payments from old_payments p));
  return null;
end $$`);
    this.addSql(`create function reporting.payments_deleted_fn() returns trigger language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  perform reporting.count_payments('{}', array(select p::payments from old_payments p));
  return null;
end $$`);

    this.addSql(`create trigger "report_job_events" after insert on "job_events" referencing new table as new_events for each statement execute function reporting.job_events_fn()`);
    this.addSql(`create trigger "payments_report_inserted" after insert on "payments" referencing new table as new_payments for each statement execute function reporting.payments_inserted_fn()`);
    this.addSql(`create trigger "payments_report_updated" after update on "payments" referencing old table as old_payments new table as new_payments for each statement execute function reporting.payments_updated_fn()`);
    this.addSql(`create trigger "payments_report_deleted" after delete on "payments" referencing old table as old_payments for each statement execute function reporting.payments_deleted_fn()`);

    // What happened before: every job's journal and every payment, counted once.
    this.addSql(`select reporting.record_intakes(array_agg(job_id order by job_id, sequence), array_agg(sequence order by job_id, sequence)) from job_events where type = 'taken_in' or (type = 'stage_changed' and data->>'from' is null)`);
    this.addSql(`select reporting.record_checks(array_agg(job_id order by job_id, sequence), array_agg(sequence order by job_id, sequence)) from job_events where type in ('qc_passed', 'qc_failed')`);
    this.addSql(`select reporting.record_approvals(array_agg(job_id order by job_id, sequence), array_agg(sequence order by job_id, sequence)) from job_events where type in ('approval_requested', 'design_version_added', 'approval_decided')`);
    this.addSql(`select reporting.record_finishes(array_agg(distinct e.job_id)) from job_events e join jobs j on j.id = e.job_id where e.type = 'stage_changed' and reporting.is_closing_stage(j.kind, e.data->>'to')`);
    this.addSql(`select reporting.count_payments(array(select p from payments p), '{}')`);
  }

  override down(): void {
    this.addSql('drop trigger if exists "payments_report_deleted" on "payments"');
    this.addSql('drop trigger if exists "payments_report_updated" on "payments"');
    this.addSql('drop trigger if exists "payments_report_inserted" on "payments"');
    this.addSql('drop trigger if exists "report_job_events" on "job_events"');
    this.addSql('drop schema if exists reporting cascade');
    for (const table of ['report_customer_totals', 'report_customer_values', 'report_revenue_days', 'report_approvals', 'report_quality_days', 'report_finish_days', 'report_duration_months', 'report_duration_days', 'report_jobs']) this.addSql(`drop table if exists "${table}"`);
  }
}
