import { proxyActivities } from '@temporalio/workflow';
import type { JobHistoryArchiveActivities, JobHistoryArchiveSweep } from './job-history-archive.contract.js';

const { archiveEndedJobHistories } = proxyActivities<JobHistoryArchiveActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** Started by a Temporal schedule: copies the histories of job workflows that ended since the last run. */
export async function archiveEndedJobHistoriesWorkflow(): Promise<JobHistoryArchiveSweep> {
  return archiveEndedJobHistories();
}
