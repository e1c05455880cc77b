import { EntityManager } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import { randomInt, randomUUID } from 'node:crypto';
import { CustomersService } from '../../src/customers/customers.service.js';
import { DeliveryLedger } from '../../src/messaging/delivery-ledger.js';
import { EmailSender } from '../../src/messaging/email-sender.js';
import { ATTEMPT_LEASE_MS, MessageDelivery } from '../../src/messaging/message-delivery.service.js';
import { Outbox } from '../../src/messaging/outbox.service.js';
import { AppConfig } from '../../src/platform/config/app-config.js';
import { OutboundMessageQueue } from '../../src/messaging/outbound-message.queue.js';
import { type OutgoingSms, SmsSendError, SmsSender } from '../../src/messaging/sms-sender.js';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { eventually } from '../support/eventually.js';
import { sql } from '../support/sql.js';
import { STAFF } from '../support/test-config.js';

const OPTED_OUT = '+15550009999';
const aPhone = () => `+1555${randomInt(1_000_000, 9_999_999)}`;

type Row = { status: string; attempts: number; error_code: string | null; provider_message_id: string | null };

/** Delivery through the real queue (Redis), the real Twilio SDK and the local Twilio API server. */
describe('message delivery', () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    // The sweep runs every second here, so a lost message is back in the queue within a test.
    stack = await startAtelierStack({ optedOut: [OPTED_OUT], env: { MESSAGE_SWEEP_EVERY: '1s', MESSAGE_SWEEP_GRACE: '1s', MESSAGE_STUCK_AFTER: '1m' } });
  });

  afterEach(() => stack.twilio.clearFaults());

  afterAll(async () => {
    await stack?.stop();
  });

  const insertMessage = async (to: string, options: { status?: string; body?: string; createdSecondsAgo?: number; attemptStartedAt?: Date; notBefore?: Date } = {}) => {
    const [customer] = await sql<{ id: string }>(
      stack.database.url,
      `insert into customers (id, first_name, last_name, phone, email, preferred_channel, language, sms_consent, email_consent, preferences, sizes, created_at, updated_at)
       values ($1, 'Test', 'Customer', $2, null, 'sms', 'en', true, false, '{}', '{}', now(), now()) returning id`,
      [randomUUID(), to],
    );
    const id = randomUUID();
    await sql(
      stack.database.url,
      `insert into messages (id, customer_id, channel, kind, to_address, body, dedupe_key, status, attempts, attempt_started_at, not_before, created_at, updated_at)
       values ($1, $2, 'sms', 'test', $3, $4, $5, $6, 0, $7, $9, now() - make_interval(secs => $8), now() - make_interval(secs => $8))`,
      [id, customer.id, to, options.body ?? `Your piece is ready (${id.slice(0, 8)})`, `test:${id}`, options.status ?? 'queued', options.attemptStartedAt ?? null, options.createdSecondsAgo ?? 0, options.notBefore ?? null],
    );
    return id;
  };

  const messageRow = async (id: string) =>
    (await sql<Row>(stack.database.url, 'select status, attempts, error_code, provider_message_id from messages where id = $1', [id]))[0];
  const queue = () => stack.worker.app.get(OutboundMessageQueue);
  const twilioSender = () => stack.worker.app.get(SmsSender);
  /** A delivery through `sms`; with `ledger`, as another worker process would (statements of its own). */
  const deliveryWith = (sms: SmsSender, ledger?: DeliveryLedger) => {
    const { app } = stack.worker;
    return new MessageDelivery(ledger ?? app.get(DeliveryLedger), app.get(EntityManager), sms, app.get(EmailSender), app.get(Outbox), app.get(OutboundMessageQueue), app.get(AppConfig), app.get(CustomersService));
  };
  const anotherWorkersLedger = () => new DeliveryLedger(stack.worker.app.get(EntityManager));
  /** The real Twilio sender, `delayMs` slower: a send that is still under way when another delivery comes. */
  const slowTwilio = (delayMs: number): SmsSender => ({
    send: async (sms) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return twilioSender().send(sms);
    },
    findAccepted: (sms, since) => twilioSender().findAccepted(sms, since),
  });
  /** Rows written here and never queued stay out of the sweeper's hands (it runs every second in this file). */
  const whileSweepPaused = async <T,>(work: () => Promise<T>): Promise<T> => {
    const sweep = stack.temporal.schedule.getHandle(stack.worker.messageSweepScheduleId);
    await sweep.pause('delivering by hand');
    try {
      return await work();
    } finally {
      await sweep.unpause();
    }
  };
  const attemptsOf = (id: string) =>
    sql<{ attempt: number; outcome: string | null; provider_message_id: string | null }>(stack.database.url, 'select attempt, outcome, provider_message_id from message_attempts where message_id = $1 order by attempt', [id]);

  it('sends a queued message once, even when it is queued twice', async () => {
    const to = aPhone();
    const id = await insertMessage(to);

    await queue().enqueue({ id, channel: 'sms' });
    await queue().enqueue({ id, channel: 'sms' });

    const row = await eventually(() => messageRow(id), (r) => r.status === 'sent');
    expect(row.provider_message_id).toBe(stack.twilio.sentTo(to)[0].sid);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.twilio.sentTo(to)).toHaveLength(1);
  });

  it('gives up at once on a number that replied STOP (Twilio 21610), without retrying', async () => {
    const id = await insertMessage(OPTED_OUT);

    await queue().enqueue({ id, channel: 'sms' });

    const row = await eventually(() => messageRow(id), (r) => r.status === 'failed');
    expect(row).toMatchObject({ attempts: 1, error_code: 'TWILIO_21610' });
    expect(stack.twilio.sentTo(OPTED_OUT)).toHaveLength(0);
  });

  it('retries after Twilio answers 500, and sends once when it recovers', async () => {
    const to = aPhone();
    const id = await insertMessage(to);
    stack.twilio.injectFault({ kind: 'refuse', status: 500, code: 20500 }, { count: 2 });

    await queue().enqueue({ id, channel: 'sms' });

    const row = await eventually(() => messageRow(id), (r) => r.status === 'sent');
    expect(row.attempts).toBe(3);
    expect(stack.twilio.sentTo(to)).toHaveLength(1);
    // Every attempt is kept with its outcome, not only the last.
    const attempts = await sql<{ attempt: number; outcome: string; error_code: string | null; provider_message_id: string | null }>(
      stack.database.url,
      'select attempt, outcome, error_code, provider_message_id from message_attempts where message_id = $1 order by attempt',
      [id],
    );
    expect(attempts).toEqual([
      { attempt: 1, outcome: 'retry', error_code: 'TWILIO_20500', provider_message_id: null },
      { attempt: 2, outcome: 'retry', error_code: 'TWILIO_20500', provider_message_id: null },
      { attempt: 3, outcome: 'sent', error_code: null, provider_message_id: stack.twilio.sentTo(to)[0].sid },
    ]);
  });

  it('holds the queue when Twilio answers 429 and sends once afterwards, never failing the message', async () => {
    const to = aPhone();
    const id = await insertMessage(to);
    stack.twilio.injectFault({ kind: 'refuse', status: 429, code: 20429 }, { count: 1 });

    await queue().enqueue({ id, channel: 'sms' });

    const row = await eventually(() => messageRow(id), (r) => r.status === 'sent', 30_000);
    expect(row.error_code).toBeNull();
    expect(stack.twilio.sentTo(to)).toHaveLength(1);
  });

  it('does not send twice when Twilio accepts a message and the connection drops before its answer', async () => {
    const to = aPhone();
    const id = await insertMessage(to);
    stack.twilio.injectFault({ kind: 'accept_then_drop' }, { count: 1 });

    await queue().enqueue({ id, channel: 'sms' });

    // The first attempt cannot know; the retry looks the message up at Twilio and finds it.
    const row = await eventually(() => messageRow(id), (r) => r.status === 'sent');
    expect(stack.twilio.faultsPlayed.accept_then_drop).toBeGreaterThanOrEqual(1);
    expect(stack.twilio.sentTo(to)).toHaveLength(1);
    expect(row.provider_message_id).toBe(stack.twilio.sentTo(to)[0].sid);
    // The attempt that never heard back is the one that sent it, as the lookup found.
    expect(await sql(stack.database.url, 'select attempt, outcome from message_attempts where message_id = $1 order by attempt', [id])).toEqual([{ attempt: 1, outcome: 'found_at_provider' }]);
  });

  it('sends a message whose earlier attempt never reached Twilio, once, after looking it up', async () => {
    const to = aPhone();
    const id = await insertMessage(to);
    let calls = 0;
    const real = twilioSender();
    const droppedOnce: SmsSender = {
      send: (sms: OutgoingSms) => (++calls === 1 ? Promise.reject(new SmsSendError('socket hang up', 'NETWORK_ERROR', 'outcome_unknown')) : real.send(sms)),
      findAccepted: (sms, since) => real.findAccepted(sms, since),
    };
    const delivery = deliveryWith(droppedOnce);

    expect((await delivery.deliver(id, { lastAttempt: false })).outcome).toBe('retry');
    expect(await messageRow(id)).toMatchObject({ status: 'sending', attempts: 1, error_code: 'NETWORK_ERROR' });
    expect((await delivery.deliver(id, { lastAttempt: false })).outcome).toBe('sent');

    expect(stack.twilio.sentTo(to)).toHaveLength(1);
    expect(await messageRow(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('finishes a message whose worker died mid-call by finding it at Twilio, without sending again', async () => {
    const to = aPhone();
    const body = `Ready for pickup (${randomUUID().slice(0, 8)})`;
    // Twilio has the text; the row still says an attempt was under way.
    const accepted = await twilioSender().send({ to, body });
    const id = await insertMessage(to, { status: 'sending', body, attemptStartedAt: new Date(Date.now() - ATTEMPT_LEASE_MS - 1_000) });
    const mustNotSend: SmsSender = { send: () => Promise.reject(new Error('must not be called')), findAccepted: (sms, since) => twilioSender().findAccepted(sms, since) };

    expect((await deliveryWith(mustNotSend).deliver(id, { lastAttempt: false })).outcome).toBe('sent');

    expect(await messageRow(id)).toMatchObject({ status: 'sent', provider_message_id: accepted.providerMessageId });
    expect(stack.twilio.sentTo(to)).toHaveLength(1);
  });

  it('does not send again, nor ask Twilio, while another worker is still sending the message; its job coming again later finds it sent', async () => {
    const to = aPhone();
    const id = await insertMessage(to);
    const first = deliveryWith(slowTwilio(500)).deliver(id, { lastAttempt: false });
    await eventually(() => messageRow(id), (row) => row.status === 'sending');
    const untouchable: SmsSender = { send: () => Promise.reject(new Error('must not send')), findAccepted: () => Promise.reject(new Error('must not settle an attempt under way')) };

    // A second worker gets the same message (a stalled job redelivered, a sweep) while the first is mid-call.
    const second = await deliveryWith(untouchable, anotherWorkersLedger()).deliver(id, { lastAttempt: false });

    expect(second.outcome).toBe('wait');
    expect(second.until!.getTime()).toBeGreaterThan(Date.now() + ATTEMPT_LEASE_MS - 2_000);
    expect((await first).outcome).toBe('sent');
    expect((await deliveryWith(untouchable, anotherWorkersLedger()).deliver(id, { lastAttempt: false })).outcome).toBe('already_handled');
    expect(stack.twilio.sentTo(to)).toHaveLength(1);
    expect(await attemptsOf(id)).toEqual([{ attempt: 1, outcome: 'sent', provider_message_id: stack.twilio.sentTo(to)[0].sid }]);
  });

  it('never sends again a text whose sent record was lost: the retry, once the attempt is past its lease, finds it at Twilio', async () => {
    const to = aPhone();
    const id = await insertMessage(to);
    const forgetful = new (class extends DeliveryLedger {
      override endAttempt(): Promise<void> {
        return Promise.reject(new Error('connection to the database lost'));
      }
    })(stack.worker.app.get(EntityManager));

    const retried = await whileSweepPaused(async () => {
      await expect(deliveryWith(twilioSender(), forgetful).deliver(id, { lastAttempt: false })).rejects.toThrow('connection to the database lost');
      expect(await messageRow(id)).toMatchObject({ status: 'sending', attempts: 1 });
      // The job is retried later, when the attempt no worker finished is past its lease.
      await sql(stack.database.url, `update messages set attempt_started_at = attempt_started_at - make_interval(secs => $2) where id = $1`, [id, ATTEMPT_LEASE_MS / 1000]);
      return deliveryWith(twilioSender()).deliver(id, { lastAttempt: false });
    });

    expect(retried.outcome).toBe('sent');
    expect(stack.twilio.sentTo(to)).toHaveLength(1);
    expect(await messageRow(id)).toMatchObject({ status: 'sent', provider_message_id: stack.twilio.sentTo(to)[0].sid });
    expect(await attemptsOf(id)).toEqual([{ attempt: 1, outcome: 'found_at_provider', provider_message_id: stack.twilio.sentTo(to)[0].sid }]);
  });

  it.each([
    ['in one worker (one statement claims for both)', () => undefined],
    ['in two workers (two statements race for the row)', () => anotherWorkersLedger()],
  ])('sends a message once when two deliveries of it start at the same moment %s', async (_, secondLedger) => {
    const to = aPhone();
    const id = await insertMessage(to);

    const outcomes = (await Promise.all([deliveryWith(slowTwilio(200)).deliver(id, { lastAttempt: false }), deliveryWith(slowTwilio(200), secondLedger()).deliver(id, { lastAttempt: false })])).map((result) => result.outcome);

    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'sent')).toEqual([expect.stringMatching(/^(wait|already_handled)$/)]);
    expect(stack.twilio.sentTo(to)).toHaveLength(1);
    expect(await attemptsOf(id)).toHaveLength(1);
  });

  it('claims and records many messages at once, each once with its attempt, while one not due yet and one behind it wait', async () => {
    const phones = Array.from({ length: 70 }, aPhone);
    const waitingPhone = aPhone();
    const delivery = deliveryWith(twilioSender());

    const { ids, notDue, behind, results } = await whileSweepPaused(async () => {
      const ids = await Promise.all(phones.map((phone) => insertMessage(phone)));
      const notDue = await insertMessage(waitingPhone, { notBefore: new Date(Date.now() + 3_600_000), createdSecondsAgo: 1, body: 'first: in the morning' });
      const behind = await insertMessage(waitingPhone, { body: 'second: after the first' });
      const results = await Promise.all([...ids, behind, notDue].map((id) => delivery.deliver(id, { lastAttempt: false })));
      return { ids, notDue, behind, results };
    });

    expect(results.map((result) => result.outcome)).toEqual([...Array(ids.length).fill('sent'), 'wait', 'wait']);
    for (const [index, id] of ids.entries()) {
      const texts = stack.twilio.sentTo(phones[index]);
      expect(texts).toHaveLength(1);
      expect(await messageRow(id)).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: texts[0].sid });
      expect(await attemptsOf(id)).toEqual([{ attempt: 1, outcome: 'sent', provider_message_id: texts[0].sid }]);
    }
    expect(stack.twilio.sentTo(waitingPhone)).toEqual([]);
    expect(await messageRow(behind)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await messageRow(notDue)).toMatchObject({ status: 'queued', attempts: 0 });
    // Still owed for an hour: withdrawn, or the sweeper would keep queueing them through the tests below.
    await sql(stack.database.url, 'delete from messages where id = any($1)', [[behind, notDue]]);
  });

  it('never sends blind when Twilio cannot be asked about an unknown outcome, and says so on the last attempt', async () => {
    const id = await insertMessage(aPhone(), { status: 'sending', attemptStartedAt: new Date(Date.now() - ATTEMPT_LEASE_MS - 1_000) });
    const unreachable: SmsSender = {
      send: () => Promise.reject(new Error('must not be called')),
      findAccepted: () => Promise.reject(new SmsSendError('connect ECONNREFUSED', 'NETWORK_ERROR', 'outcome_unknown')),
    };

    expect((await deliveryWith(unreachable).deliver(id, { lastAttempt: false })).outcome).toBe('retry');
    expect((await messageRow(id)).status).toBe('sending');
    expect((await deliveryWith(unreachable).deliver(id, { lastAttempt: true })).outcome).toBe('uncertain');
    expect(await messageRow(id)).toMatchObject({ status: 'uncertain', error_code: 'OUTCOME_UNSETTLED' });
  });

  it('keeps a message queued for retry while Twilio refuses it, and fails it on the last attempt', async () => {
    const id = await insertMessage(aPhone());
    const refusing: SmsSender = {
      send: () => Promise.reject(new SmsSendError('Service unavailable', 'TWILIO_20503', 'transient')),
      findAccepted: () => Promise.resolve(undefined),
    };

    expect((await deliveryWith(refusing).deliver(id, { lastAttempt: false })).outcome).toBe('retry');
    expect(await messageRow(id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect((await deliveryWith(refusing).deliver(id, { lastAttempt: true })).outcome).toBe('failed');
    expect(await messageRow(id)).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('texts one number in the order the messages were written, even when the first must be retried', async () => {
    const to = aPhone();
    // Before the rows exist: rows written seconds ago are the sweeper's to re-queue at once (this file sweeps every second).
    stack.twilio.injectFault({ kind: 'refuse', status: 500, code: 20500 }, { count: 1, to });
    const first = await insertMessage(to, { body: 'first: we have your piece', createdSecondsAgo: 2 });
    const second = await insertMessage(to, { body: 'second: work has started', createdSecondsAgo: 1 });

    await queue().enqueue({ id: first, channel: 'sms' });
    await queue().enqueue({ id: second, channel: 'sms' });

    await eventually(() => stack.twilio.sentTo(to).length, (count) => count === 2);
    expect(stack.twilio.sentTo(to).map((sms) => sms.body)).toEqual(['first: we have your piece', 'second: work has started']);
    expect((await messageRow(first)).attempts).toBe(2);
  });

  it('sends every text exactly once after Redis loses the queue while retries are waiting', async () => {
    const phones = Array.from({ length: 5 }, aPhone);
    const ids = await Promise.all(phones.map((phone) => insertMessage(phone)));
    stack.twilio.injectFault({ kind: 'refuse', status: 503, code: 20503 }, { forMs: 60_000 });
    for (const id of ids) await queue().enqueue({ id, channel: 'sms' });
    // Every message refused once and waiting in the queue for its retry...
    await eventually(() => Promise.all(ids.map(messageRow)), (rows) => rows.every((row) => row.status === 'queued' && row.attempts >= 1));

    // ...when Redis loses this queue's data (as a FLUSHALL or a restart without persistence would).
    await deleteKeys(stack.config.redis.url, `${stack.config.redis.queuePrefix}:*`);
    stack.twilio.clearFaults();

    const rows = await eventually(() => Promise.all(ids.map(messageRow)), (all) => all.every((row) => row.status === 'sent'), 30_000);
    expect(rows.map((row) => row.status)).toEqual(Array(5).fill('sent'));
    for (const phone of phones) expect(stack.twilio.sentTo(phone)).toHaveLength(1);
  });

  it('lists for staff the messages not delivered within the policy delay', async () => {
    // The sweeper would settle the stuck message (look it up at Twilio, send it): hold it off.
    await stack.temporal.schedule.getHandle(stack.worker.messageSweepScheduleId).pause('listing test');
    const stuck = await insertMessage(aPhone(), { status: 'sending', createdSecondsAgo: 3600 });
    const fresh = await insertMessage(aPhone(), { status: 'sent' });

    const response = await stack.api.inject({ method: 'GET', url: '/messages/stuck', headers: { authorization: `Bearer ${STAFF.manager.token}` } });

    expect(response.statusCode).toBe(200);
    const listed = response.json() as { stuckAfter: string; messages: { id: string; status: string }[] };
    expect(listed.stuckAfter).toBe('1m');
    expect(listed.messages).toEqual(expect.arrayContaining([expect.objectContaining({ id: stuck, status: 'sending' })]));
    expect(listed.messages.map((message) => message.id)).not.toContain(fresh);
    expect(response.body).not.toContain('Your piece is ready');
  });
});

/** Deletes every key matching `pattern`: this file's queue only, never other files' keys. */
async function deleteKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url);
  try {
    for (;;) {
      const keys: string[] = [];
      const stream = redis.scanStream({ match: pattern, count: 500 });
      for await (const batch of stream) keys.push(...(batch as string[]));
      if (keys.length === 0) return;
      await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
