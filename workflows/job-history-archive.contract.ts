/** The scheduled copy of ended job workflows' histories into Postgres: its contract with the worker. */
export const JOB_HISTORY_ARCHIVE_WORKFLOW_TYPE = 'archiveEndedJobHistoriesWorkflow';

/** One schedule per task queue, so deployments (and test runs) sharing a namespace never meet. */
export function jobHistoryArchiveScheduleId(taskQueue: string): string {
  return `job-history-archiver-${taskQueue}`;
}

export interface JobHistoryArchiveSweep {
  /** Job workflows that had ended since the last sweep (or ever, on the first). */
  ended: number;
  /** Of those, how many were copied now (the rest were copied already, or are not this deployment's). */
  archived: number;
}

export interface JobHistoryArchiveActivities {
  archiveEndedJobHistories(): Promise<JobHistoryArchiveSweep>;
}
