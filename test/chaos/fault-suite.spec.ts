import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ChaosStack, startChaosStack } from '../support/chaos/chaos-stack.js';
import { STAFF } from '../support/test-config.js';
import { type ClerkTally, CounterClerk } from '../support/chaos/counter-clerk.js';
import { type FaultLog, playFaults } from '../support/chaos/fault-plan.js';
import { eventually } from '../support/eventually.js';
import { sql } from '../support/sql.js';

/** `npm run chaos` drives 60 repairs through two or more rounds of faults; `npm test`, a short run. */
const REPAIRS = Number(process.env.CHAOS_REPAIRS ?? 12);
const CLERKS = 4;
/** Take-ins are spread over this long, so faults meet work in flight (a round of faults lasts ~30 s). */
const FULL_RUN = REPAIRS >= 60;
const DRIVE_MS = FULL_RUN ? 70_000 : 30_000;
const TEXTS = ['we have your piece', 'ready for pickup', 'thank you for collecting'] as const;
/** The same notices by email (every other customer prefers email), by subject. */
const EMAILS = ['We have your piece', 'is ready for pickup', 'Thank you for collecting'] as const;

interface DrivenRepair {
  phone: string;
  /** Set for a customer who prefers email. */
  email?: string;
  repairId: string;
  number: string;
}

/**
 * The fault suite: repairs taken in and advanced at once, then to ready, by clerks who retry as a
 * real client would, while the worker, the API and Temporal are killed with SIGKILL and restarted,
 * Redis is flushed and restarted without its data while texts wait, and Twilio answers 500, 429,
 * or accepts and drops the connection. Afterwards every repair must be in its requested stage,
 * projection and workflow must agree, and every customer must have each text once, in order.
 */
describe(`fault suite (${REPAIRS} repairs)`, () => {
  let stack: ChaosStack;

  beforeAll(async () => {
    stack = await startChaosStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('loses no stage change and sends every text exactly once, in order, through crashes and outages', async () => {
    const tally: ClerkTally = { requests: 0, unavailable: 0, untruthful: [] };
    const faults: FaultLog = { played: [] };
    const driven: DrivenRepair[] = [];
    let next = 0;
    const startedAt = Date.now();

    const clerk = async () => {
      const counter = new CounterClerk(stack.apiUrl, stack.staffTokens, tally);
      while (next < REPAIRS) {
        const index = next++;
        await sleep(Math.max(0, startedAt + (index * DRIVE_MS) / REPAIRS - Date.now()));
        const phone = `+1555${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
        const email = index % 2 === 1 ? `chaos-${index}-${randomInt(0, 1_000_000)}@example.com` : undefined;
        const customerId = await counter.createCustomer(phone, email);
        const repair = await counter.takeIn(customerId, `chaos-${index}-${phone}`);
        const key = (step: string) => `${step}-${repair.id}`;
        // Straight to the bench: the action that used to be undone when it came with the take-in.
        await counter.act(repair.id, 'assign', { jewelerId: STAFF.carl.id }, 'counter', key('assign'), 'in_work');
        await sleep(randomInt(200, 1_500));
        await counter.act(repair.id, 'work-finished', {}, 'carl', key('finish'), 'quality_check');
        await counter.act(repair.id, 'quality-check/pass', {}, 'dina', key('qc'), 'ready_for_pickup');
        await sleep(randomInt(200, 1_500));
        const balance = { payments: [{ kind: 'balance', amount: { amountMinor: 4_500, currency: 'USD' }, method: 'card' }], confirmation: { typedName: 'Chaos Test' }, idChecked: false };
        await counter.act(repair.id, 'pickup', balance, 'counter', key('pickup'), 'picked_up');
        driven.push({ phone, email, repairId: repair.id, number: repair.number });
      }
    };
    const clerks = Promise.all(Array.from({ length: CLERKS }, clerk));
    let clerksDone = false;
    void clerks.finally(() => (clerksDone = true));
    // The short run plays one round of faults; the full run keeps playing rounds while clerks work.
    await Promise.all([clerks, playFaults(stack, () => FULL_RUN && !clerksDone, faults)]);

    // Every text owed is out, or the suite says which are not.
    const owed = REPAIRS * TEXTS.length;
    const statuses = await eventually(
      () => sql<{ status: string; n: string }>(stack.database.url, 'select status, count(*) as n from messages group by status'),
      (rows) => rows.length === 1 && rows[0].status === 'sent' && Number(rows[0].n) === owed,
      Math.max(60_000, REPAIRS * 3_000),
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nworker output:\n${stack.worker.tail()}`);
    });
    // Anything sent twice would arrive within the retry delays: give it the time to show.
    await sleep(3_000);

    const temporal = await stack.temporalClient();
    // A workflow whose last task died with a worker finishes once another worker takes it.
    await eventually(
      () => Promise.all(driven.map(({ repairId }) => temporal.workflow.getHandle(`repair-${repairId}`).describe().then((d) => d.status.name))),
      (statuses) => statuses.every((status) => status === 'COMPLETED'),
      60_000,
    ).catch(() => undefined);
    let inRequestedStage = 0;
    let projectionAgrees = 0;
    let textsOnce = 0;
    let textsInOrder = 0;
    const problems: string[] = [];
    for (const { phone, email, repairId, number } of driven) {
      const [row] = await sql<{ stage: string; stage_sequence: number }>(stack.database.url, 'select stage, stage_sequence from jobs where id = $1', [repairId]);
      const handle = temporal.workflow.getHandle(`repair-${repairId}`);
      const { status } = await handle.describe();
      const live = await handle.query<{ stage: string; journalSequence: number }>('getState');
      if (live.stage === 'picked_up' && status.name === 'COMPLETED') inRequestedStage += 1;
      else problems.push(`repair ${repairId}: workflow ${status.name} in ${live.stage}`);
      if (row.stage === live.stage && row.stage_sequence === live.journalSequence) projectionAgrees += 1;
      else problems.push(`repair ${repairId}: projection ${row.stage}/${row.stage_sequence}, workflow ${live.stage}/${live.journalSequence}`);

      // A customer who prefers email sees each email once: copies of one Message-ID (a resend after a dropped connection) are one email.
      const emails = email ? [...new Map(stack.smtp.sentTo(email).map((sent) => [sent.messageId, sent.subject])).values()] : [];
      const texts = email ? emails : stack.twilio.sentTo(phone).map((sms) => sms.body);
      if (email && stack.twilio.sentTo(phone).length > 0) problems.push(`customer ${email}: also texted`);
      const expected: string[] = email ? [...EMAILS] : [...TEXTS];
      const received = texts.map((body) => expected.find((fragment) => body.includes(fragment)) ?? body);
      if (texts.length === 3 && new Set(received).size === 3 && texts.every((body) => body.includes(number))) textsOnce += 1;
      else problems.push(`customer ${email ?? phone}: messages ${JSON.stringify(received)}`);
      if (JSON.stringify(received) === JSON.stringify(expected)) textsInOrder += 1;
      else problems.push(`customer ${email ?? phone}: order ${JSON.stringify(received)}`);
    }

    const kills = ['worker', 'api', 'temporal', 'redis'].map((name) => `${name} ${stack[name as 'worker'].kills}`).join(', ');
    process.stdout.write(
      [
        `\nfault suite: ${REPAIRS} repairs, ${REPAIRS * 4} actions after take-in, ${owed} texts owed; ${faults.played.length} faults played`,
        `  SIGKILLs: ${kills}; Redis flushed ${stack.redisFlushes} times; Twilio refusals ${stack.twilio.faultsPlayed.refuse}, accepted then dropped ${stack.twilio.faultsPlayed.accept_then_drop}; SMTP refusals ${stack.smtp.faultsPlayed.refuse}, accepted then dropped ${stack.smtp.faultsPlayed.accept_then_drop}`,
        `  clients: ${tally.requests} requests, ${tally.unavailable} unanswered or 503 (retried), ${tally.untruthful.length} 200s showing another stage than the action's`,
        `  repairs in their requested stage: ${inRequestedStage}/${REPAIRS}; projection agrees with workflow: ${projectionAgrees}/${REPAIRS}`,
        `  customers with each text or email exactly once (every other one by email): ${textsOnce}/${REPAIRS}; in stage order: ${textsInOrder}/${REPAIRS}; messages ${JSON.stringify(statuses)}`,
        '',
      ].join('\n'),
    );

    expect(driven).toHaveLength(REPAIRS);
    expect(faults.played.length).toBeGreaterThanOrEqual(8);
    expect(stack.twilio.faultsPlayed.accept_then_drop).toBeGreaterThanOrEqual(1);
    expect(stack.smtp.faultsPlayed.accept_then_drop + stack.smtp.faultsPlayed.refuse).toBeGreaterThanOrEqual(1);
    expect(stack.redisFlushes).toBeGreaterThanOrEqual(1);
    expect(tally.untruthful).toEqual([]);
    expect(problems).toEqual([]);
    expect({ inRequestedStage, projectionAgrees, textsOnce, textsInOrder }).toEqual({
      inRequestedStage: REPAIRS,
      projectionAgrees: REPAIRS,
      textsOnce: REPAIRS,
      textsInOrder: REPAIRS,
    });
  }, 900_000);
});
