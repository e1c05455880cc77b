/** The scheduled sweep that re-queues messages the queue lost: its contract with the worker. */
export const MESSAGE_SWEEP_WORKFLOW_TYPE = 'sweepStrandedMessagesWorkflow';

/** One schedule per task queue, so deployments (and test runs) sharing a namespace never meet. */
export function messageSweepScheduleId(taskQueue: string): string {
  return `message-sweeper-${taskQueue}`;
}

export interface StrandedMessageSweep {
  /** Messages still owed and old enough to be looked at. */
  checked: number;
  /** Of those, how many the queue had lost and got back. */
  requeued: number;
}

export interface MessagingActivities {
  requeueStrandedMessages(): Promise<StrandedMessageSweep>;
}
