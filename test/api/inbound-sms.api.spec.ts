import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer, aPiece } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { request } from '../support/http.js';
import { sql } from '../support/sql.js';
import { STAFF, TEST_TWILIO } from '../support/test-config.js';

const PATH = '/webhooks/twilio/sms';

describe("customers' texts to the shop (Twilio's signed webhook, real Postgres and Temporal)", () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const staff = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, as: keyof typeof STAFF = 'counter') => request(stack.api, method, url, { token: STAFF[as].token, body });

  /** A form as Twilio posts it to `path`, signed over our public URL with the account's auth token. */
  async function twilioPost(path: string, params: Record<string, string>, signature?: string) {
    const signed = signature ?? twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, `${stack.config.http.publicBaseUrl}${path}`, params);
    const response = await stack.api.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signed ? { 'x-twilio-signature': signed } : {}) },
      payload: new URLSearchParams(params).toString(),
    });
    return { status: response.statusCode, body: response.body, json: () => response.json() };
  }

  /** A text as Twilio posts it: a form, signed over our public URL with the account's auth token. */
  async function text(from: string, body: string, options: { signature?: string; sid?: string } = {}) {
    const params = { MessageSid: options.sid ?? `SM${randomUUID().replaceAll('-', '')}`, AccountSid: TEST_TWILIO.accountSid, From: from, To: TEST_TWILIO.fromNumber, Body: body, NumMedia: '0' };
    const signature = options.signature ?? twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, `${stack.config.http.publicBaseUrl}${PATH}`, params);
    const response = await stack.api.inject({
      method: 'POST',
      url: PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
      payload: new URLSearchParams(params).toString(),
    });
    return { status: response.statusCode, body: response.body, json: () => response.json() };
  }

  const replyOf = (twiml: string) => /<Message>([\s\S]*)<\/Message>/.exec(twiml)?.[1] ?? null;

  async function aCustomerWith() {
    const created = await staff('POST', '/customers', aCustomer());
    expect(created.status).toBe(201);
    return created.body as { id: string; phone: string; firstName: string };
  }

  /** A repair whose estimate is over the store's auto-approve amount: it waits for the customer. */
  async function aRepairAwaitingApproval(customerId: string) {
    const taken = await staff('POST', '/repairs', { customerId, items: [aPiece({ estimate: [{ kind: 'labour', description: 'Rebuild the head', quantity: 1, unitMinor: 25_000 }] })] });
    expect(taken.status).toBe(201);
    const repair = taken.body.jobs[0] as { id: string; number: string };
    await eventually(() => staff('GET', `/repairs/${repair.id}`), (read) => read.body.stage === 'awaiting_approval');
    return repair;
  }

  it('refuses a text without a valid Twilio signature with 403, and keeps nothing', async () => {
    const customer = await aCustomerWith();
    const before = await sql(stack.database.url, 'select count(*)::int as n from inbound_messages');

    const unsigned = await text(customer.phone, 'STOP', { signature: '' });
    const forged = await text(customer.phone, 'STOP', { signature: 'bm90IGEgc2lnbmF0dXJl' });

    expect([unsigned.status, forged.status]).toEqual([403, 403]);
    expect(forged.json()).toMatchObject({ code: 'INVALID_TWILIO_SIGNATURE' });
    expect(await sql(stack.database.url, 'select count(*)::int as n from inbound_messages')).toEqual(before);
    expect((await staff('GET', `/customers/${customer.id}`)).body.smsConsent).toBe(true);
  });

  it('opts the number out on STOP and back in on START, recording each as the customer’s own, with one confirmation', async () => {
    const customer = await aCustomerWith();

    const stop = await text(customer.phone, ' stop ');
    expect(stop.status).toBe(200);
    expect(replyOf(stop.body)).toBeNull();
    expect((await staff('GET', `/customers/${customer.id}`)).body.smsConsent).toBe(false);

    const start = await text(customer.phone, 'START');
    expect(replyOf(start.body)).toMatch(/texts about your pieces again/);
    expect((await staff('GET', `/customers/${customer.id}`)).body.smsConsent).toBe(true);
    expect(await sql(stack.database.url, 'select granted, source, recorded_by_name from customer_consent_changes where customer_id = $1 and source = $2 order by at', [customer.id, 'sms_keyword'])).toEqual([
      { granted: false, source: 'sms_keyword', recorded_by_name: customer.firstName },
      { granted: true, source: 'sms_keyword', recorded_by_name: customer.firstName },
    ]);

    const help = await text(customer.phone, 'help');
    expect(replyOf(help.body)).toMatch(/Reply STOP to stop/);
  });

  it('answers the one estimate waiting for the customer with YES, through the workflow, once however often Twilio posts it', async () => {
    const customer = await aCustomerWith();
    const repair = await aRepairAwaitingApproval(customer.id);
    const sid = `SM${randomUUID().replaceAll('-', '')}`;

    const yes = await text(customer.phone, 'Yes!', { sid });
    const again = await text(customer.phone, 'Yes!', { sid });

    expect(replyOf(yes.body)).toBe(`Thank you: the estimate for ${repair.number} is approved.`);
    expect(replyOf(again.body)).toBeNull();
    const read = await staff('GET', `/repairs/${repair.id}`);
    expect(read.body).toMatchObject({ stage: 'approved', approvals: [{ id: 'estimate-1', decision: { outcome: 'approved', channel: 'sms' } }] });
    expect(await sql(stack.database.url, 'select handling, job_id from inbound_messages where provider_message_id = $1', [sid])).toEqual([{ handling: 'answered', job_id: repair.id }]);
  });

  it('asks which job a YES is for when several wait, and takes the answer that names one', async () => {
    const customer = await aCustomerWith();
    const first = await aRepairAwaitingApproval(customer.id);
    const second = await aRepairAwaitingApproval(customer.id);

    const ambiguous = await text(customer.phone, 'YES');
    expect(replyOf(ambiguous.body)).toMatch(new RegExp(`Several answers are waiting: .*${second.number}.*Reply YES or NO and the number`));
    expect((await staff('GET', `/repairs/${first.id}`)).body.stage).toBe('awaiting_approval');

    const named = await text(customer.phone, `no ${second.number}`);
    expect(replyOf(named.body)).toBe(`Thank you: the estimate for ${second.number} is declined.`);
    expect((await staff('GET', `/repairs/${second.id}`)).body.stage).toBe('ready_for_pickup');
    expect((await staff('GET', `/repairs/${first.id}`)).body.stage).toBe('awaiting_approval');
  });

  it("records Twilio's delivery receipts on the messages, never moving one back, and an opt-out the carrier reports", async () => {
    const customer = await aCustomerWith();
    const other = await aCustomerWith();
    for (const who of [customer, other]) expect((await staff('POST', '/repairs', { customerId: who.id, items: [aPiece()] })).status).toBe(201);
    const sentTo = async (who: { id: string }) =>
      (await eventually(() => sql<{ id: string; sid: string; status: string; job_id: string }>(stack.database.url, `select id, provider_message_id as sid, status, job_id from messages where customer_id = $1`, [who.id]), (rows) => rows[0]?.status === 'sent'))[0];
    const message = await sentTo(customer);
    const receipt = (sid: string, status: string, errorCode = '') => twilioPost('/webhooks/twilio/status', { MessageSid: sid, MessageStatus: status, ErrorCode: errorCode, AccountSid: TEST_TWILIO.accountSid });

    expect((await receipt(message.sid, 'delivered', '')).status).toBe(204);
    expect((await receipt(message.sid, 'sent')).status).toBe(204);
    expect((await twilioPost('/webhooks/twilio/status', { MessageSid: message.sid, MessageStatus: 'failed' }, 'bm90IGEgc2lnbmF0dXJl')).status).toBe(403);
    expect((await receipt(`SM${'0'.repeat(32)}`, 'delivered')).status).toBe(204);

    expect((await sql(stack.database.url, 'select status from messages where id = $1', [message.id]))[0]).toEqual({ status: 'delivered' });
    const listed = await staff('GET', `/messages?customerId=${customer.id}&status=delivered`);
    expect(listed.body).toEqual([expect.objectContaining({ id: message.id, jobId: message.job_id, kind: 'repair.received', channel: 'sms', status: 'delivered' })]);
    expect(listed.body[0]).not.toHaveProperty('body');
    expect((await staff('GET', `/messages?customerId=${customer.id}&status=sent`)).body).toEqual([]);
    expect((await staff('GET', '/messages?status=read')).status).toBe(400);
    const history = await staff('GET', `/repairs/${message.job_id}/history`);
    const shown = history.body.timeline.find((entry: { type: string }) => entry.type === 'message');
    expect(shown.summary).toMatch(/: delivered$/);
    // Each receipt as it came, the late "sent" included; the forged and the unknown ones left nothing.
    expect(shown.message.receipts.map((one: { status: string }) => one.status)).toEqual(['delivered', 'sent']);
    expect(await sql(stack.database.url, 'select status from message_receipts where message_id = $1 order by received_at', [message.id])).toEqual([{ status: 'delivered' }, { status: 'sent' }]);

    const refused = await sentTo(other);
    await receipt(refused.sid, 'undelivered', '21610');
    expect(await sql(stack.database.url, 'select status, error_code from messages where id = $1', [refused.id])).toEqual([{ status: 'undelivered', error_code: 'TWILIO_21610' }]);
    expect((await staff('GET', `/customers/${other.id}`)).body.smsConsent).toBe(false);
  });

  it('puts any other text in the staff inbox, threaded on the customer and their job, with an owner and a state', async () => {
    const customer = await aCustomerWith();
    const repair = await aRepairAwaitingApproval(customer.id);
    const stranger = `+1555${String(Date.now()).slice(-7)}`;

    const question = await text(customer.phone, 'Can I come on Saturday instead?');
    const unknown = await text(stranger, 'Who is this?');
    expect([question.status, replyOf(question.body), unknown.status, replyOf(unknown.body)]).toEqual([200, null, 200, null]);

    const inbox = await staff('GET', '/inbox?status=unread');
    const mine = inbox.body.find((message: { body: string }) => message.body === 'Can I come on Saturday instead?');
    expect(mine).toMatchObject({ customerId: customer.id, jobId: repair.id, jobNumber: repair.number, status: 'unread', owner: null });
    expect(inbox.body.find((message: { from: string }) => message.from === stranger)).toMatchObject({ customerId: null, jobId: null });

    const taken = await staff('PATCH', `/inbox/${mine.id}`, { ownerId: STAFF.manager.id, status: 'read' });
    expect(taken.body).toMatchObject({ owner: STAFF.manager.name, status: 'read' });
    expect((await staff('PATCH', `/inbox/${randomUUID()}`, { status: 'done' })).body.code).toBe('INBOX_MESSAGE_NOT_FOUND');
    expect((await staff('PATCH', `/inbox/${mine.id}`, { status: 'archived' })).status).toBe(400);
  });
});
