import { defineEntity, p } from '@mikro-orm/core';
import { Store } from '../stores/store.entity.js';
import { Job } from './job.entity.js';

export const MANAGER_ALERT_KINDS = ['vendor_late', 'unclaimed', 'overdue', 'rush'] as const;

/** Something a store's managers must hear about, kept until one of them acknowledges it. */
const ManagerAlertSchema = defineEntity({
  name: 'ManagerAlert',
  tableName: 'manager_alerts',
  indexes: [{ name: 'manager_alerts_open_index', properties: ['store', 'createdAt'], where: 'acknowledged_at is null' }],
  properties: {
    id: p.uuid().primary(),
    store: () => p.manyToOne(Store),
    job: () => p.manyToOne(Job).index(),
    kind: p.enum(MANAGER_ALERT_KINDS),
    message: p.text(),
    /** One alert per event: a retried activity finds the row it wrote. */
    dedupeKey: p.string().length(200).unique(),
    createdAt: p.datetime(),
    acknowledgedAt: p.datetime().nullable(),
    acknowledgedByName: p.string().length(100).nullable(),
  },
});

export class ManagerAlert extends ManagerAlertSchema.class {}
ManagerAlertSchema.setClass(ManagerAlert);
