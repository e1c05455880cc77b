import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Customer } from '../customers/customer.entity.js';
import { Message } from './message.entity.js';
import { OutboundMessageQueue } from './outbound-message.queue.js';

/** A message to a customer, ready to go: messaging knows nothing of what it is about. */
export interface OutboxMessage {
  customerId: string;
  /** The job it is about, for the job's timeline and the messages list; none for general messages. */
  jobId: string | null;
  /** What it is, e.g. `repair.ready`: for filters and reports. */
  kind: string;
  /** One message per event and channel: a retried producer finds what it wrote. */
  dedupeKey: string;
  sms: string;
}

export interface OutboxReceipt {
  messageIds: string[];
}

/**
 * The one way a message to a customer leaves Atelier: its row is written (or found again) first,
 * with the customer's consent checked, then its id is queued for delivery.
 */
@Injectable()
export class Outbox {
  constructor(
    private readonly em: EntityManager,
    private readonly queue: OutboundMessageQueue,
  ) {}

  async enqueue(outgoing: OutboxMessage): Promise<OutboxReceipt> {
    const message = (await this.em.fork().findOne(Message, { dedupeKey: outgoing.dedupeKey })) ?? (await this.write(outgoing));
    // Also on a retry: the row may have been written by an attempt that died before queueing.
    if (message.status === 'queued') await this.queue.enqueue(message.id);
    return { messageIds: [message.id] };
  }

  private async write(outgoing: OutboxMessage): Promise<Message> {
    const em = this.em.fork();
    const customer = await recipientOf(em, outgoing.customerId);
    const now = new Date();
    const message = em.create(Message, {
      id: randomUUID(),
      customer,
      job: outgoing.jobId,
      channel: 'sms',
      kind: outgoing.kind,
      toAddress: customer.phone,
      body: outgoing.sms,
      dedupeKey: outgoing.dedupeKey,
      // Not sent by design is still recorded, so the history says why.
      status: customer.smsConsent ? 'queued' : 'skipped',
      errorCode: customer.smsConsent ? null : 'NO_SMS_CONSENT',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await em.flush();
      return message;
    } catch (error) {
      // Two attempts raced; the other one's row is the message.
      if (error instanceof UniqueConstraintViolationException) return this.em.fork().findOneOrFail(Message, { dedupeKey: outgoing.dedupeKey });
      throw error;
    }
  }
}

/** The customer a message goes to: a record merged into another sends to the survivor. */
async function recipientOf(em: EntityManager, customerId: string): Promise<Customer> {
  let customer = await em.findOneOrFail(Customer, { id: customerId });
  for (let hops = 0; customer.mergedInto && hops < 10; hops += 1) customer = await em.findOneOrFail(Customer, { id: customer.mergedInto });
  return customer;
}
