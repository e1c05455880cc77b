import { defineEntity, p } from '@mikro-orm/core';
import { MESSAGE_CHANNELS } from './templates/notice-catalog.js';

export const ATTEMPT_OUTCOMES = [
  /** The provider took it. */
  'sent',
  /** An earlier attempt's unknown outcome, settled: the provider had it. */
  'found_at_provider',
  /** Refused for now (Twilio 5xx, SMTP 4xx): retried after the backoff. */
  'retry',
  /** No answer came back: the next attempt asks the provider first. */
  'outcome_unknown',
  /** The provider asked to slow down: the queue held. */
  'rate_limited',
  /** Refused for good, or out of retries. */
  'failed',
  /** Never settled with the provider: staff check it. */
  'uncertain',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** One delivery attempt of a message and how it ended: the message row keeps only the latest. */
const MessageAttemptSchema = defineEntity({
  name: 'MessageAttempt',
  tableName: 'message_attempts',
  uniques: [{ name: 'message_attempts_message_attempt_unique', properties: ['messageId', 'attempt'] }],
  properties: {
    id: p.uuid().primary(),
    messageId: p.uuid(),
    attempt: p.integer(),
    channel: p.enum(MESSAGE_CHANNELS),
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    /** Null while the attempt runs (or if its worker died mid-call). */
    outcome: p.enum(ATTEMPT_OUTCOMES).nullable(),
    errorCode: p.string().length(64).nullable(),
    errorMessage: p.text().nullable(),
    providerMessageId: p.string().length(64).nullable(),
  },
});

export class MessageAttempt extends MessageAttemptSchema.class {}
MessageAttemptSchema.setClass(MessageAttempt);
