import { defineEntity, p } from '@mikro-orm/core';
import { Customer } from './customer.entity.js';

export const CONSENT_CHANNELS = ['sms', 'email'] as const;
/** Where a consent change came from: TCPA and CAN-SPAM disputes turn on it. */
export const CONSENT_SOURCES = ['counter', 'phone', 'web_form', 'sms_keyword', 'email_link', 'import', 'merge'] as const;

/** Every grant and withdrawal of consent, with when and how it was given: never rewritten. */
const CustomerConsentChangeSchema = defineEntity({
  name: 'CustomerConsentChange',
  tableName: 'customer_consent_changes',
  properties: {
    id: p.uuid().primary(),
    customer: () => p.manyToOne(Customer).index(),
    channel: p.enum(CONSENT_CHANNELS),
    granted: p.boolean(),
    source: p.enum(CONSENT_SOURCES),
    at: p.datetime(),
    recordedById: p.string().length(64).nullable(),
    recordedByName: p.string().length(100),
  },
});
export class CustomerConsentChange extends CustomerConsentChangeSchema.class {}
CustomerConsentChangeSchema.setClass(CustomerConsentChange);

export const OCCASION_KINDS = ['birthday', 'anniversary', 'engagement', 'wedding', 'graduation', 'holiday', 'other'] as const;

/** A date the customer celebrates, so the shop can remember it next year. */
const CustomerOccasionSchema = defineEntity({
  name: 'CustomerOccasion',
  tableName: 'customer_occasions',
  properties: {
    id: p.uuid().primary(),
    customer: () => p.manyToOne(Customer).index(),
    kind: p.enum(OCCASION_KINDS),
    /** Month and day (`--MM-DD`), or a full date when the year matters. */
    date: p.string().length(10),
    withWhom: p.string().length(100).nullable(),
    note: p.text().nullable(),
    createdAt: p.datetime(),
  },
});
export class CustomerOccasion extends CustomerOccasionSchema.class {}
CustomerOccasionSchema.setClass(CustomerOccasion);

export const INTERACTION_CHANNELS = ['counter', 'phone', 'sms', 'email', 'note'] as const;

/** A note or a contact with the customer: who, when, how, and what was said. */
const CustomerInteractionSchema = defineEntity({
  name: 'CustomerInteraction',
  tableName: 'customer_interactions',
  properties: {
    id: p.uuid().primary(),
    customer: () => p.manyToOne(Customer).index(),
    at: p.datetime(),
    channel: p.enum(INTERACTION_CHANNELS),
    summary: p.text(),
    staffId: p.string().length(64).nullable(),
    staffName: p.string().length(100),
  },
});
export class CustomerInteraction extends CustomerInteractionSchema.class {}
CustomerInteractionSchema.setClass(CustomerInteraction);
