// `npm run bench`: measures Atelier on the real stack (see BENCHMARKS.md, which it rewrites).
// Run after `npm run build`: `node bench/run.mjs`. Everything it talks to is on 127.0.0.1; it
// starts its own database, key prefix, task queue and Temporal dev server and removes them.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchmarksMarkdown, describeMachine, resultRows, textTable, writeSection } from './report.mjs';
import { measureFloor } from './floor/measure.mjs';
import { MESSAGE_COUNTS, measureMessages, messagesSection, writeMessagesSection } from './messages.mjs';
import { MANAGERS_SECTION, managersSection, measureManagers } from './managers.mjs';
import { measureOrders } from './orders.mjs';
import { COUNTS, runScenarios } from './scenarios.mjs';
import { measureSearch } from './search.mjs';
import { SmsWatch } from './sms-watch.mjs';
import { staffClient } from './http-client.mjs';
import { startBenchStack } from './stack.mjs';
import { StepClock } from './steps.mjs';

const RUN_DEADLINE_MS = 50 * 60_000;
const REPORT = new URL('../BENCHMARKS.md', import.meta.url);

let stack;

async function benchmark() {
  const started = Date.now();
  const machine = describeMachine();
  log('starting the stack (database, Temporal dev server, Twilio API server, worker, API)');
  stack = await startBenchStack();
  const rssAtStart = process.memoryUsage().rss;

  log(`measuring against ${stack.baseUrl}`);
  const results = await runScenarios({
    counter: staffClient(stack.baseUrl, stack.tokens.carl),
    checker: staffClient(stack.baseUrl, stack.tokens.dina),
    jewelerId: stack.jewelerId,
    sms: new SmsWatch(stack.twilio),
    steps: new StepClock(),
    memory: () => process.memoryUsage(),
  });
  log('measuring custom orders: production steps at 1 and 20 clients, 500 orders from the consultation to the care reminder');
  results.orders = await measureOrders({
    counter: staffClient(stack.baseUrl, stack.tokens.carl),
    checker: staffClient(stack.baseUrl, stack.tokens.dina),
    owner: staffClient(stack.baseUrl, stack.tokens.owner),
    jewelerId: stack.jewelerId,
    storeId: stack.storeId,
    databaseUrl: stack.config.databaseUrl,
    memory: () => process.memoryUsage(),
  });
  log('measuring the floor: bare Temporal Updates awaiting a local activity, same server');
  results.floor = await measureFloor({
    temporalAddress: stack.temporalAddress,
    sequential: COUNTS.sequentialAdvances,
    concurrent: COUNTS.concurrentAdvances,
    clients: COUNTS.concurrentClients,
    wideConcurrent: COUNTS.wideAdvances,
    wideClients: COUNTS.wideClients,
  });
  log(`measuring search: seeding 100,000 customers and 200,000 pieces`);
  results.search = await measureSearch({ databaseUrl: stack.config.databaseUrl, call: staffClient(stack.baseUrl, stack.tokens.carl) });
  const { rss, heapUsed } = process.memoryUsage();
  log(`measuring messages: ${MESSAGE_COUNTS.pipeline.toLocaleString('en-US')} texts beside raw BullMQ, and the pace per sender number`);
  const messages = await measureMessages(stack);
  log('measuring the managers: a timeline of 200 events, then the dashboards, late lists and custody report over 100,000 finished jobs');
  const managers = await measureManagers(stack);

  const rows = resultRows(results, { rss, heapUsed, rssAtStart });
  const measuredAt = new Date().toISOString();
  writeFileSync(REPORT, benchmarksMarkdown({ measuredAt, durationMs: Date.now() - started, machine, rows, results }));
  writeMessagesSection(REPORT, messagesSection(messages, measuredAt, machine));
  writeSection(REPORT, MANAGERS_SECTION.start, MANAGERS_SECTION.end, managersSection(managers, measuredAt, machine));
  console.log(`\n${textTable(rows)}\n`);
  log(`wrote ${fileURLToPath(REPORT)}`);
}

async function stopStack() {
  const running = stack;
  stack = undefined;
  if (running) await running.stop();
}

function withDeadline(promise, ms) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the run did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function log(message) {
  console.log(`bench: ${message}`);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    stopStack().finally(() => process.exit(1));
  });
}

let exitCode = 0;
try {
  await withDeadline(benchmark(), RUN_DEADLINE_MS);
} catch (error) {
  exitCode = 1;
  console.error(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
} finally {
  try {
    await stopStack();
    log('cleaned up (API, worker, Twilio API server, Temporal dev server, database, Redis keys)');
  } catch (error) {
    exitCode = 1;
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  }
}
// Open handles (keep-alive sockets, SDK timers) must not keep a finished run alive.
process.exit(exitCode);
