import { defineEntity, p } from '@mikro-orm/core';

const CustomerSchema = defineEntity({
  name: 'Customer',
  tableName: 'customers',
  properties: {
    id: p.uuid().primary(),
    firstName: p.string().length(100),
    lastName: p.string().length(100),
    /** E.164, checked at the API edge. */
    phone: p.string().length(16),
    email: p.string().length(254).nullable(),
    /** Consent to transactional texts about the customer's own jobs. */
    smsConsent: p.boolean(),
    createdAt: p.datetime(),
  },
});

export class Customer extends CustomerSchema.class {}
CustomerSchema.setClass(Customer);
