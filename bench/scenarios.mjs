import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { latencySummary, timed } from './stats.mjs';

export const COUNTS = {
  warmUp: 10,
  takeIns: 100,
  sequentialAdvances: 100,
  concurrentAdvances: 200,
  concurrentClients: 20,
  wideAdvances: 500,
  wideClients: 50,
  lifecycles: 1000,
  lifecycleClients: 20,
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
 *
 * `counter` is the staff member at the counter (and at the bench); `checker` is a second bench
 * jeweler, who passes the quality check (never the one who did the work).
 */
export async function runScenarios({ counter, checker, sms, jewelerId, steps, memory }) {
  const shop = new Shop(counter, checker, sms, jewelerId);
  await shop.warmUp();

  const takeIn = await shop.measureTakeIns();
  // Each stage change below is measured on workflows the worker still holds in its cache, as the
  // floor's are; the cold case (evicted, replayed from history) is measured on its own (b'').
  const { latency: advance, steps: stepsOfAdvance } = await shop.measureSequentialAdvances(takeIn.repairs, steps);
  const forConcurrency = await shop.takeInMany(COUNTS.concurrentAdvances);
  const throughput = await shop.measureConcurrentAdvances(forConcurrency, COUNTS.concurrentClients);
  const forWideConcurrency = await shop.takeInMany(COUNTS.wideAdvances);
  const wideThroughput = await shop.measureConcurrentAdvances(forWideConcurrency, COUNTS.wideClients);
  const coldAdvance = await shop.measureColdAdvances(takeIn.repairs.slice(0, COUNTS.textLags));
  const read = await shop.measureReads(forConcurrency.slice(0, COUNTS.reads));
  const history = await shop.measureHistories(takeIn.repairs.slice(0, COUNTS.histories));
  const { lag: textLag, idleAdvance } = await shop.measureTextLags(takeIn.repairs.slice(0, COUNTS.textLags));
  await shop.settle();
  const lifecycles = await shop.measureLifecycles(COUNTS.lifecycles, COUNTS.lifecycleClients, memory);
  await shop.settle();
  return { takeIn: takeIn.latency, advance, stepsOfAdvance, coldAdvance, idleAdvance, throughput, wideThroughput, read, history, textLag, lifecycles };
}

class Shop {
  /** Texts the shop has caused so far: one per take-in and one per piece ready. */
  textsOwed = 0;

  constructor(counter, checker, sms, jewelerId) {
    this.counter = counter;
    this.checker = checker;
    this.sms = sms;
    this.jewelerId = jewelerId;
  }

  async warmUp() {
    const repairs = await this.takeInMany(COUNTS.warmUp);
    for (const repair of repairs) {
      await this.toBench(repair);
      await this.counter('GET', `/repairs/${repair.id}`);
      await this.counter('GET', `/repairs/${repair.id}/history`);
    }
  }

  /**
   * A customer of their own for each repair: texts to one number go out one at a time, in order,
   * so hundreds of jobs of one customer would measure that rule rather than the shop.
   */
  async newCustomer() {
    return (await this.counter('POST', '/customers', aCustomer())).id;
  }

  /** One piece, with a counter estimate under the auto-approve amount: approved at take-in, one text. */
  async takeIn(customerId) {
    const ticket = await this.counter('POST', '/repairs', aSmallRepair(customerId));
    this.textsOwed += 1;
    return ticket.jobs[0];
  }

  async takeInMany(count) {
    const repairs = [];
    for (let i = 0; i < count; i += 1) repairs.push(await this.takeIn(await this.newCustomer()));
    return repairs;
  }

  /** The stage change measured: approved → in_work (assigned to the bench; no text). */
  async toBench(repair) {
    const moved = await this.counter('POST', `/repairs/${repair.id}/assign`, { jewelerId: this.jewelerId });
    expectStage(repair, moved, 'in_work');
    return moved;
  }

  /** Work finished by the jeweler, then the quality check passed by another: ready, one text. */
  async finishAndPass(repair) {
    expectStage(repair, await this.counter('POST', `/repairs/${repair.id}/work-finished`, {}), 'quality_check');
    const ready = await this.checker('POST', `/repairs/${repair.id}/quality-check/pass`, {});
    expectStage(repair, ready, 'ready_for_pickup');
    this.textsOwed += 1;
    return ready;
  }

  /** Waits until every text owed so far has arrived. */
  async settle() {
    await this.sms.atLeast(this.textsOwed, SETTLE_TIMEOUT_MS);
  }

  async measureTakeIns() {
    await this.settle();
    const samples = [];
    const repairs = [];
    for (let i = 0; i < COUNTS.takeIns; i += 1) {
      const customerId = await this.newCustomer();
      const { ms, value } = await timed(() => this.takeIn(customerId));
      samples.push(ms);
      repairs.push(value);
    }
    return { latency: latencySummary(samples), repairs };
  }

  /** One after another, with the time of each step of the path counted (`steps`, a StepClock). */
  async measureSequentialAdvances(repairs, steps) {
    await this.settle();
    const samples = [];
    steps.start();
    for (const repair of repairs.slice(0, COUNTS.sequentialAdvances)) samples.push((await timed(() => this.toBench(repair))).ms);
    return { latency: latencySummary(samples), steps: steps.stop(samples) };
  }

  /**
   * Work finished on repairs last touched before hundreds of others: their workflows have left the
   * worker's cache (500), so each stage change first replays the workflow from its history, as a
   * step on a job untouched for days does in a busy shop.
   */
  async measureColdAdvances(repairs) {
    await this.settle();
    const samples = [];
    for (const repair of repairs) {
      const { ms, value } = await timed(() => this.counter('POST', `/repairs/${repair.id}/work-finished`, {}));
      expectStage(repair, value, 'quality_check');
      samples.push(ms);
    }
    return latencySummary(samples);
  }

  /** Clients each take the next repair off a shared list until none is left. */
  async measureConcurrentAdvances(repairs, clients) {
    await this.settle();
    const queue = [...repairs];
    const samples = [];
    const client = async () => {
      for (let repair = queue.shift(); repair; repair = queue.shift()) samples.push((await timed(() => this.toBench(repair))).ms);
    };
    const { ms } = await timed(() => Promise.all(Array.from({ length: clients }, client)));
    return { ...latencySummary(samples), clients, perSecond: (samples.length / ms) * 1000, wallMs: ms };
  }

  /**
   * A day's work at scale: `count` repairs, each from a new customer at the counter through
   * take-in, the bench, the quality check and pickup (paid in full), by `clients` staff at once.
   * Memory is read before and after (the process holds the worker, the API and these clients).
   */
  async measureLifecycles(count, clients, memory) {
    const before = memory();
    let next = 0;
    const samples = [];
    const client = async () => {
      while (next < count) {
        next += 1;
        samples.push((await timed(() => this.oneRepairToPickup())).ms);
      }
    };
    const { ms } = await timed(() => Promise.all(Array.from({ length: clients }, client)));
    const after = memory();
    return { ...latencySummary(samples), clients, perSecond: (samples.length / ms) * 1000, requestsPerSecond: (samples.length * 6 * 1000) / ms, wallMs: ms, before, after };
  }

  /** Six requests: customer, take-in (auto-approved), bench, work finished, quality check, pickup. */
  async oneRepairToPickup() {
    const repair = await this.takeIn(await this.newCustomer());
    await this.toBench(repair);
    const ready = await this.finishAndPass(repair);
    const pickedUp = await this.counter('POST', `/repairs/${repair.id}/pickup`, {
      payments: [{ kind: 'balance', amount: { amountMinor: ready.amountDueMinor, currency: 'USD' }, method: 'card' }],
      confirmation: { typedName: 'M. Lopez' },
      idChecked: true,
    });
    expectStage(repair, pickedUp, 'picked_up');
  }

  async measureReads(repairs) {
    await this.settle();
    const samples = [];
    for (const repair of repairs) {
      const { ms, value } = await timed(() => this.counter('GET', `/repairs/${repair.id}`));
      expectStage(repair, value, 'in_work');
      samples.push(ms);
    }
    return latencySummary(samples);
  }

  async measureHistories(repairs) {
    await this.settle();
    const samples = [];
    for (const repair of repairs) {
      const { ms, value } = await timed(() => this.counter('GET', `/repairs/${repair.id}/history`));
      if (value.timeline.length < 8) throw new Error(`History of ${repair.number} has ${value.timeline.length} entries, expected at least 8`);
      samples.push(ms);
    }
    return latencySummary(samples);
  }

  /**
   * From the quality check's HTTP answer to the local Twilio API server receiving the "ready"
   * text. Each repair starts once the previous text is out, so these quality checks also show a
   * stage change on an otherwise idle stack.
   */
  async measureTextLags(repairs) {
    await this.settle();
    const lags = [];
    const advances = [];
    for (const repair of repairs) {
      const { ms, value } = await timed(() => this.checker('POST', `/repairs/${repair.id}/quality-check/pass`, {}));
      expectStage(repair, value, 'ready_for_pickup');
      this.textsOwed += 1;
      advances.push(ms);
      const answeredAt = performance.now();
      const isReadyText = (sms) => sms.body.includes(`(${repair.number})`) && sms.body.includes('is ready for pickup');
      lags.push((await this.sms.arrivalOf(isReadyText, TEXT_TIMEOUT_MS)) - answeredAt);
    }
    return { lag: latencySummary(lags), idleAdvance: latencySummary(advances) };
  }
}

function expectStage(repair, answer, stage) {
  if (answer.stage !== stage) throw new Error(`Repair ${repair.number} answered stage ${answer.stage}, expected ${stage}`);
}

function aCustomer() {
  return { firstName: 'Maria', lastName: 'Lopez', phone: `+1555${randomInt(1_000_000, 9_999_999)}`, email: 'maria@example.com' };
}

function aSmallRepair(customerId) {
  return {
    customerId,
    items: [
      {
        itemDescription: 'Yellow metal ring, customer stated 14k, one clear stone, worn prongs',
        workRequested: 'Size from 7 to 5.5; retip 4 prongs',
        declaredValue: { amountMinor: 125_000, currency: 'USD' },
        estimate: [{ kind: 'labour', description: 'Sizing and retipping', quantity: 1, unitMinor: 4_500 }],
      },
    ],
  };
}
