import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client, Connection } from '@temporalio/client';
import { createApiApp } from '../../src/api.js';
import { FakeSmtpServer } from '../../src/dev/fake-smtp-server.js';
import { FakeTwilioServer } from '../../src/dev/fake-twilio-server.js';
import type { AppConfig } from '../../src/platform/config/app-config.js';
import { type RunningWorker, startWorker } from '../../src/worker-runtime.js';
import { seedStaff } from './staff-seed.js';
import { type TestDatabase, createTestDatabase } from './test-database.js';
import { testConfig } from './test-config.js';

export interface AtelierStack {
  config: AppConfig;
  api: NestFastifyApplication;
  /** The running worker; replaced by `restartWorker`. */
  worker: RunningWorker;
  twilio: FakeTwilioServer;
  /** The local SMTP server every email of this stack goes to. */
  smtp: FakeSmtpServer;
  database: TestDatabase;
  /** A Temporal client of the test's own, to look at workflows directly. */
  temporal: Client;
  /** Stops the worker (as a deploy or a crash would); `startWorker` brings one back. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

export interface AtelierStackOptions {
  optedOut?: string[];
  /** Further variables for this file's configuration (policies, paces). */
  env?: Record<string, string>;
}

/**
 * The whole of Atelier for one test file: the Nest API and the worker on a database of its own,
 * the real Temporal server, real Redis and the local Twilio API server.
 */
export async function startAtelierStack(options: AtelierStackOptions = {}): Promise<AtelierStack> {
  const database = await createTestDatabase();
  await seedStaff(database.url);
  const twilio = await new FakeTwilioServer({ optedOut: options.optedOut }).start();
  const smtp = await new FakeSmtpServer().start();
  const config = testConfig({ databaseUrl: database.url, twilioBaseUrl: twilio.baseUrl, smtpUrl: smtp.url, env: options.env });
  const temporal = new Client({ connection: await Connection.connect({ address: config.temporal.address }), namespace: config.temporal.namespace });
  let worker: RunningWorker | undefined = await startWorker(config, ['error']);
  const api = await createApiApp(config, ['error']);
  try {
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
  } catch (error) {
    // A running worker would keep the test process alive after the failure it reports.
    await worker.stop();
    await temporal.connection.close();
    await twilio.stop();
    await smtp.stop();
    await database.drop();
    throw error;
  }
  const stack: AtelierStack = {
    config,
    api,
    worker,
    twilio,
    smtp,
    database,
    temporal,
    async stopWorker() {
      await worker?.stop();
      worker = undefined;
    },
    async startWorker() {
      worker ??= await startWorker(config, ['error']);
      stack.worker = worker;
    },
    async stop() {
      await api.close();
      const scheduleIds = stack.worker.scheduleIds;
      await worker?.stop();
      // Schedules outlive the worker by design; this file's must not outlive the file.
      for (const scheduleId of scheduleIds) await temporal.schedule.getHandle(scheduleId).delete().catch(() => {});
      await temporal.connection.close();
      await twilio.stop();
      await smtp.stop();
      await database.drop();
    },
  };
  return stack;
}
