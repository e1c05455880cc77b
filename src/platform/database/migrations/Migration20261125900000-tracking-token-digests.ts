import { Migration } from '@mikro-orm/migrations';

/** Tracking links are looked up by the SHA-256 of their token, so the lookup's timing says nothing of the secret. */
export class Migration20261125900000TrackingTokenDigests extends Migration {
  override name = 'Migration20261125900000TrackingTokenDigests';

  override up(): void {
    this.addSql(`alter table "jobs" add column "tracking_token_digest" varchar(64) null`);
    this.addSql(`update "jobs" set "tracking_token_digest" = encode(sha256(convert_to("tracking_token", 'UTF8')), 'hex')`);
    this.addSql(`alter table "jobs" alter column "tracking_token_digest" set not null`);
    this.addSql(`alter table "jobs" add constraint "jobs_tracking_token_digest_unique" unique ("tracking_token_digest")`);
  }
}
