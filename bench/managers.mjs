// The managers' reads at scale: a job's timeline with 200 journal events, open and archived, beside
// the raw reads it is made of, measured in the same run. `npm run bench` runs it with the rest;
// `npm run bench:managers` alone (it rewrites the "Managers" section of BENCHMARKS.md).
import { describeMachine, writeSection } from './report.mjs';
import { measureTimeline } from './timeline.mjs';
import { staffClient } from './http-client.mjs';

const START = '<!-- managers:start -->';
const END = '<!-- managers:end -->';

export async function measureManagers(stack) {
  const timeline = await measureTimeline({
    counter: staffClient(stack.baseUrl, stack.tokens.carl),
    checker: staffClient(stack.baseUrl, stack.tokens.dina),
    jewelerId: stack.jewelerId,
    databaseUrl: stack.config.databaseUrl,
    temporalAddress: stack.temporalAddress,
    namespace: stack.config.temporal.namespace,
    archiveScheduleId: stack.worker.historyArchiveScheduleId,
  });
  return { timeline };
}

const ms = (value) => value.toFixed(1);
const latencyCells = (s) => `${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)}`;
const verdict = (p95) => (p95 < 100 ? 'under the 100 ms target' : '**over the 100 ms target**');

export function managersSection({ timeline }, measuredAt, machine) {
  const { open, archived } = timeline;
  return `${START}
## Managers (issue 16)

Measured ${measuredAt} on ${machine.cpu} (${machine.cores} cores), load ${machine.loadAverage.map((load) => load.toFixed(2)).join(' / ')}, by \`bench/managers.mjs\`.

| Measurement | N | p50 ms | p95 ms | p99 ms | max ms | Other |
| --- | --- | --- | --- | --- | --- | --- |
| t1. Timeline of an open job with ${timeline.events} journal events (GET /jobs/{id}/timeline; ${timeline.historyEvents} workflow history events) | ${latencyCells(open.api)} | ${open.entries} entries; p95 ${verdict(open.api.p95)}, **${(open.api.p95 / open.raw.p95).toFixed(2)}×** the floor's |
| T1. Floor: the workflow's history fetched with the Temporal client (every run) beside the same rows read straight from PostgreSQL | ${latencyCells(open.raw)} | |
| t2. Timeline of the same job ended and archived (PostgreSQL only) | ${latencyCells(archived.api)} | ${archived.entries} entries; p95 ${verdict(archived.api.p95)}, **${(archived.api.p95 / archived.raw.p95).toFixed(2)}×** the floor's |
| T2. Floor: the same rows (and the archived history) read straight from PostgreSQL | ${latencyCells(archived.raw)} | |

- Samples alternate: one timeline through the API (real HTTP, a staff token), then one floor read, ${open.api.n} of each after 5 warm-up pairs.
${END}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startBenchStack } = await import('./stack.mjs');
  const machine = describeMachine();
  const stack = await startBenchStack();
  let exitCode = 0;
  try {
    const results = await measureManagers(stack);
    console.log(JSON.stringify(results, null, 2));
    writeSection(new URL('../BENCHMARKS.md', import.meta.url), START, END, managersSection(results, new Date().toISOString(), machine));
  } catch (error) {
    exitCode = 1;
    console.error(error);
  } finally {
    await stack.stop();
  }
  process.exit(exitCode);
}
