import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';

const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/**
 * Replays the live histories of these workflows against today's code. A worker replays a history
 * whenever a workflow leaves its cache, so a nondeterminism here is one a shop would meet.
 */
export async function replayLiveHistories(client: Client, workflowIds: string[]): Promise<void> {
  const histories = await Promise.all(
    workflowIds.map(async (workflowId) => ({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() })),
  );
  for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) {
    if (result.error) throw new Error(`Workflow ${result.workflowId} does not replay: ${result.error.message}`);
  }
}
