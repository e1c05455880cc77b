import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CustomersService } from '../customers/customers.service.js';
import { Message, type MessageStatus } from './message.entity.js';
import { Outbox } from './outbox.service.js';

/** How far along a text is: a receipt never moves a message back (callbacks arrive out of order). */
const PROGRESS: Partial<Record<MessageStatus, number>> = { queued: 0, sending: 1, uncertain: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3 };
/** Twilio's statuses that say something new about a message we sent. */
const RECEIPTS: Record<string, MessageStatus> = { sent: 'sent', delivered: 'delivered', undelivered: 'undelivered', failed: 'failed' };
/** The recipient replied STOP to this number at some point: the carrier refuses our texts. */
const OPTED_OUT = '21610';

/** Twilio's status callbacks, onto the message rows the staff timeline shows. */
@Injectable()
export class DeliveryReceipts {
  constructor(
    private readonly em: EntityManager,
    private readonly customers: CustomersService,
    private readonly outbox: Outbox,
  ) {}

  /** Applies one receipt; an unknown message or a status that says nothing new changes nothing. */
  async record(providerMessageId: string, providerStatus: string, errorCode: string | undefined): Promise<void> {
    const status = RECEIPTS[providerStatus];
    if (!status) return;
    const em = this.em.fork();
    const message = await em.findOne(Message, { providerMessageId }, { populate: ['customer'] });
    if (!message) return;
    // Every receipt is kept as it came (the timeline shows them), even one that arrives after a later status.
    await em.getConnection().execute(
      'insert into message_receipts (message_id, status, received_at, error_code) values (?, ?, ?, ?) on conflict do nothing',
      [message.id, status, new Date(), errorCode ? `TWILIO_${errorCode}` : null],
    );
    if ((PROGRESS[message.status] ?? 3) >= (PROGRESS[status] ?? 0)) return;
    message.status = status;
    if (errorCode) {
      message.errorCode = `TWILIO_${errorCode}`;
      message.errorMessage = `Twilio reported ${providerStatus} (error ${errorCode})`;
    }
    message.updatedAt = new Date();
    await em.flush();
    if (errorCode === OPTED_OUT) await this.customers.smsKeywordConsent(message.toAddress, false);
    // The carrier could not deliver the text: its email version goes, if the customer takes email.
    if (status === 'undelivered' || status === 'failed') await this.outbox.fallBackToEmail(message);
  }
}
