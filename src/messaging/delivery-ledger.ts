import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BatchedStatement } from './batched-statement.js';
import type { AttemptOutcome } from './message-attempt.entity.js';
import type { MessageStatus } from './message.entity.js';
import type { MessageChannel } from './templates/notice-catalog.js';

/** A message claimed for one delivery attempt: what the sender needs, and which attempt it is. */
export interface ClaimedMessage {
  id: string;
  channel: MessageChannel;
  toAddress: string;
  body: string;
  subject: string | null;
  senderName: string | null;
  unsubscribeToken: string | null;
  attempt: number;
  attemptStartedAt: Date;
}

/** A message that could not be claimed at once, with what decides what to do with it. */
export interface OwedMessage extends Omit<ClaimedMessage, 'attempt' | 'attemptStartedAt'> {
  status: MessageStatus;
  attempts: number;
  attemptStartedAt: Date | null;
  /** When the latest attempt ended, if it did: an unfinished one may still be under way. */
  attemptFinishedAt: Date | null;
  notBefore: Date | null;
  createdAt: Date;
  /** An earlier message to the same recipient still owed, if any: this one waits for it. */
  earlierOwed: { notBefore: Date | null } | null;
}

/** How an attempt ended, as the message row and the attempt row record it. */
export interface AttemptEnd {
  status: MessageStatus;
  outcome: AttemptOutcome;
  providerMessageId?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
}

interface EndedAttempt extends AttemptEnd {
  messageId: string;
  attempt: number;
}

const SENDER_COLUMNS = 'm.id, m.channel, m.to_address, m.body, m.subject, m.sender_name, m.unsubscribe_token';

/** Messages to m's recipient written before m and still owed ("work has started" waits for "we have your piece"). */
const EARLIER_OWED = `
  select earlier.id, earlier.not_before from messages earlier
   where earlier.to_address = m.to_address and earlier.status in ('queued', 'sending')
     and (earlier.created_at < m.created_at or (earlier.created_at = m.created_at and earlier.id < m.id))`;

/** Records the attempt each claimed row begins. */
const RECORD_ATTEMPTS = `
  attempt as (
    insert into message_attempts (id, message_id, attempt, channel, started_at)
    select gen_random_uuid(), id, attempts, channel, $1 from claimed)`;

/**
 * Statements are prepared for these numbers of messages, and a batch is padded to the next size by
 * repeating its last message (harmless: a row is claimed, or its attempt ended, once). PostgreSQL
 * keeps a generic plan of a prepared statement with plain parameters, but plans one with an array
 * parameter again at every run, which cost more than the statement itself.
 */
const STATEMENT_SIZES = [1, 2, 4, 8, 16, 32, 64] as const;
const statementSize = (count: number) => STATEMENT_SIZES.find((size) => size >= count) ?? STATEMENT_SIZES.at(-1)!;

/** `$first, $first+1, ...` as `count` rows of `types.length` parameters, each cast to its type. */
function parameterRows(count: number, types: string[], first = 2): string[] {
  return Array.from({ length: count }, (_, row) => types.map((type, column) => `$${first + row * types.length + column}::${type}`).join(', '));
}

/**
 * Claims the messages among `size` ids that are queued, due and first in line for their recipient,
 * records their attempts and returns what the sender needs, in one statement. A concurrent claim of
 * a row waits for its lock and then finds it no longer `queued`: of two deliveries, only one gets it.
 */
const claimDue = (size: number) => `
  with claimed as (
    update messages m set status = 'sending', attempts = m.attempts + 1, attempt_started_at = $1, updated_at = $1
     where m.id in (${parameterRows(size, ['uuid']).join(', ')}) and m.status = 'queued' and (m.not_before is null or m.not_before <= $1)
       and not exists (${EARLIER_OWED})
    returning ${SENDER_COLUMNS}, m.attempts),
  ${RECORD_ATTEMPTS}
  select * from claimed`;

/** The same claim for a message read before (a settled unknown outcome, a lost race): it must not have moved since. */
const CLAIM_AS_READ = `
  with claimed as (
    update messages m set status = 'sending', attempts = m.attempts + 1, attempt_started_at = $1, updated_at = $1
     where m.id = $2 and m.status = $3 and m.attempts = $4
    returning ${SENDER_COLUMNS}, m.attempts),
  ${RECORD_ATTEMPTS}
  select * from claimed`;

const READ_OWED = `
  select ${SENDER_COLUMNS}, m.status, m.attempts, m.attempt_started_at, m.not_before, m.created_at,
         a.finished_at as attempt_finished_at, earlier.id as earlier_id, earlier.not_before as earlier_not_before
    from messages m
    left join message_attempts a on a.message_id = m.id and a.attempt = m.attempts
    left join lateral (${EARLIER_OWED} limit 1) earlier on true
   where m.id = $1`;

const ENDED_COLUMNS = ['uuid', 'int', 'text', 'text', 'text', 'text', 'text'];

/** How each of `size` attempts ended, on its message row and on its attempt row, in one statement. */
const endAttempts = (size: number) => `
  with ended (message_id, attempt, outcome, provider_message_id, error_code, error_message, status) as (
    values (${parameterRows(size, ENDED_COLUMNS).join('), (')})),
  attempt as (
    update message_attempts a
       set finished_at = $1, outcome = e.outcome, provider_message_id = e.provider_message_id, error_code = e.error_code, error_message = e.error_message
      from ended e where a.message_id = e.message_id and a.attempt = e.attempt)
  update messages m
     set status = e.status, provider_message_id = coalesce(e.provider_message_id, m.provider_message_id),
         sent_at = case when e.status = 'sent' then $1 else m.sent_at end,
         error_code = e.error_code, error_message = e.error_message, updated_at = $1
    from ended e where m.id = e.message_id`;

const CLAIM_DUE = new Map(STATEMENT_SIZES.map((size) => [size, claimDue(size)]));
const END_ATTEMPTS = new Map(STATEMENT_SIZES.map((size) => [size, endAttempts(size)]));

type SenderRow = { id: string; channel: MessageChannel; to_address: string; body: string; subject: string | null; sender_name: string | null; unsubscribe_token: string | null };
type ClaimedRow = SenderRow & { attempts: number };
type OwedRow = ClaimedRow & {
  status: MessageStatus;
  attempt_started_at: Timestamp | null;
  attempt_finished_at: Timestamp | null;
  not_before: Timestamp | null;
  created_at: Timestamp;
  earlier_id: string | null;
  earlier_not_before: Timestamp | null;
};
/** The ORM's pool hands timestamps over as PostgreSQL's text. */
type Timestamp = string | Date;

/** The part of node-postgres' pool (the ORM's own) used here: named statements are prepared once per connection. */
interface NativePool {
  query<Row>(statement: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}

/**
 * At most two statements of a kind at once, at most 64 messages in each, and under load at most one
 * begun every 5 ms: calls gather meanwhile, so at a thousand texts a second a statement carries
 * about five, and any number of deliveries in flight use about four connections of the pool.
 */
const BATCH_LIMITS = { inFlight: 2, maxItems: STATEMENT_SIZES.at(-1)!, gatherMs: 5 };

/**
 * The statements of the delivery hot path, in plain SQL: the usual message costs two, each prepared
 * once per connection, and deliveries running at once share them (a claim or an end made while
 * another runs goes with the next). No entity is loaded, hydrated or flushed per message.
 */
@Injectable()
export class DeliveryLedger {
  private readonly claims = new BatchedStatement((messageIds: string[]) => this.claimDueBatch(messageIds), BATCH_LIMITS);
  private readonly ends = new BatchedStatement((ended: EndedAttempt[]) => this.endAttemptsBatch(ended), BATCH_LIMITS);

  constructor(private readonly em: EntityManager) {}

  /** The message, claimed for a new attempt, when it is queued, due and first in line; otherwise nothing changes. */
  claimDue(messageId: string): Promise<ClaimedMessage | undefined> {
    return this.claims.add(messageId);
  }

  /** Claims `message` for a new attempt if it is still as it was read. */
  async claimAsRead(message: OwedMessage): Promise<ClaimedMessage | undefined> {
    const now = new Date();
    const [row] = await this.query<ClaimedRow>('delivery_claim_as_read', CLAIM_AS_READ, [now, message.id, message.status, message.attempts]);
    return row && claimedMessage(row, now);
  }

  async read(messageId: string): Promise<OwedMessage | undefined> {
    const [row] = await this.query<OwedRow>('delivery_read_owed', READ_OWED, [messageId]);
    if (!row) return undefined;
    return {
      ...senderFields(row),
      status: row.status,
      attempts: row.attempts,
      attemptStartedAt: dateOf(row.attempt_started_at),
      attemptFinishedAt: dateOf(row.attempt_finished_at),
      notBefore: dateOf(row.not_before),
      createdAt: new Date(row.created_at),
      earlierOwed: row.earlier_id ? { notBefore: dateOf(row.earlier_not_before) } : null,
    };
  }

  /** Records how attempt `attempt` of the message ended, on the message and on the attempt. */
  endAttempt(messageId: string, attempt: number, end: AttemptEnd): Promise<void> {
    return this.ends.add({ messageId, attempt, ...end });
  }

  private async claimDueBatch(messageIds: string[]): Promise<(ClaimedMessage | undefined)[]> {
    const now = new Date();
    const size = statementSize(messageIds.length);
    const rows = await this.query<ClaimedRow>(`delivery_claim_due_${size}`, CLAIM_DUE.get(size)!, [now, ...padded(messageIds, size)]);
    const claimed = new Map(rows.map((row) => [row.id, claimedMessage(row, now)]));
    // Two deliveries of one message in one batch: the row is claimed once, and goes to the first.
    return messageIds.map((id) => {
      const message = claimed.get(id);
      claimed.delete(id);
      return message;
    });
  }

  private async endAttemptsBatch(ended: EndedAttempt[]): Promise<void[]> {
    const size = statementSize(ended.length);
    const values = padded(ended, size).flatMap((end) => [end.messageId, end.attempt, end.outcome, end.providerMessageId ?? null, end.errorCode ?? null, end.errorMessage ?? null, end.status]);
    await this.query(`delivery_end_attempts_${size}`, END_ATTEMPTS.get(size)!, [new Date(), ...values]);
    return ended.map(() => undefined);
  }

  private async query<Row>(name: string, text: string, values: unknown[]): Promise<Row[]> {
    const pool = (await this.em.getConnection().getNativeClient()) as NativePool;
    return (await pool.query<Row>({ name, text, values })).rows;
  }
}

function senderFields(row: SenderRow): Omit<ClaimedMessage, 'attempt' | 'attemptStartedAt'> {
  return { id: row.id, channel: row.channel, toAddress: row.to_address, body: row.body, subject: row.subject, senderName: row.sender_name, unsubscribeToken: row.unsubscribe_token };
}

function claimedMessage(row: ClaimedRow, startedAt: Date): ClaimedMessage {
  return { ...senderFields(row), attempt: row.attempts, attemptStartedAt: startedAt };
}

/** `items`, its last one repeated up to `size`. */
function padded<Item>(items: Item[], size: number): Item[] {
  return [...items, ...Array<Item>(size - items.length).fill(items.at(-1)!)];
}

function dateOf(value: Timestamp | null): Date | null {
  return value === null ? null : new Date(value);
}
