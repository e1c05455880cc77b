import { Queue } from 'bullmq';
import { randomInt, randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { type OutboxMessage, Outbox } from '../../src/messaging/outbox.service.js';
import { QueueName } from '../../src/platform/queue/queues.js';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer, aSmallJob } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { request } from '../support/http.js';
import { sql } from '../support/sql.js';
import { STAFF, TEST_EMAIL_FROM, TEST_TWILIO } from '../support/test-config.js';

const OPTED_OUT = `+1555${randomInt(1_000_000, 9_999_999)}`;

type Row = { id: string; channel: string; status: string; error_code: string | null; attempts: number; not_before: Date | null; fallback_of: string | null; unsubscribe_token: string | null };

/**
 * Which channel a message goes on and what happens to it there: the real outbox, queues (Redis),
 * nodemailer talking to a local SMTP server, the Twilio SDK talking to the local Twilio API server.
 */
describe('messages on both channels', () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack({ optedOut: [OPTED_OUT], env: { MESSAGE_SWEEP_EVERY: '1s', MESSAGE_SWEEP_GRACE: '1s' } });
  });

  afterEach(() => {
    stack.smtp.clearFaults();
    stack.twilio.clearFaults();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const staff = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => request(stack.api, method, url, { token: STAFF.manager.token, body });
  const anEmail = () => `c${randomUUID().slice(0, 8)}@example.com`;

  async function aCustomerWith(overrides: Record<string, unknown>) {
    const created = await staff('POST', '/customers', aCustomer({ email: anEmail(), ...overrides }));
    expect(created.status).toBe(201);
    return created.body as { id: string; phone: string; email: string; firstName: string };
  }

  const rowsOf = (dedupeKey: string) =>
    sql<Row>(
      stack.database.url,
      `select id, channel, status, error_code, attempts, not_before, fallback_of, unsubscribe_token from messages where dedupe_key like $1 || ':%' order by created_at, channel desc`,
      [dedupeKey],
    );

  /** A message straight into the outbox, as a job's notice would put it. */
  function aNotice(customerId: string, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
    const tag = randomUUID().slice(0, 8);
    return {
      customerId,
      jobId: null,
      kind: 'test.notice',
      dedupeKey: `test:${tag}`,
      channels: ['sms', 'email'],
      sms: `Goldsmith & Co: your piece is ready (${tag}).`,
      email: { subject: `Your piece is ready (${tag})`, body: `Hello,\n\nyour piece is ready (${tag}): https://track.example.test/track/x\n\nGoldsmith & Co` },
      senderName: 'Goldsmith & Co',
      quietHours: { start: '00:00', end: '00:00' },
      timeZone: 'UTC',
      ...overrides,
    };
  }
  const outbox = () => stack.worker.app.get(Outbox);

  it('emails a customer who prefers email, through the templates, with HTML and text parts, the store as sender and a one-click unsubscribe that works', async () => {
    const customer = await aCustomerWith({ preferredChannel: 'email', emailConsent: true });

    const taken = await staff('POST', '/repairs', aSmallJob(customer.id));
    expect(taken.status).toBe(201);
    const number = taken.body.jobs[0].number as string;

    const [email] = await eventually(() => stack.smtp.sentTo(customer.email), (emails) => emails.length === 1);
    expect(email).toMatchObject({ from: TEST_EMAIL_FROM, fromName: 'Main store', subject: `We have your piece (${number})` });
    expect(email.text).toContain(`Hello ${customer.firstName},`);
    expect(email.text).toContain(`We have your piece (${number})`);
    expect(email.html).toMatch(/<a href="https:\/\/track\.example\.test\/track\/[\w-]{32}"/);
    const unsubscribe = /^<(https:\/\/track\.example\.test\/unsubscribe\/([\w-]{32}))>$/.exec(email.headers['list-unsubscribe']);
    expect(unsubscribe).not.toBeNull();
    expect(email.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(email.html).toContain(unsubscribe![1]);
    expect(stack.twilio.sentTo(customer.phone)).toEqual([]);

    // A link scanner's GET unsubscribes nobody; the mail app's one-click POST does.
    const page = await request(stack.api, 'GET', `/unsubscribe/${unsubscribe![2]}`);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<form method="post"');
    expect((await staff('GET', `/customers/${customer.id}`)).body.emailConsent).toBe(true);
    const done = await request(stack.api, 'POST', `/unsubscribe/${unsubscribe![2]}`, { body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(done.status).toBe(200);
    const profile = (await staff('GET', `/customers/${customer.id}`)).body;
    expect(profile.emailConsent).toBe(false);
    expect(profile.consentHistory).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'email', granted: false, source: 'email_link' })]));
    expect((await request(stack.api, 'POST', `/unsubscribe/${'x'.repeat(32)}`)).status).toBe(404);
  });

  it('sends by email, and records the text as suppressed with its reason, when the customer takes no texts', async () => {
    const customer = await aCustomerWith({ smsConsent: false, emailConsent: true });
    const notice = aNotice(customer.id);

    await outbox().enqueue(notice);

    await eventually(() => stack.smtp.sentTo(customer.email), (emails) => emails.length === 1);
    const rows = await eventually(() => rowsOf(notice.dedupeKey), (all) => all.some((row) => row.status === 'sent'));
    expect(rows).toEqual([
      expect.objectContaining({ channel: 'sms', status: 'suppressed', error_code: 'NO_SMS_CONSENT' }),
      expect.objectContaining({ channel: 'email', status: 'sent', fallback_of: rows[0].id }),
    ]);
    expect(stack.twilio.sentTo(customer.phone)).toEqual([]);
  });

  it('writes each message once however often its producer is retried, and sends it once', async () => {
    const customer = await aCustomerWith({ emailConsent: true, preferredChannel: 'email' });
    const notice = aNotice(customer.id);

    const receipts = await Promise.all([outbox().enqueue(notice), outbox().enqueue(notice), outbox().enqueue(notice)]);
    await outbox().enqueue(notice);

    expect(new Set(receipts.map((receipt) => receipt.messageIds.join()))).toEqual(new Set([receipts[0].messageIds.join()]));
    await eventually(() => rowsOf(notice.dedupeKey), (rows) => rows.length === 1 && rows[0].status === 'sent');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.smtp.sentTo(customer.email)).toHaveLength(1);
  });

  it('falls back to email when Twilio refuses the text for good (21610), and marks the customer opted out of texts', async () => {
    const customer = await aCustomerWith({ phone: OPTED_OUT, emailConsent: true });
    const notice = aNotice(customer.id);

    await outbox().enqueue(notice);

    const [email] = await eventually(() => stack.smtp.sentTo(customer.email), (emails) => emails.length === 1);
    expect(email.subject).toBe(notice.email.subject);
    const rows = await eventually(() => rowsOf(notice.dedupeKey), (all) => all.length === 2 && all[1].status === 'sent');
    expect(rows).toEqual([
      expect.objectContaining({ channel: 'sms', status: 'failed', error_code: 'TWILIO_21610', attempts: 1 }),
      expect.objectContaining({ channel: 'email', status: 'sent', fallback_of: rows[0].id }),
    ]);
    expect((await staff('GET', `/customers/${customer.id}`)).body.smsConsent).toBe(false);
  });

  it('sends the email version when the carrier reports a text undelivered', async () => {
    const customer = await aCustomerWith({ emailConsent: true });
    const notice = aNotice(customer.id);
    await outbox().enqueue(notice);
    const [sms] = await eventually(() => stack.twilio.sentTo(customer.phone), (texts) => texts.length === 1);

    const params = { MessageSid: sms.sid, MessageStatus: 'undelivered', ErrorCode: '30003', AccountSid: TEST_TWILIO.accountSid, To: customer.phone };
    const signature = twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, `${stack.config.http.publicBaseUrl}/webhooks/twilio/status`, params);
    const receipt = await request(stack.api, 'POST', '/webhooks/twilio/status', { body: new URLSearchParams(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } });
    expect(receipt.status).toBeLessThan(300);

    await eventually(() => stack.smtp.sentTo(customer.email), (emails) => emails.length === 1);
    expect((await rowsOf(notice.dedupeKey)).map((row) => `${row.channel}:${row.status}`)).toEqual(['sms:undelivered', 'email:sent']);
  });

  it("holds a text written in the customer's quiet hours as a delayed job until they end, even when Redis loses it; email is not held", async () => {
    const customer = await aCustomerWith({ timeZone: 'Asia/Tokyo' });
    const now = new Date();
    const tokyo = (offsetMinutes: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(now.getTime() + offsetMinutes * 60_000));
    // Quiet from an hour ago to an hour from now in Tokyo; the store (UTC) would not be quiet.
    const notice = aNotice(customer.id, { quietHours: { start: tokyo(-60), end: tokyo(60) }, timeZone: 'UTC' });

    await outbox().enqueue(notice);

    const [row] = await rowsOf(notice.dedupeKey);
    expect(row).toMatchObject({ channel: 'sms', status: 'queued' });
    expect(Math.abs(row.not_before!.getTime() - (now.getTime() + 3_600_000))).toBeLessThan(61_000);
    const queue = new Queue(QueueName.OutboundSms, { connection: { url: stack.config.redis.url }, prefix: stack.config.redis.queuePrefix });
    try {
      expect(await queue.getJobState(row.id)).toBe('delayed');
      // Redis loses the job; the sweeper puts it back, still delayed to the morning.
      await (await queue.getJob(row.id))!.remove();
      await eventually(() => queue.getJobState(row.id), (state) => state === 'delayed', 10_000);
    } finally {
      await queue.close();
    }
    expect(stack.twilio.sentTo(customer.phone)).toEqual([]);
    const listed = await staff('GET', `/messages?customerId=${customer.id}`);
    expect(listed.body[0]).toMatchObject({ status: 'queued', notBefore: row.not_before!.toISOString() });

    const emailCustomer = await aCustomerWith({ timeZone: 'Asia/Tokyo', preferredChannel: 'email', emailConsent: true });
    await outbox().enqueue(aNotice(emailCustomer.id, { quietHours: notice.quietHours }));
    await eventually(() => stack.smtp.sentTo(emailCustomer.email), (emails) => emails.length === 1);
  });

  it('retries an email the server refuses for now (450), sending it once, and gives up at once on one refused for good (550)', async () => {
    const later = await aCustomerWith({ preferredChannel: 'email', emailConsent: true });
    const never = await aCustomerWith({ preferredChannel: 'email', emailConsent: true });
    stack.smtp.failNext({ kind: 'refuse', code: 450 }, 1, later.email);
    stack.smtp.failNext({ kind: 'refuse', code: 550 }, 5, never.email);
    const laterNotice = aNotice(later.id);
    const neverNotice = aNotice(never.id);

    await outbox().enqueue(laterNotice);
    await outbox().enqueue(neverNotice);

    const [sent] = await eventually(() => rowsOf(laterNotice.dedupeKey), (rows) => rows[0]?.status === 'sent');
    expect(sent.attempts).toBe(2);
    expect(stack.smtp.sentTo(later.email)).toHaveLength(1);
    const [failed] = await eventually(() => rowsOf(neverNotice.dedupeKey), (rows) => rows[0]?.status === 'failed');
    expect(failed).toMatchObject({ attempts: 1, error_code: 'SMTP_550' });
    expect(stack.smtp.sentTo(never.email)).toHaveLength(0);
  });

  it('resends an email whose connection dropped after the server took it with the same Message-ID, so the mailbox shows it once', async () => {
    const customer = await aCustomerWith({ preferredChannel: 'email', emailConsent: true });
    stack.smtp.failNext({ kind: 'accept_then_drop' }, 1, customer.email);
    const notice = aNotice(customer.id);

    await outbox().enqueue(notice);

    const [row] = await eventually(() => rowsOf(notice.dedupeKey), (rows) => rows[0]?.status === 'sent');
    expect(row.attempts).toBe(2);
    const copies = stack.smtp.sentTo(customer.email);
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((copy) => copy.messageId))).toEqual(new Set([`<${row.id}@atelier.test>`]));
  });

  it('sends an email exactly once after Redis loses the queue while its retry waits', async () => {
    const customer = await aCustomerWith({ preferredChannel: 'email', emailConsent: true });
    stack.smtp.failNext({ kind: 'refuse', code: 451 }, 1_000, customer.email);
    const notice = aNotice(customer.id);
    await outbox().enqueue(notice);
    const [waiting] = await eventually(() => rowsOf(notice.dedupeKey), (rows) => rows[0]?.status === 'queued' && rows[0].attempts >= 1);

    // Redis loses the email's job (a flush, a restart without its data); the sweeper puts it back.
    const queue = new Queue(QueueName.OutboundEmail, { connection: { url: stack.config.redis.url }, prefix: stack.config.redis.queuePrefix });
    try {
      await (await queue.getJob(waiting.id))?.remove();
    } finally {
      await queue.close();
    }
    stack.smtp.clearFaults();

    await eventually(() => rowsOf(notice.dedupeKey), (rows) => rows[0]?.status === 'sent', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.smtp.sentTo(customer.email)).toHaveLength(1);
  });

  it('records a message to a customer with no channel left as suppressed on each, with its reason', async () => {
    const customer = await aCustomerWith({ smsConsent: false, email: null });
    const notice = aNotice(customer.id);

    await outbox().enqueue(notice);

    expect((await rowsOf(notice.dedupeKey)).map((row) => `${row.channel}:${row.status}:${row.error_code}`)).toEqual(['sms:suppressed:NO_SMS_CONSENT', 'email:suppressed:NO_EMAIL_ADDRESS']);
  });
});
