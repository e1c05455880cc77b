import { defineEntity, p } from '@mikro-orm/core';
import { Job } from '../jobs/job.entity.js';

/** What a custom order has beyond every job: the consultation's brief, the customer's words kept apart from the spec. */
const CustomOrderSchema = defineEntity({
  name: 'CustomOrder',
  tableName: 'custom_orders',
  properties: {
    job: () => p.oneToOne(Job).primary(),
    /** What the customer asked for, in their words. */
    customerWords: p.text(),
    /** The jeweler's working spec: metal, fineness, stones, sizes. */
    spec: p.text(),
    occasionKind: p.string().length(40).nullable(),
    occasionDate: p.date().nullable(),
    budgetMinMinor: p.integer().nullable(),
    budgetMaxMinor: p.integer().nullable(),
    currency: p.string().length(3),
    idempotencyKey: p.string().length(200).nullable().unique(),
    /** Hash of the request, to refuse a reused Idempotency-Key with another body. */
    requestFingerprint: p.string().length(64),
  },
});

export class CustomOrder extends CustomOrderSchema.class {}
CustomOrderSchema.setClass(CustomOrder);
