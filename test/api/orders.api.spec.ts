import { randomUUID } from 'node:crypto';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { request } from '../support/http.js';
import { sql } from '../support/sql.js';
import { STAFF } from '../support/test-config.js';

type Staff = keyof typeof STAFF;
const MAIN_STORE = '00000000-0000-4000-8000-000000000001';
const STEPS = [
  { key: 'cad', kind: 'cad', label: 'CAD', leadDays: 3 },
  { key: 'casting', kind: 'casting', label: 'Casting', leadDays: 5 },
  { key: 'setting', kind: 'setting', label: 'Stone setting', leadDays: 3 },
  { key: 'polish', kind: 'polish', label: 'Polish', leadDays: 1 },
];
const usd = (amountMinor: number, kind = 'deposit') => ({ kind, amount: { amountMinor, currency: 'USD' }, method: 'card' });

describe('custom orders through the API (real Postgres, Temporal, Redis and the Twilio API server)', () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack();
    // Second-long follow-ups for this file's store, so the thank-you and the care reminder arrive within a test.
    const policy = await call('PUT', `/stores/${MAIN_STORE}/policy`, { thankYouAfter: '1s', careReminderAfter: '2s' }, 'manager');
    expect(policy.status).toBe(200);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, as: Staff = 'counter', headers: Record<string, string> = {}) =>
    request(stack.api, method, url, { token: STAFF[as].token, body, headers });
  const act = (orderId: string, action: string, body: unknown = {}, as: Staff = 'counter') => call('POST', `/orders/${orderId}/${action}`, body, as);

  async function aCustomerWith() {
    const response = await call('POST', '/customers', aCustomer());
    expect(response.status).toBe(201);
    return response.body as { id: string; phone: string };
  }

  function anOrder(customerId: string, overrides: Record<string, unknown> = {}) {
    return {
      customerId,
      summary: 'Engagement ring, platinum solitaire',
      customerWords: 'Like her grandmother’s ring, but lower so it does not catch on sweaters',
      spec: 'Pt950, 6-prong low cathedral, size 6, the customer’s 1.2 ct round',
      occasion: { kind: 'engagement', date: '2027-02-14' },
      budget: { minMinor: 300_000, maxMinor: 450_000 },
      ...overrides,
    };
  }

  const design = (totalMinor: number) => ({ notes: 'Low cathedral, six claws', lines: [{ kind: 'design_fee', description: 'Design and CAD', quantity: 1, unitMinor: 20_000 }, { kind: 'metal', description: 'Platinum 950', quantity: 1, unitMinor: totalMinor - 20_000 }] });

  async function approvedOrder(customerId: string, totalMinor = 400_000, overrides: Record<string, unknown> = {}) {
    const taken = await call('POST', '/orders', anOrder(customerId, overrides));
    expect(taken.status).toBe(201);
    const id = taken.body.id as string;
    const sent = await act(id, 'designs', design(totalMinor));
    expect(sent.status).toBe(200);
    const approved = await act(id, 'designs/decision', { approvalId: 'design-1', decision: 'approve', channel: 'counter' });
    expect(approved.body).toMatchObject({ stage: 'design_approved', depositRequiredMinor: totalMinor / 2 });
    return id;
  }

  it("carries an order from the consultation to the care reminder, with the customer's stone in custody all along", async () => {
    const customer = await aCustomerWith();
    const taken = await call('POST', '/orders', anOrder(customer.id, { ownMaterials: [{ description: "Customer's 1.2 ct round diamond", declaredValue: { amountMinor: 900_000, currency: 'USD' } }] }));
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ kind: 'custom_order', stage: 'designing', number: expect.stringMatching(/^C-\d{6}$/), brief: { occasionKind: 'engagement', occasionDate: '2027-02-14', budgetMaxMinor: 450_000 } });
    expect(taken.body.items).toEqual([expect.objectContaining({ key: 'own-1', declaredValueMinor: 900_000, custody: expect.objectContaining({ location: 'counter' }) })]);
    const id = taken.body.id as string;
    expect(await sql(stack.database.url, 'select kind, date from customer_occasions where customer_id = $1', [customer.id])).toEqual([{ kind: 'engagement', date: '--02-14' }]);

    await act(id, 'designs', design(400_000));
    await act(id, 'designs/decision', { approvalId: 'design-1', decision: 'approve', channel: 'phone' });
    expect((await act(id, 'payments', usd(200_000))).body).toMatchObject({ paidMinor: 200_000, amountDueMinor: 200_000 });
    const producing = await act(id, 'production', { steps: STEPS, tryOn: false });
    expect(producing.body).toMatchObject({ stage: 'in_production', allowedActions: expect.arrayContaining(['sendStepToVendor', 'cancelOrder']) });
    // Steps are the bench's: an associate is not offered them.
    expect(producing.body.allowedActions).not.toContain('startStep');

    for (const step of STEPS) {
      expect((await act(id, `steps/${step.key}/start`, { artisanId: STAFF.carl.id }, 'carl')).status).toBe(200);
      expect((await act(id, `steps/${step.key}/finish`, {}, 'carl')).status).toBe(200);
    }
    const ready = await act(id, 'quality-check/pass', {}, 'dina');
    expect(ready.body).toMatchObject({ stage: 'ready', amountDueMinor: 200_000 });
    expect(ready.body.items.map((item: { key: string; custody: { location: string } }) => [item.key, item.custody.location])).toEqual([
      ['own-1', 'safe'],
      ['piece', 'safe'],
    ]);

    const delivered = await act(id, 'hand-over', { method: 'pickup', payments: [usd(200_000, 'balance')], confirmation: { typedName: 'M. Lopez' }, idChecked: true });
    expect(delivered.body).toMatchObject({ stage: 'delivered', closed: true, amountDueMinor: 0, handOver: { method: 'pickup' } });

    await eventually(() => call('GET', `/orders/${id}`), (read) => read.body.stage === 'completed', 20_000);
    const texts = await eventually(
      async () => stack.twilio.sentTo(customer.phone).map((sms) => sms.body),
      (bodies) => bodies.some((body) => body.includes('free clean')),
      20_000,
    );
    expect(texts.map((body) => body.split(': ')[1]?.split(' ').slice(0, 3).join(' '))).toEqual([
      'thank you for',
      'design version 1',
      'thank you, the',
      "we've started making",
      `your piece (${taken.body.number})`,
      'thank you for',
      'thank you again',
      "it's been a",
    ]);
    const history = await call('GET', `/orders/${id}/history`);
    expect(history.body.timeline.map((entry: { type: string }) => entry.type)).toEqual(expect.arrayContaining(['taken_in', 'design_version_added', 'production_started', 'step_started', 'qc_passed', 'handed_over', 'follow_up']));
    const listed = await call('GET', '/orders?stage=completed&closed=true');
    expect(listed.body.jobs.map((job: { id: string }) => job.id)).toContain(id);
  });

  it('refuses production before the deposit and an approval of a stale design, naming what is missing or the latest', async () => {
    const customer = await aCustomerWith();
    const id = await approvedOrder(customer.id);

    const early = await act(id, 'production', { steps: STEPS, tryOn: false });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'DEPOSIT_MISSING', missing: 'deposit', depositRequiredMinor: 200_000, paidMinor: 0 });

    // A repeat of the answer already given to design-1 changes nothing, even once design-2 is out.
    await act(id, 'designs', design(420_000));
    const repeat = await act(id, 'designs/decision', { approvalId: 'design-1', decision: 'approve', channel: 'counter' });
    expect(repeat.body).toMatchObject({ stage: 'awaiting_design_approval', approvedVersion: null });
    const notApproved = await act(id, 'production', { steps: STEPS, tryOn: false });
    expect(notApproved.body).toMatchObject({ code: 'STAGE_TRANSITION_NOT_ALLOWED', currentStage: 'awaiting_design_approval' });

    // Two versions out unanswered: only the latest can be approved.
    const other = (await call('POST', '/orders', anOrder(customer.id))).body.id as string;
    await act(other, 'designs', design(300_000));
    await act(other, 'designs', design(310_000));
    const stale = await act(other, 'designs/decision', { approvalId: 'design-1', decision: 'approve', channel: 'counter' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STALE_APPROVAL_REQUEST', latestRequestId: 'design-2' });
  });

  it('refuses bad money, unknown steps and odd keys with 400 naming the field, and writes nothing', async () => {
    const customer = await aCustomerWith();
    const id = await approvedOrder(customer.id);
    const eventsBefore = await sql(stack.database.url, 'select count(*)::int as n from job_events where job_id = $1', [id]);

    const refused = [
      await act(id, 'payments', usd(400_001)),
      await act(id, 'payments', usd(-5)),
      await act(id, 'payments', usd(12.5)),
      await act(id, 'payments', { ...usd(100), amount: { amountMinor: 100, currency: 'XYZ' } }),
      await act(id, 'steps/Not A Step!/start', { artisanId: STAFF.carl.id }, 'carl'),
      await act(id, 'production', { steps: [{ key: 'cad', kind: 'laser', label: 'CAD', leadDays: 1 }], tryOn: false }),
      await call('POST', '/orders', anOrder(customer.id, { budget: { minMinor: 5, maxMinor: 1 } })),
      await call('POST', '/orders', anOrder(customer.id, { occasion: { kind: 'engagement', date: '14/02/2027' } })),
    ];
    expect(refused.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400, 400, 400, 400]);
    expect(refused[0].body).toMatchObject({ code: 'INVALID_REQUEST', field: 'amount.amountMinor', errors: [{ field: 'amount.amountMinor' }] });
    expect(refused.slice(1).map((answer) => answer.body.code)).toEqual(Array(7).fill('VALIDATION_FAILED'));
    expect(await sql(stack.database.url, 'select count(*)::int as n from job_events where job_id = $1', [id])).toEqual(eventsBefore);

    await act(id, 'payments', usd(200_000));
    await act(id, 'production', { steps: STEPS, tryOn: false });
    for (const step of STEPS) {
      await act(id, `steps/${step.key}/start`, { artisanId: STAFF.carl.id }, 'carl');
      await act(id, `steps/${step.key}/finish`, {}, 'carl');
    }
    const unknownStep = await act(id, 'quality-check/fail', { backToStep: 'engraving', reason: 'x' }, 'dina');
    expect(unknownStep.status).toBe(400);
    expect(unknownStep.body).toMatchObject({ code: 'UNKNOWN_STEP', field: 'backToStep' });
    const byTheArtisan = await act(id, 'quality-check/pass', {}, 'carl');
    expect(byTheArtisan.body.code).toBe('QC_BY_WORKER');
  });

  it("starts production from the store's own steps, whose lead times move the promised date when it is sooner", async () => {
    const customer = await aCustomerWith();
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    // Three days is a rush for an order: the manager's call.
    expect((await call('POST', '/orders', anOrder(customer.id, { promisedBy: inThreeDays }))).body.code).toBe('RUSH_NEEDS_MANAGER');
    const taken = await call('POST', '/orders', anOrder(customer.id, { promisedBy: inThreeDays }), 'manager');
    const id = taken.body.id as string;
    await act(id, 'designs', design(400_000));
    await act(id, 'designs/decision', { approvalId: 'design-1', decision: 'approve', channel: 'counter' });
    await act(id, 'payments', usd(200_000));

    const started = await act(id, 'production', { tryOn: false });

    expect(started.body.steps.map((step: { key: string }) => step.key)).toEqual(['cad', 'wax', 'casting', 'finishing', 'setting', 'polish']);
    // 3 + 2 + 5 + 2 + 3 + 1 days from today, later than the three days promised.
    expect(started.body.promisedBy > inThreeDays).toBe(true);
    const history = await call('GET', `/orders/${id}/history`);
    expect(history.body.timeline.find((entry: { type: string }) => entry.type === 'promised_date_changed')?.summary).toMatch(/lead times/);
  });

  it('takes an order once when the consultation is sent again with the same Idempotency-Key, and refuses the key with another body', async () => {
    const customer = await aCustomerWith();
    const headers = { 'idempotency-key': `order-${randomUUID()}` };
    const first = await call('POST', '/orders', anOrder(customer.id), 'counter', headers);
    const again = await call('POST', '/orders', anOrder(customer.id), 'counter', headers);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await call('POST', '/orders', anOrder(customer.id, { summary: 'Another ring' }), 'counter', headers);
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await sql(stack.database.url, `select count(*)::int as n from jobs where customer_id = $1 and kind = 'custom_order'`, [customer.id])).toEqual([{ n: 1 }]);
  });

  it('promises an order further out than a repair, by the store policy', async () => {
    const customer = await aCustomerWith();
    const order = await call('POST', '/orders', anOrder(customer.id));
    const inSixWeeks = new Date(Date.now() + 42 * 86_400_000).toISOString().slice(0, 10);
    expect(Math.abs(Date.parse(order.body.promisedBy) - Date.parse(inSixWeeks))).toBeLessThanOrEqual(86_400_000);
  });

  it('answers an order of another kind or id with 404, and lists repairs and orders together under /jobs', async () => {
    expect((await call('GET', `/orders/${randomUUID()}`)).body.code).toBe('ORDER_NOT_FOUND');
    const customer = await aCustomerWith();
    const repair = await call('POST', '/repairs', { customerId: customer.id, items: [{ itemDescription: 'Ring', workRequested: 'Size', declaredValue: { amountMinor: 1_000, currency: 'USD' } }] });
    expect((await call('GET', `/orders/${repair.body.jobs[0].id}`)).status).toBe(404);
    const order = await call('POST', '/orders', anOrder(customer.id));
    const all = await call('GET', `/jobs?customerId=${customer.id}`);
    expect(all.body.jobs.map((job: { kind: string }) => job.kind).sort()).toEqual(['custom_order', 'repair']);
    expect(all.body.jobs.map((job: { id: string }) => job.id)).toContain(order.body.id);
  });
});
