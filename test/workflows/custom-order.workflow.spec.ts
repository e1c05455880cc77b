import { Client, Connection, WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  type OrderStateView,
  type OrderWorkflowInput,
  addDesignVersionUpdate,
  cancelOrderUpdate,
  decideDesignUpdate,
  decideTryOnUpdate,
  failOrderQualityCheckUpdate,
  finishStepUpdate,
  getOrderStateQuery,
  handOverUpdate,
  moveOrderCustodyUpdate,
  orderWorkflowId,
  passOrderQualityCheckUpdate,
  receiveStepFromVendorUpdate,
  recordOrderPaymentUpdate,
  sendStepToVendorUpdate,
  startProductionUpdate,
  startStepUpdate,
} from '../../workflows/custom-order/contract.js';
import { customOrderWorkflow } from '../../workflows/custom-order/workflow.js';
import { type JobRefusal, refusalOf } from '../../workflows/shared/job-refusals.js';
import { eventually } from '../support/eventually.js';
import { type StartedWorkflow, currentScenario, replayLiveHistories } from '../support/replay.js';
import { testTemporalAddress } from '../support/test-services.js';
import { RecordingJobActivities } from '../support/workflows/recording-job-activities.js';
import { DESIGN_LINES, STEPS, anOrderInput, usd } from '../support/workflows/order-builders.js';
import { ANA, CARL, DINA, MEG, customer } from '../support/workflows/repair-builders.js';

type Order = WorkflowHandle<typeof customOrderWorkflow>;
const carl = { id: CARL.id!, name: CARL.name };

/** The custom-order lifecycle on the real Temporal server, with activities that record their calls. */
describe('custom order workflow', () => {
  const taskQueue = `custom-order-${randomUUID()}`;
  const recorded = new RecordingJobActivities();
  const started: StartedWorkflow[] = [];
  let client: Client;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;

  beforeAll(async () => {
    connection = await NativeConnection.connect({ address: testTemporalAddress() });
    worker = await Worker.create({ connection, taskQueue, workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)), activities: recorded.activities });
    running = worker.run();
    client = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
  });

  afterAll(async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await client.connection.close();
  });

  async function takeOrder(input: OrderWorkflowInput = anOrderInput()) {
    const handle = await client.workflow.start(customOrderWorkflow, { taskQueue, workflowId: orderWorkflowId(input.order.jobId), args: [input] });
    started.push({ workflowId: handle.workflowId, scenario: currentScenario() });
    return { handle, jobId: input.order.jobId };
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

  const sendDesign = (handle: Order, totalMinor: number, extraRoundAgreement?: string) =>
    handle.executeUpdate(addDesignVersionUpdate, { args: [{ actor: ANA, fileIds: ['render-1'], notes: 'Low cathedral, six prongs', lines: DESIGN_LINES(totalMinor), extraRoundAgreement }] });
  const answerDesign = (handle: Order, approvalId: string, decision: 'approve' | 'request_changes', comment?: string) =>
    handle.executeUpdate(decideDesignUpdate, { args: [{ actor: customer('tracking_page'), approvalId, decision, comment }] });
  const pay = (handle: Order, amountMinor: number, kind: 'deposit' | 'balance' = 'deposit') => handle.executeUpdate(recordOrderPaymentUpdate, { args: [{ actor: ANA, payment: usd(amountMinor, kind) }] });
  const startStep = (handle: Order, stepKey: string) => handle.executeUpdate(startStepUpdate, { args: [{ actor: CARL, stepKey, artisan: carl }] });
  const finishStep = (handle: Order, stepKey: string) => handle.executeUpdate(finishStepUpdate, { args: [{ actor: CARL, stepKey }] });

  /** Design approved at `totalMinor`, deposit paid, production started with `steps`. */
  async function inProduction(input = anOrderInput(), { totalMinor = 400_000, steps = STEPS, tryOn = false } = {}) {
    const order = await takeOrder(input);
    const sent = await sendDesign(order.handle, totalMinor);
    await answerDesign(order.handle, sent.designs[0].approvalId, 'approve');
    await pay(order.handle, totalMinor / 2);
    await order.handle.executeUpdate(startProductionUpdate, { args: [{ actor: ANA, steps, tryOn }] });
    return order;
  }

  async function throughSteps(handle: Order, keys: string[]): Promise<OrderStateView> {
    let state = await handle.query(getOrderStateQuery);
    for (const key of keys) {
      await startStep(handle, key);
      state = await finishStep(handle, key);
    }
    return state;
  }

  it('goes from consultation to the care reminder: design approved, deposit, production, QC by another, paid pickup, follow-up', async () => {
    const { handle, jobId } = await inProduction();
    const made = await throughSteps(handle, STEPS.map((step) => step.key));
    expect(made.stage).toBe('quality_check');

    const ready = await handle.executeUpdate(passOrderQualityCheckUpdate, { args: [{ actor: DINA, completionPhotoIds: ['finished-1'] }] });
    expect(ready).toMatchObject({ stage: 'ready', amountDueMinor: 200_000, paidMinor: 200_000 });
    expect(ready.items.find((item) => item.key === 'piece')?.custody.location).toBe('safe');

    const delivered = await handle.executeUpdate(handOverUpdate, {
      args: [{ actor: ANA, method: 'pickup', payments: [usd(200_000, 'balance')], confirmation: { typedName: 'Maria Lopez' }, idChecked: true }],
    });
    expect(delivered).toMatchObject({ stage: 'delivered', amountDueMinor: 0, handOver: { method: 'pickup', idChecked: true } });

    const final = await handle.result();
    expect(final).toMatchObject({ stage: 'completed', followUps: { thankYouSent: true, careReminderSent: true } });
    expect(final.items.find((item) => item.key === 'piece')?.custody.location).toBe('customer');
    expect(recorded.noticesOf(jobId)).toEqual([
      'order.received',
      'order.design_ready',
      'order.design_approved',
      'order.production_started',
      'order.ready',
      'order.delivered',
      'order.thank_you',
      'order.care_reminder',
    ]);
    expect(recorded.lastSnapshotOf(jobId)).toMatchObject({ kind: 'custom_order', stage: 'completed', closed: true });
  });

  it('keeps every design round; a third beyond the two included needs a recorded agreement', async () => {
    const { handle } = await takeOrder();
    const first = await sendDesign(handle, 350_000);
    await answerDesign(handle, first.designs[0].approvalId, 'request_changes', 'Lower the setting');
    const second = await sendDesign(handle, 360_000);
    const changes = await answerDesign(handle, second.designs[1].approvalId, 'request_changes', 'Thinner band');
    expect(changes.stage).toBe('designing');

    const unpaid = await refusal(sendDesign(handle, 370_000));
    expect(unpaid).toMatchObject({ code: 'RULE_VIOLATION', rule: 'EXTRA_ROUND_NEEDS_AGREEMENT', details: { roundsIncluded: 2, round: 3 } });

    const third = await sendDesign(handle, 385_000, 'Third round, USD 150, agreed by phone');
    const approved = await answerDesign(handle, third.designs[2].approvalId, 'approve');
    expect(approved).toMatchObject({ stage: 'design_approved', depositRequiredMinor: 192_500, approvedDesign: { version: 3, extraRoundAgreement: 'Third round, USD 150, agreed by phone' } });
    expect(approved.approvals.map((request) => [request.id, request.decision?.outcome])).toEqual([
      ['design-1', 'changes_requested'],
      ['design-2', 'changes_requested'],
      ['design-3', 'approved'],
    ]);
    await handle.terminate('test done');
  });

  it('counts a design fee toward the deposit and the price, unless the store does not credit it', async () => {
    const designFee = { kind: 'design_fee' as const, amount: { amountMinor: 20_000, currency: 'USD' }, method: 'card' as const };
    for (const [designFeeCredited, depositStillDue] of [
      [true, 180_000],
      [false, 200_000],
    ] as const) {
      const { handle } = await takeOrder(anOrderInput({ designFee }, { designFeeCredited }));
      const sent = await sendDesign(handle, 400_000);
      await eventually(() => handle.query(getOrderStateQuery), (state) => state.paidMinor === 20_000);
      await answerDesign(handle, sent.designs[0].approvalId, 'approve');
      const refused = await refusal(handle.executeUpdate(startProductionUpdate, { args: [{ actor: ANA, steps: STEPS, tryOn: false }] }));
      expect(refused.details).toMatchObject({ depositRequiredMinor: 200_000, paidMinor: 200_000 - depositStillDue });
      await handle.terminate('test done');
    }
  });

  it('refuses an approval of a design version that is not the latest, naming the latest', async () => {
    const { handle } = await takeOrder();
    await sendDesign(handle, 350_000);
    await sendDesign(handle, 360_000);

    const stale = await refusal(answerDesign(handle, 'design-1', 'approve'));

    expect(stale).toMatchObject({ code: 'RULE_VIOLATION', rule: 'STALE_APPROVAL_REQUEST', details: { latestRequestId: 'design-2' } });
    expect((await handle.query(getOrderStateQuery)).stage).toBe('awaiting_design_approval');
    await handle.terminate('test done');
  });

  it('starts no production before the latest design is approved and the deposit paid, naming what is missing', async () => {
    const { handle } = await takeOrder();
    const sent = await sendDesign(handle, 400_000);
    const start = () => handle.executeUpdate(startProductionUpdate, { args: [{ actor: ANA, steps: STEPS, tryOn: false }] });

    expect(await refusal(start())).toMatchObject({ code: 'STAGE_TRANSITION_NOT_ALLOWED', details: { currentStage: 'awaiting_design_approval' } });
    await answerDesign(handle, sent.designs[0].approvalId, 'approve');
    expect(await refusal(start())).toMatchObject({ rule: 'DEPOSIT_MISSING', details: { missing: 'deposit', depositRequiredMinor: 200_000, paidMinor: 0 } });
    expect(await refusal(pay(handle, 400_001))).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'amount.amountMinor' } });

    await pay(handle, 150_000);
    expect(await refusal(start())).toMatchObject({ rule: 'DEPOSIT_MISSING', details: { paidMinor: 150_000 } });
    await pay(handle, 50_000);
    expect((await start()).stage).toBe('in_production');
    await handle.terminate('test done');
  });

  it('waits for the try-on of the wax model: changes send it back to the wax, an approval lets casting go on', async () => {
    const { handle, jobId } = await inProduction(anOrderInput(), { tryOn: true });
    const tryOn = await throughSteps(handle, ['cad', 'wax']);
    expect(tryOn.stage).toBe('awaiting_try_on');
    expect(await refusal(startStep(handle, 'casting'))).toMatchObject({ code: 'STAGE_TRANSITION_NOT_ALLOWED' });

    const rejected = await handle.executeUpdate(decideTryOnUpdate, { args: [{ actor: customer('counter'), approvalId: 'try_on-1', decision: 'request_changes', comment: 'Too tall' }] });
    expect(rejected).toMatchObject({ stage: 'in_production' });
    expect(rejected.steps.find((step) => step.key === 'wax')).toMatchObject({ status: 'pending', reworkReason: 'Too tall' });

    const again = await throughSteps(handle, ['wax']);
    expect(again.stage).toBe('awaiting_try_on');
    const approved = await handle.executeUpdate(decideTryOnUpdate, { args: [{ actor: customer('counter'), approvalId: 'try_on-2', decision: 'approve' }] });
    expect(approved.stage).toBe('in_production');
    expect((await throughSteps(handle, ['casting', 'setting', 'polish'])).stage).toBe('quality_check');
    expect(recorded.noticesOf(jobId).filter((kind) => kind === 'order.try_on_ready')).toHaveLength(2);
    await handle.terminate('test done');
  });

  it('sends a step to a vendor and back, with the piece in their hands meanwhile; steps go in order', async () => {
    const { handle } = await inProduction();
    await throughSteps(handle, ['cad', 'wax']);
    expect(await refusal(startStep(handle, 'setting'))).toMatchObject({ rule: 'STEP_OUT_OF_ORDER', details: { nextStep: 'casting' } });

    const atVendor = await handle.executeUpdate(sendStepToVendorUpdate, {
      args: [{ actor: ANA, stepKey: 'casting', vendor: 'Castings & Co', reference: 'CC-88', expectedBackAt: new Date(Date.now() + 86_400_000).toISOString(), expectedBackOn: '2026-12-01' }],
    });
    expect(atVendor.items.find((item) => item.key === 'piece')?.custody).toMatchObject({ location: 'vendor', holder: { kind: 'vendor', name: 'Castings & Co' }, detail: 'CC-88' });

    const back = await handle.executeUpdate(receiveStepFromVendorUpdate, { args: [{ actor: ANA, stepKey: 'casting' }] });
    expect(back.steps.find((step) => step.key === 'casting')).toMatchObject({ status: 'done', workedBy: ['vendor:Castings & Co'] });
    expect(back.items.find((item) => item.key === 'piece')?.custody.location).toBe('safe');
    await handle.terminate('test done');
  });

  it('sends the piece back to the step the checker names, never checked by its last artisan; an unknown step is refused', async () => {
    const { handle } = await inProduction();
    await throughSteps(handle, STEPS.map((step) => step.key));

    expect(await refusal(handle.executeUpdate(passOrderQualityCheckUpdate, { args: [{ actor: CARL, completionPhotoIds: [] }] }))).toMatchObject({ rule: 'QC_BY_WORKER' });
    expect(await refusal(handle.executeUpdate(failOrderQualityCheckUpdate, { args: [{ actor: DINA, backToStep: 'engraving', reason: 'x' }] }))).toMatchObject({
      code: 'INVALID_REQUEST',
      rule: 'UNKNOWN_STEP',
    });

    const back = await handle.executeUpdate(failOrderQualityCheckUpdate, { args: [{ actor: DINA, backToStep: 'setting', reason: 'A prong is loose' }] });
    expect(back).toMatchObject({ stage: 'in_production', qcRounds: 1 });
    expect(back.steps.map((step) => [step.key, step.status])).toEqual([
      ['cad', 'done'],
      ['wax', 'done'],
      ['casting', 'done'],
      ['setting', 'pending'],
      ['polish', 'pending'],
    ]);
    expect((await throughSteps(handle, ['setting', 'polish'])).stage).toBe('quality_check');
    await handle.terminate('test done');
  });

  it('refunds the deposit when cancelled before production; after, only a manager cancels, keeping what was spent', async () => {
    const before = await takeOrder();
    const sent = await sendDesign(before.handle, 300_000);
    await answerDesign(before.handle, sent.designs[0].approvalId, 'approve');
    await pay(before.handle, 150_000);
    const cancelled = await before.handle.executeUpdate(cancelOrderUpdate, { args: [{ actor: ANA, reason: 'Changed their mind' }] });
    expect(cancelled).toMatchObject({ stage: 'cancelled', paidMinor: 0, cancellation: { refundedMinor: 150_000, keptMinor: 0 } });
    expect(recorded.payments.filter((write) => write.jobId === before.jobId).flatMap((write) => write.payments.map((payment) => payment.kind))).toEqual(['deposit', 'refund']);

    const after = await inProduction(anOrderInput(), { totalMinor: 300_000 });
    await throughSteps(after.handle, ['cad', 'wax', 'casting']);
    expect(await refusal(after.handle.executeUpdate(cancelOrderUpdate, { args: [{ actor: ANA, reason: 'x' }] }))).toMatchObject({ code: 'ROLE_NOT_ALLOWED', rule: 'CANCEL_IN_PRODUCTION_NEEDS_MANAGER' });
    const byManager = await after.handle.executeUpdate(cancelOrderUpdate, { args: [{ actor: MEG, reason: 'Customer withdrew', keepMinor: 90_000 }] });
    expect(byManager).toMatchObject({ stage: 'cancelled', cancellation: { keptMinor: 90_000, refundedMinor: 60_000 }, paidMinor: 90_000 });
  });

  it("tracks the customer's own stone from the consultation into the finished piece and back to them", async () => {
    const input = anOrderInput({ ownMaterials: [{ description: "Customer's 1.2 ct round diamond, GIA 2141438171", declaredValue: { amountMinor: 900_000, currency: 'USD' } }] });
    const { handle } = await inProduction(input);
    const stone = (state: OrderStateView) => state.items.find((item) => item.key === 'own-1')?.custody;

    const cast = await throughSteps(handle, ['cad', 'wax', 'casting']);
    expect(stone(cast)).toMatchObject({ location: 'counter', holder: { name: ANA.name } });
    const setting = await startStep(handle, 'setting');
    expect(stone(setting)).toMatchObject({ location: 'bench', holder: { name: 'carl' } });
    await finishStep(handle, 'setting');
    const polished = await throughSteps(handle, ['polish']);
    expect(stone(polished)).toMatchObject({ location: 'safe' });

    await handle.executeUpdate(passOrderQualityCheckUpdate, { args: [{ actor: DINA, completionPhotoIds: [] }] });
    const refusedWithoutId = await refusal(handle.executeUpdate(handOverUpdate, { args: [{ actor: ANA, method: 'pickup', payments: [usd(200_000, 'balance')], confirmation: { typedName: 'M. Lopez' }, idChecked: false }] }));
    expect(refusedWithoutId.rule).toBe('ID_CHECK_REQUIRED');
    const delivered = await handle.executeUpdate(handOverUpdate, { args: [{ actor: ANA, method: 'pickup', payments: [usd(200_000, 'balance')], confirmation: { typedName: 'M. Lopez' }, idChecked: true }] });
    expect(stone(delivered)).toMatchObject({ location: 'customer' });
    await eventually(() => handle.describe(), (description) => description.status.name === 'COMPLETED', 15_000);
  });

  it('ships a finished piece with its carrier and tracking number', async () => {
    const { handle, jobId } = await inProduction(anOrderInput(), { steps: [STEPS[0], STEPS[4]] });
    await throughSteps(handle, ['cad', 'polish']);
    await handle.executeUpdate(passOrderQualityCheckUpdate, { args: [{ actor: DINA, completionPhotoIds: [] }] });
    expect(await refusal(handle.executeUpdate(handOverUpdate, { args: [{ actor: ANA, method: 'shipping', carrier: 'FedEx', payments: [usd(200_000, 'balance')], confirmation: {}, idChecked: false }] }))).toMatchObject({
      code: 'INVALID_REQUEST',
      details: { field: 'trackingNumber' },
    });
    const shipped = await handle.executeUpdate(handOverUpdate, {
      args: [{ actor: ANA, method: 'shipping', carrier: 'FedEx', trackingNumber: '7711 2233 4455', payments: [usd(200_000, 'balance')], confirmation: {}, idChecked: false }],
    });
    expect(shipped.items.find((item) => item.key === 'piece')?.custody).toMatchObject({ location: 'in_transit', holder: { kind: 'carrier', name: 'FedEx' }, detail: '7711 2233 4455' });
    await eventually(() => handle.describe(), (description) => description.status.name === 'COMPLETED', 15_000);
    expect(recorded.noticesOf(jobId)).toEqual(expect.arrayContaining(['order.shipped', 'order.thank_you', 'order.care_reminder']));
  });

  it('carries its state into a new run when its history grows long, and goes on from there', async () => {
    const input = anOrderInput({ ownMaterials: [{ description: "Customer's sapphire", declaredValue: { amountMinor: 50_000, currency: 'USD' } }] }, { maxHistoryEvents: 60 });
    const { handle, jobId } = await takeOrder(input);
    for (let move = 0; move < 12; move += 1) {
      await handle.executeUpdate(moveOrderCustodyUpdate, { args: [{ actor: ANA, location: move % 2 ? 'safe' : 'counter', holder: { kind: 'store', name: 'Shop' } }] });
    }
    const firstRun = handle.firstExecutionRunId;

    const continued = await eventually(() => client.workflow.getHandle(handle.workflowId).describe(), (description) => description.runId !== firstRun, 15_000);
    const carried = await client.workflow.getHandle(handle.workflowId, continued.runId).query(getOrderStateQuery);
    expect(carried).toMatchObject({ stage: 'designing', journalSequence: 14 });
    expect(carried.items[0]).toMatchObject({ key: 'own-1', custody: { location: 'safe' } });

    const next = await sendDesign(client.workflow.getHandle(handle.workflowId), 300_000);
    expect(next).toMatchObject({ stage: 'awaiting_design_approval', designs: [expect.objectContaining({ approvalId: 'design-1' })] });
    // 14 carried over, then the design version and the stage it moves the order to.
    expect(recorded.lastSnapshotOf(jobId)?.sequence).toBe(16);
    // The notice goes out from the new run's message pump, a moment after the Update's answer.
    expect(await eventually(async () => recorded.noticesOf(jobId), (notices) => notices.length === 2)).toEqual(['order.received', 'order.design_ready']);
    await client.workflow.getHandle(handle.workflowId).terminate('test done');
  });

  it('replays every history this file produced', async () => {
    expect(started.length).toBeGreaterThanOrEqual(10);
    await replayLiveHistories(client, started, { recordAs: 'custom-order' });
  });
});
