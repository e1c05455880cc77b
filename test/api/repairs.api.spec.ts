import { randomUUID } from 'node:crypto';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer, aRepair } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { sql } from '../support/sql.js';
import { STAFF } from '../support/test-config.js';

describe('repairs through the API (real Postgres, Temporal, Redis and the Twilio API server)', () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** A staff request through the real HTTP pipeline; a string body is sent as is (raw JSON text). */
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await stack.api.inject({
      method,
      url,
      headers: { authorization: `Bearer ${STAFF.counter.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      payload: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.statusCode, body: response.body ? response.json() : undefined, headers: response.headers };
  };

  const createCustomer = async (overrides = {}) => {
    const response = await call('POST', '/customers', aCustomer(overrides));
    expect(response.status).toBe(201);
    return response.body as { id: string; phone: string };
  };

  const countRows = async (table: 'repair_jobs' | 'customers' | 'messages') =>
    Number((await sql<{ n: string }>(stack.database.url, `select count(*) as n from ${table}`))[0].n);

  it('takes a repair in, moves it to ready, texts the customer at each stage and shows it all in the history', async () => {
    const customer = await createCustomer();
    const created = await call('POST', '/repairs', aRepair(customer.id));
    expect(created.status).toBe(201);
    const repair = created.body;
    expect(repair).toMatchObject({ stage: 'received', allowedNextStages: ['in_progress'], customerId: customer.id, createdBy: 'ana' });
    expect(repair.trackingUrl).toMatch(/^https:\/\/track\.example\.test\/track\/[\w-]{32}$/);

    const started = await call('POST', `/repairs/${repair.id}/advance`, { to: 'in_progress' }, { authorization: `Bearer ${STAFF.manager.token}` });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ stage: 'in_progress', allowedNextStages: ['ready'], stageChangedBy: 'ben' });

    const ready = await call('POST', `/repairs/${repair.id}/advance`, { to: 'ready' });
    expect(ready.body).toMatchObject({ stage: 'ready', allowedNextStages: [], pieceLocation: 'shop safe, ready for pickup' });

    const texts = await eventually(() => stack.twilio.sentTo(customer.phone), (sent) => sent.length >= 3);
    expect(texts).toHaveLength(3);
    expect(texts.map((sms) => sms.from)).toEqual(Array(3).fill('+15005550006'));
    expect(texts[0].body).toMatch(new RegExp(`^Goldsmith & Co: we have your piece \\(envelope #${repair.envelopeNumber}\\), promised by \\w{3} \\d{1,2}\\.`));
    expect(texts[1].body).toContain('has started at the bench');
    expect(texts[2].body).toContain('is ready for pickup');
    for (const sms of texts) expect(sms.body).toContain(repair.trackingUrl);

    const history = await eventually(
      () => call('GET', `/repairs/${repair.id}/history`).then((r) => r.body),
      (body) => body.timeline.filter((entry: { messageStatus?: string }) => entry.messageStatus === 'sent').length === 3,
    );
    const stageChanges = history.timeline.filter((entry: { type: string }) => entry.type === 'stage_changed');
    expect(stageChanges.map(({ stage, actor }: { stage: string; actor: string }) => [stage, actor])).toEqual([
      ['received', 'ana'],
      ['in_progress', 'ben'],
      ['ready', 'ana'],
    ]);
    const times = stageChanges.map((entry: { at: string }) => Date.parse(entry.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const messages = history.timeline.filter((entry: { type: string }) => entry.type === 'message_queued');
    expect(messages.map((m: { stage: string; channel: string }) => [m.stage, m.channel])).toEqual([
      ['received', 'sms'],
      ['in_progress', 'sms'],
      ['ready', 'sms'],
    ]);

    const read = await call('GET', `/repairs/${repair.id}`);
    expect(read.body).toMatchObject({ id: repair.id, stage: 'ready', envelopeNumber: repair.envelopeNumber });
    const [projection] = await sql<{ stage: string; stage_sequence: number }>(stack.database.url, 'select stage, stage_sequence from repair_jobs where id = $1', [repair.id]);
    expect(projection).toEqual({ stage: 'ready', stage_sequence: 3 });
  });

  it('texts nobody who has not agreed to texts, and records each message as skipped', async () => {
    const customer = await createCustomer({ smsConsent: false });
    const { body: repair } = await call('POST', '/repairs', aRepair(customer.id));
    await call('POST', `/repairs/${repair.id}/advance`, { to: 'in_progress' });

    const history = await eventually(
      () => call('GET', `/repairs/${repair.id}/history`).then((r) => r.body),
      (body) => body.timeline.filter((entry: { type: string }) => entry.type === 'message_queued').length === 2,
    );

    expect(history.timeline.filter((e: { type: string }) => e.type === 'message_queued').map((e: { messageStatus: string }) => e.messageStatus)).toEqual([
      'skipped',
      'skipped',
    ]);
    expect(stack.twilio.sentTo(customer.phone)).toEqual([]);
  });

  it('refuses an invalid move with 409 naming the current stage and the allowed next ones', async () => {
    const customer = await createCustomer();
    const { body: repair } = await call('POST', '/repairs', aRepair(customer.id));

    const skipped = await call('POST', `/repairs/${repair.id}/advance`, { to: 'ready' });

    expect(skipped.status).toBe(409);
    expect(skipped.body).toEqual({
      statusCode: 409,
      code: 'STAGE_TRANSITION_NOT_ALLOWED',
      message: 'A repair in stage "received" cannot move to "ready"; allowed next: in_progress.',
      currentStage: 'received',
      requestedStage: 'ready',
      allowedNextStages: ['in_progress'],
    });
    expect((await call('GET', `/repairs/${repair.id}`)).body.stage).toBe('received');
  });

  it('refuses any move once the repair is ready', async () => {
    const customer = await createCustomer();
    const { body: repair } = await call('POST', '/repairs', aRepair(customer.id));
    await call('POST', `/repairs/${repair.id}/advance`, { to: 'in_progress' });
    await call('POST', `/repairs/${repair.id}/advance`, { to: 'ready' });

    const again = await call('POST', `/repairs/${repair.id}/advance`, { to: 'in_progress' });

    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'STAGE_TRANSITION_NOT_ALLOWED', currentStage: 'ready', allowedNextStages: [] });
  });

  it('returns the first repair for a repeated create with the same Idempotency-Key, with one workflow and one text', async () => {
    const customer = await createCustomer();
    const key = `counter-1-${randomUUID()}`;
    const before = await countRows('repair_jobs');

    const [first, second] = await Promise.all([
      call('POST', '/repairs', aRepair(customer.id), { 'idempotency-key': key }),
      call('POST', '/repairs', aRepair(customer.id), { 'idempotency-key': key }),
    ]);
    const third = await call('POST', '/repairs', aRepair(customer.id), { 'idempotency-key': key });

    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(third.status).toBe(200);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(new Set([first.body.id, second.body.id, third.body.id]).size).toBe(1);
    expect(await countRows('repair_jobs')).toBe(before + 1);
    await eventually(() => stack.twilio.sentTo(customer.phone), (sent) => sent.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.twilio.sentTo(customer.phone)).toHaveLength(1);
  });

  it('treats a client-chosen repair id like an idempotency key', async () => {
    const customer = await createCustomer();
    const id = randomUUID();

    const first = await call('POST', '/repairs', aRepair(customer.id, { id }));
    const repeat = await call('POST', '/repairs', aRepair(customer.id, { id }));

    expect(first.status).toBe(201);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ id, envelopeNumber: first.body.envelopeNumber });
  });

  it('refuses a reused Idempotency-Key with a different request (422) and writes nothing', async () => {
    const customer = await createCustomer();
    const key = `counter-2-${randomUUID()}`;
    await call('POST', '/repairs', aRepair(customer.id), { 'idempotency-key': key });
    const before = await countRows('repair_jobs');

    const reused = await call('POST', '/repairs', aRepair(customer.id, { workRequested: 'Replace clasp' }), { 'idempotency-key': key });

    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countRows('repair_jobs')).toBe(before);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const response = await call('POST', '/customers', '{"firstName": "Maria",');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('MALFORMED_JSON');
  });

  it('names every unknown or mistyped field in a 400, and writes nothing', async () => {
    const customer = await createCustomer();
    const before = await countRows('repair_jobs');

    const response = await call('POST', '/repairs', {
      ...aRepair(customer.id),
      declaredValue: { amountMinor: 12.5, currency: 'dollars' },
      promisedBy: 'next week',
      colour: 'gold',
    });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['colour', 'declaredValue.amountMinor', 'declaredValue.currency', 'promisedBy'].sort(),
    );
    expect(await countRows('repair_jobs')).toBe(before);
  });

  it('refuses a phone number that is not E.164', async () => {
    const response = await call('POST', '/customers', aCustomer({ phone: '555-0100' }));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'phone', problems: ['phone must be an E.164 number such as +15551234567'] }]);
  });

  it('refuses a promised date in the past or one that does not exist', async () => {
    const customer = await createCustomer();
    const past = await call('POST', '/repairs', aRepair(customer.id, { promisedBy: '2020-01-01' }));
    const impossible = await call('POST', '/repairs', aRepair(customer.id, { promisedBy: '2031-02-30' }));
    expect(past.status).toBe(422);
    expect(past.body.code).toBe('PROMISED_DATE_IN_PAST');
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors[0].field).toBe('promisedBy');
  });

  it('answers unknown ids with 404 and malformed ids with 400', async () => {
    const unknownCustomer = await call('POST', '/repairs', aRepair(randomUUID()));
    expect(unknownCustomer.status).toBe(404);
    expect(unknownCustomer.body.code).toBe('CUSTOMER_NOT_FOUND');

    for (const path of [`/repairs/${randomUUID()}`, `/repairs/${randomUUID()}/history`]) {
      const response = await call('GET', path);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('REPAIR_NOT_FOUND');
    }
    const advanceUnknown = await call('POST', `/repairs/${randomUUID()}/advance`, { to: 'in_progress' });
    expect(advanceUnknown.status).toBe(404);

    const malformed = await call('GET', '/repairs/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'repairId', problems: ['repairId must be a UUID'] }]);
  });

  it('requires a staff token on every staff route', async () => {
    for (const authorization of ['', 'Bearer not-a-real-token-at-all-000000', `Basic ${STAFF.counter.token}`]) {
      const response = await stack.api.inject({ method: 'POST', url: '/customers', headers: { authorization }, payload: aCustomer() });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('AUTHENTICATION_REQUIRED');
    }
  });

  it("shows the customer's tracking page without a token and without personal data", async () => {
    const customer = await createCustomer();
    const { body: repair } = await call('POST', '/repairs', aRepair(customer.id));
    const path = new URL(repair.trackingUrl).pathname;

    const page = await stack.api.inject({ method: 'GET', url: path });

    expect(page.statusCode).toBe(200);
    expect(page.json()).toEqual({
      envelopeNumber: repair.envelopeNumber,
      stage: 'received',
      stageLabel: 'Received',
      promisedBy: repair.promisedBy,
      updatedAt: expect.any(String),
    });
    expect(page.body).not.toContain(customer.phone);
    expect((await stack.api.inject({ method: 'GET', url: '/track/guessed-token-guessed-token-0000' })).statusCode).toBe(404);
  });

  it('serves the OpenAPI description generated from the code', async () => {
    const spec = await stack.api.inject({ method: 'GET', url: '/docs-json' });
    expect(spec.statusCode).toBe(200);
    expect(Object.keys(spec.json().paths)).toEqual(
      expect.arrayContaining(['/customers', '/repairs', '/repairs/{repairId}', '/repairs/{repairId}/advance', '/repairs/{repairId}/history']),
    );
    expect((await stack.api.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
  });
});
