import { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { MessageDelivery } from '../../src/messaging/message-delivery.service.js';
import { OutboundMessageQueue } from '../../src/messaging/outbound-message.queue.js';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { eventually } from '../support/eventually.js';
import { sql } from '../support/sql.js';

const OPTED_OUT = '+15550009999';

/** Delivery through the real queue (Redis), the real Twilio SDK and the local Twilio API server. */
describe('message delivery', () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack({ optedOut: [OPTED_OUT] });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const insertMessage = async (to: string, status = 'queued') => {
    const [customer] = await sql<{ id: string }>(
      stack.database.url,
      `insert into customers (id, first_name, last_name, phone, email, sms_consent, created_at)
       values ($1, 'Test', 'Customer', $2, null, true, now()) returning id`,
      [randomUUID(), to],
    );
    const id = randomUUID();
    await sql(
      stack.database.url,
      `insert into messages (id, customer_id, channel, kind, to_address, body, dedupe_key, status, attempts, created_at, updated_at)
       values ($1, $2, 'sms', 'test', $3, 'Your piece is ready', $4, $5, 0, now(), now())`,
      [id, customer.id, to, `test:${id}`, status],
    );
    return id;
  };

  const messageRow = async (id: string) =>
    (await sql<{ status: string; attempts: number; error_code: string | null; provider_message_id: string | null }>(
      stack.database.url,
      'select status, attempts, error_code, provider_message_id from messages where id = $1',
      [id],
    ))[0];

  it('sends a queued message once, even when it is queued twice', async () => {
    const id = await insertMessage('+15550001111');
    const queue = stack.worker.app.get(OutboundMessageQueue);

    await queue.enqueue(id);
    await queue.enqueue(id);

    const row = await eventually(() => messageRow(id), (r) => r.status === 'sent');
    expect(row.provider_message_id).toBe(stack.twilio.sentTo('+15550001111')[0].sid);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.twilio.sentTo('+15550001111')).toHaveLength(1);
  });

  it('gives up at once on a number that replied STOP (Twilio 21610), without retrying', async () => {
    const id = await insertMessage(OPTED_OUT);

    await stack.worker.app.get(OutboundMessageQueue).enqueue(id);

    const row = await eventually(() => messageRow(id), (r) => r.status === 'failed');
    expect(row).toMatchObject({ attempts: 1, error_code: 'TWILIO_21610' });
    expect(stack.twilio.sentTo(OPTED_OUT)).toHaveLength(0);
  });

  it('does not send again a message whose earlier attempt died mid-call', async () => {
    const id = await insertMessage('+15550002222', 'sending');
    const delivery = new MessageDelivery(stack.worker.app.get(EntityManager), { send: () => Promise.reject(new Error('must not be called')) });

    const outcome = await delivery.deliver(id, { lastAttempt: false });

    expect(outcome).toBe('uncertain');
    expect(await messageRow(id)).toMatchObject({ status: 'uncertain', error_code: 'DELIVERY_INTERRUPTED' });
  });

  it('keeps a message queued for retry when the provider is unreachable, and fails it on the last attempt', async () => {
    const id = await insertMessage('+15550003333');
    const unreachable = { send: () => Promise.reject(new Error('connect ECONNREFUSED')) };
    const delivery = new MessageDelivery(stack.worker.app.get(EntityManager), unreachable);

    expect(await delivery.deliver(id, { lastAttempt: false })).toBe('retry');
    expect(await messageRow(id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(await delivery.deliver(id, { lastAttempt: true })).toBe('failed');
    expect(await messageRow(id)).toMatchObject({ status: 'failed', attempts: 2 });
  });
});
