import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditTrail, auditActorOf } from '../../audit/audit-trail.service.js';
import type { StaffMember } from '../../platform/auth/staff-auth.guard.js';
import { Store } from '../../stores/store.entity.js';
import { storeError } from '../../stores/store-errors.js';
import { messagingError } from '../messaging-errors.js';
import { MESSAGE_CHANNELS, type MessageChannel, NoticeCatalog } from './notice-catalog.js';

export interface NotificationSetting {
  kind: string;
  channels: MessageChannel[];
  setByStore: boolean;
}

/** Which events notify customers on which channel, per store (a kind not set goes on either). */
@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly catalog: NoticeCatalog,
    private readonly audit: AuditTrail,
  ) {}

  of(store: Store): NotificationSetting[] {
    return this.catalog.all().map(({ kind }) => {
      const own = store.notifications[kind];
      return { kind, channels: own ? [...own] : [...MESSAGE_CHANNELS], setByStore: own !== undefined };
    });
  }

  async update(staff: StaffMember, storeId: string, settings: { kind: string; channels: MessageChannel[] }[]): Promise<NotificationSetting[]> {
    const unknown = settings.filter(({ kind }) => !this.catalog.find(kind)).map(({ kind }) => kind);
    if (unknown.length > 0) throw messagingError('UNKNOWN_MESSAGE_KIND', `There is no message kind ${unknown.join(', ')}.`, { unknown, kinds: this.catalog.all().map(({ kind }) => kind) });
    const em = this.em.fork();
    const store = await em.findOne(Store, { id: storeId });
    if (!store) throw storeError('STORE_NOT_FOUND', `There is no store ${storeId}.`);
    const before = { ...store.notifications };
    const after = { ...before };
    for (const { kind, channels } of settings) after[kind] = MESSAGE_CHANNELS.filter((channel) => channels.includes(channel));
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      store.notifications = after;
      store.updatedAt = new Date();
      this.audit.record(em, auditActorOf(staff), { action: 'update', recordType: 'store', recordId: store.id, changes: { notifications: { before, after } } });
      await em.flush();
    }
    return this.of(store);
  }
}
