import { Client, Connection } from '@temporalio/client';
import { Redis } from 'ioredis';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeSmtpServer } from '../../../src/dev/fake-smtp-server.js';
import { FakeTwilioServer } from '../../../src/dev/fake-twilio-server.js';
import { TypedSearchAttributes } from '@temporalio/common';
import { findTemporalCli } from '../../../src/dev/temporal-dev-server.js';
import { JOB_SEARCH_ATTRIBUTES } from '../../../workflows/shared/search-attributes.js';
import { freePort } from '../free-port.js';
import { seedStaff } from '../staff-seed.js';
import { type TestDatabase, createTestDatabase } from '../test-database.js';
import { STAFF, TEST_EMAIL_FROM, TEST_TWILIO } from '../test-config.js';
import { ServiceProcess } from './service-process.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Atelier as a deployment runs it, every part a separate process the fault suite may kill: the
 * built API and worker, a persistent Temporal dev server (SQLite file), a redis-server of its own
 * (no persistence: a restart loses the queue), PostgreSQL (the machine's, a database of its own),
 * and the local Twilio API server in this process, whose faults the suite switches on and off.
 */
export interface ChaosStack {
  api: ServiceProcess;
  worker: ServiceProcess;
  temporal: ServiceProcess;
  redis: ServiceProcess;
  twilio: FakeTwilioServer;
  smtp: FakeSmtpServer;
  database: TestDatabase;
  apiUrl: string;
  redisUrl: string;
  temporalAddress: string;
  /** Staff tokens by name (counter, carl and dina at the bench). */
  staffTokens: Record<string, string>;
  /** FLUSHALL on the suite's own Redis: every queued job gone, as after a restart without data. */
  flushRedis(): Promise<void>;
  /** Times `flushRedis` ran. */
  readonly redisFlushes: number;
  /** A Temporal client for the checks at the end (connect after the last restart). */
  temporalClient(): Promise<Client>;
  stop(): Promise<void>;
}

export async function startChaosStack(): Promise<ChaosStack> {
  if (!(await import('node:fs')).existsSync(join(root, 'dist/src/main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test and npm run chaos do)');
  const temporalCli = findTemporalCli();
  if (!temporalCli) throw new Error('The fault suite needs the temporal CLI (see README)');
  const dir = await mkdtemp(join(tmpdir(), 'atelier-chaos-'));
  const [temporalPort, temporalHttpPort, temporalMetricsPort, redisPort, apiPort] = await Promise.all(Array.from({ length: 5 }, freePort));
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const database = await createTestDatabase();
  await seedStaff(database.url);
  const twilio = await new FakeTwilioServer().start();
  const smtp = await new FakeSmtpServer().start();

  const temporal = new ServiceProcess(
    'temporal',
    temporalCli,
    [
      ...['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(temporalPort)],
      ...['--http-port', String(temporalHttpPort), '--metrics-port', String(temporalMetricsPort)],
      ...['--db-filename', join(dir, 'temporal.sqlite'), '--log-level', 'error'],
      ...JOB_SEARCH_ATTRIBUTES.flatMap(({ name, type }) => ['--search-attribute', `${name}=${TypedSearchAttributes.toMetadataType(type)}`]),
    ],
    process.env,
    () => temporalAnswers(temporalAddress),
  );
  const redis = new ServiceProcess(
    'redis',
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
    process.env,
    () => redisAnswers(redisUrl),
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: 'atelier-chaos',
    REDIS_URL: redisUrl,
    REDIS_QUEUE_PREFIX: 'atelier-chaos',
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    PUBLIC_BASE_URL: 'https://track.example.test',
    TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
    TWILIO_FROM_NUMBER: TEST_TWILIO.fromNumber,
    TWILIO_API_BASE_URL: twilio.baseUrl,
    SMTP_URL: smtp.url,
    EMAIL_FROM: TEST_EMAIL_FROM,
    SMS_SEGMENTS_PER_SECOND: '50',
    // Second-long policies: retries, sweeps and recoveries happen within the suite.
    MESSAGE_RETRY_AFTER: '1s',
    MESSAGE_SWEEP_EVERY: '2s',
    MESSAGE_SWEEP_GRACE: '2s',
  };
  const worker = new ServiceProcess('worker', process.execPath, [join(root, 'dist/src/worker.js')], env, async (output) => output.includes('Worker polling task queue'));
  const api = new ServiceProcess('api', process.execPath, [join(root, 'dist/src/main.js')], env, async () => (await fetch(`${apiUrl}/health`)).status === 200);

  await Promise.all([temporal.start(), redis.start()]);
  await Promise.all([worker.start(), api.start()]);

  const clients: Client[] = [];
  let redisFlushes = 0;
  return {
    api,
    worker,
    temporal,
    redis,
    twilio,
    smtp,
    database,
    apiUrl,
    redisUrl,
    temporalAddress,
    staffTokens: { counter: STAFF.counter.token, carl: STAFF.carl.token, dina: STAFF.dina.token },
    async flushRedis() {
      const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      try {
        await client.flushall();
        redisFlushes += 1;
      } finally {
        client.disconnect();
      }
    },
    get redisFlushes() {
      return redisFlushes;
    },
    async temporalClient() {
      const client = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) await client.connection.close().catch(() => {});
      await Promise.all([api.stop(), worker.stop()]);
      await Promise.all([temporal.stop(), redis.stop()]);
      await twilio.stop();
      await smtp.stop();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function temporalAnswers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: '1 second' });
  try {
    await connection.workflowService.describeNamespace({ namespace: 'default' });
    return true;
  } finally {
    await connection.close();
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}
