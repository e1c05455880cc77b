import { defineEntity, p } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity.js';
import { Job } from '../jobs/job.entity.js';

/** What became of a text the customer sent. */
export const INBOUND_HANDLINGS = ['opt_out', 'opt_in', 'help', 'answered', 'clarification', 'inbox'] as const;
/** Where a reply for staff stands in the inbox. */
export const INBOX_STATUSES = ['unread', 'read', 'done'] as const;

/** A text a customer (or an unknown number) sent the shop: each is kept, once, with what was done with it. */
const InboundMessageSchema = defineEntity({
  name: 'InboundMessage',
  tableName: 'inbound_messages',
  indexes: [{ name: 'inbound_messages_inbox_index', properties: ['status', 'receivedAt'] }],
  properties: {
    id: p.uuid().primary(),
    /** Twilio's MessageSid: a webhook Twilio sends again is the same message. */
    providerMessageId: p.string().length(64).unique(),
    fromAddress: p.string().length(32),
    body: p.text(),
    customer: () => p.manyToOne(Customer).nullable().index(),
    job: () => p.manyToOne(Job).nullable().index().deleteRule('set null'),
    handling: p.enum(INBOUND_HANDLINGS),
    status: p.enum(INBOX_STATUSES),
    ownerId: p.string().length(64).nullable(),
    ownerName: p.string().length(100).nullable(),
    receivedAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export class InboundMessage extends InboundMessageSchema.class {}
InboundMessageSchema.setClass(InboundMessage);
