import { Migration } from '@mikro-orm/migrations';

/**
 * Staff sign in as themselves: accounts with roles and stores, sessions with their access and
 * refresh tokens (digests only), API keys for integrations, password resets and the staff
 * emails that carry their links; and the audit trail of every record change, append-only.
 */
export class Migration20261125100000StaffAccessAndAudit extends Migration {
  override name = 'Migration20261125100000StaffAccessAndAudit';

  override up(): void {
    const roles = `('associate', 'bench_jeweler', 'manager', 'owner')`;
    this.addSql(`create table "staff_accounts" ("id" uuid not null, "email" varchar(254) not null, "name" varchar(100) not null, "role" text not null, "store_ids" jsonb not null, "password_hash" text not null, "password_changed_at" timestamptz not null, "active" boolean not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`alter table "staff_accounts" add constraint "staff_accounts_email_unique" unique ("email")`);
    this.addSql(`alter table "staff_accounts" add constraint "staff_accounts_role_check" check ("role" in ${roles})`);

    this.addSql(`create table "staff_sessions" ("id" uuid not null, "staff_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" varchar(40) null, primary key ("id"))`);
    this.addSql(`create index "staff_sessions_staff_id_index" on "staff_sessions" ("staff_id")`);
    this.addSql(`alter table "staff_sessions" add constraint "staff_sessions_staff_id_foreign" foreign key ("staff_id") references "staff_accounts" ("id")`);

    this.addSql(`create table "session_tokens" ("digest" varchar(64) not null, "session_id" uuid not null, "kind" text not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("digest"))`);
    this.addSql(`create index "session_tokens_session_id_index" on "session_tokens" ("session_id")`);
    this.addSql(`alter table "session_tokens" add constraint "session_tokens_session_id_foreign" foreign key ("session_id") references "staff_sessions" ("id")`);
    this.addSql(`alter table "session_tokens" add constraint "session_tokens_kind_check" check ("kind" in ('access', 'refresh'))`);

    this.addSql(`create table "api_keys" ("id" uuid not null, "name" varchar(100) not null, "prefix" varchar(16) not null, "digest" varchar(64) not null, "role" text not null, "store_ids" jsonb not null, "created_by_id" uuid not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"))`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_digest_unique" unique ("digest")`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_role_check" check ("role" in ${roles})`);

    this.addSql(`create table "password_resets" ("digest" varchar(64) not null, "staff_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("digest"))`);
    this.addSql(`create index "password_resets_staff_id_index" on "password_resets" ("staff_id")`);
    this.addSql(`alter table "password_resets" add constraint "password_resets_staff_id_foreign" foreign key ("staff_id") references "staff_accounts" ("id")`);

    this.addSql(`create table "staff_emails" ("id" uuid not null, "staff_id" uuid not null, "to_address" varchar(254) not null, "subject" varchar(200) not null, "body" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "sent_at" timestamptz null, primary key ("id"))`);
    this.addSql(`create index "staff_emails_staff_id_index" on "staff_emails" ("staff_id")`);

    this.addSql(`create table "audit_entries" ("id" uuid not null, "seq" bigserial, "at" timestamptz not null, "actor_kind" varchar(10) not null, "actor_id" varchar(64) null, "actor_name" varchar(100) not null, "action" varchar(40) not null, "record_type" varchar(40) not null, "record_id" varchar(64) not null, "store_id" uuid null, "changes" jsonb not null, primary key ("id"))`);
    this.addSql(`create index "audit_entries_at_index" on "audit_entries" ("at")`);
    this.addSql(`create index "audit_entries_record_index" on "audit_entries" ("record_type", "record_id", "at")`);
    this.addSql(`create index "audit_entries_store_at_index" on "audit_entries" ("store_id", "at")`);
    // Nobody rewrites the audit trail, whatever their database rights in the app (row triggers as the entity declares them).
    this.addSql(`create or replace function "audit_entries_audit_entries_append_only_fn"() returns trigger as $$ begin raise exception 'audit_entries is append-only: % refused', tg_op using errcode = 'insufficient_privilege'; end; $$ language plpgsql`);
    this.addSql(`create trigger "audit_entries_append_only" BEFORE UPDATE OR DELETE on "audit_entries" for each ROW execute function "audit_entries_audit_entries_append_only_fn"()`);
    this.addSql(`create or replace function "audit_entries_audit_entries_no_truncate_fn"() returns trigger as $$ begin raise exception 'audit_entries is append-only: % refused', tg_op using errcode = 'insufficient_privilege'; end; $$ language plpgsql`);
    this.addSql(`create trigger "audit_entries_no_truncate" BEFORE TRUNCATE on "audit_entries" for each STATEMENT execute function "audit_entries_audit_entries_no_truncate_fn"()`);
  }
}
