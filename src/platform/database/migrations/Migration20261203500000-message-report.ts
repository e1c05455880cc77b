import { Migration } from '@mikro-orm/migrations';

/**
 * Messages about jobs per store day, job kind, channel and outcome, kept by statement triggers on
 * `messages` (as the journal's and the payments' reports are, in the `reporting` schema): the
 * message-delivery dashboard reads these counts instead of every message of the period. A status
 * change moves a message from one outcome to another; one within an outcome (`queued` to
 * `sending`, the delivery's claim) changes no count and writes nothing.
 */
export class Migration20261203500000MessageReport extends Migration {
  override name = 'Migration20261203500000MessageReport';

  override up(): void {
    this.addSql(`create table "report_message_days" ("day" date not null, "store_id" uuid not null, "job_kind" varchar(20) not null, "channel" varchar(10) not null, "outcome" varchar(20) not null, "messages" int not null, primary key ("day", "store_id", "job_kind", "channel", "outcome"))`);
    // What a status counts as on the dashboard. An email has no delivery receipt: the mail server taking it (`sent`) is its delivery.
    this.addSql(`create function reporting.message_outcome(channel text, status text) returns text language sql immutable as $$
  select case
    when status = 'delivered' or (status = 'sent' and channel = 'email') then 'delivered'
    when status = 'sent' then 'sent_unconfirmed'
    when status in ('failed', 'undelivered') then 'failed'
    when status in ('queued', 'sending') then 'pending'
    when status = 'suppressed' then 'suppressed'
    else 'uncertain'
  end
$$`);
    // Adds the messages of `added` and takes off those of `removed`, each under its job's store day (rows in key order, so concurrent writers lock alike).
    this.addSql(`create function reporting.count_messages(added messages[], removed messages[]) returns void language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  insert into report_message_days as r (day, store_id, job_kind, channel, outcome, messages)
  select (m.created_at at time zone reporting.zone(s.time_zone))::date, j.store_id, j.kind, m.channel, reporting.message_outcome(m.channel, m.status), sum(m.delta)::int
    from (select a.job_id, a.created_at, a.channel, a.status, 1 as delta from unnest(added) as a
          union all
          select o.job_id, o.created_at, o.channel, o.status, -1 from unnest(removed) as o) as m
    join jobs j on j.id = m.job_id
    join stores s on s.id = j.store_id
   group by 1, 2, 3, 4, 5
  having sum(m.delta) <> 0
   order by 1, 2, 3, 4, 5
  on conflict (day, store_id, job_kind, channel, outcome) do update set messages = r.messages + excluded.messages;
end $$`);
    this.addSql(`create function reporting.messages_inserted_fn() returns trigger language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  perform reporting.count_messages(array(select m::messages from new_messages m where m.job_id is not null), '{}');
  return null;
end $$`);
    // Only the rows whose count moved: the delivery's claim (queued to sending) passes through untouched.
    this.addSql(`create function reporting.messages_updated_fn() returns trigger language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  perform reporting.count_messages(
    array(select n::messages from new_messages n join old_messages o on o.id = n.id
           where o.job_id is distinct from n.job_id or o.created_at is distinct from n.created_at or reporting.message_outcome(o.channel, o.status) <> reporting.message_outcome(n.channel, n.status)),
    array(select o::messages from old_messages o join new_messages n on n.id = o.id
           where o.job_id is distinct from n.job_id or o.created_at is distinct from n.created_at or reporting.message_outcome(o.channel, o.status) <> reporting.message_outcome(n.channel, n.status)));
  return null;
end $$`);
    this.addSql(`create function reporting.messages_deleted_fn() returns trigger language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  perform reporting.count_messages('{}', array(select o::messages from old_messages o where o.job_id is not null));
  return null;
end $$`);
    this.addSql(`create trigger "report_messages_inserted" after insert on "messages" referencing new table as new_messages for each statement execute function reporting.messages_inserted_fn()`);
    this.addSql(`create trigger "report_messages_updated" after update on "messages" referencing old table as old_messages new table as new_messages for each statement execute function reporting.messages_updated_fn()`);
    this.addSql(`create trigger "report_messages_deleted" after delete on "messages" referencing old table as old_messages for each statement execute function reporting.messages_deleted_fn()`);
    // The messages written before this migration, counted once by the same function.
    this.addSql(`select reporting.count_messages(array(select m from messages m where m.job_id is not null), '{}')`);
  }
}
