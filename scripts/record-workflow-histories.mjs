// Records event histories of the current workflow code into test/workflows/histories/, for the
// replay test: `npm run record-histories -- <label> [scenario ...]` (builds first), e.g.
// `npm run record-histories -- v2 repair-job/advanced-in-first-task`.
// Record new histories when a workflow change is released (behind a patch); never rewrite old ones:
// they stand for workflows already running in shops.
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMessagingActivities } from '../dist/activities/messaging-activities.js';
import { createRepairActivities } from '../dist/activities/repair-activities.js';
import { findTemporalCli, startTemporalDevServer } from '../dist/src/dev/temporal-dev-server.js';
import { advanceStageUpdate, repairWorkflowId } from '../dist/workflows/repair-job.contract.js';

Runtime.install({ logger: new DefaultLogger('WARN') });
const label = process.argv[2] ?? 'v1';
const outDir = new URL('../test/workflows/histories/', import.meta.url);
const env = await startTemporalDevServer();
const taskQueue = `record-${randomUUID()}`;
const worker = await Worker.create({
  connection: env.nativeConnection,
  taskQueue,
  workflowsPath: fileURLToPath(new URL('../dist/workflows/index.js', import.meta.url)),
  activities: {
    ...createRepairActivities({
      projection: { recordStage: async () => {} },
      notifications: { notifyCustomerOfStage: async (input) => ({ messageId: `message-${input.sequence}`, status: 'queued' }) },
    }),
    ...createMessagingActivities({ sweeper: { requeueStranded: async () => ({ checked: 3, requeued: 1 }) } }),
  },
});
const client = new Client({ connection: env.connection });

const startRepair = (repairId) =>
  client.workflow.start('repairJobWorkflow', { taskQueue, workflowId: repairWorkflowId(repairId), args: [{ repairId, receivedBy: 'ana' }] });

/** `<workflow>/<path>`: each drives one workflow and returns its handle once its history is worth keeping. */
const scenarios = {
  // Taken in, worked on, ready: the whole lifecycle, including a refused skip along the way.
  'repair-job/to-ready': async () => {
    const handle = await startRepair(randomUUID());
    await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'ready', actor: 'ana' }] }).catch(() => {});
    await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'in_progress', actor: 'carl' }] });
    await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'ready', actor: 'dina' }] });
    await handle.result();
    return handle;
  },
  // Still at the bench when recorded: the shape of a job open in a shop during a deploy.
  'repair-job/open-in-progress': async () => {
    const handle = await startRepair(randomUUID());
    await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'in_progress', actor: 'carl' }] });
    return handle;
  },
  // The advance arrives with the workflow's first task (an advance right after take-in).
  'repair-job/advanced-in-first-task': async () => {
    const repairId = randomUUID();
    const start = new WithStartWorkflowOperation('repairJobWorkflow', {
      taskQueue,
      workflowId: repairWorkflowId(repairId),
      args: [{ repairId, receivedBy: 'ana' }],
      workflowIdConflictPolicy: 'FAIL',
    });
    await client.workflow.executeUpdateWithStart(advanceStageUpdate, { args: [{ to: 'in_progress', actor: 'carl' }], startWorkflowOperation: start });
    const handle = await start.workflowHandle();
    await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'ready', actor: 'dina' }] });
    await handle.result();
    return handle;
  },
  // One run of the scheduled sweep of messages the queue lost.
  'message-sweep/one-sweep': async () => {
    const handle = await client.workflow.start('sweepStrandedMessagesWorkflow', { taskQueue, workflowId: `message-sweep-${randomUUID()}`, args: [] });
    await handle.result();
    return handle;
  },
};

const only = process.argv.slice(3);
await worker.runUntil(async () => {
  for (const [name, drive] of Object.entries(scenarios)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const handle = await drive();
    const [workflow, path] = name.split('/');
    const file = new URL(`${workflow}-${label}-${path}.json`, outDir);
    // The CLI's JSON is the standard export format that Worker.runReplayHistory reads.
    const json = execFileSync(findTemporalCli(), ['workflow', 'show', '--address', env.address, '--workflow-id', handle.workflowId, '--output', 'json']);
    writeFileSync(file, json);
    console.log(`recorded ${fileURLToPath(file)}`);
  }
});
await env.teardown();
