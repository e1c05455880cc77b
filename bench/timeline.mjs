// A job's timeline with 200 journal events: read through the API while the job is open (journal
// and messages from PostgreSQL, the workflow's history from Temporal) and after it has ended and
// been archived (PostgreSQL only), each beside, in the same run, the raw reads it is made of: the
// workflow's history fetched with the Temporal client and the same rows read straight from PostgreSQL.
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { latencySummary, timed } from './stats.mjs';

export const TIMELINE_COUNTS = { journalEvents: 200, samples: 100 };

/** The rows a timeline reads, as plain SQL. */
const TIMELINE_SQL = [
  'select * from job_events where job_id = $1 order by sequence',
  'select * from job_items where job_id = $1 order by key',
  'select * from messages where job_id = $1 order by created_at',
  'select a.* from message_attempts a join messages m on m.id = a.message_id where m.job_id = $1 order by a.attempt',
  'select r.* from message_receipts r join messages m on m.id = r.message_id where m.job_id = $1 order by r.received_at',
];

export async function measureTimeline({ counter, checker, jewelerId, databaseUrl, temporalAddress, namespace, archiveScheduleId }) {
  // A pool, as the API has: the floor's reads run side by side as the timeline's do.
  const database = new pg.Pool({ connectionString: databaseUrl, max: 6 });
  const temporal = new Client({ connection: await Connection.connect({ address: temporalAddress }), namespace });
  try {
    const customer = await counter('POST', '/customers', { firstName: 'Timeline', lastName: 'Bench', phone: '+15551230000', smsConsent: true });
    const taken = await counter('POST', '/repairs', {
      customerId: customer.id,
      items: [{ itemDescription: 'Yellow metal ring, customer stated 14k', workRequested: 'Size from 7 to 5.5', declaredValue: { amountMinor: 45_000, currency: 'USD' }, estimate: [{ kind: 'labour', description: 'Sizing', quantity: 1, unitMinor: 4_500 }] }],
    });
    const job = taken.jobs[0];
    await counter('POST', `/repairs/${job.id}/assign`, { jewelerId });
    // Moves between the bench tray and the safe, and calls to the customer: a job handled a lot.
    const journalLength = async () => (await database.query('select count(*)::int as n from job_events where job_id = $1', [job.id])).rows[0].n;
    for (let i = 0; (await journalLength()) < TIMELINE_COUNTS.journalEvents; i += 1) {
      if (i % 2 === 0) await counter('POST', `/repairs/${job.id}/custody`, { location: i % 4 === 0 ? 'safe' : 'bench', holder: { kind: 'store' }, detail: `tray ${i}` });
      else await counter('POST', `/repairs/${job.id}/contact-attempts`, { channel: 'phone', outcome: `Call ${i}: no answer` });
    }
    const events = await journalLength();
    const { rows: [{ workflow_id: workflowId }] } = await database.query('select workflow_id from jobs where id = $1', [job.id]);

    const wholeHistory = () => Promise.all([fetchAllRuns(temporal, workflowId), readRows(database, job.id)]);
    const open = await compare(`/jobs/${job.id}/timeline`, counter, wholeHistory);
    const historyEvents = (await fetchAllRuns(temporal, workflowId)).reduce((sum, run) => sum + run.length, 0);
    // The job moves between reads: each read finds a few new events in its history.
    let move = 0;
    const moveIt = () => counter('POST', `/repairs/${job.id}/custody`, { location: move++ % 2 === 0 ? 'safe' : 'bench', holder: { kind: 'store' }, detail: `move ${move}` });
    const moving = await compare(`/jobs/${job.id}/timeline`, counter, wholeHistory, moveIt);

    // The job ends; the schedule copies its history; the timeline no longer asks Temporal.
    await counter('POST', `/repairs/${job.id}/work-finished`, {});
    await checker('POST', `/repairs/${job.id}/quality-check/pass`, {});
    await counter('POST', `/repairs/${job.id}/pickup`, { payments: [{ kind: 'balance', amount: { amountMinor: 4_500, currency: 'USD' }, method: 'cash' }], confirmation: { typedName: 'T. Bench' }, idChecked: false });
    await temporal.workflow.getHandle(workflowId).result();
    await temporal.schedule.getHandle(archiveScheduleId).trigger();
    await until(async () => (await database.query('select history_archived_at from jobs where id = $1', [job.id])).rows[0].history_archived_at !== null, 60_000);
    const archived = await compare(`/jobs/${job.id}/timeline`, counter, () => readRows(database, job.id, true));
    return { events, historyEvents, open, moving, archived };
  } finally {
    await temporal.connection.close();
    await database.end();
  }
}

/** The timeline through the API, alternating sample by sample with the raw reads it stands on; `before` runs untimed before each read. */
async function compare(path, call, floor, before = async () => {}) {
  for (let i = 0; i < 5; i += 1) await Promise.all([call('GET', path), floor()]);
  const api = [];
  const raw = [];
  let entries = 0;
  for (let i = 0; i < TIMELINE_COUNTS.samples; i += 1) {
    await before();
    const viaApi = await timed(() => call('GET', path));
    api.push(viaApi.ms);
    entries = viaApi.value.timeline.length;
    raw.push((await timed(floor)).ms);
  }
  return { entries, api: latencySummary(api), raw: latencySummary(raw) };
}

/** Every run of the workflow, newest first, as the API's gateway reads them. */
async function fetchAllRuns(temporal, workflowId) {
  const runs = [];
  let runId;
  do {
    const events = (await temporal.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    runs.push(events);
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  } while (runId);
  return runs;
}

async function readRows(database, jobId, withArchive = false) {
  const statements = withArchive ? [...TIMELINE_SQL, 'select * from job_history_facts where job_id = $1 order by run_id, event_id'] : TIMELINE_SQL;
  return Promise.all(statements.map((text) => database.query(text, [jobId])));
}

async function until(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
