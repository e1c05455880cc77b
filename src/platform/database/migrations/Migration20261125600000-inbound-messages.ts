import { Migration } from '@mikro-orm/migrations';

/** Texts customers send the shop: opt-outs, answers to approvals, and the staff inbox. */
export class Migration20261125600000InboundMessages extends Migration {
  override name = 'Migration20261125600000InboundMessages';

  override up(): void {
    this.addSql(`create table "inbound_messages" ("id" uuid not null, "provider_message_id" varchar(64) not null, "from_address" varchar(32) not null, "body" text not null, "customer_id" uuid null, "job_id" uuid null, "handling" text not null, "status" text not null, "owner_id" varchar(64) null, "owner_name" varchar(100) null, "received_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`alter table "inbound_messages" add constraint "inbound_messages_provider_message_id_unique" unique ("provider_message_id")`);
    this.addSql(`create index "inbound_messages_customer_id_index" on "inbound_messages" ("customer_id")`);
    this.addSql(`create index "inbound_messages_job_id_index" on "inbound_messages" ("job_id")`);
    this.addSql(`create index "inbound_messages_inbox_index" on "inbound_messages" ("status", "received_at")`);
    this.addSql(`alter table "inbound_messages" add constraint "inbound_messages_customer_id_foreign" foreign key ("customer_id") references "customers" ("id") on delete set null`);
    this.addSql(`alter table "inbound_messages" add constraint "inbound_messages_job_id_foreign" foreign key ("job_id") references "jobs" ("id") on delete set null`);
    this.addSql(`alter table "inbound_messages" add constraint "inbound_messages_handling_check" check ("handling" in ('opt_out', 'opt_in', 'help', 'answered', 'clarification', 'inbox'))`);
    this.addSql(`alter table "inbound_messages" add constraint "inbound_messages_status_check" check ("status" in ('unread', 'read', 'done'))`);
  }
}
