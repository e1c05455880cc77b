import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleUpdateOptions } from '@temporalio/client';
import { MESSAGE_SWEEP_WORKFLOW_TYPE, messageSweepScheduleId } from '../../workflows/message-sweep.contract.js';
import type { AppConfig } from '../platform/config/app-config.js';

/**
 * The sweep runs from a Temporal schedule rather than a BullMQ repeatable job: the sweep exists for
 * the moment Redis loses its data, and a repeatable job lives in that same Redis. The schedule lives
 * in Temporal's database, shows in its Web UI, and is created or brought up to date by every worker
 * start, so changing MESSAGE_SWEEP_EVERY takes effect on the next deploy.
 */
export async function ensureMessageSweepSchedule(client: Client, config: AppConfig): Promise<string> {
  const scheduleId = messageSweepScheduleId(config.temporal.taskQueue);
  const schedule: ScheduleUpdateOptions = {
    spec: { intervals: [{ every: config.messaging.sweepEveryMs }] },
    action: {
      type: 'startWorkflow',
      workflowType: MESSAGE_SWEEP_WORKFLOW_TYPE,
      workflowId: scheduleId,
      taskQueue: config.temporal.taskQueue,
      args: [],
      workflowExecutionTimeout: '10 minutes',
    },
    // One sweep at a time; sweeps missed while Temporal was down are not worth catching up.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    state: { paused: false },
  };
  try {
    await client.schedule.create({ scheduleId, ...schedule });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update(() => schedule);
  }
  return scheduleId;
}
