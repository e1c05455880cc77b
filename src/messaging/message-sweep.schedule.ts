import type { Client } from '@temporalio/client';
import { MESSAGE_SWEEP_WORKFLOW_TYPE, messageSweepScheduleId } from '../../workflows/message-sweep.contract.js';
import type { AppConfig } from '../platform/config/app-config.js';
import { ensureIntervalSchedule } from '../platform/temporal/interval-schedule.js';

/**
 * The sweep runs from a Temporal schedule rather than a BullMQ repeatable job: the sweep exists for
 * the moment Redis loses its data, and a repeatable job lives in that same Redis. The schedule lives
 * in Temporal's database, shows in its Web UI, and is created or brought up to date by every worker
 * start, so changing MESSAGE_SWEEP_EVERY takes effect on the next deploy.
 */
export function ensureMessageSweepSchedule(client: Client, config: AppConfig): Promise<string> {
  return ensureIntervalSchedule(client, {
    scheduleId: messageSweepScheduleId(config.temporal.taskQueue),
    workflowType: MESSAGE_SWEEP_WORKFLOW_TYPE,
    taskQueue: config.temporal.taskQueue,
    everyMs: config.messaging.sweepEveryMs,
    runTimeout: '10 minutes',
  });
}
