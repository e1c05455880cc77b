import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { CustomersService } from '../customers/customers.service.js';
import { AppConfig } from '../platform/config/app-config.js';
import { emailHtml, emailText } from './email-layout.js';
import { EmailSender } from './email-sender.js';
import { type ClaimedMessage, DeliveryLedger, type OwedMessage } from './delivery-ledger.js';
import type { AttemptOutcome } from './message-attempt.entity.js';
import { Message, PENDING_MESSAGE_STATUSES } from './message.entity.js';
import { OutboundMessageQueue } from './outbound-message.queue.js';
import { Outbox } from './outbox.service.js';
import { SEND_TIMEOUT_MS, SendError } from './send-error.js';
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
  /** Not yet: an earlier message to the same recipient is still owed, the recipient's quiet hours, or another delivery's attempt is under way. */
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

/** Twilio's refusal of a number that replied STOP. */
const OPTED_OUT_AT_TWILIO = 'TWILIO_21610';

/** How long a message waits for an earlier one to the same recipient before looking again. */
const ORDER_WAIT_MS = 2_000;

/**
 * An attempt not finished this long after it began is taken to have died with its worker: a live
 * text ends sooner (its request times out after SEND_TIMEOUT_MS). Until then another delivery of
 * the message (a stalled job run again, a sweep) steps aside rather than settle, and perhaps
 * repeat, a send still under way. It is no longer than BullMQ's lock, so the retry of a job whose
 * worker died does not wait for it. (An email can outlast it; sent again, it has the same Message-ID.)
 */
export const ATTEMPT_LEASE_MS = SEND_TIMEOUT_MS + 5_000;

/**
 * Delivers one queued message, exactly once as the customer sees it, on its channel. The row is the
 * record of what happened: only a message still owed is sent; an attempt whose outcome is unknown
 * (`sending`) is settled with the provider before anything is sent again; messages to one
 * recipient go out in the order they were written; a text never goes in the recipient's quiet hours.
 *
 * The usual message (queued, due, first in line) costs two statements: the claim, which also
 * records the attempt and returns what the sender needs, and the record of how the attempt ended.
 */
@Injectable()
export class MessageDelivery {
  private readonly logger = new Logger(MessageDelivery.name);

  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly em: EntityManager,
    private readonly sms: SmsSender,
    private readonly email: EmailSender,
    private readonly outbox: Outbox,
    private readonly queue: OutboundMessageQueue,
    private readonly config: AppConfig,
    private readonly customers: CustomersService,
  ) {}

  async deliver(messageId: string, { lastAttempt }: { lastAttempt: boolean }): Promise<DeliveryResult> {
    const claimed = await this.ledger.claimDue(messageId);
    if (claimed) return this.attempt(claimed, lastAttempt);
    return this.deliverOwed(messageId, lastAttempt);
  }

  /**
   * The message could not be claimed at once: it is gone or done, not due yet, behind an earlier
   * message to its recipient, or its latest attempt's outcome is unknown (or that attempt is still under way).
   */
  private async deliverOwed(messageId: string, lastAttempt: boolean): Promise<DeliveryResult> {
    const message = await this.ledger.read(messageId);
    if (!message) {
      this.logger.warn(`Message ${messageId} is queued but has no row; dropped`);
      return { outcome: 'missing' };
    }
    if (!PENDING_MESSAGE_STATUSES.includes(message.status)) return { outcome: 'already_handled' };
    if (message.notBefore && message.notBefore.getTime() > Date.now()) return { outcome: 'wait', until: message.notBefore };
    // "Work has started" must never reach the customer before "we have your piece".
    const earlier = message.earlierOwed;
    if (earlier) return { outcome: 'wait', until: new Date(Math.max(Date.now() + ORDER_WAIT_MS, earlier.notBefore?.getTime() ?? 0)) };

    if (message.status === 'sending') {
      const underWayUntil = attemptLeaseEnd(message);
      if (underWayUntil) return { outcome: 'wait', until: underWayUntil };
      const settled = await this.settleUnknownOutcome(message, lastAttempt);
      if (settled) return { outcome: settled };
    }
    const claimed = await this.ledger.claimAsRead(message);
    if (!claimed) return { outcome: 'already_handled' };
    return this.attempt(claimed, lastAttempt);
  }

  private async attempt(message: ClaimedMessage, lastAttempt: boolean): Promise<DeliveryResult> {
    let receipt: Receipt;
    try {
      receipt = await this.send(message);
    } catch (error) {
      const failure = error instanceof SendError ? error : new SendError(String(error), 'UNKNOWN', 'outcome_unknown');
      return { outcome: await this.recordFailure(message, failure, lastAttempt) };
    }
    // Should this record fail, the row stays `sending` and the job's retry finds the text at the provider.
    await this.recordSent(message, receipt);
    await this.pace(message);
    return { outcome: 'sent' };
  }

  private send(message: ClaimedMessage): Promise<Receipt> {
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
  private async pace(message: ClaimedMessage): Promise<void> {
    const perSecond = this.config.messaging.smsSegmentsPerSecond;
    if (message.channel !== 'sms' || perSecond === 0) return;
    const spentMs = Date.now() - message.attemptStartedAt.getTime();
    const holdMs = Math.round((smsSegments(message.body).segments * 1000) / perSecond) - spentMs;
    if (holdMs > 0) await this.queue.pause('sms', holdMs);
  }

  /**
   * An earlier attempt began and never learned its outcome (the worker died mid-call, or the
   * connection dropped after the request went out). For a text, ask Twilio: if it has the message,
   * it is sent; if not, it may be sent now; if Twilio cannot be asked, nothing is sent blind. An
   * SMTP server cannot be asked: the email goes again with the same Message-ID, which mailboxes
   * show once.
   */
  private async settleUnknownOutcome(message: OwedMessage, lastAttempt: boolean): Promise<DeliveryOutcome | undefined> {
    if (message.channel !== 'sms') return undefined;
    let accepted: Receipt | undefined;
    try {
      accepted = await this.sms.findAccepted({ to: message.toAddress, body: message.body }, message.attemptStartedAt ?? message.createdAt);
    } catch (error) {
      const code = error instanceof SendError ? error.code : 'UNKNOWN';
      this.logger.warn(`Message ${message.id}: could not look it up at the provider (${code})`);
      if (!lastAttempt) return 'retry';
      // The lookup settles the attempt whose outcome was unknown: it is the one finished here.
      await this.ledger.endAttempt(message.id, message.attempts, { status: 'uncertain', outcome: 'uncertain', errorCode: 'OUTCOME_UNSETTLED', errorMessage: `Lookup at the provider failed: ${code}` });
      return 'uncertain';
    }
    if (!accepted) return undefined;
    this.logger.log(`Message ${message.id} was accepted by an earlier attempt; not sent again`);
    await this.ledger.endAttempt(message.id, message.attempts, { status: 'sent', outcome: 'found_at_provider', providerMessageId: accepted.providerMessageId.slice(0, 64) });
    return 'sent';
  }

  private async recordSent(message: ClaimedMessage, receipt: Receipt): Promise<void> {
    await this.ledger.endAttempt(message.id, message.attempt, { status: 'sent', outcome: 'sent', providerMessageId: receipt.providerMessageId.slice(0, 64) });
  }

  private async recordFailure(message: ClaimedMessage, failure: SendError, lastAttempt: boolean): Promise<DeliveryOutcome> {
    const error = { errorCode: failure.code.slice(0, 64), errorMessage: failure.message };
    const outcome = outcomeOf(failure, lastAttempt);
    // `sending` stays when the provider may have the message: the next attempt asks it first.
    const status = outcome === 'failed' ? 'failed' : outcome === 'uncertain' ? 'uncertain' : failure.kind === 'outcome_unknown' ? 'sending' : 'queued';
    const attemptOutcome = outcome === 'retry' && failure.kind === 'outcome_unknown' ? 'outcome_unknown' : attemptOutcomeOf(outcome);
    await this.ledger.endAttempt(message.id, message.attempt, { status, outcome: attemptOutcome, ...error });
    this.logger.warn(`Message ${message.id} (${message.channel}) not sent (${failure.code}): ${outcome}`);
    // The number replied STOP at some point: no more texts until it says START.
    if (failure.code === OPTED_OUT_AT_TWILIO) await this.customers.smsKeywordConsent(message.toAddress, false);
    if (outcome === 'failed') await this.fallBackToEmail(message.id);
    return outcome;
  }

  /** A text refused for good goes by email, when it can (rare: the whole row is loaded for it). */
  private async fallBackToEmail(messageId: string): Promise<void> {
    const message = await this.em.fork().findOne(Message, { id: messageId });
    if (message) await this.outbox.fallBackToEmail(message);
  }
}

/** When the latest attempt, begun and not finished, is taken to have died; nothing if it is not under way. */
function attemptLeaseEnd(message: OwedMessage, now = Date.now()): Date | undefined {
  if (message.attemptFinishedAt || !message.attemptStartedAt) return undefined;
  const end = message.attemptStartedAt.getTime() + ATTEMPT_LEASE_MS;
  return end > now ? new Date(end) : undefined;
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
