import { Migration } from '@mikro-orm/migrations';

/**
 * Stores, and jobs as one kind of thing: the `jobs` projection shared by repairs and custom orders,
 * the custody of their items, an append-only journal of their events, ticket numbers per store,
 * manager alerts and payments. Repairs taken in before this become jobs of the main store, with
 * their envelope number as ticket number; their workflows finish on the first procedure.
 */
export class Migration20261124200000JobsAndStores extends Migration {
  override name = 'Migration20261124200000JobsAndStores';

  override up(): void {
    this.addSql(`create table "stores" ("id" uuid not null, "code" varchar(8) not null, "name" varchar(100) not null, "phone" varchar(16) null, "email" varchar(254) null, "address" jsonb not null, "time_zone" varchar(64) not null, "currency" varchar(3) not null, "opening_hours" jsonb not null, "policy" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`alter table "stores" add constraint "stores_code_unique" unique ("code")`);
    // The store every shop starts with; its name, zone and hours are for the owner to set.
    this.addSql(`insert into "stores" values ('00000000-0000-4000-8000-000000000001', 'MAIN', 'Main store', null, null, '{}', 'America/New_York', 'USD', '{"1":{"open":"10:00","close":"18:00"},"2":{"open":"10:00","close":"18:00"},"3":{"open":"10:00","close":"18:00"},"4":{"open":"10:00","close":"18:00"},"5":{"open":"10:00","close":"18:00"},"6":{"open":"10:00","close":"16:00"}}', '{}', now(), now())`);

    this.addSql(`create table "job_number_counters" ("store_id" uuid not null, "prefix" varchar(4) not null, "last_value" int not null, primary key ("store_id", "prefix"))`);
    this.addSql(`alter table "job_number_counters" add constraint "job_number_counters_store_id_foreign" foreign key ("store_id") references "stores" ("id")`);

    this.addSql(`create table "jobs" ("id" uuid not null, "kind" text not null, "store_id" uuid not null, "customer_id" uuid not null, "number" varchar(32) not null, "ticket_number" varchar(32) not null, "workflow_id" varchar(100) not null, "summary" varchar(200) not null, "stage" varchar(40) not null, "stage_label" varchar(100) not null, "stage_sequence" int not null, "stage_since" timestamptz not null, "waiting_on" varchar(10) not null, "promised_by" date null, "overdue" boolean not null, "vendor_late" boolean not null, "unclaimed" boolean not null, "rush" boolean not null, "assignee_id" varchar(64) null, "assignee_name" varchar(100) null, "custody_location" varchar(20) not null, "custody_holder_kind" varchar(20) not null, "custody_holder_id" varchar(64) null, "custody_holder_name" varchar(100) not null, "custody_detail" varchar(200) null, "custody_since" timestamptz not null, "closed" boolean not null, "tracking_token" varchar(64) not null, "created_by_id" varchar(64) null, "created_by_name" varchar(100) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`create index "jobs_customer_id_index" on "jobs" ("customer_id")`);
    this.addSql(`alter table "jobs" add constraint "jobs_workflow_id_unique" unique ("workflow_id")`);
    this.addSql(`alter table "jobs" add constraint "jobs_tracking_token_unique" unique ("tracking_token")`);
    this.addSql(`create index "jobs_open_by_store_index" on "jobs" ("store_id", "stage") where closed = false`);
    this.addSql(`create index "jobs_open_promised_index" on "jobs" ("promised_by") where closed = false`);
    this.addSql(`alter table "jobs" add constraint "jobs_store_number_unique" unique ("store_id", "number")`);
    this.addSql(`alter table "jobs" add constraint "jobs_store_id_foreign" foreign key ("store_id") references "stores" ("id")`);
    this.addSql(`alter table "jobs" add constraint "jobs_customer_id_foreign" foreign key ("customer_id") references "customers" ("id")`);
    this.addSql(`alter table "jobs" add constraint "jobs_kind_check" check ("kind" in ('repair', 'custom_order'))`);

    this.addSql(`create table "job_items" ("job_id" uuid not null, "key" varchar(40) not null, "description" text not null, "declared_value_minor" int null, "currency" varchar(3) null, "custody_location" varchar(20) not null, "custody_holder_kind" varchar(20) not null, "custody_holder_id" varchar(64) null, "custody_holder_name" varchar(100) not null, "custody_detail" varchar(200) null, "custody_since" timestamptz not null, primary key ("job_id", "key"))`);
    this.addSql(`create index "job_items_held_by_location_index" on "job_items" ("custody_location") where custody_location <> 'customer'`);
    this.addSql(`alter table "job_items" add constraint "job_items_job_id_foreign" foreign key ("job_id") references "jobs" ("id") on delete cascade`);

    this.addSql(`create table "job_events" ("job_id" uuid not null, "sequence" int not null, "type" varchar(40) not null, "at" timestamptz not null, "actor_kind" varchar(10) not null, "actor_id" varchar(64) null, "actor_name" varchar(100) not null, "actor_role" varchar(20) null, "channel" varchar(20) not null, "summary" text not null, "data" jsonb not null, primary key ("job_id", "sequence"))`);
    this.addSql(`create index "job_events_type_at_index" on "job_events" ("type", "at")`);
    this.addSql(`alter table "job_events" add constraint "job_events_job_id_foreign" foreign key ("job_id") references "jobs" ("id")`);
    // A journal nobody can rewrite: disputes and insurance claims rely on it (triggers as the entity declares them).
    this.addSql(`create or replace function "job_events_job_events_append_only_fn"() returns trigger as $$ begin raise exception 'job_events is append-only: % refused', tg_op using errcode = 'insufficient_privilege'; end; $$ language plpgsql`);
    this.addSql(`create trigger "job_events_append_only" BEFORE UPDATE OR DELETE on "job_events" for each ROW execute function "job_events_job_events_append_only_fn"()`);
    this.addSql(`create or replace function "job_events_job_events_no_truncate_fn"() returns trigger as $$ begin raise exception 'job_events is append-only: % refused', tg_op using errcode = 'insufficient_privilege'; end; $$ language plpgsql`);
    this.addSql(`create trigger "job_events_no_truncate" BEFORE TRUNCATE on "job_events" for each STATEMENT execute function "job_events_job_events_no_truncate_fn"()`);

    this.addSql(`create table "manager_alerts" ("id" uuid not null, "store_id" uuid not null, "job_id" uuid not null, "kind" text not null, "message" text not null, "dedupe_key" varchar(200) not null, "created_at" timestamptz not null, "acknowledged_at" timestamptz null, "acknowledged_by_name" varchar(100) null, primary key ("id"))`);
    this.addSql(`create index "manager_alerts_job_id_index" on "manager_alerts" ("job_id")`);
    this.addSql(`alter table "manager_alerts" add constraint "manager_alerts_dedupe_key_unique" unique ("dedupe_key")`);
    this.addSql(`create index "manager_alerts_open_index" on "manager_alerts" ("store_id", "created_at") where acknowledged_at is null`);
    this.addSql(`alter table "manager_alerts" add constraint "manager_alerts_store_id_foreign" foreign key ("store_id") references "stores" ("id")`);
    this.addSql(`alter table "manager_alerts" add constraint "manager_alerts_job_id_foreign" foreign key ("job_id") references "jobs" ("id")`);
    this.addSql(`alter table "manager_alerts" add constraint "manager_alerts_kind_check" check ("kind" in ('vendor_late', 'unclaimed', 'overdue', 'rush'))`);

    this.addSql(`create table "payments" ("id" uuid not null, "customer_id" uuid not null, "store_id" uuid not null, "job_id" uuid null, "kind" text not null, "amount_minor" int not null, "currency" varchar(3) not null, "method" text not null, "reference" varchar(100) null, "recorded_by_id" varchar(64) null, "recorded_by_name" varchar(100) not null, "recorded_at" timestamptz not null, "idempotency_key" varchar(200) not null, primary key ("id"))`);
    this.addSql(`create index "payments_customer_id_index" on "payments" ("customer_id")`);
    this.addSql(`create index "payments_job_id_index" on "payments" ("job_id")`);
    this.addSql(`alter table "payments" add constraint "payments_idempotency_key_unique" unique ("idempotency_key")`);
    this.addSql(`alter table "payments" add constraint "payments_customer_id_foreign" foreign key ("customer_id") references "customers" ("id")`);
    this.addSql(`alter table "payments" add constraint "payments_store_id_foreign" foreign key ("store_id") references "stores" ("id")`);
    this.addSql(`alter table "payments" add constraint "payments_job_id_foreign" foreign key ("job_id") references "jobs" ("id") on delete set null`);
    this.addSql(`alter table "payments" add constraint "payments_amount_minor_check" check (amount_minor > 0)`);
    this.addSql(`alter table "payments" add constraint "payments_kind_check" check ("kind" in ('deposit', 'balance', 'design_fee', 'refund'))`);
    this.addSql(`alter table "payments" add constraint "payments_method_check" check ("method" in ('cash', 'card', 'bank_transfer', 'store_credit', 'other'))`);

    // Repairs taken in before: jobs of the main store, numbered from their envelope.
    this.addSql(`insert into "jobs" select r."id", 'repair', '00000000-0000-4000-8000-000000000001', r."customer_id", 'R-' || lpad(r."envelope_number"::text, 6, '0') || '-1', 'R-' || lpad(r."envelope_number"::text, 6, '0'), 'repair-' || r."id", left(r."item_description", 200),
      case r."stage" when 'received' then 'received' when 'in_progress' then 'in_work' else 'ready_for_pickup' end,
      case r."stage" when 'received' then 'Received' when 'in_progress' then 'At the bench' else 'Ready for pickup' end,
      r."stage_sequence", r."stage_changed_at", case r."stage" when 'ready' then 'customer' else 'shop' end, r."promised_by", false, false, false, false, null, null,
      case r."stage" when 'received' then 'safe' when 'in_progress' then 'bench' else 'safe' end, 'store', null, 'Shop', null, r."stage_changed_at",
      false, r."tracking_token", null, r."created_by", r."created_at", r."stage_changed_at" from "repair_jobs" r`);
    this.addSql(`insert into "job_items" select j."id", 'piece', r."item_description", r."declared_value_minor", r."currency", j."custody_location", 'store', null, 'Shop', null, j."custody_since" from "jobs" j join "repair_jobs" r on r."id" = j."id"`);
    this.addSql(`insert into "job_number_counters" select '00000000-0000-4000-8000-000000000001', 'R', coalesce(max("envelope_number"), 1000) from "repair_jobs"`);

    // repair_jobs keeps what only repairs have; the rest lives on the job.
    this.addSql(`alter table "messages" drop constraint "messages_repair_job_id_foreign"`);
    this.addSql(`alter table "repair_jobs" drop constraint "repair_jobs_customer_id_foreign"`);
    this.addSql(`drop index "repair_jobs_customer_id_index"`);
    this.addSql(`alter table "repair_jobs" drop constraint "repair_jobs_envelope_number_unique"`);
    this.addSql(`drop index "repair_jobs_stage_index"`);
    this.addSql(`alter table "repair_jobs" drop constraint "repair_jobs_tracking_token_unique"`);
    this.addSql(`alter table "repair_jobs" drop constraint "repair_jobs_stage_check"`);
    this.addSql(`alter table "repair_jobs" drop constraint "repair_jobs_pkey"`);
    this.addSql(`alter table "repair_jobs" drop column "customer_id", drop column "envelope_number", drop column "promised_by", drop column "stage", drop column "stage_sequence", drop column "stage_changed_at", drop column "stage_changed_by", drop column "tracking_token", drop column "created_by", drop column "created_at"`);
    this.addSql(`alter table "repair_jobs" rename column "id" to "job_id"`);
    this.addSql(`alter table "repair_jobs" add "item_index" int not null default 1, add "item_count" int not null default 1, add "go_ahead_limit_minor" int null`);
    this.addSql(`alter table "repair_jobs" alter column "item_index" drop default, alter column "item_count" drop default`);
    this.addSql(`alter table "repair_jobs" add constraint "repair_jobs_job_id_foreign" foreign key ("job_id") references "jobs" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "repair_jobs" add primary key ("job_id")`);
    this.addSql(`drop sequence "repair_envelope_number_seq"`);

    this.addSql(`drop index "messages_repair_job_id_index"`);
    this.addSql(`alter table "messages" rename column "repair_job_id" to "job_id"`);
    this.addSql(`alter table "messages" add constraint "messages_job_id_foreign" foreign key ("job_id") references "jobs" ("id") on delete set null`);
    this.addSql(`create index "messages_job_id_index" on "messages" ("job_id")`);
  }

  override down(): void {
    throw new Error('Migration20261124200000JobsAndStores moves data into jobs; restore a backup to go back.');
  }
}
