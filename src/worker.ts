import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Runtime } from '@temporalio/worker';
import { loadConfigOrExit } from './platform/config/load-or-exit.js';
import { exitOnStartupFailure, stopCleanlyOnSignal } from './platform/process/shutdown.js';
import { startWorker } from './worker-runtime.js';

const config = loadConfigOrExit();
// We own the signals: the stop below drains the worker, then closes Nest and its connections.
Runtime.install({ shutdownSignals: [] });
const running = await startWorker(config).catch(exitOnStartupFailure('The Atelier worker'));
stopCleanlyOnSignal(() => running.stop());
new Logger('Atelier').log(`Worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`);
await running.finished;
