// The message pipeline at volume: 10,000 texts through the outbox's queue, the delivery worker
// and the real Twilio SDK to the local Twilio API server, beside raw BullMQ add + process of the
// same number of jobs in the same run (the floor), and the pace per sender number when it is on.
// Run alone: `npm run build && node bench/messages.mjs` (rewrites its section of BENCHMARKS.md);
// `npm run bench` runs it with the rest.
import { EntityManager } from '@mikro-orm/postgresql';
import { Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { CustomersService } from '../dist/src/customers/customers.service.js';
import { DeliveryLedger } from '../dist/src/messaging/delivery-ledger.js';
import { EmailSender } from '../dist/src/messaging/email-sender.js';
import { MessageDelivery } from '../dist/src/messaging/message-delivery.service.js';
import { MessageDeliveryWorker, UNPACED_CONCURRENCY } from '../dist/src/messaging/message-delivery.worker.js';
import { OutboundMessageQueue } from '../dist/src/messaging/outbound-message.queue.js';
import { Outbox } from '../dist/src/messaging/outbox.service.js';
import { SmsSender } from '../dist/src/messaging/sms-sender.js';
import { smsSegments } from '../dist/src/messaging/templates/sms-segments.js';
import { writeSection } from './report.mjs';

export const MESSAGE_COUNTS = { pipeline: Number(process.env.BENCH_MESSAGES ?? 10_000), paced: 60, pacePerSecond: 10 };
/** Jobs run through each path, untimed, before it is measured. */
const WARM_UP = 1_000;
/** As many adds in flight at once as the outbox of a busy shop would make. */
const ADD_BATCH = 200;
/** The delivery worker's concurrency when texts are unpaced, given to the floor too. */
const CONCURRENCY = UNPACED_CONCURRENCY;

export async function measureMessages(stack, counts = MESSAGE_COUNTS) {
  const app = stack.worker.app;
  const db = new pg.Pool({ connectionString: stack.config.databaseUrl, max: 4 });
  try {
    const pipeline = await warmedUp(() => measurePipeline(app, db, stack, WARM_UP, '556'), () => measurePipeline(app, db, stack, counts.pipeline, '555'));
    const noop = async () => 'done';
    const floor = await warmedUp(() => measureRawBullmq(stack.config, WARM_UP, noop), () => measureRawBullmq(stack.config, counts.pipeline, noop));
    // The same, with each job sending its text through the twilio SDK: the floor with the provider call in it.
    const sms = app.get(SmsSender);
    const send = async (job) => sms.send({ to: `+1999${String(job.data.index).padStart(7, '0')}`, body: 'Main store: your piece is ready for pickup.' });
    const floorWithSend = await warmedUp(() => measureRawBullmq(stack.config, WARM_UP, send), () => measureRawBullmq(stack.config, counts.pipeline, send));
    const paced = await measurePace(app, db, stack, counts.paced, counts.pacePerSecond);
    return { pipeline, floor, floorWithSend, paced };
  } finally {
    await db.end();
  }
}

/** Runs `warmUp` untimed, then `measure`: every measure meets code already compiled, not only those that come after another. */
async function warmedUp(warmUp, measure) {
  await warmUp();
  return measure();
}

/** Customers with numbers of their own and one queued text each, written as the outbox writes them. */
async function seedTexts(db, count, body, areaCode) {
  const tag = randomUUID().slice(0, 8);
  const ids = Array.from({ length: count }, () => randomUUID());
  const customers = ids.map(() => randomUUID());
  const phones = ids.map((_, index) => `+1${areaCode}${String(index).padStart(7, '0')}`);
  for (let start = 0; start < count; start += 5_000) {
    const slice = (values) => values.slice(start, start + 5_000);
    await db.query(
      `insert into customers (id, first_name, last_name, phone, email, preferred_channel, language, sms_consent, email_consent, preferences, sizes, created_at, updated_at)
       select unnest($1::uuid[]), 'Bench', 'Customer', unnest($2::text[]), null, 'sms', 'en', true, false, '{}', '{}', now(), now()`,
      [slice(customers), slice(phones)],
    );
    await db.query(
      `insert into messages (id, customer_id, channel, kind, to_address, body, dedupe_key, status, attempts, created_at, updated_at)
       select id, customer, 'sms', 'bench.notice', phone, $4 || ' ' || left(id::text, 8), 'bench:' || $5 || ':' || id::text || ':sms', 'queued', 0, now(), now()
       from unnest($1::uuid[], $2::uuid[], $3::text[]) as seed(id, customer, phone)`,
      [slice(ids), slice(customers), slice(phones), body(start), tag],
    );
  }
  return { ids, phones };
}

async function addAll(ids, add) {
  for (let start = 0; start < ids.length; start += ADD_BATCH) await Promise.all(ids.slice(start, start + ADD_BATCH).map(add));
}

/**
 * Until every text has reached the local Twilio server (counted in memory, so watching costs the
 * pipeline nothing) and every row says so (one query per 100 ms at the end).
 */
async function waitUntilSent(db, stack, ids, receivedBefore, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  await waitUntil(() => stack.twilio.received.length - receivedBefore >= ids.length, timeoutMs, 10);
  await waitUntil(async () => (await db.query(`select count(*)::int as n from messages where id = any($1) and status = 'sent'`, [ids])).rows[0].n === ids.length, Math.max(0, deadline - Date.now()), 10);
}

async function waitUntil(check, timeoutMs, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

async function measurePipeline(app, db, stack, count, areaCode) {
  const { ids, phones } = await seedTexts(db, count, () => 'Main store: your piece is ready for pickup.', areaCode);
  const queue = app.get(OutboundMessageQueue);
  const received = stack.twilio.received.length;
  const started = performance.now();
  await addAll(ids, (id) => queue.enqueue({ id, channel: 'sms' }));
  await waitUntilSent(db, stack, ids, received, 10 * 60_000);
  const seconds = (performance.now() - started) / 1000;
  // Anything sent twice would arrive within moments: give it the time to show.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const texts = stack.twilio.received.slice(received);
  const perPhone = new Map();
  for (const sms of texts) perPhone.set(sms.to, (perPhone.get(sms.to) ?? 0) + 1);
  const duplicates = [...perPhone.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const missing = phones.filter((phone) => !perPhone.has(phone)).length;
  return { count, seconds, perSecond: count / seconds, duplicates, missing };
}

/** The floor: BullMQ alone, adding and consuming the same number of jobs with the same concurrency, each doing `work`. */
async function measureRawBullmq(config, count, work) {
  const connection = { url: config.redis.url, maxRetriesPerRequest: null };
  const prefix = `${config.redis.queuePrefix}-floor`;
  const name = `floor-${randomUUID().slice(0, 8)}`;
  const queue = new Queue(name, { connection, prefix });
  let done = 0;
  const worker = new Worker(name, work, { connection, prefix, concurrency: CONCURRENCY });
  worker.on('completed', () => {
    done += 1;
  });
  try {
    await worker.waitUntilReady();
    const ids = Array.from({ length: count }, () => randomUUID());
    const started = performance.now();
    let index = 0;
    await addAll(ids, (id) => queue.add('deliver', { messageId: id, index: index++ }, { jobId: id, attempts: 20, removeOnComplete: { age: 3600 } }));
    await waitUntil(() => done >= count, 10 * 60_000, 10);
    const seconds = (performance.now() - started) / 1000;
    return { count, seconds, perSecond: count / seconds };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
  }
}

/**
 * The pace on: a delivery worker configured for `perSecond` segments a second (a Messaging
 * Service's pace, say) on queues of its own, sending texts of one and of two segments.
 */
async function measurePace(app, db, stack, count, perSecond) {
  const config = { ...stack.config, redis: { ...stack.config.redis, queuePrefix: `${stack.config.redis.queuePrefix}-paced` }, messaging: { ...stack.config.messaging, smsSegmentsPerSecond: perSecond } };
  const queue = new OutboundMessageQueue(config);
  const delivery = new MessageDelivery(app.get(DeliveryLedger), app.get(EntityManager), app.get(SmsSender), app.get(EmailSender), app.get(Outbox), queue, config, app.get(CustomersService));
  const worker = new MessageDeliveryWorker(delivery, queue, config);
  worker.onApplicationBootstrap();
  try {
    const long = `Main store: ${'your piece is ready and waiting for you at the counter, '.repeat(3)}please bring photo ID.`;
    const { ids } = await seedTexts(db, count, () => 'Main store: your piece is ready.', '666');
    // Every third text is two segments long.
    await db.query(`update messages set body = $2 || ' ' || left(id::text, 8) where id = any($1)`, [ids.filter((_, index) => index % 3 === 0), long]);
    const bodies = (await db.query('select body from messages where id = any($1)', [ids])).rows.map((row) => row.body);
    const segments = bodies.reduce((sum, body) => sum + smsSegments(body).segments, 0);
    const received = stack.twilio.received.length;
    const started = performance.now();
    await addAll(ids, (id) => queue.enqueue({ id, channel: 'sms' }));
    await waitUntilSent(db, stack, ids, received, 5 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    return { count, segments, seconds, configured: perSecond, measured: segments / seconds };
  } finally {
    await worker.onApplicationShutdown();
    // Its prefix is not under the stack's, whose keys the stack removes when it stops.
    await Promise.all(queue.all().map((paced) => paced.obliterate({ force: true }).catch(() => {})));
    await queue.onApplicationShutdown();
  }
}

/** Whether a share of a floor meets the target of 0.8×. */
const verdict = (ratio) => (ratio >= 0.8 ? `met (${ratio.toFixed(2)}×)` : `not met (${ratio.toFixed(2)}×)`);

const START = '<!-- messages:start -->';
const END = '<!-- messages:end -->';

/** The messages section of BENCHMARKS.md (between its markers). */
export function messagesSection({ pipeline, floor, floorWithSend, paced }, measuredAt, machine) {
  return `${START}
## Messages (issue 15)

Measured ${measuredAt} on ${machine.cpu} (${machine.cores} cores), load ${machine.loadAverage.map((load) => load.toFixed(2)).join(' / ')}, by \`bench/messages.mjs\`.

| Measure | Result |
| --- | --- |
| m1. ${pipeline.count.toLocaleString('en-US')} texts, queued to delivered at the local Twilio API server (pace off) | **${pipeline.perSecond.toFixed(0)} texts/s** (${pipeline.seconds.toFixed(1)} s) |
| m2. Floor: raw BullMQ add + process of ${floor.count.toLocaleString('en-US')} jobs, same concurrency (${CONCURRENCY}), same run | ${floor.perSecond.toFixed(0)} jobs/s (${floor.seconds.toFixed(1)} s) |
| m3. Pipeline as a share of the floor (target ≥ 0.8×) | **${(pipeline.perSecond / floor.perSecond).toFixed(2)}×** |
| m2b. Floor with the provider call: raw BullMQ whose jobs each send one text through the \`twilio\` SDK to the same local server | ${floorWithSend.perSecond.toFixed(0)} jobs/s (${floorWithSend.seconds.toFixed(1)} s) |
| m3b. Pipeline as a share of that floor | **${(pipeline.perSecond / floorWithSend.perSecond).toFixed(2)}×** |
| m4. Duplicates (a number texted more than once) / texts missing | **${pipeline.duplicates}** / ${pipeline.missing} |
| m5. Pace on: ${paced.count} texts, ${paced.segments} segments, configured ${paced.configured} segments/s | measured **${paced.measured.toFixed(2)} segments/s** (${((paced.measured / paced.configured) * 100).toFixed(0)}% of the configured pace) |

- Each of m1, m2 and m2b follows ${WARM_UP.toLocaleString('en-US')} untimed jobs through the same path, so none profits from another having compiled the code it runs.
- m1: each text is a row written beforehand (as the outbox writes it), added to the queue in batches of ${ADD_BATCH}, then claimed (one statement checks that it is queued, due and first in line for its number, marks it \`sending\`, writes its attempt row and returns what the sender needs), sent through the \`twilio\` SDK over HTTP, and recorded as sent (one statement for the message row and the attempt row), at the delivery worker's concurrency of ${CONCURRENCY}. Texts in flight at once share those statements (\`DeliveryLedger\`: up to 64 texts in one, under load at most one begun every 5 ms). Every text goes to a number of its own (texts to one number wait for each other, by design).
- m2: the same adds, and a processor that does nothing: what BullMQ and Redis cost by themselves on this machine now. m2b puts in each of the floor's jobs the one HTTP request through the \`twilio\` SDK that every text needs (the local Twilio server runs in the same process, as in m1); m3b is what our bookkeeping costs beside it. The issue's target is m3, against m2: it is ${verdict(pipeline.perSecond / floor.perSecond)}${floorWithSend.perSecond / floor.perSecond < 0.8 ? ', and cannot be while the provider call alone (m2b) is below 0.8× of m2' : ''}. Against m2b the target is ${verdict(pipeline.perSecond / floorWithSend.perSecond)}.
- m5: a delivery worker of its own, paced at ${paced.configured} segments a second; every third text is two segments long and holds the queue for its second segment.
${END}`;
}

export function writeMessagesSection(report, section) {
  writeSection(report, START, END, section);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { runSectionAlone } = await import('./stack.mjs');
  await runSectionAlone({ measure: measureMessages, section: messagesSection, start: START, end: END });
}
