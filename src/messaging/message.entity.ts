import { defineEntity, p } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity.js';
import { Job } from '../jobs/job.entity.js';
import { type EmailTemplate, MESSAGE_CHANNELS } from './templates/notice-catalog.js';

export const MESSAGE_STATUSES = [
  /** Written and handed to the delivery queue. */
  'queued',
  /** A delivery attempt began and its outcome is not known yet: settled with the provider before any resend. */
  'sending',
  /** The provider accepted it. */
  'sent',
  /** The carrier confirmed it reached the phone (Twilio's status callback). */
  'delivered',
  /** The carrier could not deliver it (Twilio's status callback, with its error code). */
  'undelivered',
  /** Refused for good (opted out, invalid number) or out of retries. */
  'failed',
  /** Not sent by design (no consent, no address); kept with the reason so the history says why. */
  'suppressed',
  /** An attempt's outcome could not be settled with the provider in all the retries: staff check it. */
  'uncertain',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Messages still owed to their recipient: what the ordering check and the sweeper read. */
export const PENDING_MESSAGE_STATUSES: readonly MessageStatus[] = ['queued', 'sending'];

const MessageSchema = defineEntity({
  name: 'Message',
  tableName: 'messages',
  // The managers' message-delivery report follows the rows (Migration20261203500000, src/managers/reporting/): once per statement.
  triggers: [
    { name: 'report_messages_inserted', timing: 'after', events: ['insert'], forEach: 'statement', expression: 'create trigger "report_messages_inserted" after insert on "messages" referencing new table as new_messages for each statement execute function reporting.messages_inserted_fn()' },
    { name: 'report_messages_updated', timing: 'after', events: ['update'], forEach: 'statement', expression: 'create trigger "report_messages_updated" after update on "messages" referencing old table as old_messages new table as new_messages for each statement execute function reporting.messages_updated_fn()' },
    { name: 'report_messages_deleted', timing: 'after', events: ['delete'], forEach: 'statement', expression: 'create trigger "report_messages_deleted" after delete on "messages" referencing old table as old_messages for each statement execute function reporting.messages_deleted_fn()' },
  ],
  indexes: [
    { name: 'messages_pending_by_recipient_index', properties: ['toAddress', 'createdAt'], where: "status in ('queued', 'sending')" },
    { name: 'messages_pending_by_age_index', properties: ['updatedAt'], where: "status in ('queued', 'sending')" },
  ],
  properties: {
    id: p.uuid().primary(),
    customer: () => p.manyToOne(Customer).index(),
    /** The job the message is about, if any. */
    job: () => p.manyToOne(Job).nullable().index().deleteRule('set null'),
    channel: p.enum(MESSAGE_CHANNELS),
    /** What the message is about, e.g. `repair.stage.ready`. */
    kind: p.string().length(100),
    toAddress: p.string().length(254),
    /** Email: the From name (the store's). */
    senderName: p.string().length(100).nullable(),
    /** Email only. */
    subject: p.string().length(200).nullable(),
    /** The plain text; an email's HTML part is laid out from it when sent. */
    body: p.text(),
    /** Not before this instant: a text written in the recipient's quiet hours waits for the morning. */
    notBefore: p.datetime().nullable(),
    /** The message this one replaces on another channel (an SMS that could not be sent, going by email). */
    fallbackOf: p.uuid().nullable(),
    /** An SMS's email version, sent if the SMS fails for good and the customer takes email. */
    fallbackEmail: p.json<EmailTemplate>().nullable(),
    /** Email: the secret of its unsubscribe link. */
    unsubscribeToken: p.string().length(64).nullable().unique(),
    /** One message per event: a retried producer finds the row it wrote before. */
    dedupeKey: p.string().length(200).unique(),
    status: p.enum(MESSAGE_STATUSES),
    providerMessageId: p.string().length(64).nullable().index(),
    errorCode: p.string().length(64).nullable(),
    errorMessage: p.text().nullable(),
    attempts: p.integer(),
    /** When the latest delivery attempt began: where a lookup at the provider starts. */
    attemptStartedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    sentAt: p.datetime().nullable(),
    updatedAt: p.datetime(),
  },
});

export class Message extends MessageSchema.class {}
MessageSchema.setClass(Message);
