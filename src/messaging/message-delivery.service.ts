import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CustomersService } from '../customers/customers.service.js';
import { AppConfig } from '../platform/config/app-config.js';
import { emailHtml, emailText } from './email-layout.js';
import { EmailSender } from './email-sender.js';
import { type AttemptOutcome, MessageAttempt } from './message-attempt.entity.js';
import { Message, PENDING_MESSAGE_STATUSES } from './message.entity.js';
import { OutboundMessageQueue } from './outbound-message.queue.js';
import { Outbox } from './outbox.service.js';
import { SendError } from './send-error.js';
import { SmsSender } from './sms-sender.js';
import { smsSegments } from './templates/sms-segments.js';
import { unsubscribeUrl } from './unsubscribe-url.js';

export type DeliveryOutcome =
  /** The provider has the message (accepted now, or found there after an unknown outcome). */
  | 'sent'
  /** Not sent yet; try again after the backoff. */
  | 'retry'
  /** The provider asks to slow down: hold the queue a moment, then try again. */
  | 'rate_limited'
  /** Not yet: an earlier message to the same recipient is still owed, or the recipient's quiet hours. */
  | 'wait'
  /** Refused for good, or out of retries. */
  | 'failed'
  /** An unknown outcome could not be settled with the provider in all the retries. */
  | 'uncertain'
  | 'already_handled'
  | 'missing';

export interface DeliveryResult {
  outcome: DeliveryOutcome;
  /** For `wait`: when to look again. */
  until?: Date;
}

interface Receipt {
  providerMessageId: string;
}

type MessageChanges = Partial<Pick<Message, 'status' | 'attempts' | 'attemptStartedAt' | 'providerMessageId' | 'sentAt' | 'errorCode' | 'errorMessage'>>;

/** Twilio's refusal of a number that replied STOP. */
const OPTED_OUT_AT_TWILIO = 'TWILIO_21610';

/** How long a message waits for an earlier one to the same recipient before looking again. */
const ORDER_WAIT_MS = 2_000;

/**
 * Delivers one queued message, exactly once as the customer sees it, on its channel. The row is the
 * record of what happened: only a message still owed is sent; an attempt whose outcome is unknown
 * (`sending`) is settled with the provider before anything is sent again; messages to one
 * recipient go out in the order they were written; a text never goes in the recipient's quiet hours.
 */
@Injectable()
export class MessageDelivery {
  private readonly logger = new Logger(MessageDelivery.name);

  constructor(
    private readonly em: EntityManager,
    private readonly sms: SmsSender,
    private readonly email: EmailSender,
    private readonly outbox: Outbox,
    private readonly queue: OutboundMessageQueue,
    private readonly config: AppConfig,
    private readonly customers: CustomersService,
  ) {}

  async deliver(messageId: string, { lastAttempt }: { lastAttempt: boolean }): Promise<DeliveryResult> {
    const em = this.em.fork();
    const message = await em.findOne(Message, { id: messageId });
    if (!message) {
      this.logger.warn(`Message ${messageId} is queued but has no row; dropped`);
      return { outcome: 'missing' };
    }
    if (!PENDING_MESSAGE_STATUSES.includes(message.status)) return { outcome: 'already_handled' };
    if (message.notBefore && message.notBefore.getTime() > Date.now()) return { outcome: 'wait', until: message.notBefore };
    // "Work has started" must never reach the customer before "we have your piece".
    const earlier = await this.earlierMessageOwed(em, message);
    if (earlier) return { outcome: 'wait', until: new Date(Math.max(Date.now() + ORDER_WAIT_MS, earlier.notBefore?.getTime() ?? 0)) };

    if (message.status === 'sending') {
      const settled = await this.settleUnknownOutcome(em, message, lastAttempt);
      if (settled) return { outcome: settled };
    }
    if (!(await this.claim(em, message))) return { outcome: 'already_handled' };
    try {
      const receipt = await this.send(message);
      await this.recordSent(em, message, receipt);
      await this.pace(message);
      return { outcome: 'sent' };
    } catch (error) {
      const failure = error instanceof SendError ? error : new SendError(String(error), 'UNKNOWN', 'outcome_unknown');
      return { outcome: await this.recordFailure(em, message, failure, lastAttempt) };
    }
  }

  private send(message: Message): Promise<Receipt> {
    if (message.channel === 'sms') return this.sms.send({ to: message.toAddress, body: message.body });
    const unsubscribe = unsubscribeUrl(this.config, message.unsubscribeToken ?? '');
    const senderName = message.senderName ?? '';
    return this.email.send({
      to: message.toAddress,
      senderName,
      subject: message.subject ?? '',
      text: emailText(message.body, unsubscribe),
      html: emailHtml(message.body, { storeName: senderName, unsubscribeUrl: unsubscribe }),
      messageId: `<${message.id}@${this.config.email.fromAddress.split('@')[1]}>`,
      unsubscribeUrl: unsubscribe,
    });
  }

  /**
   * The sender number's pace: a text of n segments holds the SMS queue until n / pace seconds
   * after its send began (the SMS worker takes one text at a time when paced). BullMQ's own
   * limiter counts jobs, not segments, so the hold is the whole of the pacing.
   */
  private async pace(message: Message): Promise<void> {
    const perSecond = this.config.messaging.smsSegmentsPerSecond;
    if (message.channel !== 'sms' || perSecond === 0) return;
    const spentMs = Date.now() - (message.attemptStartedAt?.getTime() ?? Date.now());
    const holdMs = Math.round((smsSegments(message.body).segments * 1000) / perSecond) - spentMs;
    if (holdMs > 0) await this.queue.pause('sms', holdMs);
  }

  private async earlierMessageOwed(em: EntityManager, message: Message): Promise<Pick<Message, 'notBefore'> | null> {
    return em.findOne(
      Message,
      {
        toAddress: message.toAddress,
        status: { $in: [...PENDING_MESSAGE_STATUSES] },
        $or: [{ createdAt: { $lt: message.createdAt } }, { createdAt: message.createdAt, id: { $lt: message.id } }],
      },
      { fields: ['id', 'notBefore'] },
    );
  }

  /**
   * An earlier attempt began and never learned its outcome (the worker died mid-call, or the
   * connection dropped after the request went out). For a text, ask Twilio: if it has the message,
   * it is sent; if not, it may be sent now; if Twilio cannot be asked, nothing is sent blind. An
   * SMTP server cannot be asked: the email goes again with the same Message-ID, which mailboxes
   * show once.
   */
  private async settleUnknownOutcome(em: EntityManager, message: Message, lastAttempt: boolean): Promise<DeliveryOutcome | undefined> {
    if (message.channel !== 'sms') return undefined;
    let accepted: Receipt | undefined;
    try {
      accepted = await this.sms.findAccepted({ to: message.toAddress, body: message.body }, message.attemptStartedAt ?? message.createdAt);
    } catch (error) {
      const code = error instanceof SendError ? error.code : 'UNKNOWN';
      this.logger.warn(`Message ${message.id}: could not look it up at the provider (${code})`);
      if (!lastAttempt) return 'retry';
      await this.update(em, message, { status: 'uncertain', errorCode: 'OUTCOME_UNSETTLED', errorMessage: `Lookup at the provider failed: ${code}` });
      await this.finishAttempt(em, message, { outcome: 'uncertain', errorCode: 'OUTCOME_UNSETTLED', errorMessage: `Lookup at the provider failed: ${code}` });
      return 'uncertain';
    }
    if (!accepted) return undefined;
    this.logger.log(`Message ${message.id} was accepted by an earlier attempt; not sent again`);
    await this.recordSent(em, message, accepted, 'found_at_provider');
    return 'sent';
  }

  /**
   * Marks the attempt as begun and records it, in one statement; of two deliveries racing for one
   * message, only one gets it.
   */
  private async claim(em: EntityManager, message: Message): Promise<boolean> {
    const now = new Date();
    const claimed = await em.getConnection().execute<{ attempt: number }[]>(
      `with claimed as (
         update messages set status = 'sending', attempts = attempts + 1, attempt_started_at = ?, updated_at = ?
         where id = ? and status = ? and attempts = ? returning id, attempts, channel)
       insert into message_attempts (id, message_id, attempt, channel, started_at)
       select ?, id, attempts, channel, ? from claimed returning attempt`,
      [now, now, message.id, message.status, message.attempts, randomUUID(), now],
    );
    if (claimed.length === 0) return false;
    Object.assign(message, { status: 'sending', attempts: message.attempts + 1, attemptStartedAt: now });
    return true;
  }

  private async recordSent(em: EntityManager, message: Message, receipt: Receipt, outcome: AttemptOutcome = 'sent'): Promise<void> {
    const providerMessageId = receipt.providerMessageId.slice(0, 64);
    await this.update(em, message, { status: 'sent', providerMessageId, sentAt: new Date(), errorCode: null, errorMessage: null });
    await this.finishAttempt(em, message, { outcome, providerMessageId });
  }

  /** How the message's latest attempt ended (a lookup that settles an unknown outcome finishes the attempt it settles). */
  private async finishAttempt(em: EntityManager, message: Message, result: { outcome: AttemptOutcome; providerMessageId?: string; errorCode?: string; errorMessage?: string }): Promise<void> {
    await em.nativeUpdate(
      MessageAttempt,
      { messageId: message.id, attempt: message.attempts },
      { finishedAt: new Date(), outcome: result.outcome, providerMessageId: result.providerMessageId ?? null, errorCode: result.errorCode ?? null, errorMessage: result.errorMessage ?? null },
    );
  }

  private async recordFailure(em: EntityManager, message: Message, failure: SendError, lastAttempt: boolean): Promise<DeliveryOutcome> {
    const error = { errorCode: failure.code.slice(0, 64), errorMessage: failure.message };
    const outcome = outcomeOf(failure, lastAttempt);
    // `sending` stays when the provider may have the message: the next attempt asks it first.
    const status = outcome === 'failed' ? 'failed' : outcome === 'uncertain' ? 'uncertain' : failure.kind === 'outcome_unknown' ? 'sending' : 'queued';
    await this.update(em, message, { status, ...error });
    await this.finishAttempt(em, message, { outcome: outcome === 'retry' && failure.kind === 'outcome_unknown' ? 'outcome_unknown' : attemptOutcomeOf(outcome), ...error });
    this.logger.warn(`Message ${message.id} (${message.channel}) not sent (${failure.code}): ${outcome}`);
    // The number replied STOP at some point: no more texts until it says START.
    if (failure.code === OPTED_OUT_AT_TWILIO) await this.customers.smsKeywordConsent(message.toAddress, false);
    if (outcome === 'failed') await this.outbox.fallBackToEmail(message);
    return outcome;
  }

  private async update(em: EntityManager, message: Message, changes: MessageChanges): Promise<void> {
    await em.nativeUpdate(Message, { id: message.id }, { ...changes, updatedAt: new Date() });
  }
}

function attemptOutcomeOf(outcome: DeliveryOutcome): AttemptOutcome {
  return outcome === 'retry' || outcome === 'rate_limited' || outcome === 'failed' || outcome === 'uncertain' ? outcome : 'failed';
}

function outcomeOf(failure: SendError, lastAttempt: boolean): DeliveryOutcome {
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
