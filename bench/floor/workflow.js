// The floor the benchmark compares our stage change with, measured in the same run: a workflow
// whose Update handler awaits one local activity that does nothing, and nothing else.
import { condition, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';

export const touchUpdate = defineUpdate('touch');
const { noop } = proxyLocalActivities({ startToCloseTimeout: '10 seconds' });

export async function floorWorkflow() {
  let touches = 0;
  setHandler(touchUpdate, async () => {
    await noop();
    touches += 1;
    return touches;
  });
  await condition(() => false);
}
