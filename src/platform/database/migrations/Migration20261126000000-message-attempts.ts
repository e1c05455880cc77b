import { Migration } from '@mikro-orm/migrations';

/** Every delivery attempt of a message, with its outcome (the message row keeps only the latest). */
export class Migration20261126000000MessageAttempts extends Migration {
  override name = 'Migration20261126000000MessageAttempts';

  override up(): void {
    this.addSql(`create table "message_attempts" ("id" uuid not null, "message_id" uuid not null, "attempt" int not null, "channel" text not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "outcome" text null, "error_code" varchar(64) null, "error_message" text null, "provider_message_id" varchar(64) null, primary key ("id"))`);
    this.addSql(`alter table "message_attempts" add constraint "message_attempts_channel_check" check ("channel" in ('sms', 'email'))`);
    this.addSql(`alter table "message_attempts" add constraint "message_attempts_outcome_check" check ("outcome" in ('sent', 'found_at_provider', 'retry', 'outcome_unknown', 'rate_limited', 'failed', 'uncertain'))`);
    this.addSql(`alter table "message_attempts" add constraint "message_attempts_message_attempt_unique" unique ("message_id", "attempt")`);
  }
}
