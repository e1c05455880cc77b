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
export function resultRows({ takeIn, advance, idleAdvance, throughput, read, history, textLag, floor, search }, memory) {
  const latency = (name, s, other = '') => [name, s.n, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), other];
  return [
    latency('a. Take-in (POST /repairs), sequential', takeIn),
    latency('b. Stage change (POST /repairs/{id}/assign: approved → at the bench), sequential', advance),
    latency("b'. Stage change (POST /repairs/{id}/quality-check/pass: → ready), each after the previous text was out", idleAdvance),
    latency(`c. Stage change, ${COUNTS.concurrentClients} concurrent clients`, throughput, `**${throughput.perSecond.toFixed(1)} stage changes/s** (${(throughput.wallMs / 1000).toFixed(2)} s wall)`),
    latency('d. Read (GET /repairs/{id}, workflow query)', read),
    latency('e. History (GET /repairs/{id}/history)', history),
    latency('f. Text delivery lag (quality check answered → Twilio API received)', textLag),
    latency('F1. Floor: bare Update awaiting a local activity, sequential', floor.sequential),
    latency(`F2. Floor: bare Update, ${COUNTS.concurrentClients} concurrent clients`, floor.concurrent, `**${floor.concurrent.perSecond.toFixed(1)} updates/s**`),
    ...search.queries.flatMap((query, index) => [
      latency(`s${index + 1}. Search: ${query.name}, through the API`, query.api, `${query.hits} hits; p95 **${(query.api.p95 / query.raw.p95).toFixed(1)}×** the same statements'`),
      latency(`S${index + 1}. Floor: the same statements straight to PostgreSQL`, query.raw),
    ]),
    ['g. Memory of the process (API + worker) after the run', '', '', '', '', '', `RSS ${mib(memory.rss)} MiB, heap used ${mib(memory.heapUsed)} MiB (RSS after start-up ${mib(memory.rssAtStart)} MiB)`],
  ];
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

export function floorComparison({ advance, idleAdvance, throughput, floor }) {
  const base = floor.sequential.p50;
  const ratio = (p50) => `${(p50 / base).toFixed(1)}× the floor's p50 of ${ms(base)} ms (${ms(p50 - base)} ms more)`;
  return [
    `- Sequential stage change (b): p50 ${ms(advance.p50)} ms, ${ratio(advance.p50)}; p99 ${ms(advance.p99)} ms, ${(advance.p99 / floor.sequential.p99).toFixed(1)}× the floor's p99 of ${ms(floor.sequential.p99)} ms. Each change shares the process with earlier texts going out.`,
    `- Quality check on an idle stack (b'): p50 ${ms(idleAdvance.p50)} ms, ${ratio(idleAdvance.p50)}; it also writes the QC journal entry and queues the "ready" text.`,
    `- At ${COUNTS.concurrentClients} concurrent clients (c): ${throughput.perSecond.toFixed(1)} stage changes/s against the floor's ${floor.concurrent.perSecond.toFixed(1)} updates/s ` +
      `(${((throughput.perSecond / floor.concurrent.perSecond) * 100).toFixed(0)}% of it; p50 ${(throughput.p50 / floor.concurrent.p50).toFixed(1)}×, p99 ${(throughput.p99 / floor.concurrent.p99).toFixed(1)}× the floor's), with the clients, API, worker and every text's work sharing the same cores.`,
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
- \`SMS_PER_SECOND=1000\`, so the queue's pace (1/s in production, a US long code) does not dominate the text delivery lag.
- All requests are real HTTP (\`fetch\`, keep-alive) with a staff bearer token, after a warm-up of ${COUNTS.warmUp} take-ins, stage changes, reads and histories.
- Before each step the run waits until every text owed so far has arrived, so one step's backlog does not weigh on the next;
  within a step, the texts of earlier operations are sent while later ones run, as in a shop.

## Results

${markdownTable(rows)}

- a: ${COUNTS.takeIns} take-ins one after another, each for a new customer (created beforehand, not timed) (row written, workflow started; the answer is built from the row).
- Every take-in has a counter estimate under the store's auto-approve amount, so it is approved at once (one text: received).
- b: ${COUNTS.sequentialAdvances} of those repairs assigned to the bench (approved → in work, no text), one after another.
- c: ${COUNTS.concurrentAdvances} other repairs (taken in beforehand, not timed) assigned to the bench by ${COUNTS.concurrentClients} clients at once.
- d, e: repairs at the bench; the history holds the take-in, the estimate, its approval, the assignment, custody moves and the text.
- b', f: ${COUNTS.textLags} of the repairs of b finished by one jeweler and passed by another (→ ready for pickup), one after another, each waiting for its text before the next.
- Percentiles are nearest-rank over the samples of that row.

## Search

${SEARCH_COUNTS.customers.toLocaleString('en-US')} customers and ${SEARCH_COUNTS.pieces.toLocaleString('en-US')} pieces seeded in SQL (took ${(results.search.seedMs / 1000).toFixed(0)} s, with
\`VACUUM ANALYZE\` as autovacuum would leave them); each query ${SEARCH_COUNTS.samplesPerQuery} times through the API (\`GET /customers?q=\`, \`GET /pieces?q=\`:
HTTP, staff auth, validation, the keyset-paged search, JSON), each time followed by the very statements the app sends
(taken from its search code: for pieces, the dictionary lookup of the typed words, then the page) straight to PostgreSQL
on one connection: rows s and S. Target: p95 under 50 ms through the API.

${searchVerdict(results.search)}

## Floor

Measured in this same run on the same Temporal dev server (\`bench/floor/\`, rows F1 and F2): a workflow whose Update
handler awaits one local activity that does nothing. Our stage change is that plus HTTP, staff auth, a database read of
the job, the Update's rule checks and a local-activity journal write (the job's events and its projection row, one transaction):

${floorComparison(results)}
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
