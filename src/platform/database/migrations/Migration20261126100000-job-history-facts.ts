import { Migration } from '@mikro-orm/migrations';

/**
 * What a job's timeline needs once Temporal's retention has passed: its workflow history's facts,
 * copied when the workflow ends (`jobs.history_archived_at`, the sweep's watermark), and every
 * delivery receipt of its messages.
 */
export class Migration20261126100000JobHistoryFacts extends Migration {
  override name = 'Migration20261126100000JobHistoryFacts';

  override up(): void {
    this.addSql(`create table "job_history_facts" ("job_id" uuid not null, "run_id" varchar(64) not null, "event_id" int not null, "type" varchar(40) not null, "at" timestamptz not null, "summary" text not null, "data" jsonb not null, primary key ("job_id", "run_id", "event_id"))`);
    this.addSql(`alter table "jobs" add column "history_archived_at" timestamptz null`);
    this.addSql(`create table "sweep_watermarks" ("name" varchar(100) not null, "reached" timestamptz not null, primary key ("name"))`);
    this.addSql(`create table "message_receipts" ("message_id" uuid not null, "status" varchar(20) not null, "received_at" timestamptz not null, "error_code" varchar(64) null, primary key ("message_id", "status"))`);
  }
}
