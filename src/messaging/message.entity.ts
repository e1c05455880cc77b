import { defineEntity, p } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity.js';
import { RepairJob } from '../repairs/repair-job.entity.js';

export const MESSAGE_STATUSES = [
  /** Written and handed to the delivery queue. */
  'queued',
  /** A delivery attempt is talking to the provider. */
  'sending',
  /** The provider accepted it. */
  'sent',
  /** Refused for good (opted out, invalid number) or out of retries. */
  'failed',
  /** Not sent by design (no consent); kept so the history says why. */
  'skipped',
  /** A delivery attempt died mid-call; not retried, so the customer never gets it twice. */
  'uncertain',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

const MessageSchema = defineEntity({
  name: 'Message',
  tableName: 'messages',
  properties: {
    id: p.uuid().primary(),
    customer: () => p.manyToOne(Customer).index(),
    repairJob: () => p.manyToOne(RepairJob).nullable().index(),
    channel: p.enum(['sms'] as const),
    /** What the message is about, e.g. `repair.stage.ready`. */
    kind: p.string().length(100),
    toAddress: p.string().length(254),
    body: p.text(),
    /** One message per event: a retried producer finds the row it wrote before. */
    dedupeKey: p.string().length(200).unique(),
    status: p.enum(MESSAGE_STATUSES),
    providerMessageId: p.string().length(64).nullable().index(),
    errorCode: p.string().length(64).nullable(),
    errorMessage: p.text().nullable(),
    attempts: p.integer(),
    createdAt: p.datetime(),
    sentAt: p.datetime().nullable(),
    updatedAt: p.datetime(),
  },
});

export class Message extends MessageSchema.class {}
MessageSchema.setClass(Message);
