import { Migration } from '@mikro-orm/migrations';

/**
 * Customer profiles: address, preferred channel and language, email consent beside SMS consent
 * with the history of every change, preferences, sizes, occasions, notes and interactions, and
 * merged records. Customers from before get their SMS consent's history from their creation.
 */
export class Migration20261125200000CustomerProfiles extends Migration {
  override name = 'Migration20261125200000CustomerProfiles';

  override up(): void {
    this.addSql(`alter table "customers" add "address" jsonb null, add "preferred_channel" text not null default 'sms', add "language" varchar(20) not null default 'en', add "email_consent" boolean not null default false, add "preferences" jsonb not null default '{}', add "sizes" jsonb not null default '{}', add "merged_into" uuid null, add "updated_at" timestamptz null`);
    this.addSql(`update "customers" set "updated_at" = "created_at"`);
    // The defaults served the rows already there; new rows always say what they are.
    this.addSql(`alter table "customers" alter "preferred_channel" drop default, alter "language" drop default, alter "email_consent" drop default, alter "preferences" drop default, alter "sizes" drop default, alter "updated_at" set not null`);
    this.addSql(`alter table "customers" add constraint "customers_preferred_channel_check" check ("preferred_channel" in ('sms', 'email', 'phone'))`);

    this.addSql(`create table "customer_consent_changes" ("id" uuid not null, "customer_id" uuid not null, "channel" text not null, "granted" boolean not null, "source" text not null, "at" timestamptz not null, "recorded_by_id" varchar(64) null, "recorded_by_name" varchar(100) not null, primary key ("id"))`);
    this.addSql(`create index "customer_consent_changes_customer_id_index" on "customer_consent_changes" ("customer_id")`);
    this.addSql(`alter table "customer_consent_changes" add constraint "customer_consent_changes_customer_id_foreign" foreign key ("customer_id") references "customers" ("id")`);
    this.addSql(`alter table "customer_consent_changes" add constraint "customer_consent_changes_channel_check" check ("channel" in ('sms', 'email'))`);
    this.addSql(`alter table "customer_consent_changes" add constraint "customer_consent_changes_source_check" check ("source" in ('counter', 'phone', 'web_form', 'sms_keyword', 'email_link', 'import', 'merge'))`);
    this.addSql(`insert into "customer_consent_changes" select gen_random_uuid(), "id", 'sms', "sms_consent", 'counter', "created_at", null, 'Recorded at creation' from "customers"`);

    this.addSql(`create table "customer_occasions" ("id" uuid not null, "customer_id" uuid not null, "kind" text not null, "date" varchar(10) not null, "with_whom" varchar(100) null, "note" text null, "created_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`create index "customer_occasions_customer_id_index" on "customer_occasions" ("customer_id")`);
    this.addSql(`alter table "customer_occasions" add constraint "customer_occasions_customer_id_foreign" foreign key ("customer_id") references "customers" ("id")`);
    this.addSql(`alter table "customer_occasions" add constraint "customer_occasions_kind_check" check ("kind" in ('birthday', 'anniversary', 'engagement', 'wedding', 'graduation', 'holiday', 'other'))`);

    this.addSql(`create table "customer_interactions" ("id" uuid not null, "customer_id" uuid not null, "at" timestamptz not null, "channel" text not null, "summary" text not null, "staff_id" varchar(64) null, "staff_name" varchar(100) not null, primary key ("id"))`);
    this.addSql(`create index "customer_interactions_customer_id_index" on "customer_interactions" ("customer_id")`);
    this.addSql(`alter table "customer_interactions" add constraint "customer_interactions_customer_id_foreign" foreign key ("customer_id") references "customers" ("id")`);
    this.addSql(`alter table "customer_interactions" add constraint "customer_interactions_channel_check" check ("channel" in ('counter', 'phone', 'sms', 'email', 'note'))`);
  }
}
