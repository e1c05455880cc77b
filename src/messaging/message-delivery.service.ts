import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { maskPhoneNumber } from '../platform/phone-number.js';
import { Message, PENDING_MESSAGE_STATUSES } from './message.entity.js';
import { type OutgoingSms, type SmsReceipt, SmsSendError, SmsSender } from './sms-sender.js';

export type DeliveryOutcome =
  /** The provider has the message (accepted now, or found there after an unknown outcome). */
  | 'sent'
  /** Not sent yet; try again after the backoff. */
  | 'retry'
  /** The provider asks to slow down: hold the queue a moment, then try again. */
  | 'rate_limited'
  /** An earlier message to the same recipient is still owed: try again shortly. */
  | 'wait'
  /** Refused for good, or out of retries. */
  | 'failed'
  /** An unknown outcome could not be settled with the provider in all the retries. */
  | 'uncertain'
  | 'already_handled'
  | 'missing';

type MessageChanges = Partial<Pick<Message, 'status' | 'attempts' | 'attemptStartedAt' | 'providerMessageId' | 'sentAt' | 'errorCode' | 'errorMessage'>>;

/**
 * Delivers one queued message, exactly once as the customer sees it. The row is the record of
 * what happened: only a message still owed is sent; an attempt whose outcome is unknown (`sending`)
 * is settled with the provider before anything is sent again; texts to one number go out in the
 * order they were written.
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
    if (!PENDING_MESSAGE_STATUSES.includes(message.status)) return 'already_handled';
    // "Work has started" must never reach the customer before "we have your piece".
    if (await this.earlierMessageOwed(em, message)) return 'wait';

    const sms = { to: message.toAddress, body: message.body };
    if (message.status === 'sending') {
      const settled = await this.settleUnknownOutcome(em, message, sms, lastAttempt);
      if (settled) return settled;
    }
    if (!(await this.claim(em, message))) return 'already_handled';
    try {
      const receipt = await this.sms.send(sms);
      await this.recordSent(em, message, receipt);
      return 'sent';
    } catch (error) {
      const failure = error instanceof SmsSendError ? error : new SmsSendError(String(error), 'UNKNOWN', 'outcome_unknown');
      return this.recordFailure(em, message, failure, lastAttempt);
    }
  }

  private async earlierMessageOwed(em: EntityManager, message: Message): Promise<boolean> {
    const earlier = await em.findOne(
      Message,
      {
        toAddress: message.toAddress,
        status: { $in: [...PENDING_MESSAGE_STATUSES] },
        $or: [{ createdAt: { $lt: message.createdAt } }, { createdAt: message.createdAt, id: { $lt: message.id } }],
      },
      { fields: ['id'] },
    );
    return earlier !== null;
  }

  /**
   * An earlier attempt began and never learned its outcome (the worker died mid-call, or the
   * connection dropped after the request went out). Ask the provider: if it has the message, it is
   * sent; if not, it may be sent now. If the provider cannot be asked, nothing is sent blind.
   */
  private async settleUnknownOutcome(em: EntityManager, message: Message, sms: OutgoingSms, lastAttempt: boolean): Promise<DeliveryOutcome | undefined> {
    let accepted: SmsReceipt | undefined;
    try {
      accepted = await this.sms.findAccepted(sms, message.attemptStartedAt ?? message.createdAt);
    } catch (error) {
      const code = error instanceof SmsSendError ? error.code : 'UNKNOWN';
      this.logger.warn(`Message ${message.id}: could not look it up at the provider (${code})`);
      if (!lastAttempt) return 'retry';
      await this.update(em, message, { status: 'uncertain', errorCode: 'OUTCOME_UNSETTLED', errorMessage: `Lookup at the provider failed: ${code}` });
      return 'uncertain';
    }
    if (!accepted) return undefined;
    this.logger.log(`Message ${message.id} to ${maskPhoneNumber(sms.to)} was accepted by an earlier attempt; not sent again`);
    await this.recordSent(em, message, accepted);
    return 'sent';
  }

  /** Marks the attempt as begun; of two deliveries racing for one message, only one gets it. */
  private async claim(em: EntityManager, message: Message): Promise<boolean> {
    const now = new Date();
    const claimed = await em.nativeUpdate(
      Message,
      { id: message.id, status: message.status, attempts: message.attempts },
      { status: 'sending', attempts: message.attempts + 1, attemptStartedAt: now, updatedAt: now },
    );
    if (claimed === 0) return false;
    Object.assign(message, { status: 'sending', attempts: message.attempts + 1, attemptStartedAt: now });
    return true;
  }

  private async recordSent(em: EntityManager, message: Message, receipt: SmsReceipt): Promise<void> {
    await this.update(em, message, { status: 'sent', providerMessageId: receipt.providerMessageId, sentAt: new Date(), errorCode: null, errorMessage: null });
  }

  private async recordFailure(em: EntityManager, message: Message, failure: SmsSendError, lastAttempt: boolean): Promise<DeliveryOutcome> {
    const error = { errorCode: failure.code, errorMessage: failure.message };
    const outcome = outcomeOf(failure, lastAttempt);
    // `sending` stays when the provider may have the message: the next attempt asks it first.
    const status = outcome === 'failed' ? 'failed' : outcome === 'uncertain' ? 'uncertain' : failure.kind === 'outcome_unknown' ? 'sending' : 'queued';
    await this.update(em, message, { status, ...error });
    this.logger.warn(`Message ${message.id} not sent (${failure.code}): ${outcome}`);
    return outcome;
  }

  private async update(em: EntityManager, message: Message, changes: MessageChanges): Promise<void> {
    await em.nativeUpdate(Message, { id: message.id }, { ...changes, updatedAt: new Date() });
  }
}

function outcomeOf(failure: SmsSendError, lastAttempt: boolean): DeliveryOutcome {
  switch (failure.kind) {
    case 'permanent':
      return 'failed';
    case 'rate_limited':
      return 'rate_limited';
    case 'transient':
      return lastAttempt ? 'failed' : 'retry';
    case 'outcome_unknown':
      return lastAttempt ? 'uncertain' : 'retry';
  }
}
