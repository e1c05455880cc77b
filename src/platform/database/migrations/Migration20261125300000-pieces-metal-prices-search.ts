import { Migration } from '@mikro-orm/migrations';

/**
 * The valued stock (pieces, their stones and status history), the daily metal prices, and the
 * indexes of search: trigrams (pg_trgm) for names, emails, phones, SKUs and certificate numbers;
 * full text and a dictionary of words for descriptions.
 */
export class Migration20261125300000PiecesMetalPricesSearch extends Migration {
  override name = 'Migration20261125300000PiecesMetalPricesSearch';

  override up(): void {
    // pg_trgm is a trusted extension: the database's owner may create it (no superuser needed).
    this.addSql('create extension if not exists pg_trgm');

    this.addSql(`create table "pieces" ("id" uuid not null, "store_id" uuid not null, "sku" varchar(40) not null, "serial" varchar(60) null, "description" text not null, "category" text not null, "metal" text null, "metal_colour" text null, "fineness" int null, "weight_mg" int null, "certificate_lab" text null, "certificate_number" varchar(40) null, "provenance" text null, "cost_minor" int null, "retail_minor" int null, "currency" varchar(3) not null, "making_charge_minor" int null, "place" text not null, "place_detail" varchar(100) null, "status" text not null, "status_since" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`create index "pieces_store_status_index" on "pieces" ("store_id", "status")`);
    this.addSql(`create index "pieces_created_at_index" on "pieces" ("created_at" desc, "id" desc)`);
    this.addSql(`alter table "pieces" add constraint "pieces_store_sku_unique" unique ("store_id", "sku")`);
    this.addSql(`alter table "pieces" add constraint "pieces_store_id_foreign" foreign key ("store_id") references "stores" ("id")`);
    this.addSql(`alter table "pieces" add constraint "pieces_category_check" check ("category" in ('ring', 'necklace', 'pendant', 'bracelet', 'earrings', 'brooch', 'watch', 'chain', 'loose_stone', 'other'))`);
    this.addSql(`alter table "pieces" add constraint "pieces_metal_check" check ("metal" in ('gold', 'silver', 'platinum', 'palladium'))`);
    this.addSql(`alter table "pieces" add constraint "pieces_metal_colour_check" check ("metal_colour" in ('yellow', 'white', 'rose', 'green', 'black', 'natural'))`);
    this.addSql(`alter table "pieces" add constraint "pieces_certificate_lab_check" check ("certificate_lab" in ('GIA', 'IGI', 'AGS', 'HRD', 'GCAL', 'EGL', 'other'))`);
    this.addSql(`alter table "pieces" add constraint "pieces_place_check" check ("place" in ('display_case', 'safe', 'vault', 'back_office', 'workshop', 'elsewhere'))`);
    this.addSql(`alter table "pieces" add constraint "pieces_status_check" check ("status" in ('available', 'reserved', 'sold', 'on_memo', 'in_repair'))`);
    this.addSql(`create index "pieces_sku_trgm_index" on "pieces" using gin (lower(sku) gin_trgm_ops)`);
    this.addSql(`create index "pieces_certificate_trgm_index" on "pieces" using gin (lower(certificate_number) gin_trgm_ops)`);
    // Descriptions: full-text (the words, kept by PostgreSQL) and a dictionary of every word used, so a misspelt word finds its piece.
    this.addSql(`alter table "pieces" add "description_search" tsvector generated always as (to_tsvector('simple', description)) stored`);
    this.addSql(`create index "pieces_description_search_index" on "pieces" using gin ("description_search")`);
    this.addSql(`create table "search_words" ("word" text not null, primary key ("word"))`);
    this.addSql(`create index "search_words_trgm_index" on "search_words" using gin (word gin_trgm_ops)`);
    this.addSql(`create or replace function "pieces_pieces_description_words_fn"() returns trigger as $$ begin insert into search_words (word) select unnest(tsvector_to_array(new.description_search)) on conflict do nothing; return null; end; $$ language plpgsql`);
    this.addSql(`create trigger "pieces_description_words" AFTER INSERT OR UPDATE on "pieces" for each ROW execute function "pieces_pieces_description_words_fn"()`);

    this.addSql(`create table "piece_stones" ("id" uuid not null, "piece_id" uuid not null, "type" varchar(40) not null, "carat_points" int not null, "shape" varchar(40) null, "colour" varchar(20) null, "clarity" varchar(20) null, "count" int not null, primary key ("id"))`);
    this.addSql(`create index "piece_stones_piece_id_index" on "piece_stones" ("piece_id")`);
    this.addSql(`alter table "piece_stones" add constraint "piece_stones_piece_id_foreign" foreign key ("piece_id") references "pieces" ("id") on delete cascade`);

    this.addSql(`create table "piece_status_changes" ("id" uuid not null, "piece_id" uuid not null, "from" text null, "to" text not null, "reason" text null, "at" timestamptz not null, "by_id" varchar(64) null, "by_name" varchar(100) not null, primary key ("id"))`);
    this.addSql(`create index "piece_status_changes_piece_id_index" on "piece_status_changes" ("piece_id")`);
    this.addSql(`alter table "piece_status_changes" add constraint "piece_status_changes_piece_id_foreign" foreign key ("piece_id") references "pieces" ("id")`);
    this.addSql(`alter table "piece_status_changes" add constraint "piece_status_changes_from_check" check ("from" in ('available', 'reserved', 'sold', 'on_memo', 'in_repair'))`);
    this.addSql(`alter table "piece_status_changes" add constraint "piece_status_changes_to_check" check ("to" in ('available', 'reserved', 'sold', 'on_memo', 'in_repair'))`);

    this.addSql(`create table "metal_prices" ("id" uuid not null, "metal" text not null, "day" date not null, "price_per_gram_minor" int not null, "currency" varchar(3) not null, "entered_by_id" varchar(64) null, "entered_by_name" varchar(100) not null, "entered_at" timestamptz not null, primary key ("id"))`);
    this.addSql(`alter table "metal_prices" add constraint "metal_prices_metal_day_currency_unique" unique ("metal", "day", "currency")`);
    this.addSql(`alter table "metal_prices" add constraint "metal_prices_metal_check" check ("metal" in ('gold', 'silver', 'platinum', 'palladium'))`);

    this.addSql(`create index "customers_name_trgm_index" on "customers" using gin ((lower(first_name || ' ' || last_name)) gin_trgm_ops)`);
    this.addSql(`create index "customers_email_trgm_index" on "customers" using gin (email gin_trgm_ops)`);
    this.addSql(`create index "customers_phone_trgm_index" on "customers" using gin (phone gin_trgm_ops)`);
  }
}
