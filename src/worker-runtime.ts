import { type INestApplicationContext, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jobActivitiesFrom } from '../activities/job-activities.js';
import { jobHistoryActivitiesFrom } from '../activities/job-history-activities.js';
import { legacyRepairActivitiesFrom } from '../activities/legacy-repair-activities.js';
import { managerActivitiesFrom } from '../activities/manager-activities.js';
import { messagingActivitiesFrom } from '../activities/messaging-activities.js';
import { ensureJobHistoryArchiveSchedule } from './jobs/job-history-archive.schedule.js';
import { ManagerDigestSchedules } from './managers/digest/manager-digest-schedules.service.js';
import { ensureMessageSweepSchedule } from './messaging/message-sweep.schedule.js';
import type { AppConfig } from './platform/config/app-config.js';
import { ensureJobSearchAttributes } from './platform/temporal/search-attributes.js';
import { unreachableTemporal } from './platform/temporal/temporal.module.js';
import { WorkerModule } from './worker.module.js';

export interface RunningWorker {
  app: INestApplicationContext;
  worker: Worker;
  /** Id of the Temporal schedule that sweeps lost messages back into the queue. */
  messageSweepScheduleId: string;
  /** Id of the Temporal schedule that copies ended job workflows' histories to Postgres. */
  historyArchiveScheduleId: string;
  /** Every schedule this worker keeps up to date (they outlive it by design). */
  scheduleIds: string[];
  /** Settles when the worker has stopped polling and finished its running tasks. */
  finished: Promise<void>;
  /** Drains the Temporal worker and the message queue consumer, then closes every connection. */
  stop(): Promise<void>;
}

/**
 * The worker process: a Nest application context (so activities reach services by injection)
 * hosting the Temporal worker and the outbound message consumer.
 */
export async function startWorker(config: AppConfig, logLevels: LogLevel[] = ['log', 'warn', 'error']): Promise<RunningWorker> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: logLevels, abortOnError: false });
  await app.init();
  const { connection, client } = await connectToTemporal(config).catch(async (error: Error) => {
    await app.close();
    throw unreachableTemporal(config, error);
  });
  const closeAll = async () => {
    await client.connection.close();
    await connection.close();
    await app.close();
  };
  let worker: Worker;
  let messageSweepScheduleId: string;
  let historyArchiveScheduleId: string;
  let managerDigestScheduleIds: string[];
  try {
    await ensureJobSearchAttributes(client, config.temporal.namespace);
    worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowsPath: workflowsPath(),
      activities: { ...jobActivitiesFrom(app), ...legacyRepairActivitiesFrom(app), ...messagingActivitiesFrom(app), ...jobHistoryActivitiesFrom(app), ...managerActivitiesFrom(app) },
      // Running activities get this long to finish when the worker is asked to stop.
      shutdownGraceTime: '30 seconds',
      // Open jobs wait weeks between steps: keep at most this many in memory (about 0.7 MB each
      // measured); an evicted one is replayed from its history on its next step (BENCHMARKS.md, b'').
      maxCachedWorkflows: config.temporal.cachedWorkflows,
      // A task routed to a worker that has since stopped (a deploy, a crash) waits this long before
      // any worker may take it; the 10 s default would outlast the API's wait for a stage change.
      stickyQueueScheduleToStartTimeout: '3 seconds',
    });
    messageSweepScheduleId = await ensureMessageSweepSchedule(client, config);
    historyArchiveScheduleId = await ensureJobHistoryArchiveSchedule(client, config);
    // Every store's digest schedule, created or brought in line with its policy, and their hourly catch-up.
    managerDigestScheduleIds = await app.get(ManagerDigestSchedules).atWorkerStart();
  } catch (error) {
    await closeAll();
    throw error;
  }
  const finished = worker.run();
  return {
    app,
    worker,
    messageSweepScheduleId,
    historyArchiveScheduleId,
    scheduleIds: [messageSweepScheduleId, historyArchiveScheduleId, ...managerDigestScheduleIds],
    finished,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await finished;
      await closeAll();
    },
  };
}

async function connectToTemporal(config: AppConfig): Promise<{ connection: NativeConnection; client: Client }> {
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection: await Connection.connect({ address: config.temporal.address }), namespace: config.temporal.namespace });
    return { connection, client };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** The workflow bundle's entry: compiled JavaScript in `dist`, TypeScript source under Jest. */
function workflowsPath(): string {
  for (const candidate of ['../workflows/index.js', '../workflows/index.ts']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('Workflow code not found next to the worker (workflows/index.js or .ts)');
}
