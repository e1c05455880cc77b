import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Customer } from '../customers/customer.entity.js';
import { type QuietHours, sendableAt } from '../platform/time/quiet-hours.js';
import { Message } from './message.entity.js';
import { OutboundMessageQueue } from './outbound-message.queue.js';
import { recipientOf } from './recipients.js';
import type { EmailTemplate, MessageChannel } from './templates/notice-catalog.js';

/** A message to a customer, ready to go on either channel: messaging knows nothing of what it is about. */
export interface OutboxMessage {
  customerId: string;
  /** The job it is about, for the job's timeline and the messages list; none for general messages. */
  jobId: string | null;
  /** What it is, e.g. `repair.ready`: for filters and reports. */
  kind: string;
  /** One message per event: a retried producer finds what it wrote (one row per channel). */
  dedupeKey: string;
  /** The channels the store sends this kind on; the customer's preference picks among them. */
  channels: readonly MessageChannel[];
  sms: string;
  email: EmailTemplate;
  /** The From name of an email: the store's. */
  senderName: string;
  /** No texts in these local hours, in the customer's time zone when known, else `timeZone` (the store's). */
  quietHours: QuietHours;
  timeZone: string;
}

export interface OutboxReceipt {
  messageIds: string[];
}

/** Why a channel may not carry a message to this customer, if it may not. */
export type SuppressionReason = 'NO_SMS_CONSENT' | 'NO_EMAIL_ADDRESS' | 'NO_EMAIL_CONSENT';

/**
 * The one way a message to a customer leaves Atelier. The channel is chosen once: the customer's
 * preferred one among those the store uses for this kind, if the customer has consented to it,
 * else the other. A channel passed over is recorded as suppressed with its reason. The rows are
 * written (or found again) first, then queued for delivery; a text due in quiet hours waits in the
 * queue until morning.
 */
@Injectable()
export class Outbox {
  constructor(
    private readonly em: EntityManager,
    private readonly queue: OutboundMessageQueue,
  ) {}

  async enqueue(outgoing: OutboxMessage): Promise<OutboxReceipt> {
    const keys = outgoing.channels.map((channel) => channelKey(outgoing.dedupeKey, channel));
    // The bare key is how a message was keyed before messages had channels: a producer retried
    // across that deploy finds its text rather than writing a second one.
    const existing = await this.em.fork().find(Message, { dedupeKey: { $in: [outgoing.dedupeKey, ...keys] } }, { orderBy: { createdAt: 'asc' } });
    const messages = existing.length > 0 ? existing : await this.write(outgoing, keys);
    // Also on a retry: the rows may have been written by an attempt that died before queueing.
    for (const message of messages) if (message.status === 'queued') await this.queue.enqueue(message);
    return { messageIds: messages.map((message) => message.id) };
  }

  /**
   * An SMS the carrier or Twilio refused for good goes by email, when it has an email version and
   * the customer takes email (asked again now: consent may have changed since). Idempotent.
   */
  async fallBackToEmail(sms: Message): Promise<Message | undefined> {
    if (sms.channel !== 'sms' || !sms.fallbackEmail) return undefined;
    const em = this.em.fork();
    const customer = await recipientOf(em, sms.customer.id);
    if (refusalOf(customer, 'email')) return undefined;
    const dedupeKey = sms.dedupeKey.replace(/:sms$/, ':email');
    let email = await em.findOne(Message, { dedupeKey });
    if (!email) {
      email = this.emailRow(em, customer, { customer, job: sms.job?.id ?? null, kind: sms.kind, dedupeKey }, sms.fallbackEmail, sms.senderName ?? '');
      email.fallbackOf = sms.id;
      try {
        await em.flush();
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
        email = await this.em.fork().findOneOrFail(Message, { dedupeKey });
      }
    }
    if (email.status === 'queued') await this.queue.enqueue(email);
    return email;
  }

  private async write(outgoing: OutboxMessage, keys: string[]): Promise<Message[]> {
    if (keys.length === 0) return [];
    const em = this.em.fork();
    const customer = await recipientOf(em, outgoing.customerId);
    const now = new Date();
    const rows: Message[] = [];
    const ordered = preferenceOrder(customer).filter((channel) => outgoing.channels.includes(channel));
    for (const channel of ordered) {
      const refusal = refusalOf(customer, channel);
      const common = { customer, job: outgoing.jobId, kind: outgoing.kind, dedupeKey: channelKey(outgoing.dedupeKey, channel) };
      const message = channel === 'email' ? this.emailRow(em, customer, common, outgoing.email, outgoing.senderName) : this.smsRow(em, customer, common, outgoing, now);
      if (refusal) Object.assign(message, { status: 'suppressed', errorCode: refusal, errorMessage: describeRefusal(refusal), notBefore: null });
      else message.fallbackOf = rows.at(-1)?.id ?? null;
      rows.push(message);
      if (!refusal) {
        // The email version travels with a text, for the case the text cannot be delivered.
        const emailToo = channel === 'sms' && ordered.includes('email') && !refusalOf(customer, 'email');
        if (emailToo) message.fallbackEmail = outgoing.email;
        break;
      }
    }
    try {
      await em.flush();
      return rows;
    } catch (error) {
      // Two attempts raced; the other one's rows are the message.
      if (error instanceof UniqueConstraintViolationException) return this.em.fork().find(Message, { dedupeKey: { $in: keys } }, { orderBy: { createdAt: 'asc' } });
      throw error;
    }
  }

  private smsRow(em: EntityManager, customer: Customer, common: RowBasics, outgoing: OutboxMessage, now: Date): Message {
    const due = sendableAt(now, customer.timeZone ?? outgoing.timeZone, outgoing.quietHours);
    return newMessage(em, { ...common, channel: 'sms', toAddress: customer.phone, body: outgoing.sms, notBefore: due > now ? due : null });
  }

  private emailRow(em: EntityManager, customer: Customer, common: RowBasics, email: EmailTemplate, senderName: string): Message {
    return newMessage(em, {
      ...common,
      channel: 'email',
      toAddress: customer.email ?? '',
      subject: email.subject,
      body: email.body,
      senderName,
      unsubscribeToken: randomBytes(24).toString('base64url'),
    });
  }
}

interface RowBasics {
  customer: Customer;
  job: string | null;
  kind: string;
  dedupeKey: string;
}

interface NewMessage extends RowBasics {
  channel: MessageChannel;
  toAddress: string;
  body: string;
  subject?: string;
  senderName?: string;
  notBefore?: Date | null;
  unsubscribeToken?: string;
}

function newMessage(em: EntityManager, fields: NewMessage): Message {
  const now = new Date();
  return em.create(Message, {
    id: randomUUID(),
    status: 'queued',
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    senderName: null,
    subject: null,
    notBefore: null,
    fallbackOf: null,
    fallbackEmail: null,
    unsubscribeToken: null,
    ...fields,
  } as never);
}

function channelKey(dedupeKey: string, channel: MessageChannel): string {
  return `${dedupeKey}:${channel}`;
}

/** The customer's preferred channel first; a customer who prefers calls gets texts first. */
function preferenceOrder(customer: Customer): MessageChannel[] {
  return customer.preferredChannel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
}

export function refusalOf(customer: Customer, channel: MessageChannel): SuppressionReason | undefined {
  if (channel === 'sms') return customer.smsConsent ? undefined : 'NO_SMS_CONSENT';
  if (!customer.email) return 'NO_EMAIL_ADDRESS';
  return customer.emailConsent ? undefined : 'NO_EMAIL_CONSENT';
}

function describeRefusal(reason: SuppressionReason): string {
  switch (reason) {
    case 'NO_SMS_CONSENT':
      return 'The customer has not agreed to texts (or replied STOP).';
    case 'NO_EMAIL_ADDRESS':
      return 'The customer has no email address.';
    case 'NO_EMAIL_CONSENT':
      return 'The customer has not agreed to emails (or unsubscribed).';
  }
}
