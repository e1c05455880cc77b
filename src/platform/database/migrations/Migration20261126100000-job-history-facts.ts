import { Migration } from '@mikro-orm/migrations';

/** A closed job's workflow history, as its timeline reads it, kept past Temporal's retention. */
export class Migration20261126100000JobHistoryFacts extends Migration {
  override name = 'Migration20261126100000JobHistoryFacts';

  override up(): void {
    this.addSql(`create table "job_history_facts" ("job_id" uuid not null, "run_id" varchar(64) not null, "event_id" int not null, "type" varchar(40) not null, "at" timestamptz not null, "summary" text not null, "data" jsonb not null, primary key ("job_id", "run_id", "event_id"))`);
  }
}
