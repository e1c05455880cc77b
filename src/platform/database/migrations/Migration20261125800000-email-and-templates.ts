import { Migration } from '@mikro-orm/migrations';

/**
 * Email beside SMS: messages get a channel of their own, a subject and sender, a not-before time
 * (quiet hours), the fallback link between an SMS and the email sent in its place, and an
 * unsubscribe secret; "skipped" is now "suppressed" (with its reason). Stores get their own
 * message texts and per-event channels; customers an optional time zone.
 */
export class Migration20261125800000EmailAndTemplates extends Migration {
  override name = 'Migration20261125800000EmailAndTemplates';

  override up(): void {
    this.addSql(`alter table "messages" drop constraint "messages_channel_check"`);
    this.addSql(`alter table "messages" add constraint "messages_channel_check" check ("channel" in ('sms', 'email'))`);
    this.addSql(`alter table "messages" drop constraint "messages_status_check"`);
    this.addSql(`update "messages" set "status" = 'suppressed' where "status" = 'skipped'`);
    this.addSql(`alter table "messages" add constraint "messages_status_check" check ("status" in ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'suppressed', 'uncertain'))`);
    this.addSql(`alter table "messages" add column "sender_name" varchar(100) null, add column "subject" varchar(200) null, add column "not_before" timestamptz null, add column "fallback_of" uuid null, add column "fallback_email" jsonb null, add column "unsubscribe_token" varchar(64) null`);
    this.addSql(`alter table "messages" add constraint "messages_unsubscribe_token_unique" unique ("unsubscribe_token")`);

    this.addSql(`alter table "customers" add column "time_zone" varchar(64) null`);
    this.addSql(`alter table "stores" add column "notifications" jsonb not null default '{}'`);
    this.addSql(`alter table "stores" alter column "notifications" drop default`);

    this.addSql(`create table "message_templates" ("id" uuid not null, "store_id" uuid not null, "kind" varchar(100) not null, "channel" text not null, "locale" varchar(20) not null, "subject" varchar(200) null, "body" text not null, "updated_by_id" varchar(64) null, "updated_by_name" varchar(100) not null, "updated_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`alter table "message_templates" add constraint "message_templates_channel_check" check ("channel" in ('sms', 'email'))`);
    this.addSql(`alter table "message_templates" add constraint "message_templates_store_kind_channel_locale_unique" unique ("store_id", "kind", "channel", "locale")`);
    this.addSql(`alter table "message_templates" add constraint "message_templates_store_id_foreign" foreign key ("store_id") references "stores" ("id")`);
  }
}
