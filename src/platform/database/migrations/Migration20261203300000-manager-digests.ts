import { Migration } from '@mikro-orm/migrations';

/**
 * The managers' daily digest email: one row per store, local day and recipient, claimed before the
 * email is sent (the unique key is what keeps a retried run from sending twice), and the people who
 * used its unsubscribe link for a store.
 */
export class Migration20261203300000ManagerDigests extends Migration {
  override name = 'Migration20261203300000ManagerDigests';

  override up(): void {
    this.addSql(`create table "manager_digests" ("id" uuid not null, "store_id" uuid not null, "local_date" date not null, "staff_id" uuid not null, "status" text not null, "html" text not null, "unsubscribe_token" varchar(32) not null, "attempts" int not null, "error_code" varchar(64) null, "created_at" timestamptz not null, "sent_at" timestamptz null, primary key ("id"))`);
    this.addSql(`alter table "manager_digests" add constraint "manager_digests_unsubscribe_token_unique" unique ("unsubscribe_token")`);
    this.addSql(`alter table "manager_digests" add constraint "manager_digests_store_day_staff_unique" unique ("store_id", "local_date", "staff_id")`);
    this.addSql(`alter table "manager_digests" add constraint "manager_digests_status_check" check ("status" in ('pending', 'sent', 'failed'))`);
    this.addSql(`create table "manager_digest_opt_outs" ("store_id" uuid not null, "staff_id" uuid not null, "created_at" timestamptz not null, primary key ("store_id", "staff_id"))`);
  }
}
