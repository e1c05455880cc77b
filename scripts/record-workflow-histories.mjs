// Records event histories of the current workflow code into test/workflows/histories/, for the
// replay test. Run after `npm run build`: `node scripts/record-workflow-histories.mjs`.
// Record new histories when a workflow change is released (behind a patch); never rewrite old ones:
// they stand for workflows already running in shops.
import { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
  activities: createRepairActivities({
    projection: { recordStage: async () => {} },
    notifications: { notifyCustomerOfStage: async (input) => ({ messageId: `message-${input.sequence}`, status: 'queued' }) },
  }),
});
const client = new Client({ connection: env.connection });

const scenarios = {
  // Taken in, worked on, ready: the whole lifecycle, including a refused skip along the way.
  'to-ready': async (handle) => {
    await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'ready', actor: 'ana' }] }).catch(() => {});
    await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'in_progress', actor: 'carl' }] });
    await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'ready', actor: 'dina' }] });
    await handle.result();
  },
  // Still at the bench when recorded: the shape of a job open in a shop during a deploy.
  'open-in-progress': async (handle) => {
    await handle.executeUpdate(advanceStageUpdate, { args: [{ to: 'in_progress', actor: 'carl' }] });
  },
};

await worker.runUntil(async () => {
  for (const [name, drive] of Object.entries(scenarios)) {
    const repairId = randomUUID();
    const handle = await client.workflow.start('repairJobWorkflow', { taskQueue, workflowId: repairWorkflowId(repairId), args: [{ repairId, receivedBy: 'ana' }] });
    await drive(handle);
    const file = new URL(`repair-job-${label}-${name}.json`, outDir);
    // The CLI's JSON is the standard export format that Worker.runReplayHistory reads.
    const json = execFileSync(findTemporalCli(), ['workflow', 'show', '--address', env.address, '--workflow-id', handle.workflowId, '--output', 'json']);
    writeFileSync(file, json);
    console.log(`recorded ${fileURLToPath(file)}`);
  }
});
await env.teardown();
