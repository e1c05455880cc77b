import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { aCustomer, aSmallJob } from '../support/builders.js';
import { eventually } from '../support/eventually.js';
import { request } from '../support/http.js';
import { sql } from '../support/sql.js';
import { STAFF } from '../support/test-config.js';

type Staff = keyof typeof STAFF;
const MAIN_STORE = '00000000-0000-4000-8000-000000000001';

interface Entry {
  at: string;
  source: 'journal' | 'message' | 'workflow';
  type: string;
  summary: string;
  sequence?: number;
  historyEventId?: number;
  runId?: string;
  data?: Record<string, unknown>;
  actor?: { kind: string; name: string; channel: string };
}
interface Timeline {
  jobId: string;
  jobNumber: string;
  workflow: { workflowId: string; temporalUiUrl: string; historySource: string };
  timeline: Entry[];
}

/** The text a PDF of standard fonts shows, in order (pdfkit writes it as hex strings when uncompressed). */
function pdfText(pdf: Buffer): string {
  const content = pdf.toString('latin1');
  const lines: string[] = [];
  for (const operation of content.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj/g)) {
    const hexes = operation[1] !== undefined ? [...operation[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((match) => match[1]) : [operation[2]];
    lines.push(hexes.map((hex) => Buffer.from(hex, 'hex').toString('latin1')).join(''));
  }
  return lines.join('\n');
}

describe("a job's full history: journal, messages and the workflow's own history, kept past Temporal's retention", () => {
  let stack: AtelierStack;

  beforeAll(async () => {
    stack = await startAtelierStack();
    // Second-long pickup policies: the reminder and "unclaimed" timers fire within the test.
    const policy = await call('PUT', `/stores/${MAIN_STORE}/policy`, { pickupRemindersAfter: ['1s'], unclaimedAfter: '2s' }, 'manager');
    expect(policy.status).toBe(200);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, as: Staff = 'counter') => request(stack.api, method, url, { token: STAFF[as].token, body });
  const act = (repairId: string, action: string, body: unknown = {}, as: Staff = 'counter') => call('POST', `/repairs/${repairId}/${action}`, body, as);

  it('merges timers that fired with the journal, names the raw event behind each entry, and reads the same after the history is deleted', async () => {
    const customer = await call('POST', '/customers', aCustomer());
    const taken = await call('POST', '/repairs', aSmallJob(customer.body.id));
    const { id, number } = taken.body.jobs[0] as { id: string; number: string };
    await act(id, 'assign', { jewelerId: STAFF.carl.id });
    await act(id, 'work-finished', {}, 'carl');
    await act(id, 'quality-check/pass', {}, 'dina');
    await eventually(() => sql<{ unclaimed: boolean }>(stack.database.url, 'select unclaimed from jobs where id = $1', [id]), ([row]) => row.unclaimed, 20_000);
    const pickedUp = await act(id, 'pickup', { payments: [{ kind: 'balance', amount: { amountMinor: 4_500, currency: 'USD' }, method: 'cash' }], confirmation: { typedName: 'M. Lopez' }, idChecked: false });
    expect(pickedUp.body).toMatchObject({ stage: 'picked_up', closed: true });

    await eventually(() => sql<{ owed: number }>(stack.database.url, "select count(*)::int as owed from messages where job_id = $1 and status not in ('sent', 'delivered')", [id]), ([row]) => row.owed === 0, 20_000);
    const live = await call('GET', `/jobs/${id}/timeline`);
    expect(live.status).toBe(200);
    const timeline = live.body as Timeline;
    expect(timeline).toMatchObject({ jobId: id, jobNumber: number, workflow: { historySource: 'temporal' } });
    expect(timeline.workflow.temporalUiUrl).toBe(`${stack.config.temporal.uiUrl}/namespaces/default/workflows/${encodeURIComponent(timeline.workflow.workflowId)}`);

    // What only the workflow history knows: the start, and the two timers (pickup reminder, unclaimed) that fired.
    const fromWorkflow = timeline.timeline.filter((entry) => entry.source === 'workflow');
    expect(fromWorkflow[0]).toMatchObject({ type: 'workflow_started', historyEventId: 1 });
    const timers = fromWorkflow.filter((entry) => entry.type === 'timer_fired');
    expect(timers.length).toBeGreaterThanOrEqual(2);
    // The reminder and the flag were recorded in the tasks those timers woke: each names its timer's event.
    const reminder = timeline.timeline.find((entry) => entry.type === 'contact_attempt');
    const unclaimed = timeline.timeline.find((entry) => entry.type === 'flag_raised' && entry.data?.flag === 'unclaimed');
    const timerIds = timers.map((timer) => timer.historyEventId);
    expect(timerIds).toContain(reminder?.historyEventId);
    expect(timerIds).toContain(unclaimed?.historyEventId);
    expect(reminder?.historyEventId).not.toBe(unclaimed?.historyEventId);
    // The take-in was recorded in the first task, which the start caused; staff actions name their update's event.
    expect(timeline.timeline.find((entry) => entry.type === 'taken_in')?.historyEventId).toBe(1);
    const qc = timeline.timeline.find((entry) => entry.type === 'qc_passed');
    expect(qc).toMatchObject({ actor: { kind: 'staff', name: 'dina', channel: 'counter' } });
    expect(qc?.historyEventId).toBeGreaterThan(1);
    expect(timerIds).not.toContain(qc?.historyEventId);
    // Oldest first, messages included.
    expect([...timeline.timeline].sort((a, b) => a.at.localeCompare(b.at)).map((entry) => entry.at)).toEqual(timeline.timeline.map((entry) => entry.at));
    expect(timeline.timeline.some((entry) => entry.source === 'message')).toBe(true);

    // Temporal's retention passes (here: the execution is deleted); the closed job's timeline is unchanged.
    const handle = stack.temporal.workflow.getHandle(timeline.workflow.workflowId);
    await handle.terminate('test: retention passed').catch(() => undefined);
    // Deletion is asynchronous on the server: ask again until the history is gone.
    await eventually(
      async () => {
        await stack.temporal.workflowService.deleteWorkflowExecution({ namespace: stack.config.temporal.namespace, workflowExecution: { workflowId: timeline.workflow.workflowId } }).catch(() => undefined);
        return handle.fetchHistory().then(() => 'still there', () => 'gone');
      },
      (state) => state === 'gone',
      60_000,
    );
    const afterRetention = await call('GET', `/jobs/${id}/timeline`);
    expect(afterRetention.body.workflow.historySource).toBe('archive');
    // Nothing lost that the earlier read showed (the live read may have seen a follow-up timer since: not in this copy).
    const withoutLater = (entries: Entry[]) => entries.filter((entry) => entry.at <= timeline.timeline.at(-1)!.at);
    expect(withoutLater(afterRetention.body.timeline)).toEqual(withoutLater(timeline.timeline));

    // The same, as files to keep: JSON and a printable PDF.
    const json = await stack.api.inject({ method: 'GET', url: `/jobs/${id}/timeline/export?format=json`, headers: { authorization: `Bearer ${STAFF.manager.token}` } });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toBe(`attachment; filename="${number}-timeline.json"`);
    expect(JSON.parse(json.body)).toEqual(afterRetention.body);
    const pdf = await stack.api.inject({ method: 'GET', url: `/jobs/${id}/timeline/export?format=pdf`, headers: { authorization: `Bearer ${STAFF.manager.token}` } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain(`history of job ${number}`);
    for (const entry of afterRetention.body.timeline as Entry[]) expect(text).toContain(`UTC ${entry.at}`);
    expect(text).toContain('Quality check passed by dina');
  });

  it('answers 404 for a job that does not exist or is of another store, and 400 for an unknown format', async () => {
    expect((await call('GET', '/jobs/6f1c0000-0000-4000-8000-000000000000/timeline')).status).toBe(404);
    expect((await call('GET', '/jobs/6f1c0000-0000-4000-8000-000000000000/timeline/export?format=pdf')).status).toBe(404);
    expect((await call('GET', '/jobs/not-a-job/timeline/export')).status).toBe(400);
    const customer = await call('POST', '/customers', aCustomer());
    const taken = await call('POST', '/repairs', aSmallJob(customer.body.id));
    expect((await call('GET', `/jobs/${taken.body.jobs[0].id}/timeline/export?format=docx`)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
