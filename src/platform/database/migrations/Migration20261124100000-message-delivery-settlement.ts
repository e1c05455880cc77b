import { Migration } from '@mikro-orm/migrations';

/**
 * When each delivery attempt began (where a lookup at Twilio starts when its outcome is unknown),
 * and partial indexes over the messages still owed: the per-recipient ordering check and the
 * sweeper that re-queues messages a Redis flush lost.
 */
export class Migration20261124100000MessageDeliverySettlement extends Migration {
  override name = 'Migration20261124100000MessageDeliverySettlement';

  override up(): void {
    this.addSql(`alter table "messages" add "attempt_started_at" timestamptz null`);
    this.addSql(`create index "messages_pending_by_recipient_index" on "messages" ("to_address", "created_at") where status in ('queued', 'sending')`);
    this.addSql(`create index "messages_pending_by_age_index" on "messages" ("updated_at") where status in ('queued', 'sending')`);
  }

  override down(): void {
    this.addSql('drop index if exists "messages_pending_by_age_index"');
    this.addSql('drop index if exists "messages_pending_by_recipient_index"');
    this.addSql('alter table "messages" drop column if exists "attempt_started_at"');
  }
}
