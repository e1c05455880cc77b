import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  type CustomerNotice,
  type NotifyCustomerOfStageInput,
  type RecordRepairStageInput,
  createRepairActivities,
} from '../../activities/repair-activities.js';
import { advanceStageUpdate, getStateQuery, repairWorkflowId } from '../../workflows/repair-job.contract.js';
import { repairJobWorkflow } from '../../workflows/repair-job.workflow.js';
import { testTemporalAddress } from '../support/test-services.js';

/** The workflow's logic on the real Temporal server, with activities that only record their calls. */
describe('repair job workflow', () => {
  const taskQueue = `repair-workflow-test-${randomUUID()}`;
  const projected: RecordRepairStageInput[] = [];
  const notified: NotifyCustomerOfStageInput[] = [];
  let client: Client;
  let workerConnection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;

  beforeAll(async () => {
    workerConnection = await NativeConnection.connect({ address: testTemporalAddress() });
    worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)),
      activities: createRepairActivities({
        projection: { recordStage: async (input) => void projected.push(input) },
        notifications: {
          notifyCustomerOfStage: async (input): Promise<CustomerNotice> => {
            notified.push(input);
            return { messageId: `message-${input.repairId}-${input.sequence}`, status: 'queued' };
          },
        },
      }),
    });
    running = worker.run();
    client = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
  });

  afterAll(async () => {
    worker.shutdown();
    await running;
    await workerConnection.close();
    await client.connection.close();
  });

  const startRepair = (repairId = randomUUID()) =>
    client.workflow.start(repairJobWorkflow, { taskQueue, workflowId: repairWorkflowId(repairId), args: [{ repairId, receivedBy: 'ana' }] });

  it('moves from received to ready, projecting and announcing every stage, then completes', async () => {
    const repairId = randomUUID();
    const handle = await startRepair(repairId);

    const inProgress = await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'in_progress', actor: 'carl' }] });
    expect(inProgress).toMatchObject({ stage: 'in_progress', allowedNextStages: ['ready'], pieceLocation: "at the bench jeweler's bench" });

    await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'ready', actor: 'dina' }] });
    const final = await handle.result();

    expect(final.transitions.map(({ sequence, from, to, actor }) => ({ sequence, from, to, actor }))).toEqual([
      { sequence: 1, from: null, to: 'received', actor: 'ana' },
      { sequence: 2, from: 'received', to: 'in_progress', actor: 'carl' },
      { sequence: 3, from: 'in_progress', to: 'ready', actor: 'dina' },
    ]);
    expect(projected.filter((p) => p.repairId === repairId).map((p) => [p.sequence, p.to])).toEqual([
      [1, 'received'],
      [2, 'in_progress'],
      [3, 'ready'],
    ]);
    expect(notified.filter((n) => n.repairId === repairId).map((n) => n.stage)).toEqual(['received', 'in_progress', 'ready']);
  });

  it('refuses a skipped stage with the current stage and the allowed next ones, changing nothing', async () => {
    const handle = await startRepair();

    const refusal = await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'ready', actor: 'carl' }] }).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    const failure = (refusal as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(failure.type).toBe('STAGE_TRANSITION_NOT_ALLOWED');
    expect(failure.details?.[0]).toEqual({ currentStage: 'received', requestedStage: 'ready', allowedNextStages: ['in_progress'] });
    expect(await handle.query(getStateQuery)).toMatchObject({ stage: 'received', transitions: [expect.objectContaining({ to: 'received' })] });
    await handle.terminate('test done');
  });

  it('accepts only one of two identical moves sent at once', async () => {
    const handle = await startRepair();
    const move = () => handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'in_progress', actor: 'carl' }] });

    const outcomes = await Promise.allSettled([move(), move()]);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect((await handle.query(getStateQuery)).transitions).toHaveLength(2);
    await handle.terminate('test done');
  });
});
