import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  type RepairStateView,
  type RepairWorkflowInput,
  assignBenchUpdate,
  cancelRepairUpdate,
  changePromisedDateUpdate,
  decideEstimateUpdate,
  failQualityCheckUpdate,
  finishWorkUpdate,
  getRepairStateQuery,
  moveCustodyUpdate,
  passQualityCheckUpdate,
  provideEstimateUpdate,
  receiveFromVendorUpdate,
  recordPaymentUpdate,
  recordPickupUpdate,
  repairWorkflowId,
  sendToVendorUpdate,
} from '../../workflows/repair-job/contract.js';
import { repairJobWorkflow } from '../../workflows/repair-job/workflow.js';
import { type JobRefusal, refusalOf } from '../../workflows/shared/job-refusals.js';
import { eventually } from '../support/eventually.js';
import { type StartedWorkflow, currentScenario, replayLiveHistories } from '../support/replay.js';
import { testTemporalAddress } from '../support/test-services.js';
import { RecordingJobActivities } from '../support/workflows/recording-job-activities.js';
import { ANA, CARL, DINA, LABOUR, MEG, aRepairInput, customer, promisedIn } from '../support/workflows/repair-builders.js';

const cash = (amountMinor: number) => ({ kind: 'balance' as const, amount: { amountMinor, currency: 'USD' }, method: 'cash' as const });

/** The repair lifecycle on the real Temporal server, with activities that record their calls. */
describe('repair lifecycle workflow', () => {
  const taskQueue = `repair-lifecycle-${randomUUID()}`;
  const recorded = new RecordingJobActivities();
  const started: StartedWorkflow[] = [];
  let client: Client;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;

  beforeAll(async () => {
    connection = await NativeConnection.connect({ address: testTemporalAddress() });
    worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)),
      activities: recorded.activities,
    });
    running = worker.run();
    client = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
  });

  afterAll(async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await client.connection.close();
  });

  async function takeIn(input: RepairWorkflowInput = aRepairInput()) {
    const handle = await client.workflow.start(repairJobWorkflow, { taskQueue, workflowId: repairWorkflowId(input.takeIn.jobId), args: [input] });
    started.push({ workflowId: handle.workflowId, scenario: currentScenario() });
    return { handle, jobId: input.takeIn.jobId };
  }

  async function refusal(attempt: Promise<unknown>): Promise<JobRefusal> {
    const error = await attempt.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const found = refusalOf((error as WorkflowUpdateFailedError).cause);
    if (!found) throw new Error(`Not a job refusal: ${String((error as Error).cause)}`);
    return found;
  }

  /** Takes a repair to the bench of Carl with an estimate under the store's auto-approve amount. */
  async function atTheBench() {
    const job = await takeIn(aRepairInput({ estimate: [LABOUR(4_500)] }));
    await job.handle.executeUpdate(assignBenchUpdate, { args: [{ actor: ANA, jeweler: { id: CARL.id!, name: CARL.name } }] });
    return job;
  }

  it('goes from take-in to pickup: auto-approved estimate, bench, QC by another, paid hand-over', async () => {
    const { handle, jobId } = await takeIn(aRepairInput({ estimate: [LABOUR(4_500)] }));
    expect((await handle.query(getRepairStateQuery)).stage).toBe('approved');

    const atBench = await handle.executeUpdate(assignBenchUpdate, { args: [{ actor: ANA, jeweler: { id: CARL.id!, name: 'carl' } }] });
    expect(atBench).toMatchObject({ stage: 'in_work', assignee: { name: 'carl' } });
    expect(atBench.items[0].custody).toMatchObject({ location: 'bench', holder: { kind: 'staff', name: 'carl' } });

    await handle.executeUpdate(finishWorkUpdate, { args: [{ actor: CARL }] });
    const ready = await handle.executeUpdate(passQualityCheckUpdate, { args: [{ actor: DINA, completionPhotoIds: ['photo-1'] }] });
    expect(ready).toMatchObject({ stage: 'ready_for_pickup', outcome: 'repaired', amountDueMinor: 4_500, completionPhotoIds: ['photo-1'] });
    expect(ready.items[0].custody.location).toBe('safe');

    const done = await handle.executeUpdate(recordPickupUpdate, { args: [{ actor: ANA, payments: [cash(4_500)], confirmation: { typedName: 'Maria Lopez' }, idChecked: false }] });
    expect(done).toMatchObject({ stage: 'picked_up', amountDueMinor: 0, pickup: { idChecked: false, confirmation: { typedName: 'Maria Lopez' } } });
    expect(done.pickup?.warrantyEndsOn).toEqual(expect.any(String));
    const final = (await handle.result()) as RepairStateView;
    expect(final.items[0].custody.location).toBe('customer');

    expect(recorded.noticesOf(jobId)).toEqual(['repair.received', 'repair.ready', 'repair.picked_up']);
    expect(recorded.eventsOf(jobId)).toEqual([
      'taken_in',
      'stage_changed',
      'estimate_provided',
      'approval_decided',
      'stage_changed',
      'assigned',
      'custody_changed',
      'stage_changed',
      'work_finished',
      'stage_changed',
      'qc_passed',
      'custody_changed',
      'stage_changed',
      'payment_recorded',
      'picked_up',
      'custody_changed',
      'stage_changed',
    ]);
    expect(recorded.lastSnapshotOf(jobId)).toMatchObject({ stage: 'picked_up', closed: true, sequence: 17 });
    expect(recorded.payments.filter((write) => write.jobId === jobId)).toEqual([expect.objectContaining({ payments: [cash(4_500)], recordedBy: ANA })]);
  });

  it('asks the customer about an estimate over the limits, and goes ahead when they approve by SMS', async () => {
    const { handle, jobId } = await takeIn(aRepairInput({ goAheadLimit: { amountMinor: 10_000, currency: 'USD' } }));

    const asked = await handle.executeUpdate(provideEstimateUpdate, { args: [{ actor: CARL, lines: [LABOUR(12_000), { kind: 'metal', description: '14k gold, 1.2 g', quantity: 1, unitMinor: 6_000 }] }] });
    expect(asked).toMatchObject({ stage: 'awaiting_approval', estimate: { totalMinor: 18_000 } });
    expect(asked.approvals.at(-1)).toMatchObject({ id: 'estimate-1', decision: null });

    const approved = await handle.executeUpdate(decideEstimateUpdate, { args: [{ actor: customer('sms'), approvalId: 'estimate-1', decision: 'approve' }] });
    expect(approved).toMatchObject({ stage: 'approved', amountDueMinor: 18_000 });
    expect(approved.approvals[0].decision).toMatchObject({ outcome: 'approved', actor: { kind: 'customer', channel: 'sms' } });

    // The same answer again (a double submit, a second SMS) changes nothing and gets the first answer back.
    const again = await handle.executeUpdate(decideEstimateUpdate, { args: [{ actor: customer('tracking_page'), approvalId: 'estimate-1', decision: 'decline' }] });
    expect(again.approvals[0].decision).toMatchObject({ outcome: 'approved', actor: { channel: 'sms' } });
    expect(again.stage).toBe('approved');
    await eventually(() => recorded.noticesOf(jobId), (kinds) => kinds.length === 3);
    expect(recorded.noticesOf(jobId)).toEqual(['repair.received', 'repair.estimate_ready', 'repair.approved']);
    await handle.terminate('test done');
  });

  it('refuses an answer to an estimate that a newer one replaced, naming the latest', async () => {
    const { handle } = await takeIn();
    await handle.executeUpdate(provideEstimateUpdate, { args: [{ actor: CARL, lines: [LABOUR(20_000)] }] });
    await handle.executeUpdate(provideEstimateUpdate, { args: [{ actor: CARL, lines: [LABOUR(15_000)], note: 'found a cheaper finding' }] });

    const stale = await refusal(handle.executeUpdate(decideEstimateUpdate, { args: [{ actor: customer(), approvalId: 'estimate-1', decision: 'approve' }] }));

    expect(stale).toMatchObject({ code: 'RULE_VIOLATION', rule: 'STALE_APPROVAL_REQUEST', details: { latestRequestId: 'estimate-2' } });
    expect((await handle.query(getRepairStateQuery)).stage).toBe('awaiting_approval');
    await handle.terminate('test done');
  });

  it('returns the piece unrepaired, at no charge, when the customer declines', async () => {
    const { handle, jobId } = await takeIn();
    await handle.executeUpdate(provideEstimateUpdate, { args: [{ actor: CARL, lines: [LABOUR(30_000)] }] });

    const declined = await handle.executeUpdate(decideEstimateUpdate, { args: [{ actor: { ...ANA, channel: 'phone' }, approvalId: 'estimate-1', decision: 'decline' }] });

    expect(declined).toMatchObject({ stage: 'ready_for_pickup', outcome: 'returned_unrepaired', returnReason: 'estimate declined', amountDueMinor: 0 });
    expect(declined.approvals[0].decision).toMatchObject({ outcome: 'declined', actor: { name: 'ana', channel: 'phone' } });
    await eventually(() => recorded.noticesOf(jobId), (kinds) => kinds.length === 3);
    expect(recorded.noticesOf(jobId)).toEqual(['repair.received', 'repair.estimate_ready', 'repair.returned']);
    await handle.terminate('test done');
  });

  it('reminds the customer of an unanswered estimate, then lets it lapse and returns the piece', async () => {
    const { handle, jobId } = await takeIn();
    await handle.executeUpdate(provideEstimateUpdate, { args: [{ actor: CARL, lines: [LABOUR(30_000)] }] });

    const lapsed = await eventually(() => handle.query(getRepairStateQuery), (state) => state.stage === 'ready_for_pickup', 15_000);

    expect(lapsed).toMatchObject({ outcome: 'returned_unrepaired', returnReason: 'estimate expired unanswered' });
    expect(lapsed.approvals[0]).toMatchObject({ reminded: true, decision: { outcome: 'expired', actor: { kind: 'system' } } });
    // The notice goes out after the stage change the query shows: wait for it, as for a decline.
    await eventually(() => recorded.noticesOf(jobId), (kinds) => kinds.length === 4);
    expect(recorded.noticesOf(jobId)).toEqual(['repair.received', 'repair.estimate_ready', 'repair.estimate_reminder', 'repair.returned']);
    await handle.terminate('test done');
  });

  it('sends the piece back to the bench when QC fails, counting rounds, and refuses QC by whoever worked on it', async () => {
    const { handle } = await atTheBench();
    await handle.executeUpdate(finishWorkUpdate, { args: [{ actor: CARL }] });

    const byWorker = await refusal(handle.executeUpdate(passQualityCheckUpdate, { args: [{ actor: CARL, completionPhotoIds: [] }] }));
    expect(byWorker).toMatchObject({ code: 'RULE_VIOLATION', rule: 'QC_BY_WORKER' });

    const failed = await handle.executeUpdate(failQualityCheckUpdate, { args: [{ actor: DINA, reason: 'one prong loose' }] });
    expect(failed).toMatchObject({ stage: 'in_work', qcRounds: 1 });
    expect(failed.items[0].custody.holder.name).toBe('carl');

    await handle.executeUpdate(finishWorkUpdate, { args: [{ actor: CARL }] });
    const passed = await handle.executeUpdate(passQualityCheckUpdate, { args: [{ actor: DINA, completionPhotoIds: ['after-1'] }] });
    expect(passed).toMatchObject({ stage: 'ready_for_pickup', qcRounds: 1 });
    await handle.terminate('test done');
  });

  it('sends work to a vendor and back, flags it late and tells the managers once', async () => {
    const { handle, jobId } = await atTheBench();
    const expectedBack = promisedIn(1_000);

    const sent = await handle.executeUpdate(sendToVendorUpdate, { args: [{ actor: ANA, vendor: 'Stone Setters Ltd', reference: 'SS-88', expectedBackAt: expectedBack.deadlineAt, expectedBackOn: expectedBack.date }] });
    expect(sent.items[0].custody).toMatchObject({ location: 'vendor', holder: { kind: 'vendor', name: 'Stone Setters Ltd' }, detail: 'SS-88' });

    const late = await eventually(() => handle.query(getRepairStateQuery), (state) => state.flags.vendorLate, 10_000);
    expect(late.stage).toBe('at_vendor');
    await eventually(() => recorded.alertsOf(jobId), (alerts) => alerts.length === 1);

    const back = await handle.executeUpdate(receiveFromVendorUpdate, { args: [{ actor: ANA, next: 'quality_check' }] });
    expect(back).toMatchObject({ stage: 'quality_check', flags: { vendorLate: false } });
    // The vendor did the work: Carl (who only assigned it on) may not check it, Dina may.
    expect(back.workedBy).toEqual(['staff-carl', 'vendor:Stone Setters Ltd']);
    await handle.executeUpdate(passQualityCheckUpdate, { args: [{ actor: DINA, completionPhotoIds: [] }] });
    expect(recorded.alertsOf(jobId)).toEqual(['vendor_late']);
    await handle.terminate('test done');
  });

  it('flags a job overdue when its promised date passes, telling the customer once', async () => {
    const { handle, jobId } = await takeIn(aRepairInput({ promised: promisedIn(1_500) }));

    const overdue = await eventually(() => handle.query(getRepairStateQuery), (state) => state.flags.overdue, 10_000);
    expect(overdue.delayNoticeSent).toBe(true);

    // A new date after that moves the promise (and clears the flag) but sends no second delay notice.
    const moved = await handle.executeUpdate(changePromisedDateUpdate, { args: [{ actor: ANA, promised: promisedIn(7 * 86_400_000), reason: 'waiting for a part' }] });
    expect(moved.flags.overdue).toBe(false);
    await eventually(() => recorded.noticesOf(jobId), (kinds) => kinds.length >= 2);
    expect(recorded.noticesOf(jobId)).toEqual(['repair.received', 'repair.delayed']);
    await handle.terminate('test done');
  });

  it('tells the customer of a later promised date, once, with the new date', async () => {
    const { handle, jobId } = await takeIn();

    await handle.executeUpdate(changePromisedDateUpdate, { args: [{ actor: ANA, promised: promisedIn(20 * 86_400_000), reason: 'stone on order' }] });
    await handle.executeUpdate(changePromisedDateUpdate, { args: [{ actor: ANA, promised: promisedIn(25 * 86_400_000), reason: 'still on order' }] });

    await eventually(() => recorded.noticesOf(jobId), (kinds) => kinds.includes('repair.delayed'));
    const delays = recorded.notices.filter((notice) => notice.jobId === jobId && notice.kind === 'repair.delayed');
    expect(delays).toEqual([expect.objectContaining({ facts: { promisedBy: promisedIn(20 * 86_400_000).date } })]);
    await handle.terminate('test done');
  });

  it('refuses a rush date from anyone but a manager', async () => {
    const { handle } = await takeIn();
    const rush = promisedIn(2 * 86_400_000, true);

    expect(await refusal(handle.executeUpdate(changePromisedDateUpdate, { args: [{ actor: ANA, promised: rush, reason: 'wedding' }] }))).toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
      rule: 'RUSH_NEEDS_MANAGER',
    });
    const byManager = await handle.executeUpdate(changePromisedDateUpdate, { args: [{ actor: MEG, promised: rush, reason: 'wedding' }] });
    expect(byManager.flags.rush).toBe(true);
    await handle.terminate('test done');
  });

  it('reminds the customer to collect a ready piece, then flags it unclaimed for a manager', async () => {
    const { handle, jobId } = await atTheBench();
    await handle.executeUpdate(finishWorkUpdate, { args: [{ actor: CARL }] });
    await handle.executeUpdate(passQualityCheckUpdate, { args: [{ actor: DINA, completionPhotoIds: [] }] });

    const unclaimed = await eventually(() => handle.query(getRepairStateQuery), (state) => state.flags.unclaimed, 15_000);

    expect(unclaimed.pickupRemindersSent).toBe(2);
    await eventually(() => recorded.noticesOf(jobId), (kinds) => kinds.length === 4);
    expect(recorded.noticesOf(jobId)).toEqual(['repair.received', 'repair.ready', 'repair.pickup_reminder', 'repair.pickup_reminder']);
    await eventually(() => recorded.alertsOf(jobId), (alerts) => alerts.includes('unclaimed'));
    const contacts = recorded.journal.flatMap((write) => write.events).filter((event) => event.type === 'contact_attempt' && event.summary.startsWith('Pickup reminder'));
    expect(contacts.length).toBeGreaterThanOrEqual(2);
    await handle.terminate('test done');
  });

  it('lets any staff member cancel before the work is finished, and only a manager after', async () => {
    const early = await atTheBench();
    const cancelled = await early.handle.executeUpdate(cancelRepairUpdate, { args: [{ actor: ANA, reason: 'customer changed their mind' }] });
    expect(cancelled).toMatchObject({ stage: 'ready_for_pickup', outcome: 'cancelled', amountDueMinor: 0 });
    expect(cancelled.items[0].custody.location).toBe('safe');

    const late = await atTheBench();
    await late.handle.executeUpdate(finishWorkUpdate, { args: [{ actor: CARL }] });
    expect(await refusal(late.handle.executeUpdate(cancelRepairUpdate, { args: [{ actor: ANA, reason: 'no' }] }))).toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
      rule: 'CANCEL_AFTER_WORK_NEEDS_MANAGER',
    });
    const byManager = await late.handle.executeUpdate(cancelRepairUpdate, { args: [{ actor: MEG, reason: 'customer dispute' }] });
    expect(byManager.outcome).toBe('cancelled');
    await early.handle.terminate('test done');
    await late.handle.terminate('test done');
  });

  it('refuses an action the stage does not allow with the actions it does, and a wrong role with 403', async () => {
    const { handle } = await takeIn();

    const early = await refusal(handle.executeUpdate(passQualityCheckUpdate, { args: [{ actor: DINA, completionPhotoIds: [] }] }));
    expect(early).toMatchObject({ code: 'STAGE_TRANSITION_NOT_ALLOWED', details: { currentStage: 'received', allowedActions: expect.arrayContaining(['provideEstimate', 'cancelRepair']) } });

    await handle.executeUpdate(provideEstimateUpdate, { args: [{ actor: ANA, lines: [LABOUR(1_000)] }] });
    await handle.executeUpdate(assignBenchUpdate, { args: [{ actor: ANA, jeweler: { id: CARL.id!, name: 'carl' } }] });
    const byAssociate = await refusal(handle.executeUpdate(finishWorkUpdate, { args: [{ actor: ANA }] }));
    expect(byAssociate).toMatchObject({ code: 'ROLE_NOT_ALLOWED', details: { action: 'finishWork', role: 'associate' } });
    await handle.terminate('test done');
  });

  it('hands a valuable piece over only after an ID check, a signature or typed name, and the balance', async () => {
    const { handle } = await takeIn(aRepairInput({ estimate: [LABOUR(4_000)], declaredValue: { amountMinor: 250_000, currency: 'USD' } }));
    await handle.executeUpdate(assignBenchUpdate, { args: [{ actor: ANA, jeweler: { id: CARL.id!, name: 'carl' } }] });
    await handle.executeUpdate(finishWorkUpdate, { args: [{ actor: CARL }] });
    await handle.executeUpdate(passQualityCheckUpdate, { args: [{ actor: DINA, completionPhotoIds: [] }] });
    await handle.executeUpdate(recordPaymentUpdate, { args: [{ actor: ANA, payment: { kind: 'deposit', amount: { amountMinor: 1_000, currency: 'USD' }, method: 'card' } }] });

    const pickup = (overrides: object) =>
      handle.executeUpdate(recordPickupUpdate, { args: [{ actor: ANA, payments: [cash(3_000)], confirmation: { typedName: 'Maria' }, idChecked: true, ...overrides }] });
    expect(await refusal(pickup({ idChecked: false }))).toMatchObject({ rule: 'ID_CHECK_REQUIRED' });
    expect(await refusal(pickup({ confirmation: {} }))).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'confirmation' } });
    expect(await refusal(pickup({ payments: [cash(2_000)] }))).toMatchObject({ rule: 'BALANCE_DUE', details: { amountDueMinor: 3_000 } });
    expect(await refusal(pickup({ payments: [], waiveBalanceReason: 'goodwill' }))).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });

    const done = await pickup({});
    expect(done).toMatchObject({ stage: 'picked_up', amountDueMinor: 0 });
    expect(done.payments.map((payment) => payment.kind)).toEqual(['deposit', 'balance']);
  });

  it('keeps custody hand-overs in the journal: from, to, who recorded it', async () => {
    const { handle, jobId } = await takeIn();

    const moved = await handle.executeUpdate(moveCustodyUpdate, { args: [{ actor: ANA, location: 'safe', holder: { kind: 'store', name: 'Shop' }, detail: 'drawer 3' }] });

    expect(moved.items[0].custody).toMatchObject({ location: 'safe', detail: 'drawer 3' });
    const custodyEvent = recorded.journal
      .filter((write) => write.snapshot.jobId === jobId)
      .flatMap((write) => write.events)
      .find((event) => event.type === 'custody_changed');
    expect(custodyEvent).toMatchObject({ actor: { name: 'ana' }, data: { from: { location: 'counter' }, to: { location: 'safe', detail: 'drawer 3' } } });
    await handle.terminate('test done');
  });

  it('carries its state into a new run when its history grows long, and goes on from there', async () => {
    const { handle, jobId } = await takeIn(aRepairInput({}, { maxHistoryEvents: 60 }));
    for (let move = 0; move < 12; move += 1) {
      await handle.executeUpdate(moveCustodyUpdate, { args: [{ actor: ANA, location: move % 2 ? 'safe' : 'counter', holder: { kind: 'store', name: 'Shop' } }] });
    }
    const firstRun = handle.firstExecutionRunId;

    const continued = await eventually(() => client.workflow.getHandle(handle.workflowId).describe(), (description) => description.runId !== firstRun, 15_000);
    const state = await client.workflow.getHandle(handle.workflowId, continued.runId).query(getRepairStateQuery);
    expect(state).toMatchObject({ stage: 'received', journalSequence: 14 });

    const next = await client.workflow.getHandle(handle.workflowId).executeUpdate(provideEstimateUpdate, { args: [{ actor: CARL, lines: [LABOUR(1_000)] }] });
    expect(next.stage).toBe('approved');
    expect(recorded.lastSnapshotOf(jobId)?.sequence).toBe(17);
    expect(recorded.noticesOf(jobId)).toEqual(['repair.received']);
    await client.workflow.getHandle(handle.workflowId).terminate('test done');
  });

  it('replays every history this file produced', async () => {
    expect(started.length).toBeGreaterThanOrEqual(12);
    await replayLiveHistories(client, started, { recordAs: 'repair-job' });
  });
});
