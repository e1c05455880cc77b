import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../src/api.js';
import { FakeTwilioServer } from '../../src/dev/fake-twilio-server.js';
import type { AppConfig } from '../../src/platform/config/app-config.js';
import { type RunningWorker, startWorker } from '../../src/worker-runtime.js';
import { type TestDatabase, createTestDatabase } from './test-database.js';
import { testConfig } from './test-config.js';

export interface AtelierStack {
  config: AppConfig;
  api: NestFastifyApplication;
  worker: RunningWorker;
  twilio: FakeTwilioServer;
  database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * The whole of Atelier for one test file: the Nest API and the worker on a database of its own,
 * the real Temporal server, real Redis and the local Twilio API server.
 */
export async function startAtelierStack(options: { optedOut?: string[] } = {}): Promise<AtelierStack> {
  const database = await createTestDatabase();
  const twilio = await new FakeTwilioServer({ optedOut: options.optedOut }).start();
  const config = testConfig({ databaseUrl: database.url, twilioBaseUrl: twilio.baseUrl });
  const worker = await startWorker(config, ['error']);
  const api = await createApiApp(config, ['error']);
  await api.init();
  await api.getHttpAdapter().getInstance().ready();
  return {
    config,
    api,
    worker,
    twilio,
    database,
    async stop() {
      await api.close();
      await worker.stop();
      await twilio.stop();
      await database.drop();
    },
  };
}
