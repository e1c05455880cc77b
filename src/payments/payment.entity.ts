import { defineEntity, p } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Store } from '../stores/store.entity.js';

export const PAYMENT_KINDS = ['deposit', 'balance', 'design_fee', 'refund'] as const;
export const PAYMENT_METHODS = ['cash', 'card', 'bank_transfer', 'store_credit', 'other'] as const;

/**
 * Money a customer paid (or got back): deposits, balances at pickup, design fees, refunds. Always a
 * positive amount; a refund's kind says which way it went. Lifetime value is read from here.
 */
const PaymentSchema = defineEntity({
  name: 'Payment',
  tableName: 'payments',
  properties: {
    id: p.uuid().primary(),
    customer: () => p.manyToOne(Customer).index(),
    store: () => p.manyToOne(Store),
    job: () => p.manyToOne(Job).nullable().index(),
    kind: p.enum(PAYMENT_KINDS),
    amountMinor: p.integer().check('amount_minor > 0'),
    currency: p.string().length(3),
    method: p.enum(PAYMENT_METHODS),
    reference: p.string().length(100).nullable(),
    recordedById: p.string().length(64).nullable(),
    recordedByName: p.string().length(100),
    recordedAt: p.datetime(),
    /** One row per payment of one action, however often the write is retried. */
    idempotencyKey: p.string().length(200).unique(),
  },
});

export class Payment extends PaymentSchema.class {}
PaymentSchema.setClass(Payment);
