import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
const historiesDir = new URL('../workflows/histories/', import.meta.url);

/** A workflow a test started, named after the test (the name of its history file if recorded). */
export interface StartedWorkflow {
  workflowId: string;
  scenario: string;
}

/** The running test's name as a file-name slug. */
export function currentScenario(): string {
  const name = expect.getState().currentTestName ?? 'unnamed';
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 90);
}

/**
 * Replays the live histories of these workflows against today's code. A worker replays a history
 * whenever a workflow leaves its cache, so a nondeterminism here is one a shop would meet.
 *
 * With RECORD_HISTORIES=<label> (`RECORD_HISTORIES=v3 npm run record-histories`) and `recordAs`, the
 * histories are also written to test/workflows/histories/<prefix>-<label>-<scenario>.json, where the replay test
 * keeps replaying them against every later version of the code. Record when a workflow change
 * is released (behind a patch); never rewrite old files: they stand for workflows running in shops.
 */
export async function replayLiveHistories(client: Client, workflows: StartedWorkflow[], options: { recordAs?: string } = {}): Promise<void> {
  const histories = await Promise.all(
    workflows.map(async ({ workflowId, scenario }) => ({ workflowId, scenario, history: await client.workflow.getHandle(workflowId).fetchHistory() })),
  );
  for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) {
    if (result.error) throw new Error(`Workflow ${result.workflowId} does not replay: ${result.error.message}`);
  }
  const label = process.env.RECORD_HISTORIES;
  const prefix = options.recordAs;
  if (!label || !prefix) return;
  const taken = new Map<string, number>();
  for (const { scenario, history } of histories) {
    const count = (taken.get(scenario) ?? 0) + 1;
    taken.set(scenario, count);
    const file = new URL(`${prefix}-${label}-${scenario}${count > 1 ? `-${count}` : ''}.json`, historiesDir);
    writeFileSync(file, `${historyToJSON(history)}\n`);
  }
}
