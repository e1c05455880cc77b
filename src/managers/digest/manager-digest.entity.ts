import { defineEntity, p } from '@mikro-orm/core';

export const MANAGER_DIGEST_STATUSES = [
  /** Claimed, not yet taken by the mail server (or taken, with the answer lost): the next attempt sends it, same Message-ID. */
  'pending',
  'sent',
  /** The mail server refused the address for good. */
  'failed',
] as const;
export type ManagerDigestRowStatus = (typeof MANAGER_DIGEST_STATUSES)[number];

/**
 * One recipient's digest of one store for one local day: claimed (written, with what it says)
 * before it is sent, so a retried activity or a schedule firing twice sends nobody a second one.
 * Its id is the staff_emails row of the same email (recipient, subject, text) and its Message-ID.
 */
const ManagerDigestSchema = defineEntity({
  name: 'ManagerDigest',
  tableName: 'manager_digests',
  uniques: [{ name: 'manager_digests_store_day_staff_unique', properties: ['storeId', 'localDate', 'staffId'] }],
  properties: {
    id: p.uuid().primary(),
    storeId: p.uuid(),
    /** The digest's day in the store's time zone (YYYY-MM-DD). */
    localDate: p.string().columnType('date'),
    staffId: p.uuid(),
    status: p.enum(MANAGER_DIGEST_STATUSES),
    /** The HTML part as first written; the text part is the staff email's body. */
    html: p.text(),
    /** Its unsubscribe link's token (24 random bytes, base64url): stops this person's digest of this store. */
    unsubscribeToken: p.string().length(32).unique(),
    attempts: p.integer(),
    errorCode: p.string().length(64).nullable(),
    createdAt: p.datetime(),
    sentAt: p.datetime().nullable(),
  },
});

export class ManagerDigest extends ManagerDigestSchema.class {}
ManagerDigestSchema.setClass(ManagerDigest);

/** A manager or owner who asked (with the digest's unsubscribe link) not to get one store's digest. */
const ManagerDigestOptOutSchema = defineEntity({
  name: 'ManagerDigestOptOut',
  tableName: 'manager_digest_opt_outs',
  properties: {
    storeId: p.uuid().primary(),
    staffId: p.uuid().primary(),
    createdAt: p.datetime(),
  },
});

export class ManagerDigestOptOut extends ManagerDigestOptOutSchema.class {}
ManagerDigestOptOutSchema.setClass(ManagerDigestOptOut);
