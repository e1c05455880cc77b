import { Migration } from '@mikro-orm/migrations';

/** Photos of pieces and jobs: a row each, the bytes in the object storage. */
export class Migration20261125400000Photos extends Migration {
  override name = 'Migration20261125400000Photos';

  override up(): void {
    this.addSql(`create table "photos" ("id" uuid not null, "owner_kind" text not null, "owner_id" uuid not null, "store_id" uuid not null, "storage_key" varchar(100) not null, "content_type" varchar(40) not null, "size_bytes" int not null, "sha256" varchar(64) not null, "uploaded_by_id" varchar(64) null, "uploaded_by_name" varchar(100) not null, "created_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`create index "photos_owner_index" on "photos" ("owner_kind", "owner_id", "created_at")`);
    this.addSql(`alter table "photos" add constraint "photos_owner_kind_check" check ("owner_kind" in ('piece', 'job'))`);
  }
}
