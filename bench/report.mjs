import os from 'node:os';
import { COUNTS } from './scenarios.mjs';

/** The raw figures of bare Temporal and BullMQ measured on this machine kind (environment notes). */
const FLOOR = {
  stateOnlyUpdateP50Ms: 12,
  localActivityUpdateP50Ms: 20,
  localActivityUpdatesPerSecondAt20: 68,
  normalActivityUpdateP50Ms: 100,
  bullmqNoOpJobsPerSecond: 11_500,
};

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
export function resultRows({ takeIn, advance, idleAdvance, throughput, read, history, textLag }, memory) {
  const latency = (name, s, other = '') => [name, s.n, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), other];
  return [
    latency('a. Take-in (POST /repairs), sequential', takeIn),
    latency('b. Stage change (POST /repairs/{id}/advance), sequential', advance),
    latency("b'. Stage change, sequential, each after the previous text was out", idleAdvance),
    latency(`c. Stage change, ${COUNTS.concurrentClients} concurrent clients`, throughput, `**${throughput.perSecond.toFixed(1)} advances/s** (${(throughput.wallMs / 1000).toFixed(2)} s wall)`),
    latency('d. Read (GET /repairs/{id}, workflow query)', read),
    latency('e. History (GET /repairs/{id}/history)', history),
    latency('f. Text delivery lag (advance answered → Twilio API received)', textLag),
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

export function floorComparison({ advance, idleAdvance, throughput }) {
  const floor = FLOOR.localActivityUpdateP50Ms;
  const versus = (p50) => `${p50 >= floor ? `${ms(p50 - floor)} ms above` : `${ms(floor - p50)} ms below`} the ${floor} ms floor (${(p50 / floor).toFixed(1)}×)`;
  return [
    `- Sequential stage change (b): p50 ${ms(advance.p50)} ms, ${versus(advance.p50)} of a bare Update awaiting a local activity; ` +
      'here each advance shares the process with the previous one\'s text going out (notify activity, queue, Twilio call).',
    `- Sequential stage change on an idle stack (b'): p50 ${ms(idleAdvance.p50)} ms, ${versus(idleAdvance.p50)}` +
      (idleAdvance.p50 >= floor ? '; the gap is what HTTP, auth, the database reads and a real projection write add.' : ', within run-to-run noise of it.'),
    `- Stage changes at ${COUNTS.concurrentClients} concurrent clients (c): ${throughput.perSecond.toFixed(1)} advances/s against the floor's ~${FLOOR.localActivityUpdatesPerSecondAt20} updates/s ` +
      `(${Math.round((throughput.perSecond / FLOOR.localActivityUpdatesPerSecondAt20) * 100)}% of it), with the clients, API, worker and every text's work sharing the same 2 cores.`,
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

- a: one customer, ${COUNTS.takeIns} take-ins one after another (row written, workflow started; the answer is built from the row).
- b: ${COUNTS.sequentialAdvances} of those repairs moved received → in progress, one after another.
- c: ${COUNTS.concurrentAdvances} other repairs (taken in beforehand, not timed) moved received → in progress by ${COUNTS.concurrentClients} clients at once.
- d, e: repairs in progress; the history has two stage changes and two texts.
- b', f: ${COUNTS.textLags} of the repairs of b moved in progress → ready one after another, each waiting for its text before the next.
- Percentiles are nearest-rank over the samples of that row.

## Floor

Raw figures measured on this machine kind (environment notes): an Update whose handler only sets state: p50 ${FLOOR.stateOnlyUpdateP50Ms} ms at 1 client;
an Update awaiting a local activity: p50 ${FLOOR.localActivityUpdateP50Ms} ms at 1 client, ~${FLOOR.localActivityUpdatesPerSecondAt20} updates/s at 20 concurrent clients;
an Update awaiting a normal activity: p50 ~${FLOOR.normalActivityUpdateP50Ms} ms; BullMQ ~${FLOOR.bullmqNoOpJobsPerSecond.toLocaleString('en-US')} no-op jobs/s.

Our stage change is HTTP + auth + a database read + an Update whose handler awaits the local-activity projection write
(+ a database refresh for the answer):

${floorComparison(results)}
`;
}

function ms(value) {
  return value.toFixed(1);
}

function mib(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}
