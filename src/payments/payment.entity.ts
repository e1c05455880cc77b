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
  // The managers' revenue and customer values follow the ledger (Migration20261203200000, src/managers/reporting/).
  triggers: [
    { name: 'payments_report_inserted', timing: 'after', events: ['insert'], forEach: 'statement', expression: 'create trigger "payments_report_inserted" after insert on "payments" referencing new table as new_payments for each statement execute function reporting.payments_inserted_fn()' },
    { name: 'payments_report_updated', timing: 'after', events: ['update'], forEach: 'statement', expression: 'create trigger "payments_report_updated" after update on "payments" referencing old table as old_payments new table as new_payments for each statement execute function reporting.payments_updated_fn()' },
    { name: 'payments_report_deleted', timing: 'after', events: ['delete'], forEach: 'statement', expression: 'create trigger "payments_report_deleted" after delete on "payments" referencing old table as old_payments for each statement execute function reporting.payments_deleted_fn()' },
  ],
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
