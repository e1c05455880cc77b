import { type INestApplicationContext, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NativeConnection, Worker } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { repairActivitiesFrom } from '../activities/repair-activities.js';
import type { AppConfig } from './platform/config/app-config.js';
import { unreachableTemporal } from './platform/temporal/temporal.module.js';
import { WorkerModule } from './worker.module.js';

export interface RunningWorker {
  app: INestApplicationContext;
  worker: Worker;
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
  const connection = await NativeConnection.connect({ address: config.temporal.address }).catch(async (error: Error) => {
    await app.close();
    throw unreachableTemporal(config, error);
  });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: workflowsPath(),
    activities: repairActivitiesFrom(app),
    // Running activities get this long to finish when the worker is asked to stop.
    shutdownGraceTime: '30 seconds',
    // Open repairs wait weeks between steps: keep at most this many in memory (about 0.7 MB each
    // measured); an evicted one is replayed from its history on its next step.
    maxCachedWorkflows: 500,
  });
  const finished = worker.run();
  return {
    app,
    worker,
    finished,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await finished;
      await connection.close();
      await app.close();
    },
  };
}

/** The workflow bundle's entry: compiled JavaScript in `dist`, TypeScript source under Jest. */
function workflowsPath(): string {
  for (const candidate of ['../workflows/index.js', '../workflows/index.ts']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('Workflow code not found next to the worker (workflows/index.js or .ts)');
}
