import type { Client } from '@temporalio/client';
import { JOB_HISTORY_ARCHIVE_WORKFLOW_TYPE, jobHistoryArchiveScheduleId } from '../../workflows/job-history-archive.contract.js';
import type { AppConfig } from '../platform/config/app-config.js';
import { ensureIntervalSchedule } from '../platform/temporal/interval-schedule.js';

/** Every JOB_HISTORY_ARCHIVE_EVERY, the histories of job workflows that ended are copied to Postgres. */
export function ensureJobHistoryArchiveSchedule(client: Client, config: AppConfig): Promise<string> {
  return ensureIntervalSchedule(client, {
    scheduleId: jobHistoryArchiveScheduleId(config.temporal.taskQueue),
    workflowType: JOB_HISTORY_ARCHIVE_WORKFLOW_TYPE,
    taskQueue: config.temporal.taskQueue,
    everyMs: config.temporal.historyArchiveEveryMs,
    runTimeout: '30 minutes',
  });
}
