import { defineEntity, p } from '@mikro-orm/core';
import type { StorePolicy } from '../../workflows/shared/store-policy.js';
import type { MessageChannel } from '../messaging/templates/notice-catalog.js';

export type NotificationSettings = Record<string, MessageChannel[]>;

/** Opening hours per weekday (0 = Sunday), local times HH:MM; a missing day is closed. */
export type OpeningHours = Partial<Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', { open: string; close: string }>>;

export interface PostalAddress {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
}

const StoreSchema = defineEntity({
  name: 'Store',
  tableName: 'stores',
  properties: {
    id: p.uuid().primary(),
    /** Short code printed on tickets and labels (`DT`, `MAIN`). */
    code: p.string().length(8).unique(),
    name: p.string().length(100),
    phone: p.string().length(16).nullable(),
    email: p.string().length(254).nullable(),
    address: p.json<PostalAddress>(),
    /** IANA time zone: "today", promised dates, quiet hours and opening hours are local to it. */
    timeZone: p.string().length(64),
    /** ISO 4217: the currency of the store's prices and payments. */
    currency: p.string().length(3),
    openingHours: p.json<OpeningHours>(),
    /** The store's own policy values; anything absent takes the shipped default. */
    policy: p.json<Partial<StorePolicy>>(),
    /** The channels each message kind goes on (`[]`: not sent); a kind absent goes on either, as the customer prefers. */
    notifications: p.json<NotificationSettings>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export class Store extends StoreSchema.class {}
StoreSchema.setClass(Store);

/** The store every database starts with (migrations give it the records made before stores existed). */
export const MAIN_STORE_ID = '00000000-0000-4000-8000-000000000001';
