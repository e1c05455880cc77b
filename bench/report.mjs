import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { COUNTS } from './scenarios.mjs';
import { SEARCH_COUNTS } from './search.mjs';

export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg(),
  };
}

/** One row per figure: [measurement, N, p50, p95, p99, max, other]. */
export function resultRows({ takeIn, advance, coldAdvance, idleAdvance, throughput, wideThroughput, read, history, textLag, lifecycles, orders, floor, search }, memory) {
  const latency = (name, s, other = '') => [name, s.n, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), other];
  const perSecond = (ours, raw, unit) => `**${ours.perSecond.toFixed(1)} ${unit}/s**, ${percent(ours.perSecond / raw.perSecond)} of the floor's; ${ratios(ours, raw)}`;
  return [
    latency('a. Take-in (POST /repairs), sequential', takeIn),
    latency('b. Stage change (POST /repairs/{id}/assign: approved → at the bench), sequential', advance, ratios(advance, floor.sequential)),
    latency("b''. Stage change on a job untouched since 700 others (POST /repairs/{id}/work-finished: its workflow evicted from the cache, replayed)", coldAdvance, ratios(coldAdvance, floor.sequential)),
    latency("b'. Stage change (POST /repairs/{id}/quality-check/pass: → ready), each after the previous text was out", idleAdvance, ratios(idleAdvance, floor.sequential)),
    latency(`c. Stage change, ${throughput.clients} concurrent clients`, throughput, perSecond(throughput, floor.concurrent, 'stage changes')),
    latency(`c'. Stage change, ${wideThroughput.clients} concurrent clients`, wideThroughput, perSecond(wideThroughput, floor.wide, 'stage changes')),
    latency('d. Read (GET /repairs/{id}, workflow query)', read),
    latency('e. History (GET /repairs/{id}/history)', history),
    latency('f. Text delivery lag (quality check answered → Twilio API received)', textLag),
    latency(
      `h. ${lifecycles.n.toLocaleString('en-US')} repairs from take-in to pickup (6 requests each), ${lifecycles.clients} clients: time per repair`,
      lifecycles,
      `**${lifecycles.perSecond.toFixed(1)} repairs/s** (${lifecycles.requestsPerSecond.toFixed(0)} requests/s, ${(lifecycles.wallMs / 1000).toFixed(0)} s wall); RSS ${mib(lifecycles.before.rss)} → ${mib(lifecycles.after.rss)} MiB, heap used ${mib(lifecycles.before.heapUsed)} → ${mib(lifecycles.after.heapUsed)} MiB`,
    ),
    latency('o1. Order stage change (POST /orders/{id}/steps/{key}/start: a step at the bench), sequential', orders.sequential, ratios(orders.sequential, floor.sequential)),
    latency(`o2. Order stage change, ${orders.concurrent.clients} concurrent clients`, orders.concurrent, perSecond(orders.concurrent, floor.concurrent, 'stage changes')),
    latency(
      `o3. ${orders.toFollowUp.n} orders from the consultation to delivery (14 requests each), ${orders.toFollowUp.clients} clients: time per order`,
      orders.toFollowUp,
      `**${orders.toFollowUp.perSecond.toFixed(1)} orders/s** (${orders.toFollowUp.requestsPerSecond.toFixed(0)} requests/s, ${(orders.toFollowUp.wallMs / 1000).toFixed(0)} s wall); every care reminder done ${(orders.toFollowUp.followUpsDoneMs / 1000).toFixed(1)} s later; RSS ${mib(orders.toFollowUp.before.rss)} → ${mib(orders.toFollowUp.after.rss)} MiB`,
    ),
    latency('F1. Floor: bare Update awaiting a local activity, sequential', floor.sequential),
    latency(`F2. Floor: bare Update, ${floor.concurrent.clients} concurrent clients`, floor.concurrent, `**${floor.concurrent.perSecond.toFixed(1)} updates/s**`),
    latency(`F3. Floor: bare Update, ${floor.wide.clients} concurrent clients`, floor.wide, `**${floor.wide.perSecond.toFixed(1)} updates/s**`),
    ...search.queries.flatMap((query, index) => [
      latency(`s${index + 1}. Search: ${query.name}, through the API`, query.api, `${query.hits} hits; p95 **${(query.api.p95 / query.raw.p95).toFixed(1)}×** the same statements'`),
      latency(`S${index + 1}. Floor: the same statements straight to PostgreSQL`, query.raw),
    ]),
    ['g. Memory of the process (API + worker + the clients) after the run', '', '', '', '', '', `RSS ${mib(memory.rss)} MiB, heap used ${mib(memory.heapUsed)} MiB (RSS after start-up ${mib(memory.rssAtStart)} MiB)`],
  ];
}

/** Ours over the floor at p50 and p99. */
function ratios(ours, raw) {
  return `p50 **${(ours.p50 / raw.p50).toFixed(2)}×**, p99 **${(ours.p99 / raw.p99).toFixed(2)}×** the floor's`;
}

function percent(fraction) {
  return `${(fraction * 100).toFixed(0)}%`;
}

/** The stage change's path, step by step (means per change, from bench/steps.mjs). */
export function stepsTable({ meanMs, steps }) {
  const rows = steps.map((step) => `| ${step.name.trim()} | ${ms(step.meanMs)} | ${step.name.startsWith('  ') ? '(inside or beside the Update above)' : percent(step.meanMs / meanMs)} |`);
  return ['| Step | mean ms | share |', '| --- | --- | --- |', ...rows, `| **whole stage change (b)** | **${ms(meanMs)}** | 100% |`].join('\n');
}

const HEADER = ['Measurement', 'N', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'Other'];

export function markdownTable(rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The table as plain aligned text for the terminal. */
export function textTable(rows) {
  const all = [HEADER, ...rows.map((row) => row.map((cell) => String(cell).replaceAll('**', '')))];
  const widths = HEADER.map((_, column) => Math.max(...all.map((row) => String(row[column]).length)));
  return all.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

/** The targets: p50 within 1.3× and p99 within 1.5× of the floor, at 1 and at 20 clients. */
export function floorComparison({ advance, throughput, wideThroughput, orders, floor }) {
  const verdict = (name, ours, raw) => {
    const p50 = ours.p50 / raw.p50;
    const p99 = ours.p99 / raw.p99;
    const met = p50 <= 1.3 && p99 <= 1.5;
    return `- ${name}: p50 ${ms(ours.p50)} ms against ${ms(raw.p50)} ms (${p50.toFixed(2)}×), p99 ${ms(ours.p99)} ms against ${ms(raw.p99)} ms (${p99.toFixed(2)}×): target ${met ? 'met' : 'missed'}.`;
  };
  return [
    verdict('One client (b against F1)', advance, floor.sequential),
    verdict(`${throughput.clients} clients (c against F2)`, throughput, floor.concurrent),
    verdict('Orders, one client (o1 against F1)', orders.sequential, floor.sequential),
    verdict(`Orders, ${orders.concurrent.clients} clients (o2 against F2)`, orders.concurrent, floor.concurrent),
    `- ${wideThroughput.clients} clients (c' against F3, no target): ${percent(wideThroughput.perSecond / floor.wide.perSecond)} of the floor's throughput, p50 ${(wideThroughput.p50 / floor.wide.p50).toFixed(2)}×, p99 ${(wideThroughput.p99 / floor.wide.p99).toFixed(2)}×.`,
  ].join('\n');
}

export function benchmarksMarkdown({ measuredAt, durationMs, machine, rows, results }) {
  return `# Atelier benchmarks

Measured ${measuredAt} by \`npm run bench\` (\`bench/run.mjs\`), which overwrites this file; took ${(durationMs / 1000).toFixed(0)} s.

## Machine

- CPU: ${machine.cpu}, ${machine.cores} cores
- Memory: ${machine.memoryGiB.toFixed(1)} GiB
- OS: ${machine.os}
- Node: ${machine.node}
- Load average when the run started (1/5/15 min): ${machine.loadAverage.map((load) => load.toFixed(2)).join(' / ')}

## What runs where

- One Node process holds the benchmark's HTTP clients, the API (NestJS on Fastify, listening on 127.0.0.1) and the worker
  (the Temporal worker and the BullMQ message delivery consumer), as in the tests.
- The Temporal dev server (the \`temporal\` CLI, SQLite in memory) runs as a child process.
- PostgreSQL (a fresh database, migrated) and Redis (a key prefix of its own) are the machine's, on 127.0.0.1.
- Texts go through the real \`twilio\` SDK to the local Twilio API server in the same process.
- \`SMS_SEGMENTS_PER_SECOND=0\` (unpaced), so the queue's pace (1 segment/s in production, a US long code) does not dominate the text delivery lag.
- All requests are real HTTP (\`fetch\`, keep-alive) with a staff bearer token, after a warm-up of ${COUNTS.warmUp} take-ins, stage changes, reads and histories.
- Before each step the run waits until every text owed so far has arrived, so one step's backlog does not weigh on the next;
  within a step, the texts of earlier operations are sent while later ones run, as in a shop.

## Results

${markdownTable(rows)}

- a: ${COUNTS.takeIns} take-ins one after another, each for a new customer (created beforehand, not timed) (row written, workflow started; the answer is built from the row).
- Every take-in has a counter estimate under the store's auto-approve amount, so it is approved at once (one text: received).
- b: ${COUNTS.sequentialAdvances} of those repairs assigned to the bench (approved → in work, no text), one after another.
- c, c': ${COUNTS.concurrentAdvances} and ${COUNTS.wideAdvances} other repairs (taken in beforehand, not timed) assigned to the bench by ${COUNTS.concurrentClients} and ${COUNTS.wideClients} clients at once.
- d, e: repairs at the bench; the history holds the take-in, the estimate, its approval, the assignment, custody moves and the text.
- b'': ${COUNTS.textLags} of the repairs of b, after the ${COUNTS.concurrentAdvances + COUNTS.wideAdvances} repairs of c and c': work finished (→ quality check). The worker keeps 500 workflows in memory;
  these were evicted, so each change first replays its workflow from the history (fetched from Temporal).
- b', f: the same repairs, now back in the cache, passed by another jeweler (→ ready for pickup), one after another, each waiting for its text before the next.
- b, c and c' run on workflows still in the worker's cache (each set taken in just before it), as the floor's are.
- h: ${COUNTS.lifecycles.toLocaleString('en-US')} repairs, each for a new customer: the customer added, taken in (auto-approved), assigned, work finished,
  quality check passed by another jeweler, picked up and paid; ${COUNTS.lifecycleClients} clients at once, each taking the next repair when done. Three texts
  each (received, ready, picked up) go out meanwhile. Memory is the whole process (worker, API and the clients), before and after.
- o1, o2: custom orders taken, designed, approved, paid and put into production beforehand (not timed), then their first step started
  at the bench (an Update that moves the piece and writes the journal, like b). o3: orders each for a new customer, through three
  production steps, a quality check by another jeweler and a paid pickup; the thank-you and the care reminder follow by the
  workflows' own timers (1 s and 2 s in this run), and the run waits until every order has had both.
- Ratios are ours over the floor measured in this run (rows F): the same percentile, the same number of clients.
- Percentiles are nearest-rank over the samples of that row.

## Search

${SEARCH_COUNTS.customers.toLocaleString('en-US')} customers and ${SEARCH_COUNTS.pieces.toLocaleString('en-US')} pieces seeded in SQL (took ${(results.search.seedMs / 1000).toFixed(0)} s, with
\`VACUUM ANALYZE\` as autovacuum would leave them); each query ${SEARCH_COUNTS.samplesPerQuery} times through the API (\`GET /customers?q=\`, \`GET /pieces?q=\`:
HTTP, staff auth, validation, the keyset-paged search, JSON), each time followed by the very statements the app sends
(taken from its search code: for pieces, the dictionary lookup of the typed words, then the page) straight to PostgreSQL
on one connection: rows s and S. Target: p95 under 50 ms through the API.

${searchVerdict(results.search)}

## Floor

Measured in this same run on the same Temporal dev server (\`bench/floor/\`, rows F): a workflow whose Update handler
awaits one local activity that does nothing. Our stage change is that plus HTTP, staff auth, the store check, a read of
the repair, the Update's rule checks, a local-activity journal write (the job's events, its audit entry, its projection
row and items: one SQL statement) and the answer. Targets (issue 13): p50 within 1.3× and p99 within 1.5× of the floor.

${floorComparison(results)}

## Where a stage change's time goes

Each step of the sequential stage change (b) timed in the same run (\`bench/steps.mjs\` wraps the methods; nothing in
the product is changed for it); means per stage change:

${stepsTable(results.stepsOfAdvance)}
`;
}

function searchVerdict(search) {
  const over = search.queries.map((query, index) => ({ ...query, row: `s${index + 1}` })).filter((query) => query.api.p95 >= 50);
  if (over.length === 0) return '- Every search met the target in this run.';
  return over
    .map((query) => `- ${query.row} (${query.name}) missed it: p95 ${ms(query.api.p95)} ms, ${ms(query.raw.p95)} ms of it in PostgreSQL, which must rank every piece the words match before it can return the best 25.`)
    .join('\n');
}

function ms(value) {
  return value.toFixed(1);
}

function mib(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}

/** Replaces the part of the report between `start` and `end` (markers included) with `section`, or appends it. */
export function writeSection(report, start, end, section) {
  const current = readFileSync(report, 'utf8');
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next = from >= 0 && to > from ? `${current.slice(0, from)}${section}${current.slice(to + end.length)}` : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(report, next);
}
