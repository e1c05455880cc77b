import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { latencySummary, timed } from './stats.mjs';

export const COUNTS = {
  warmUp: 10,
  takeIns: 100,
  sequentialAdvances: 100,
  concurrentAdvances: 200,
  concurrentClients: 20,
  reads: 100,
  histories: 50,
  textLags: 50,
};

const SETTLE_TIMEOUT_MS = 60_000;
const TEXT_TIMEOUT_MS = 15_000;

/**
 * The measurements, in order. Each step waits first until every text owed so far has reached
 * the local Twilio API server, so one step's queue backlog does not land in the next step's
 * figures; within a step, the texts of earlier operations go out while later ones run, as in a shop.
 */
export async function runScenarios({ call, sms }) {
  const shop = new Shop(call, sms);
  const customer = await call('POST', '/customers', aCustomer());
  await shop.warmUp(customer.id);

  const takeIn = await shop.measureTakeIns(customer.id);
  const forConcurrency = await shop.takeInMany(customer.id, COUNTS.concurrentAdvances);
  const advance = await shop.measureSequentialAdvances(takeIn.repairs);
  const throughput = await shop.measureConcurrentAdvances(forConcurrency);
  const read = await shop.measureReads(forConcurrency.slice(0, COUNTS.reads));
  const history = await shop.measureHistories(takeIn.repairs.slice(0, COUNTS.histories));
  const { lag: textLag, idleAdvance } = await shop.measureTextLags(takeIn.repairs.slice(0, COUNTS.textLags));
  await shop.settle();
  return { takeIn: takeIn.latency, advance, idleAdvance, throughput, read, history, textLag };
}

class Shop {
  /** Texts the shop has caused so far: one per take-in and one per stage change. */
  textsOwed = 0;

  constructor(call, sms) {
    this.call = call;
    this.sms = sms;
  }

  async warmUp(customerId) {
    const repairs = await this.takeInMany(customerId, COUNTS.warmUp);
    for (const repair of repairs) {
      await this.advance(repair, 'in_progress');
      await this.call('GET', `/repairs/${repair.id}`);
      await this.call('GET', `/repairs/${repair.id}/history`);
    }
  }

  async takeIn(customerId) {
    const repair = await this.call('POST', '/repairs', aRepair(customerId));
    this.textsOwed += 1;
    return repair;
  }

  async takeInMany(customerId, count) {
    const repairs = [];
    for (let i = 0; i < count; i += 1) repairs.push(await this.takeIn(customerId));
    return repairs;
  }

  async advance(repair, to) {
    const moved = await this.call('POST', `/repairs/${repair.id}/advance`, { to });
    if (moved.stage !== to) throw new Error(`Repair ${repair.id} answered stage ${moved.stage} after a move to ${to}`);
    this.textsOwed += 1;
    return moved;
  }

  /** Waits until every text owed so far has arrived. */
  async settle() {
    await this.sms.atLeast(this.textsOwed, SETTLE_TIMEOUT_MS);
  }

  async measureTakeIns(customerId) {
    await this.settle();
    const samples = [];
    const repairs = [];
    for (let i = 0; i < COUNTS.takeIns; i += 1) {
      const { ms, value } = await timed(() => this.takeIn(customerId));
      samples.push(ms);
      repairs.push(value);
    }
    return { latency: latencySummary(samples), repairs };
  }

  async measureSequentialAdvances(repairs) {
    await this.settle();
    const samples = [];
    for (const repair of repairs.slice(0, COUNTS.sequentialAdvances)) {
      samples.push((await timed(() => this.advance(repair, 'in_progress'))).ms);
    }
    return latencySummary(samples);
  }

  /** Clients each take the next repair off a shared list until none is left. */
  async measureConcurrentAdvances(repairs) {
    await this.settle();
    const queue = [...repairs];
    const samples = [];
    const client = async () => {
      for (let repair = queue.shift(); repair; repair = queue.shift()) {
        samples.push((await timed(() => this.advance(repair, 'in_progress'))).ms);
      }
    };
    const { ms } = await timed(() => Promise.all(Array.from({ length: COUNTS.concurrentClients }, client)));
    return { ...latencySummary(samples), perSecond: (samples.length / ms) * 1000, wallMs: ms };
  }

  async measureReads(repairs) {
    await this.settle();
    const samples = [];
    for (const repair of repairs) {
      const { ms, value } = await timed(() => this.call('GET', `/repairs/${repair.id}`));
      if (value.stage !== 'in_progress') throw new Error(`Repair ${repair.id} reads as ${value.stage}, expected in_progress`);
      samples.push(ms);
    }
    return latencySummary(samples);
  }

  async measureHistories(repairs) {
    await this.settle();
    const samples = [];
    for (const repair of repairs) {
      const { ms, value } = await timed(() => this.call('GET', `/repairs/${repair.id}/history`));
      // Received and in progress: two stage changes, two texts.
      if (value.timeline.length !== 4) throw new Error(`History of ${repair.id} has ${value.timeline.length} entries, expected 4`);
      samples.push(ms);
    }
    return latencySummary(samples);
  }

  /**
   * From the advance's HTTP answer to the local Twilio API server receiving that stage's text.
   * Each advance starts once the previous text is out, so these advances also show a stage
   * change on an otherwise idle stack.
   */
  async measureTextLags(repairs) {
    await this.settle();
    const lags = [];
    const advances = [];
    for (const repair of repairs) {
      advances.push((await timed(() => this.advance(repair, 'ready'))).ms);
      const answeredAt = performance.now();
      const isReadyText = (sms) => sms.body.includes(repair.trackingUrl) && sms.body.includes('is ready for pickup');
      lags.push((await this.sms.arrivalOf(isReadyText, TEXT_TIMEOUT_MS)) - answeredAt);
    }
    return { lag: latencySummary(lags), idleAdvance: latencySummary(advances) };
  }
}

function aCustomer() {
  return { firstName: 'Maria', lastName: 'Lopez', phone: `+1555${randomInt(1_000_000, 9_999_999)}`, email: 'maria@example.com' };
}

function aRepair(customerId) {
  return {
    customerId,
    itemDescription: 'Yellow metal ring, customer stated 14k, one clear stone, worn prongs',
    workRequested: 'Size from 7 to 5.5; retip 4 prongs',
    declaredValue: { amountMinor: 125_000, currency: 'USD' },
  };
}
