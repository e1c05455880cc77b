import { Migration } from '@mikro-orm/migrations';

/** Delivery receipts: a text the carrier confirmed, or could not deliver. */
export class Migration20261125700000DeliveryReceipts extends Migration {
  override name = 'Migration20261125700000DeliveryReceipts';

  override up(): void {
    this.addSql(`alter table "messages" drop constraint "messages_status_check"`);
    this.addSql(`alter table "messages" add constraint "messages_status_check" check ("status" in ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'skipped', 'uncertain'))`);
  }
}
