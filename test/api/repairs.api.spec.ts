import { readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer, aPiece, aSmallJob, aTakeIn } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { ASSIGNEE, JOB_NUMBER, OVERDUE, PROMISED_BY, STAGE } from '../../workflows/shared/search-attributes.js';
import { replayLiveHistories } from '../support/replay.js';
import { sql } from '../support/sql.js';
import { STAFF } from '../support/test-config.js';
import { request } from '../support/http.js';
import { PDFDocument } from 'pdf-lib';

type Staff = keyof typeof STAFF;
const MAIN_STORE = '00000000-0000-4000-8000-000000000001';

describe('repairs through the API (real Postgres, Temporal, Redis and the Twilio API server)', () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack();
    // Second-long pickup policies for this file's store, so reminders and "unclaimed" happen within a test.
    const policy = await call('PUT', `/stores/${MAIN_STORE}/policy`, { pickupRemindersAfter: ['1s'], unclaimedAfter: '3s' }, {}, 'manager');
    expect(policy.status).toBe(200);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** A staff request through the real HTTP pipeline; a string body is sent as is (raw JSON text). */
  async function call(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, headers: Record<string, string> = {}, as: Staff = 'counter') {
    const response = await stack.api.inject({
      method,
      url,
      headers: { authorization: `Bearer ${STAFF[as].token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      payload: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.statusCode, body: response.body ? response.json() : undefined, headers: response.headers };
  }

  const act = (repairId: string, action: string, body: unknown = {}, as: Staff = 'counter', headers: Record<string, string> = {}) => call('POST', `/repairs/${repairId}/${action}`, body, headers, as);

  async function aCustomerWith(overrides = {}) {
    const response = await call('POST', '/customers', aCustomer(overrides));
    expect(response.status).toBe(201);
    return response.body as { id: string; phone: string };
  }

  async function takeIn(body: object, headers: Record<string, string> = {}) {
    const response = await call('POST', '/repairs', body, headers);
    expect(response.status).toBe(201);
    return response.body as { ticketNumber: string; jobs: { id: string; number: string; trackingUrl: string }[] };
  }

  const countRows = async (table: 'jobs' | 'job_events' | 'payments' | 'messages') => Number((await sql<{ n: string }>(stack.database.url, `select count(*) as n from ${table}`))[0].n);
  const textsTo = (phone: string) => stack.twilio.sentTo(phone).map((sms) => sms.body);

  it('takes two pieces in on one ticket and carries one from estimate to pickup, the other picked up later', async () => {
    const customer = await aCustomerWith();
    const ticket = await takeIn(
      aTakeIn(customer.id, {
        items: [aPiece({ goAheadLimit: { amountMinor: 10_000, currency: 'USD' } }), aPiece({ itemDescription: 'White metal chain, broken link', workRequested: 'Solder the broken link' })],
      }),
    );
    expect(ticket.ticketNumber).toMatch(/^R-\d{6}$/);
    expect(ticket.jobs.map((job) => job.number)).toEqual([`${ticket.ticketNumber}-1`, `${ticket.ticketNumber}-2`]);
    const [ring, chain] = ticket.jobs;

    const estimated = await act(ring.id, 'estimate', { lines: [{ kind: 'labour', description: 'Sizing and retipping', quantity: 1, unitMinor: 14_000 }] }, 'carl');
    expect(estimated.body).toMatchObject({ stage: 'awaiting_approval', estimate: { totalMinor: 14_000 }, approvals: [{ id: 'estimate-1', decision: null }] });

    const approved = await act(ring.id, 'estimate/decision', { approvalId: 'estimate-1', decision: 'approve', channel: 'phone' });
    expect(approved.body).toMatchObject({ stage: 'approved', amountDueMinor: 14_000, approvals: [{ decision: { outcome: 'approved', channel: 'phone', by: 'ana' } }] });

    const atBench = await act(ring.id, 'assign', { jewelerId: STAFF.carl.id });
    expect(atBench.body).toMatchObject({ stage: 'in_work', assignee: { id: STAFF.carl.id, name: 'carl' }, custody: { location: 'bench', holderName: 'carl' } });
    await act(ring.id, 'work-finished', { note: 'sized' }, 'carl');
    expect((await act(ring.id, 'quality-check/fail', { reason: 'one prong loose' }, 'dina')).body).toMatchObject({ stage: 'in_work', qcRounds: 1 });
    await act(ring.id, 'work-finished', {}, 'carl');
    // The finished ring's photo is kept with the job; a photo of another job cannot stand for it.
    const photoOf = (jobId: string, bytes: Buffer) => request(stack.api, 'POST', `/repairs/${jobId}/photos`, { token: STAFF.dina.token, body: bytes, headers: { 'content-type': 'image/jpeg' } });
    const finished = await photoOf(ring.id, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 7, 7, 7]));
    const ofTheChain = await photoOf(chain.id, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 8, 8, 8]));
    expect([finished.status, ofTheChain.status]).toEqual([201, 201]);
    const wrongPhoto = await act(ring.id, 'quality-check/pass', { completionPhotoIds: [ofTheChain.body.id] }, 'dina');
    expect([wrongPhoto.status, wrongPhoto.body.code, wrongPhoto.body.field]).toEqual([422, 'UNKNOWN_PHOTO', 'completionPhotoIds']);
    const ready = await act(ring.id, 'quality-check/pass', { completionPhotoIds: [finished.body.id] }, 'dina');
    expect(ready.body).toMatchObject({ stage: 'ready_for_pickup', outcome: 'repaired', custody: { location: 'safe' }, completionPhotoIds: [finished.body.id], photos: [{ id: finished.body.id }] });

    const pickedUp = await act(ring.id, 'pickup', {
      payments: [{ kind: 'balance', amount: { amountMinor: 14_000, currency: 'USD' }, method: 'card' }],
      confirmation: { typedName: 'Maria Lopez' },
      idChecked: false,
    });
    expect(pickedUp.body).toMatchObject({ stage: 'picked_up', closed: true, amountDueMinor: 0, custody: { location: 'customer' }, pickup: { typedName: 'Maria Lopez' } });
    expect(await sql(stack.database.url, 'select kind, amount_minor, method from payments where job_id = $1', [ring.id])).toEqual([{ kind: 'balance', amount_minor: 14_000, method: 'card' }]);

    // The other piece of the visit is still in the shop, on its own job.
    expect((await call('GET', `/repairs/${chain.id}`)).body).toMatchObject({ stage: 'received', itemIndex: 2, itemCount: 2, closed: false });
    await act(chain.id, 'estimate', { lines: [{ kind: 'labour', description: 'Solder one link', quantity: 1, unitMinor: 2_500 }] });
    await act(chain.id, 'assign', { jewelerId: STAFF.carl.id });
    await act(chain.id, 'work-finished', {}, 'carl');
    await act(chain.id, 'quality-check/pass', {}, 'dina');
    expect((await act(chain.id, 'pickup', { payments: [{ kind: 'balance', amount: { amountMinor: 2_500, currency: 'USD' }, method: 'cash' }], confirmation: { typedName: 'M. Lopez' }, idChecked: false })).status).toBe(200);

    const texts = await eventually(() => textsTo(customer.phone), (sent) => sent.length >= 8, 20_000);
    expect(texts.filter((text) => text.includes(ring.number)).map((text) => text.match(/we have your piece|estimate for|is approved|ready for pickup|thank you for collecting/)?.[0])).toEqual([
      'we have your piece',
      'estimate for',
      'is approved',
      'ready for pickup',
      'thank you for collecting',
    ]);
    for (const text of texts) expect(text).toMatch(/^Main store: /);

    const history = await eventually(
      () => call('GET', `/repairs/${ring.id}/history`).then((response) => response.body),
      (body) => body.timeline.filter((entry: { type: string; message?: { status: string } }) => entry.type === 'message' && entry.message?.status === 'sent').length === 5,
    );
    const stageChanges = history.timeline.filter((entry: { type: string }) => entry.type === 'stage_changed');
    expect(stageChanges.map((entry: { data: { to: string }; actor: { name: string } }) => [entry.data.to, entry.actor.name])).toEqual([
      ['received', 'ana'],
      ['awaiting_approval', 'carl'],
      ['approved', 'ana'],
      ['in_work', 'ana'],
      ['quality_check', 'carl'],
      ['in_work', 'dina'],
      ['quality_check', 'carl'],
      ['ready_for_pickup', 'dina'],
      ['picked_up', 'ana'],
    ]);
    const [row] = await sql<{ stage: string; closed: boolean; stage_sequence: number }>(stack.database.url, 'select stage, closed, stage_sequence from jobs where id = $1', [ring.id]);
    expect(row).toMatchObject({ stage: 'picked_up', closed: true });
    expect(await sql(stack.database.url, 'select count(*)::int as n from job_events where job_id = $1', [ring.id])).toEqual([{ n: row.stage_sequence }]);
  });

  it('answers an action the stage does not allow with 409 and the actions it does, changing nothing', async () => {
    const customer = await aCustomerWith();
    const [repair] = (await takeIn(aTakeIn(customer.id))).jobs;
    await eventually(() => call('GET', `/repairs/${repair.id}`), (response) => response.body.live === true);
    const events = await countRows('job_events');

    const early = await act(repair.id, 'quality-check/pass', {}, 'dina');

    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      code: 'STAGE_TRANSITION_NOT_ALLOWED',
      currentStage: 'received',
      action: 'passQualityCheck',
      allowedActions: expect.arrayContaining(['provideEstimate', 'cancelRepair', 'moveCustody']),
    });
    expect(early.body.message).toMatch(/cannot pass the quality check; allowed now: provideEstimate/);
    expect(await countRows('job_events')).toBe(events);
    expect((await call('GET', `/repairs/${repair.id}`)).body.stage).toBe('received');
  });

  it('refuses a wrong role with 403 and a check by the jeweler who did the work with 409 naming the rule', async () => {
    const customer = await aCustomerWith();
    const [repair] = (await takeIn(aSmallJob(customer.id))).jobs;
    await act(repair.id, 'assign', { jewelerId: STAFF.carl.id });

    const byAssociate = await act(repair.id, 'work-finished', {}, 'counter');
    expect(byAssociate.status).toBe(403);
    expect(byAssociate.body).toMatchObject({ code: 'ROLE_NOT_ALLOWED', action: 'finishWork', role: 'associate' });

    await act(repair.id, 'work-finished', {}, 'carl');
    const byWorker = await act(repair.id, 'quality-check/pass', {}, 'carl');
    expect(byWorker.status).toBe(409);
    expect(byWorker.body).toMatchObject({ code: 'QC_BY_WORKER', workedBy: [STAFF.carl.id] });
  });

  it('keeps the first answer to an estimate, refuses an answer to a replaced one, and lets a decline return the piece at no charge', async () => {
    const customer = await aCustomerWith();
    const [repair] = (await takeIn(aTakeIn(customer.id))).jobs;
    await act(repair.id, 'estimate', { lines: [{ kind: 'labour', description: 'Rebuild the head', quantity: 1, unitMinor: 30_000 }] });
    await act(repair.id, 'estimate', { lines: [{ kind: 'labour', description: 'Rebuild the head (revised)', quantity: 1, unitMinor: 25_000 }] });

    const stale = await act(repair.id, 'estimate/decision', { approvalId: 'estimate-1', decision: 'approve', channel: 'counter' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STALE_APPROVAL_REQUEST', latestRequestId: 'estimate-2' });

    const declined = await act(repair.id, 'estimate/decision', { approvalId: 'estimate-2', decision: 'decline', channel: 'phone' });
    expect(declined.body).toMatchObject({ stage: 'ready_for_pickup', outcome: 'returned_unrepaired', amountDueMinor: 0 });
    const again = await act(repair.id, 'estimate/decision', { approvalId: 'estimate-2', decision: 'approve', channel: 'counter' });
    expect(again.status).toBe(200);
    expect(again.body.approvals[1].decision).toMatchObject({ outcome: 'declined', channel: 'phone' });
    await eventually(() => textsTo(customer.phone), (texts) => texts.some((text) => text.includes('unrepaired')));
  });

  it('acts once on an action repeated with the same Idempotency-Key', async () => {
    const customer = await aCustomerWith();
    const [repair] = (await takeIn(aSmallJob(customer.id))).jobs;
    const key = { 'idempotency-key': `deposit-${randomUUID()}` };
    const deposit = { kind: 'deposit', amount: { amountMinor: 1_000, currency: 'USD' }, method: 'cash' };

    const [first, second] = await Promise.all([act(repair.id, 'payments', deposit, 'counter', key), act(repair.id, 'payments', deposit, 'counter', key)]);

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.payments).toHaveLength(1);
    expect(await sql(stack.database.url, 'select count(*)::int as n from payments where job_id = $1', [repair.id])).toEqual([{ n: 1 }]);
  });

  it('returns the first ticket for a take-in repeated with the same Idempotency-Key, and refuses the key with another body', async () => {
    const customer = await aCustomerWith();
    const key = `counter-1-${randomUUID()}`;
    const before = await countRows('jobs');

    const [first, second] = await Promise.all([call('POST', '/repairs', aTakeIn(customer.id), { 'idempotency-key': key }), call('POST', '/repairs', aTakeIn(customer.id), { 'idempotency-key': key })]);
    const third = await call('POST', '/repairs', aTakeIn(customer.id), { 'idempotency-key': key });

    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(third.status).toBe(200);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(new Set([first.body.ticketNumber, second.body.ticketNumber, third.body.ticketNumber]).size).toBe(1);
    expect(await countRows('jobs')).toBe(before + 1);

    const reused = await call('POST', '/repairs', aTakeIn(customer.id, { items: [aPiece({ workRequested: 'Replace clasp' })] }), { 'idempotency-key': key });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await eventually(() => textsTo(customer.phone), (texts) => texts.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(textsTo(customer.phone)).toHaveLength(1);
  });

  it('keeps actions taken right after take-in, also while the worker is down, and texts in order', async () => {
    const estimateAtOnce = async () => {
      const customer = await aCustomerWith();
      const [repair] = (await takeIn(aTakeIn(customer.id))).jobs;
      return { customer, repair, answer: act(repair.id, 'estimate', { lines: [{ kind: 'labour', description: 'Sizing', quantity: 1, unitMinor: 20_000 }] }) };
    };
    const whileUp = await Promise.all(Array.from({ length: 3 }, estimateAtOnce));
    await stack.stopWorker();
    const whileDown = await Promise.all(Array.from({ length: 3 }, estimateAtOnce));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stack.startWorker();

    const answers = await Promise.all([...whileUp, ...whileDown].map(({ answer }) => answer));
    expect(answers.map(({ status, body }) => ({ status, stage: body.stage }))).toEqual(Array(6).fill({ status: 200, stage: 'awaiting_approval' }));
    for (const { customer, repair } of [...whileUp, ...whileDown]) {
      const [row] = await sql<{ stage: string }>(stack.database.url, 'select stage from jobs where id = $1', [repair.id]);
      expect(row.stage).toBe('awaiting_approval');
      const texts = await eventually(() => textsTo(customer.phone), (sent) => sent.length >= 2);
      expect(texts.map((text) => text.match(/we have your piece|estimate for/)?.[0])).toEqual(['we have your piece', 'estimate for']);
    }
  });

  it('reminds the customer to collect a ready piece by the store policy, then alerts the managers that it is unclaimed', async () => {
    const customer = await aCustomerWith();
    const [repair] = (await takeIn(aSmallJob(customer.id))).jobs;
    await act(repair.id, 'assign', { jewelerId: STAFF.carl.id });
    await act(repair.id, 'work-finished', {}, 'carl');
    await act(repair.id, 'quality-check/pass', {}, 'dina');

    const alerts = await eventually(() => call('GET', '/alerts', undefined, {}, 'manager'), (response) => response.body.some((alert: { jobId: string }) => alert.jobId === repair.id), 15_000);
    expect(alerts.body.find((alert: { jobId: string }) => alert.jobId === repair.id)).toMatchObject({ kind: 'unclaimed', message: expect.stringContaining(repair.number) });
    expect((await call('GET', '/alerts')).status).toBe(403);
    expect((await call('GET', `/repairs/${repair.id}`)).body.flags).toMatchObject({ unclaimed: true });
    await eventually(() => textsTo(customer.phone), (texts) => texts.some((text) => text.includes('ready and waiting')));
  });

  it('lists open repairs and jobs with filters, one page at a time', async () => {
    const customer = await aCustomerWith();
    const ticket = await takeIn(aTakeIn(customer.id, { items: [aPiece(), aPiece(), aPiece(), aPiece(), aPiece()] }));

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = new URLSearchParams({ customerId: customer.id, limit: '2', ...(cursor ? { cursor } : {}) }).toString();
      const page = await call('GET', `/jobs?${query}`);
      expect(page.status).toBe(200);
      pages.push(page.body.jobs.map((job: { number: string }) => job.number));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().sort()).toEqual(ticket.jobs.map((job) => job.number).sort());
    const byText = await call('GET', `/repairs?q=${encodeURIComponent(ticket.jobs[2].number)}`);
    expect(byText.body.jobs.map((job: { number: string }) => job.number)).toEqual([ticket.jobs[2].number]);
    expect((await call('GET', '/jobs?cursor=not-a-cursor')).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'cursor' }] });
  });

  it('records a hand-over scanned from the label, by job number', async () => {
    const customer = await aCustomerWith();
    const [repair] = (await takeIn(aTakeIn(customer.id))).jobs;

    const scanned = await call('POST', '/jobs/scan', { number: repair.number, location: 'safe', holder: { kind: 'store' }, detail: 'Safe 1, drawer 3' });

    expect(scanned.status).toBe(200);
    expect(scanned.body.custody).toMatchObject({ location: 'safe', holderKind: 'store', detail: 'Safe 1, drawer 3' });
    const history = (await call('GET', `/jobs/${repair.id}/timeline`)).body;
    expect(history.timeline.find((entry: { type: string }) => entry.type === 'custody_changed')).toMatchObject({
      actor: { name: 'ana' },
      data: { from: { location: 'counter' }, to: { location: 'safe', detail: 'Safe 1, drawer 3' } },
    });
    expect((await call('POST', '/jobs/scan', { number: 'R-999999-9', location: 'safe', holder: { kind: 'store' } })).status).toBe(404);
  });

  it('texts nobody who has not agreed to texts, and records each message as suppressed, with the reason, on each channel', async () => {
    const customer = await aCustomerWith({ smsConsent: false });
    const [repair] = (await takeIn(aSmallJob(customer.id))).jobs;

    const history = await eventually(
      () => call('GET', `/repairs/${repair.id}/history`).then((response) => response.body),
      (body) => body.timeline.some((entry: { type: string }) => entry.type === 'message'),
    );

    const messages = history.timeline.filter((entry: { type: string }) => entry.type === 'message').map((entry: { message: { channel: string; status: string; errorCode: string } }) => entry.message);
    expect(messages).toEqual([
      expect.objectContaining({ channel: 'sms', status: 'suppressed', errorCode: 'NO_SMS_CONSENT' }),
      expect.objectContaining({ channel: 'email', status: 'suppressed', errorCode: 'NO_EMAIL_CONSENT' }),
    ]);
    expect(stack.twilio.sentTo(customer.phone)).toEqual([]);
  });

  it('refuses bad money, dates and ids with 400 naming each field, and writes nothing', async () => {
    const customer = await aCustomerWith();
    const before = await countRows('jobs');

    const response = await call('POST', '/repairs', {
      customerId: customer.id,
      items: [aPiece({ declaredValue: { amountMinor: 12.5, currency: 'dollars' }, goAheadLimit: { amountMinor: -1, currency: 'USD' } })],
      promisedBy: 'next week',
      colour: 'gold',
    });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(
      ['colour', 'items.0.declaredValue.amountMinor', 'items.0.declaredValue.currency', 'items.0.goAheadLimit.amountMinor', 'promisedBy'].sort(),
    );
    const otherCurrency = await call('POST', '/repairs', aTakeIn(customer.id, { items: [aPiece({ declaredValue: { amountMinor: 100, currency: 'EUR' } })] }));
    expect(otherCurrency.body.errors).toEqual([{ field: 'items.0.declaredValue.currency', problems: ["items.0.declaredValue.currency must be USD, the store's currency"] }]);
    const past = await call('POST', '/repairs', aTakeIn(customer.id, { promisedBy: '2020-01-01' }));
    expect({ status: past.status, code: past.body.code }).toEqual({ status: 422, code: 'PROMISED_DATE_IN_PAST' });
    const impossible = await call('POST', '/repairs', aTakeIn(customer.id, { promisedBy: '2031-02-30' }));
    expect(impossible.body.errors[0].field).toBe('promisedBy');
    const rush = await call('POST', '/repairs', aTakeIn(customer.id, { promisedBy: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10) }));
    expect({ status: rush.status, code: rush.body.code }).toEqual({ status: 403, code: 'RUSH_NEEDS_MANAGER' });
    expect(await countRows('jobs')).toBe(before);
  });

  it('answers unknown ids with 404 and malformed ids with 400', async () => {
    const unknownCustomer = await call('POST', '/repairs', aTakeIn(randomUUID()));
    expect({ status: unknownCustomer.status, code: unknownCustomer.body.code }).toEqual({ status: 404, code: 'CUSTOMER_NOT_FOUND' });
    for (const path of [`/repairs/${randomUUID()}`, `/repairs/${randomUUID()}/history`]) {
      expect((await call('GET', path)).body.code).toBe('REPAIR_NOT_FOUND');
    }
    expect((await act(randomUUID(), 'cancel', { reason: 'x' })).status).toBe(404);
    const unknownJeweler = await call('POST', '/repairs', aSmallJob((await aCustomerWith()).id)).then((taken) => act(taken.body.jobs[0].id, 'assign', { jewelerId: randomUUID() }));
    expect(unknownJeweler.body).toMatchObject({ code: 'STAFF_NOT_FOUND', field: 'jewelerId' });
    const malformed = await call('GET', '/repairs/not-a-uuid');
    expect(malformed.body.errors).toEqual([{ field: 'repairId', problems: ['repairId must be a UUID'] }]);
  });

  it('prints the envelope label: a 62 x 40 mm PDF titled with the job number, whatever the customer is called', async () => {
    const customer = await aCustomerWith({ firstName: '小林 🌸', lastName: 'Ñúñez‮' });
    const ticket = await takeIn(aTakeIn(customer.id, { items: [aPiece(), aPiece({ itemDescription: 'Pearl strand, 18 inches, knotted on silk' })] }));

    const label = await request(stack.api, 'GET', `/repairs/${ticket.jobs[1].id}/label`, { token: STAFF.counter.token });

    expect([label.status, label.headers['content-type']]).toEqual([200, 'application/pdf']);
    const pdf = await PDFDocument.load(label.body);
    expect(pdf.getTitle()).toBe(ticket.jobs[1].number);
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect([Math.round((width / 72) * 25.4), Math.round((height / 72) * 25.4)]).toEqual([62, 40]);
  });

  it('requires a staff token on every staff route', async () => {
    for (const authorization of ['', 'Bearer not-a-real-token-at-all-000000', `Basic ${STAFF.counter.token}`]) {
      const response = await stack.api.inject({ method: 'POST', url: '/customers', headers: { authorization }, payload: aCustomer() });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('AUTHENTICATION_REQUIRED');
    }
  });

  it("shows the customer's tracking page without a staff token and with no personal data beyond the first name", async () => {
    const customer = await aCustomerWith();
    const [repair] = (await takeIn(aTakeIn(customer.id))).jobs;

    const page = await stack.api.inject({ method: 'GET', url: new URL(repair.trackingUrl).pathname });

    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ number: repair.number, storeName: 'Main store', stage: 'received', firstName: 'Maria', question: null });
    // The journal is written by the workflow's activity, moments after the take-in answers.
    const journaled = await eventually(() => stack.api.inject({ method: 'GET', url: new URL(repair.trackingUrl).pathname }).then((answer) => answer.json()), (view) => view.timeline.length > 0);
    expect(journaled.timeline).toEqual([expect.objectContaining({ label: 'Received, waiting for an estimate' })]);
    expect(page.body).not.toContain(customer.phone);
    expect(page.body).not.toContain('Lopez');
    expect(page.body).not.toContain('maria@example.com');
    expect((await stack.api.inject({ method: 'GET', url: '/track/guessed-token-guessed-token-0000' })).statusCode).toBe(404);
  });

  it('lets a manager find a job in Temporal by its number, stage and store, with a summary and no names', async () => {
    const customer = await aCustomerWith();
    const [repair] = (await takeIn(aSmallJob(customer.id))).jobs;
    await act(repair.id, 'assign', { jewelerId: STAFF.carl.id });
    const workflowId = (await sql<{ workflow_id: string }>(stack.database.url, 'select workflow_id from jobs where id = $1', [repair.id]))[0].workflow_id;

    const description = await stack.temporal.workflow.getHandle(workflowId).describe();
    const attributes = description.typedSearchAttributes;
    expect(attributes.get(JOB_NUMBER)).toBe(repair.number);
    expect(attributes.get(STAGE)).toBe('in_work');
    expect(attributes.get(ASSIGNEE)).toBe(STAFF.carl.id);
    expect(attributes.get(OVERDUE)).toBe(false);
    expect(attributes.get(PROMISED_BY)).toBeInstanceOf(Date);
    // The item cut to 60 characters (59 and an ellipsis).
    expect(await description.staticSummary()).toBe(`${repair.number} · ${aPiece().itemDescription.slice(0, 59)}…`);
    expect(JSON.stringify(description.raw)).not.toContain('Maria');

    const found = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const workflow of stack.temporal.workflow.list({ query: `AtelierJobNumber = "${repair.number}" AND AtelierStage = "in_work"` })) ids.push(workflow.workflowId);
        return ids;
      },
      (ids) => ids.length > 0,
    );
    expect(found).toEqual([workflowId]);
  });

  it('serves the OpenAPI description generated from the code, the same as the committed docs/openapi.json', async () => {
    const spec = await call('GET', '/docs-json');
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/repairs', '/repairs/{repairId}', '/repairs/{repairId}/estimate', '/repairs/{repairId}/quality-check/pass', '/repairs/{repairId}/pickup', '/jobs', '/jobs/scan']),
    );
    // An API change shows in review as a diff of this file: `npm run openapi` rewrites it.
    const committed = new URL('../../docs/openapi.json', import.meta.url);
    if (process.env.UPDATE_OPENAPI) writeFileSync(committed, `${JSON.stringify(spec.body, null, 2)}\n`);
    expect(spec.body).toEqual(JSON.parse(readFileSync(committed, 'utf8')));
  });

  it('leaves histories that replay on the current workflow code', async () => {
    const workflowIds = (await sql<{ workflow_id: string }>(stack.database.url, 'select workflow_id from jobs')).map((row) => row.workflow_id);
    expect(workflowIds.length).toBeGreaterThanOrEqual(15);
    await replayLiveHistories(stack.temporal, workflowIds.map((workflowId) => ({ workflowId, scenario: workflowId })));
  });
});
