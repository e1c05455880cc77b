import pg from 'pg';
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { latencySummary, timed } from './stats.mjs';

export const ORDER_COUNTS = {
  sequentialSteps: 100,
  concurrentSteps: 200,
  concurrentClients: 20,
  toFollowUp: 500,
  followUpClients: 20,
};

/** Three steps: enough to show production, few enough that 500 orders finish in minutes. */
const STEPS = [
  { key: 'cad', kind: 'cad', label: 'CAD', leadDays: 3 },
  { key: 'casting', kind: 'casting', label: 'Casting', leadDays: 5 },
  { key: 'polish', kind: 'polish', label: 'Polish', leadDays: 1 },
];
const QUOTE_MINOR = 300_000;
const FOLLOW_UP_TIMEOUT_MS = 180_000;

/**
 * Custom orders on the same stack as the repairs: a production step started (an Update with a
 * custody move and a journal write, like a repair's assignment) one client after another and by
 * 20 at once, then 500 orders from the consultation to the care reminder (second-long follow-ups).
 */
export async function measureOrders({ counter, owner, checker, jewelerId, storeId, databaseUrl, memory }) {
  const shop = new OrderShop(counter, checker, jewelerId);
  await owner('PUT', `/stores/${storeId}/policy`, { thankYouAfter: '1s', careReminderAfter: '2s' });
  await shop.inProductionMany(10).then((orders) => Promise.all(orders.map((order) => shop.startStep(order, 'cad'))));

  const forSequential = await shop.inProductionMany(ORDER_COUNTS.sequentialSteps);
  const sequential = [];
  for (const order of forSequential) sequential.push((await timed(() => shop.startStep(order, 'cad'))).ms);

  const forConcurrent = await shop.inProductionMany(ORDER_COUNTS.concurrentSteps);
  const queue = [...forConcurrent];
  const concurrentSamples = [];
  const { ms: concurrentMs } = await timed(() =>
    Promise.all(
      Array.from({ length: ORDER_COUNTS.concurrentClients }, async () => {
        for (let order = queue.shift(); order; order = queue.shift()) concurrentSamples.push((await timed(() => shop.startStep(order, 'cad'))).ms);
      }),
    ),
  );

  const toFollowUp = await shop.measureToFollowUp(ORDER_COUNTS.toFollowUp, ORDER_COUNTS.followUpClients, databaseUrl, memory);
  return {
    sequential: latencySummary(sequential),
    concurrent: { ...latencySummary(concurrentSamples), clients: ORDER_COUNTS.concurrentClients, perSecond: (concurrentSamples.length / concurrentMs) * 1000, wallMs: concurrentMs },
    toFollowUp,
  };
}

class OrderShop {
  constructor(counter, checker, jewelerId) {
    this.counter = counter;
    this.checker = checker;
    this.jewelerId = jewelerId;
  }

  /** The consultation, one design approved, the deposit paid, production started: six requests. */
  async inProduction() {
    const customer = await this.counter('POST', '/customers', { firstName: 'Ada', lastName: 'Quinn', phone: `+1555${randomInt(1_000_000, 9_999_999)}` });
    const order = await this.counter('POST', '/orders', { customerId: customer.id, summary: 'Engagement ring', customerWords: 'Simple and low', spec: 'Pt950 solitaire, size 6' });
    await this.counter('POST', `/orders/${order.id}/designs`, { notes: 'Solitaire, six claws', lines: [{ kind: 'other', description: 'Ring', quantity: 1, unitMinor: QUOTE_MINOR }] });
    await this.counter('POST', `/orders/${order.id}/designs/decision`, { approvalId: 'design-1', decision: 'approve', channel: 'counter' });
    await this.counter('POST', `/orders/${order.id}/payments`, { kind: 'deposit', amount: { amountMinor: QUOTE_MINOR / 2, currency: 'USD' }, method: 'card' });
    const started = await this.counter('POST', `/orders/${order.id}/production`, { steps: STEPS, tryOn: false });
    expectStage(order, started, 'in_production');
    return order;
  }

  async inProductionMany(count) {
    const orders = [];
    for (let i = 0; i < count; i += 1) orders.push(await this.inProduction());
    return orders;
  }

  /** The measured stage change: a step started at the jeweler's bench (the piece moves there). */
  async startStep(order, key) {
    const answer = await this.counter('POST', `/orders/${order.id}/steps/${key}/start`, { artisanId: this.jewelerId });
    if (!answer.steps.some((step) => step.key === key && step.status === 'in_progress')) throw new Error(`Order ${order.number}: step ${key} did not start`);
    return answer;
  }

  /** Fourteen requests: into production, three steps, the quality check by another, the hand-over paid. */
  async oneOrderToDelivery() {
    const order = await this.inProduction();
    for (const step of STEPS) {
      await this.startStep(order, step.key);
      await this.counter('POST', `/orders/${order.id}/steps/${step.key}/finish`, {});
    }
    await this.checker('POST', `/orders/${order.id}/quality-check/pass`, {});
    const delivered = await this.counter('POST', `/orders/${order.id}/hand-over`, {
      method: 'pickup',
      payments: [{ kind: 'balance', amount: { amountMinor: QUOTE_MINOR / 2, currency: 'USD' }, method: 'card' }],
      confirmation: { typedName: 'A. Quinn' },
      idChecked: true,
    });
    expectStage(order, delivered, 'delivered');
    return order;
  }

  async measureToFollowUp(count, clients, databaseUrl, memory) {
    const before = memory();
    let next = 0;
    const samples = [];
    const ids = [];
    const { ms: deliveredMs } = await timed(() =>
      Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < count) {
            next += 1;
            const { ms, value } = await timed(() => this.oneOrderToDelivery());
            samples.push(ms);
            ids.push(value.id);
          }
        }),
      ),
    );
    // The follow-ups are the workflows' own timers (1 s and 2 s here): wait until every order has had both.
    const { ms: completedMs } = await timed(() => waitUntilCompleted(databaseUrl, ids));
    const after = memory();
    return { ...latencySummary(samples), clients, perSecond: (samples.length / deliveredMs) * 1000, requestsPerSecond: (samples.length * 14 * 1000) / deliveredMs, wallMs: deliveredMs, followUpsDoneMs: completedMs, before, after };
  }
}

async function waitUntilCompleted(databaseUrl, ids) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + FOLLOW_UP_TIMEOUT_MS;
    for (;;) {
      const { rows } = await client.query(`select count(*)::int as n from jobs where id = any($1::uuid[]) and stage = 'completed'`, [ids]);
      if (rows[0].n === ids.length) return;
      if (Date.now() > deadline) throw new Error(`Only ${rows[0].n} of ${ids.length} orders finished their follow-up within ${FOLLOW_UP_TIMEOUT_MS / 1000} s`);
      await sleep(250);
    }
  } finally {
    await client.end();
  }
}

function expectStage(order, answer, stage) {
  if (answer.stage !== stage) throw new Error(`Order ${order.number} answered stage ${answer.stage}, expected ${stage}`);
}
