import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Message } from './message.entity.js';
import { SmsSendError, SmsSender } from './sms-sender.js';

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'already_handled' | 'uncertain' | 'missing';

/**
 * Delivers one queued message. The row's status is the record of what happened, so a repeated
 * job never texts the customer twice: only a `queued` message is sent.
 */
@Injectable()
export class MessageDelivery {
  private readonly logger = new Logger(MessageDelivery.name);

  constructor(
    private readonly em: EntityManager,
    private readonly sms: SmsSender,
  ) {}

  async deliver(messageId: string, { lastAttempt }: { lastAttempt: boolean }): Promise<DeliveryOutcome> {
    const em = this.em.fork();
    const message = await em.findOne(Message, { id: messageId });
    if (!message) {
      this.logger.warn(`Message ${messageId} is queued but has no row; dropped`);
      return 'missing';
    }
    if (message.status === 'sending') {
      // An attempt died between calling the provider and recording its answer: the text may
      // have gone out. Not sending again is the safe side; staff see the status.
      this.record(message, { status: 'uncertain', errorCode: 'DELIVERY_INTERRUPTED' });
      await em.flush();
      return 'uncertain';
    }
    if (message.status !== 'queued') return 'already_handled';

    this.record(message, { status: 'sending', attempts: message.attempts + 1 });
    await em.flush();
    try {
      const receipt = await this.sms.send({ to: message.toAddress, body: message.body });
      this.record(message, { status: 'sent', providerMessageId: receipt.providerMessageId, sentAt: new Date(), errorCode: null, errorMessage: null });
      await em.flush();
      return 'sent';
    } catch (error) {
      const failure = error instanceof SmsSendError ? error : new SmsSendError(String(error), 'UNKNOWN', false);
      const giveUp = failure.permanent || lastAttempt;
      this.record(message, { status: giveUp ? 'failed' : 'queued', errorCode: failure.code, errorMessage: failure.message });
      await em.flush();
      this.logger.warn(`Message ${message.id} not sent (${failure.code})${giveUp ? '; giving up' : '; will retry'}`);
      return giveUp ? 'failed' : 'retry';
    }
  }

  private record(message: Message, changes: Partial<Pick<Message, 'status' | 'attempts' | 'providerMessageId' | 'sentAt' | 'errorCode' | 'errorMessage'>>): void {
    Object.assign(message, changes, { updatedAt: new Date() });
  }
}
