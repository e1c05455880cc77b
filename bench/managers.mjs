// The managers' reads at scale, each beside the raw reads it is made of in the same run: a job's
// timeline with 200 journal events (open and archived), then the dashboards, late lists and custody
// report over 100,000 finished jobs. `npm run bench` runs it with the rest; `npm run bench:managers`
// alone (it rewrites the "Managers" section of BENCHMARKS.md).
import { DASHBOARD_COUNTS, dashboardRows, measureDashboards } from './dashboards.mjs';
import { markdownTable } from './report.mjs';
import { measureTimeline } from './timeline.mjs';
import { staffClient } from './http-client.mjs';

export const MANAGERS_SECTION = { start: '<!-- managers:start -->', end: '<!-- managers:end -->' };
const { start: START, end: END } = MANAGERS_SECTION;

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
  console.log(`bench: seeding ${DASHBOARD_COUNTS.finishedJobs.toLocaleString('en-US')} finished jobs in ${DASHBOARD_COUNTS.stores} stores for the dashboards`);
  const dashboards = await measureDashboards({ databaseUrl: stack.config.databaseUrl, call: staffClient(stack.baseUrl, stack.tokens.owner) });
  return { timeline, dashboards };
}

const ms = (value) => value.toFixed(1);
const latencyCells = (s) => `${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)}`;
const verdict = (p95) => (p95 < 100 ? 'under the 100 ms target' : '**over the 100 ms target**');

export function managersSection({ timeline, dashboards }, measuredAt, machine) {
  const { open, moving, archived } = timeline;
  return `${START}
## Managers (issue 16)

Measured ${measuredAt} on ${machine.cpu} (${machine.cores} cores), load ${machine.loadAverage.map((load) => load.toFixed(2)).join(' / ')}, by \`bench/managers.mjs\`.

| Measurement | N | p50 ms | p95 ms | p99 ms | max ms | Other |
| --- | --- | --- | --- | --- | --- | --- |
| t1. Timeline of an open job with ${timeline.events} journal events (GET /jobs/{id}/timeline; ${timeline.historyEvents} workflow history events) | ${latencyCells(open.api)} | ${open.entries} entries; p95 ${verdict(open.api.p95)}, **${(open.api.p95 / open.raw.p95).toFixed(2)}×** the floor's |
| T1. Floor: the workflow's history fetched with the Temporal client (every run) beside the same rows read straight from PostgreSQL | ${latencyCells(open.raw)} | |
| t1'. The same job read after each move of its piece (each read finds new events in its history) | ${latencyCells(moving.api)} | ${moving.entries} entries at the end; p95 ${verdict(moving.api.p95)}, **${(moving.api.p95 / moving.raw.p95).toFixed(2)}×** the floor's |
| T1'. Floor: as T1, after the same moves | ${latencyCells(moving.raw)} | |
| t2. Timeline of the same job ended and archived (PostgreSQL only) | ${latencyCells(archived.api)} | ${archived.entries} entries; p95 ${verdict(archived.api.p95)}, **${(archived.api.p95 / archived.raw.p95).toFixed(2)}×** the floor's |
| T2. Floor: the same rows (and the archived history) read straight from PostgreSQL | ${latencyCells(archived.raw)} | |

- Samples alternate: one timeline through the API (real HTTP, a staff token), then one floor read, ${open.api.n} of each after 5 warm-up pairs.
- The API keeps what an open job's history said (\`src/jobs/workflow-histories.ts\`): a read asks Temporal how long the history is now and fetches only the events since its last read, newest first. t1 reads a job that did not move (one describe); t1' one that moved before each read (a describe and a short page); the floors fetch the whole history each time, as a first read does.
- The job: a repair taken in, put on the bench, then moved between the safe and the bench and its customer called, one request at a time, until its journal held ${timeline.events} events.

${markdownTable(dashboardRows(dashboards))}

- ${dashboards.counts.finishedJobs.toLocaleString('en-US')} finished and ${dashboards.counts.openJobs.toLocaleString('en-US')} open jobs in ${dashboards.counts.stores} stores (five time zones) over ${dashboards.counts.days} days, with their journals, payments, pieces and messages, seeded in SQL in ${(dashboards.seedMs / 1000).toFixed(0)} s (the reporting triggers keep the report tables as they would in a shop; then \`VACUUM ANALYZE\`). Each figure ${dashboards.counts.samplesPerQuery} times through the API as the owner (every store) or for one store, each followed by the very statements the app sends (taken from its own reporting code) straight to PostgreSQL on one connection: rows r and R.
- Targets (issue 16): p95 under 100 ms for the timeline and for each dashboard. ${targetVerdict(timeline, dashboards)}
${END}`;
}

function targetVerdict(timeline, dashboards) {
  const over = [
    ...(timeline.open.api.p95 >= 100 ? ['t1'] : []),
    ...(timeline.moving.api.p95 >= 100 ? ["t1'"] : []),
    ...(timeline.archived.api.p95 >= 100 ? ['t2'] : []),
    ...dashboards.queries.flatMap((query, index) => (query.api.p95 >= 100 ? [`r${index + 1}`] : [])),
  ];
  return over.length === 0 ? 'Every one met it in this run.' : `Over it in this run: ${over.join(', ')}.`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { runSectionAlone } = await import('./stack.mjs');
  await runSectionAlone({ measure: measureManagers, section: managersSection, start: START, end: END });
}
