/** The managers' daily digest email, one Temporal schedule per store: its contract with the worker. */
export const MANAGER_DIGEST_WORKFLOW_TYPE = 'sendManagerDigestWorkflow';
/** The hourly catch-up that brings every store's digest schedule in line with its policy. */
export const MANAGER_DIGEST_SYNC_WORKFLOW_TYPE = 'syncManagerDigestSchedulesWorkflow';

/** One schedule per store and task queue, so deployments (and test runs) sharing a namespace never meet. */
export function managerDigestScheduleId(taskQueue: string, storeId: string): string {
  return `manager-digest-${taskQueue}-${storeId}`;
}

export function managerDigestSyncScheduleId(taskQueue: string): string {
  return `manager-digest-sync-${taskQueue}`;
}

/** What a store's schedule starts its digest workflow with. */
export interface ManagerDigestRequest {
  storeId: string;
}

export interface SendManagerDigestInput {
  storeId: string;
  /** When the schedule fired (ISO instant): the digest's day is this instant's date in the store's time zone. */
  asOf: string;
}

export type ManagerDigestStatus =
  /** Every recipient has the day's digest (sent now or by an earlier run). */
  | 'sent'
  /** The store's policy has the digest turned off (`managerDigestAt: null`): nothing sent. */
  | 'off'
  /** No active manager or owner to send it to. */
  | 'no_recipients'
  /** The store no longer exists. */
  | 'store_gone';

export interface ManagerDigestOutcome {
  storeId: string;
  /** The digest's day, YYYY-MM-DD in the store's time zone. */
  localDate: string;
  status: ManagerDigestStatus;
  recipients: number;
  /** Digests handed to the mail server by this run. */
  sent: number;
  /** Recipients who had the day's digest already (a second run the same day, a retried activity). */
  alreadySent: number;
  /** Recipients whose address the mail server refused for good. */
  failed: number;
}

export interface ManagerDigestScheduleSync {
  stores: number;
  /** Schedules now running (the store has a digest time). */
  active: number;
  /** Schedules now paused (the store turned its digest off). */
  paused: number;
  /** Stores whose schedule could not be brought up to date (named in the worker's log by id). */
  failed: number;
}

export interface ManagerActivities {
  sendManagerDigest(input: SendManagerDigestInput): Promise<ManagerDigestOutcome>;
  syncManagerDigestSchedules(): Promise<ManagerDigestScheduleSync>;
}
