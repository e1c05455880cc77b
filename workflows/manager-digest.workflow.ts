import { defineSearchAttributeKey } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ManagerActivities, ManagerDigestOutcome, ManagerDigestRequest, ManagerDigestScheduleSync } from './manager-digest.contract.js';

/** Set by Temporal on every workflow a schedule starts: the time it was due (a trigger's is the trigger's time). */
const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', 'DATETIME');

const { sendManagerDigest } = proxyActivities<ManagerActivities>({
  startToCloseTimeout: '5 minutes',
  // A mail server that refuses for now (4xx) or drops the connection: retried for about half an
  // hour; recipients who have their digest already are skipped on each retry.
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

const { syncManagerDigestSchedules } = proxyActivities<ManagerActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

/**
 * Started by a store's digest schedule at the store's digest time: emails the day's late lists and
 * custody report to the store's managers and owners, each of them once that day.
 */
export async function sendManagerDigestWorkflow({ storeId }: ManagerDigestRequest): Promise<ManagerDigestOutcome> {
  // The day is fixed when the schedule fires: a run that retries past midnight still sends that day's digest.
  const asOf = workflowInfo().typedSearchAttributes.get(SCHEDULED_START_TIME) ?? new Date();
  return sendManagerDigest({ storeId, asOf: asOf.toISOString() });
}

/** Started every hour by its schedule: each store's digest schedule brought in line with its policy. */
export async function syncManagerDigestSchedulesWorkflow(): Promise<ManagerDigestScheduleSync> {
  return syncManagerDigestSchedules();
}
