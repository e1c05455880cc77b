import { Migration } from '@mikro-orm/migrations';

/** Custom orders: the consultation's brief beside the job row every kind shares. */
export class Migration20261125500000CustomOrders extends Migration {
  override name = 'Migration20261125500000CustomOrders';

  override up(): void {
    this.addSql(`create table "custom_orders" ("job_id" uuid not null, "customer_words" text not null, "spec" text not null, "occasion_kind" varchar(40) null, "occasion_date" date null, "budget_min_minor" int null, "budget_max_minor" int null, "currency" varchar(3) not null, "idempotency_key" varchar(200) null, "request_fingerprint" varchar(64) not null, primary key ("job_id"))`);
    this.addSql(`alter table "custom_orders" add constraint "custom_orders_idempotency_key_unique" unique ("idempotency_key")`);
    this.addSql(`alter table "custom_orders" add constraint "custom_orders_job_id_foreign" foreign key ("job_id") references "jobs" ("id") on update cascade on delete cascade`);
  }
}
