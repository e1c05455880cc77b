import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleUpdateOptions } from '@temporalio/client';

export interface IntervalSchedule {
  scheduleId: string;
  workflowType: string;
  taskQueue: string;
  everyMs: number;
  /** A run that takes longer than this is cut short; the next one starts over. */
  runTimeout: string;
}

/**
 * A Temporal schedule that starts one workflow every `everyMs`, created or brought up to date by
 * every worker start (so a changed interval takes effect on the next deploy). Runs never overlap,
 * and runs missed while Temporal was down are not caught up: the next one does their work.
 */
export async function ensureIntervalSchedule(client: Client, { scheduleId, workflowType, taskQueue, everyMs, runTimeout }: IntervalSchedule): Promise<string> {
  const schedule: ScheduleUpdateOptions = {
    spec: { intervals: [{ every: everyMs }] },
    action: { type: 'startWorkflow', workflowType, workflowId: scheduleId, taskQueue, args: [], workflowExecutionTimeout: runTimeout },
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
