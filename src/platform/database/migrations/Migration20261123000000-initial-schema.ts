import { Migration } from '@mikro-orm/migrations';

/** Customers, repair jobs (with the stage projection) and outbound messages. */
export class Migration20261123000000InitialSchema extends Migration {
  override name = 'Migration20261123000000InitialSchema';

  override up(): void {
    // Envelope numbers are handed out by the database so two counters never print the same one.
    this.addSql('create sequence "repair_envelope_number_seq" start with 1001');
    this.addSql(`create table "customers" ("id" uuid not null, "first_name" varchar(100) not null, "last_name" varchar(100) not null, "phone" varchar(16) not null, "email" varchar(254) null, "sms_consent" boolean not null, "created_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`create table "repair_jobs" ("id" uuid not null, "envelope_number" int not null, "customer_id" uuid not null, "item_description" text not null, "work_requested" text not null, "declared_value_minor" int not null, "currency" varchar(3) not null, "promised_by" date not null, "stage" text not null, "stage_sequence" int not null, "stage_changed_at" timestamptz not null, "stage_changed_by" varchar(100) not null, "tracking_token" varchar(64) not null, "idempotency_key" varchar(200) null, "request_fingerprint" varchar(64) not null, "created_by" varchar(100) not null, "created_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`alter table "repair_jobs" add constraint "repair_jobs_envelope_number_unique" unique ("envelope_number")`);
    this.addSql(`create index "repair_jobs_customer_id_index" on "repair_jobs" ("customer_id")`);
    this.addSql(`create index "repair_jobs_stage_index" on "repair_jobs" ("stage")`);
    this.addSql(`alter table "repair_jobs" add constraint "repair_jobs_tracking_token_unique" unique ("tracking_token")`);
    this.addSql(`alter table "repair_jobs" add constraint "repair_jobs_idempotency_key_unique" unique ("idempotency_key")`);
    this.addSql(`alter table "repair_jobs" add constraint "repair_jobs_stage_check" check ("stage" in ('received', 'in_progress', 'ready'))`);
    this.addSql(`create table "messages" ("id" uuid not null, "customer_id" uuid not null, "repair_job_id" uuid null, "channel" text not null, "kind" varchar(100) not null, "to_address" varchar(254) not null, "body" text not null, "dedupe_key" varchar(200) not null, "status" text not null, "provider_message_id" varchar(64) null, "error_code" varchar(64) null, "error_message" text null, "attempts" int not null, "created_at" timestamptz not null, "sent_at" timestamptz null, "updated_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`create index "messages_customer_id_index" on "messages" ("customer_id")`);
    this.addSql(`create index "messages_repair_job_id_index" on "messages" ("repair_job_id")`);
    this.addSql(`alter table "messages" add constraint "messages_dedupe_key_unique" unique ("dedupe_key")`);
    this.addSql(`create index "messages_provider_message_id_index" on "messages" ("provider_message_id")`);
    this.addSql(`alter table "messages" add constraint "messages_channel_check" check ("channel" in ('sms'))`);
    this.addSql(`alter table "messages" add constraint "messages_status_check" check ("status" in ('queued', 'sending', 'sent', 'failed', 'skipped', 'uncertain'))`);
    this.addSql(`alter table "repair_jobs" add constraint "repair_jobs_customer_id_foreign" foreign key ("customer_id") references "customers" ("id")`);
    this.addSql(`alter table "messages" add constraint "messages_customer_id_foreign" foreign key ("customer_id") references "customers" ("id")`);
    this.addSql(`alter table "messages" add constraint "messages_repair_job_id_foreign" foreign key ("repair_job_id") references "repair_jobs" ("id") on delete set null`);
  }

  override down(): void {
    this.addSql('drop table if exists "messages"');
    this.addSql('drop table if exists "repair_jobs"');
    this.addSql('drop table if exists "customers"');
    this.addSql('drop sequence if exists "repair_envelope_number_seq"');
  }
}
