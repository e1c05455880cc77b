import { defineEntity, p } from '@mikro-orm/core';
import type { PostalAddress } from '../stores/store.entity.js';
import type { RingSize } from './ring-sizes.js';

export const CONTACT_CHANNELS = ['sms', 'email', 'phone'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** What the customer likes, in the shop's own words (free lists, kept as entered). */
export interface CustomerPreferences {
  metals?: string[];
  colours?: string[];
  styles?: string[];
  stones?: string[];
}

export interface CustomerSizes {
  rings?: RingSize[];
  wristCm?: number;
  /** Preferred necklace chain length. */
  chainLengthCm?: number;
}

const CustomerSchema = defineEntity({
  name: 'Customer',
  tableName: 'customers',
  // Typo-tolerant search (pg_trgm): a name, part of an email, digits of a phone number.
  indexes: [
    { name: 'customers_name_trgm_index', expression: `create index "customers_name_trgm_index" on "customers" using gin ((lower(first_name || ' ' || last_name)) gin_trgm_ops)` },
    { name: 'customers_email_trgm_index', expression: 'create index "customers_email_trgm_index" on "customers" using gin (email gin_trgm_ops)' },
    { name: 'customers_phone_trgm_index', expression: 'create index "customers_phone_trgm_index" on "customers" using gin (phone gin_trgm_ops)' },
  ],
  properties: {
    id: p.uuid().primary(),
    firstName: p.string().length(100),
    lastName: p.string().length(100),
    /** E.164, checked at the API edge. */
    phone: p.string().length(16),
    email: p.string().length(254).nullable(),
    address: p.json<PostalAddress>().nullable(),
    preferredChannel: p.enum(CONTACT_CHANNELS),
    /** BCP 47 language tag of the messages the customer gets (`en`, `es-MX`). */
    language: p.string().length(20),
    /** IANA time zone, when the customer lives outside the store's: their quiet hours are kept in it. */
    timeZone: p.string().length(64).nullable(),
    /** Consent to transactional texts about the customer's own jobs; its changes are in customer_consent_changes. */
    smsConsent: p.boolean(),
    emailConsent: p.boolean(),
    preferences: p.json<CustomerPreferences>(),
    sizes: p.json<CustomerSizes>(),
    /** Set when this record was merged into another (the same person): kept for its history, read through the survivor. */
    mergedInto: p.uuid().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export class Customer extends CustomerSchema.class {}
CustomerSchema.setClass(Customer);
