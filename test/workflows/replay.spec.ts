import { Worker } from '@temporalio/worker';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const historiesDir = new URL('./histories/', import.meta.url);
const histories = readdirSync(historiesDir).filter((file) => file.endsWith('.json'));

/**
 * Workflows already running in shops must replay on today's code: a change that alters their
 * history without a patch() guard fails here (nondeterminism), before it reaches a shop.
 */
describe('workflows replay recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(6);
  });

  it.each(histories)('replays %s without nondeterminism', async (file) => {
    const history = JSON.parse(readFileSync(new URL(file, historiesDir), 'utf8'));
    await Worker.runReplayHistory({ workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)) }, history, file);
  });
});
