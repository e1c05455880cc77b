import { jest } from '@jest/globals';
import { readHistory } from '../../src/jobs/workflow-history.js';
import { TemporalGateway } from '../../src/platform/temporal/temporal-gateway.service.js';
import { type AtelierStack, startAtelierStack } from '../support/atelier-stack.js';
import { shopClient } from '../support/shop-client.js';
import { eventually } from '../support/eventually.js';
import { pdfText } from '../support/pdf-text.js';
import { sql } from '../support/sql.js';
import { STAFF } from '../support/test-config.js';

const MAIN_STORE = '00000000-0000-4000-8000-000000000001';

interface Entry {
  at: string;
  source: 'journal' | 'message' | 'workflow';
  type: string;
  label: string;
  summary: string;
  sequence?: number;
  historyEventId?: number;
  runId?: string;
  data?: Record<string, unknown>;
  actor?: { kind: string; name: string; channel: string };
  custody?: { item: string; location: string; holder: string }[];
  message?: { status: string; attempts: { outcome: string | null }[]; receipts: { status: string }[] };
}
interface Timeline {
  jobId: string;
  jobNumber: string;
  workflow: { workflowId: string; temporalUiUrl: string; historySource: string };
  timeline: Entry[];
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

  const { call, act, aRepair, pickUp } = shopClient(() => stack);
  const row = async (id: string) => (await sql<{ unclaimed: boolean; history_archived_at: Date | null; closed: boolean }>(stack.database.url, 'select unclaimed, history_archived_at, closed from jobs where id = $1', [id]))[0];
  const settled = (id: string) =>
    eventually(() => sql<{ owed: number }>(stack.database.url, "select count(*)::int as owed from messages where job_id = $1 and status not in ('sent', 'delivered')", [id]), ([owed]) => owed.owed === 0, 20_000);
  /** The repair's workflow has run to its end (the hand-over's texts are out, then it returns). */
  const workflowEnded = async (id: string) => {
    const [job] = await sql<{ workflow_id: string }>(stack.database.url, 'select workflow_id from jobs where id = $1', [id]);
    await stack.temporal.workflow.getHandle(job.workflow_id).result();
  };
  const timelineOf = async (id: string) => {
    const response = await call('GET', `/jobs/${id}/timeline`);
    expect(response.status).toBe(200);
    return response.body as Timeline;
  };

  /** The bench, the check by someone else, then the hand-over once `beforePickup` is satisfied. */
  async function throughToPickup(id: string, beforePickup: () => Promise<unknown> = async () => {}): Promise<void> {
    expect((await act(id, 'assign', { jewelerId: STAFF.carl.id })).status).toBe(200);
    expect((await act(id, 'work-finished', {}, 'carl')).status).toBe(200);
    expect((await act(id, 'quality-check/pass', {}, 'dina')).status).toBe(200);
    await beforePickup();
    const pickedUp = await pickUp(id);
    expect(pickedUp.body).toMatchObject({ stage: 'picked_up', closed: true });
  }

  async function archiveSweep(): Promise<void> {
    await stack.temporal.schedule.getHandle(stack.worker.historyArchiveScheduleId).trigger();
  }

  /** Temporal's retention passing, as far as the timeline can tell: the execution and its history are deleted. */
  async function forget(workflowId: string): Promise<void> {
    const handle = stack.temporal.workflow.getHandle(workflowId);
    // Deletion is asynchronous on the server: ask again until the history is gone.
    await eventually(
      async () => {
        await stack.temporal.workflowService.deleteWorkflowExecution({ namespace: stack.config.temporal.namespace, workflowExecution: { workflowId } }).catch(() => undefined);
        return handle.fetchHistory().then(() => 'still there', () => 'gone');
      },
      (state) => state === 'gone',
      60_000,
    );
  }

  it('merges timers that fired with the journal, names the raw event behind each entry, and says where the piece was after each', async () => {
    const { id, number } = await aRepair();
    await throughToPickup(id, () => eventually(() => row(id), (job) => job.unclaimed, 20_000));
    await workflowEnded(id);
    await settled(id);
    const timeline = await timelineOf(id);
    expect(timeline).toMatchObject({ jobId: id, jobNumber: number, workflow: { historySource: 'temporal' } });
    expect(timeline.workflow.temporalUiUrl).toBe(`${stack.config.temporal.uiUrl}/namespaces/default/workflows/${encodeURIComponent(timeline.workflow.workflowId)}`);

    // What only the workflow history knows: the start, the two timers (pickup reminder, unclaimed) that fired, the end.
    const fromWorkflow = timeline.timeline.filter((entry) => entry.source === 'workflow');
    expect(fromWorkflow[0]).toMatchObject({ type: 'workflow_started', label: 'Workflow started', historyEventId: 1 });
    expect(fromWorkflow.at(-1)).toMatchObject({ type: 'workflow_ended', summary: 'Workflow completed' });
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
    expect(timeline.timeline.find((entry) => entry.type === 'taken_in')).toMatchObject({ historyEventId: 1, label: 'Taken in' });
    const qc = timeline.timeline.find((entry) => entry.type === 'qc_passed');
    expect(qc).toMatchObject({ label: 'Quality check passed', actor: { kind: 'staff', name: 'dina', channel: 'counter' } });
    expect(qc?.historyEventId).toBeGreaterThan(1);
    expect(timerIds).not.toContain(qc?.historyEventId);

    // Where the piece was after each step, and who held it.
    const pieceAfter = (entry: Entry | undefined) => entry?.custody?.find((item) => item.item === 'piece');
    const stageChangeTo = (stage: string) => timeline.timeline.find((entry) => entry.type === 'stage_changed' && entry.data?.to === stage);
    expect(pieceAfter(timeline.timeline.find((entry) => entry.type === 'taken_in'))).toMatchObject({ location: 'counter', holder: STAFF.counter.name });
    expect(pieceAfter(stageChangeTo('in_work'))).toMatchObject({ location: 'bench', holder: 'carl' });
    expect(pieceAfter(stageChangeTo('ready_for_pickup'))).toMatchObject({ location: 'safe', holder: 'the shop' });
    expect(pieceAfter(stageChangeTo('picked_up'))).toMatchObject({ location: 'customer' });
    expect(timeline.timeline.filter((entry) => entry.type === 'custody_changed').map((entry) => entry.label)).toEqual(['Piece moved', 'Piece moved', 'Piece moved']);

    // Every message with its delivery attempts; oldest first throughout.
    const messages = timeline.timeline.filter((entry) => entry.source === 'message');
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const message of messages) expect(message.message?.attempts.map((attempt) => attempt.outcome)).toEqual(['sent']);
    expect([...timeline.timeline].sort((a, b) => a.at.localeCompare(b.at)).map((entry) => entry.at)).toEqual(timeline.timeline.map((entry) => entry.at));
  });

  it("keeps an ended job's workflow history in Postgres when its workflow ends, so its timeline reads the same once Temporal has forgotten it", async () => {
    // No pickup reminder can fire on this path: its timeline is exactly the path's.
    expect((await call('PUT', `/stores/${MAIN_STORE}/policy`, { pickupRemindersAfter: ['1h'], unclaimedAfter: '2h' }, 'manager')).status).toBe(200);
    const ended = await aRepair();
    await throughToPickup(ended.id);
    const open = await aRepair();
    await workflowEnded(ended.id);
    await settled(ended.id);
    const live = await timelineOf(ended.id);
    expect(live.workflow.historySource).toBe('temporal');
    // The path, entry by entry: who did what through which channel, and where the piece was after it.
    const journal = live.timeline.filter((entry) => entry.source === 'journal').map((entry) => [entry.type, entry.actor?.name, entry.actor?.channel, entry.custody?.map((item) => `${item.location}/${item.holder}`).join()]);
    expect(journal).toEqual([
      ['taken_in', 'ana', 'counter', 'counter/ana'],
      ['stage_changed', 'ana', 'counter', 'counter/ana'],
      ['estimate_provided', 'ana', 'counter', 'counter/ana'],
      ['approval_decided', 'Atelier', 'system', 'counter/ana'],
      ['stage_changed', 'Atelier', 'system', 'counter/ana'],
      ['assigned', 'ana', 'counter', 'counter/ana'],
      ['custody_changed', 'ana', 'counter', 'bench/carl'],
      ['stage_changed', 'ana', 'counter', 'bench/carl'],
      ['work_finished', 'carl', 'counter', 'bench/carl'],
      ['stage_changed', 'carl', 'counter', 'bench/carl'],
      ['qc_passed', 'dina', 'counter', 'bench/carl'],
      ['custody_changed', 'dina', 'counter', 'safe/the shop'],
      ['stage_changed', 'dina', 'counter', 'safe/the shop'],
      ['payment_recorded', 'ana', 'counter', 'safe/the shop'],
      ['picked_up', 'ana', 'counter', 'safe/the shop'],
      ['custody_changed', 'ana', 'counter', 'customer/Customer'],
      ['stage_changed', 'ana', 'counter', 'customer/Customer'],
    ]);
    expect(live.timeline.filter((entry) => entry.source === 'journal').map((entry) => entry.sequence)).toEqual(journal.map((_, index) => index + 1));
    expect(live.timeline.filter((entry) => entry.source === 'workflow').map((entry) => [entry.type, entry.summary])).toEqual([
      ['workflow_started', 'Workflow started (repairJobWorkflow)'],
      ['workflow_ended', 'Workflow completed'],
    ]);
    expect(live.timeline.filter((entry) => entry.source === 'message').map((entry) => [entry.summary, entry.message?.attempts.map((attempt) => attempt.outcome)])).toEqual([
      ['SMS to the customer (repair.received): sent', ['sent']],
      ['SMS to the customer (repair.ready): sent', ['sent']],
      ['SMS to the customer (repair.picked_up): sent', ['sent']],
    ]);
    // Reading a timeline copies nothing: the sweep does, for every job whose workflow has ended.
    expect((await row(ended.id)).history_archived_at).toBeNull();

    await archiveSweep();
    await eventually(() => row(ended.id), (job) => job.history_archived_at !== null, 20_000);
    const archivedAt = (await row(ended.id)).history_archived_at;
    expect((await row(open.id)).history_archived_at).toBeNull();
    // A second sweep finds it copied already: nothing is written twice.
    const factsBefore = await sql(stack.database.url, 'select run_id, event_id, type from job_history_facts where job_id = $1 order by run_id, event_id', [ended.id]);
    await archiveSweep();
    await eventually(() => sql<{ n: number }>(stack.database.url, "select count(*)::int as n from sweep_watermarks where name = 'job-history-archive' and reached > $1", [archivedAt]), ([mark]) => mark.n === 1, 20_000);
    expect(await sql(stack.database.url, 'select run_id, event_id, type from job_history_facts where job_id = $1 order by run_id, event_id', [ended.id])).toEqual(factsBefore);

    await forget(live.workflow.workflowId);
    const afterRetention = await timelineOf(ended.id);
    expect(afterRetention.workflow.historySource).toBe('archive');
    expect(afterRetention.timeline).toEqual(live.timeline);

    // The same, as files to keep: JSON and a printable PDF.
    const json = await stack.api.inject({ method: 'GET', url: `/jobs/${ended.id}/timeline/export?format=json`, headers: { authorization: `Bearer ${STAFF.manager.token}` } });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toBe(`attachment; filename="${ended.number}-timeline.json"`);
    expect(JSON.parse(json.body)).toEqual(afterRetention);
    const pdf = await stack.api.inject({ method: 'GET', url: `/jobs/${ended.id}/timeline/export?format=pdf`, headers: { authorization: `Bearer ${STAFF.manager.token}` } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain(`history of job ${ended.number}`);
    for (const entry of afterRetention.timeline) expect(text).toContain(`UTC ${entry.at}`);
    expect(text).toContain('Quality check passed by dina');
    expect(text).toMatch(new RegExp(`${ended.number}, page 1 of \\d+`));
  });

  it("reads an open job's workflow history again only from where the last read stopped, and names the same events as a read of the whole history", async () => {
    const { id } = await aRepair();
    const [{ workflow_id: workflowId }] = await sql<{ workflow_id: string }>(stack.database.url, 'select workflow_id from jobs where id = $1', [id]);
    const fromWholeHistory = async () => {
      const { facts, triggers } = readHistory((await stack.temporal.workflow.getHandle(workflowId).describe()).runId, (await stack.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? []);
      return { facts: facts.map((fact) => [fact.type, fact.eventId]), causes: new Map(triggers.map((trigger) => [trigger.taskAt, trigger.eventId])) };
    };
    const compare = async () => {
      const shown = await timelineOf(id);
      const whole = await fromWholeHistory();
      expect(shown.timeline.filter((entry) => entry.source === 'workflow').map((entry) => [entry.type, entry.historyEventId])).toEqual(whole.facts);
      for (const entry of shown.timeline.filter((one) => one.source === 'journal')) expect(entry.historyEventId).toBe(whole.causes.get(entry.at));
      return shown;
    };
    const gateway = stack.api.get(TemporalGateway);
    const wholeReads = jest.spyOn(gateway, 'history');
    const tailReads = jest.spyOn(gateway, 'eventsAfter');
    const first = await compare();
    expect([wholeReads.mock.calls.length, tailReads.mock.calls.length]).toEqual([1, 0]);
    // Each action adds events; each read after it takes only those (the first read kept the rest).
    expect((await act(id, 'assign', { jewelerId: STAFF.carl.id })).status).toBe(200);
    const second = await compare();
    expect((await act(id, 'custody', { location: 'safe', holder: { kind: 'store' }, detail: 'Safe 2' })).status).toBe(200);
    const third = await compare();
    await compare();
    expect([wholeReads.mock.calls.length, tailReads.mock.calls.length]).toEqual([1, 2]);
    wholeReads.mockRestore();
    tailReads.mockRestore();
    expect(second.timeline.length).toBeGreaterThan(first.timeline.length);
    expect(third.timeline.find((entry) => entry.type === 'custody_changed' && entry.data?.to && (entry.data.to as { detail?: string }).detail === 'Safe 2')?.historyEventId).toBeGreaterThan(
      Math.max(...second.timeline.map((entry) => entry.historyEventId ?? 0)),
    );
  });

  it('answers 404 for a job that does not exist or is of another store, and 400 for an unknown format', async () => {
    expect((await call('GET', '/jobs/6f1c0000-0000-4000-8000-000000000000/timeline')).status).toBe(404);
    expect((await call('GET', '/jobs/6f1c0000-0000-4000-8000-000000000000/timeline/export?format=pdf')).status).toBe(404);
    expect((await call('GET', '/jobs/not-a-job/timeline/export')).status).toBe(400);
    const { id } = await aRepair();
    expect((await call('GET', `/jobs/${id}/timeline/export?format=docx`)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    // A job of a store the caller does not work in looks like no job at all.
    const other = await call('POST', '/stores', { code: 'UP', name: 'Uptown', timeZone: 'America/New_York', currency: 'USD' }, 'owner');
    expect(other.status).toBe(201);
    await sql(stack.database.url, 'update jobs set store_id = $1 where id = $2', [other.body.id, id]);
    expect((await call('GET', `/jobs/${id}/timeline`)).status).toBe(404);
    expect((await call('GET', `/jobs/${id}/timeline/export`, undefined, 'manager')).status).toBe(404);
  });
});
