import 'reflect-metadata';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApiApp } from '../dist/src/api.js';
import { FakeSmtpServer } from '../dist/src/dev/fake-smtp-server.js';
import { FakeTwilioServer } from '../dist/src/dev/fake-twilio-server.js';
import { createScratchDatabase } from '../dist/src/dev/scratch-database.js';
import { startTemporalDevServer } from '../dist/src/dev/temporal-dev-server.js';
import { JOB_SEARCH_ATTRIBUTES } from '../dist/workflows/shared/search-attributes.js';
import { loadConfig } from '../dist/src/platform/config/app-config.js';
import { startWorker } from '../dist/src/worker-runtime.js';
import { MikroORM } from '@mikro-orm/postgresql';
import { mikroOrmOptions } from '../dist/src/platform/database/mikro-orm.options.js';
import { createFirstOwner } from '../dist/src/staff/first-owner.js';
import { MAIN_STORE_ID } from '../dist/src/stores/store.entity.js';

const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUIET = ['error'];

/**
 * The whole of Atelier in this process on services of its own: a fresh database, a Redis key
 * prefix and task queue, an in-memory Temporal dev server, the local Twilio API server, the
 * worker and the API listening on a free port. `stop()` undoes whatever got started, even after
 * a failed start-up, and reports what it could not undo.
 */
export async function startBenchStack() {
  // Quiet SDK logs; the benchmark owns the signals so it can clean up on Ctrl-C.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const undo = [];
  const stack = { stop: () => undoAll(undo) };
  try {
    const isolation = randomBytes(6).toString('hex');
    const database = await createScratchDatabase(ADMIN_DATABASE_URL, 'atelier_bench');
    undo.push(['benchmark database', () => database.drop()]);
    const databaseUrl = database.url;
    await textAtAnyHour(databaseUrl);

    const temporal = await startTemporalDevServer({ searchAttributes: JOB_SEARCH_ATTRIBUTES });
    undo.push(['Temporal dev server', () => temporal.teardown()]);
    const twilio = await new FakeTwilioServer().start();
    undo.push(['local Twilio API server', () => twilio.stop()]);
    const smtp = await new FakeSmtpServer().start();
    undo.push(['local SMTP server', () => smtp.stop()]);

    const config = benchConfig({ databaseUrl, temporalAddress: temporal.address, twilioBaseUrl: twilio.baseUrl, smtpUrl: smtp.url, isolation });
    // Registered before the worker so it runs after the worker has stopped writing keys.
    undo.push(['Redis keys', () => deleteRedisKeys(config.redis.queuePrefix)]);

    const worker = await startWorker(config, QUIET);
    undo.push(['worker', () => worker.stop()]);
    const api = await createApiApp(config, QUIET);
    undo.push(['API', () => api.close()]);
    await api.listen({ host: '127.0.0.1', port: 0 });
    const { port } = api.getHttpServer().address();
    const baseUrl = `http://127.0.0.1:${port}`;
    const staff = await signInBenchJewelers(databaseUrl, baseUrl);

    return Object.assign(stack, { baseUrl, tokens: { carl: staff.carl.accessToken, dina: staff.dina.accessToken, owner: staff.ownerApiKey }, jewelerId: staff.carl.id, storeId: MAIN_STORE_ID, temporalAddress: temporal.address, twilio, smtp, config, worker });
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/**
 * Two bench jewelers (the quality check is never passed by whoever did the work), made the way a
 * shop makes them: the first owner adds them, each sets a password through the link and signs in.
 */
async function signInBenchJewelers(databaseUrl, baseUrl) {
  const orm = await MikroORM.init(mikroOrmOptions(databaseUrl));
  const owner = await createFirstOwner(orm.em.fork(), { email: 'owner@bench.test', name: 'Bench owner', withApiKey: 'bench' }).finally(() => orm.close(true));
  const post = async (path, body, token) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  };
  const password = 'bench jeweler password';
  const staff = {};
  for (const name of ['carl', 'dina']) {
    const added = await post('/staff', { email: `${name}@bench.test`, name, role: 'bench_jeweler', storeIds: [MAIN_STORE_ID] }, owner.apiKey);
    await post('/auth/password-reset/confirm', { token: new URL(added.passwordSetupLink).hash.replace('#token=', ''), newPassword: password });
    const signedIn = await post('/auth/login', { email: `${name}@bench.test`, password });
    staff[name] = { id: added.account.id, accessToken: signedIn.accessToken };
  }
  staff.ownerApiKey = owner.apiKey;
  return staff;
}

function benchConfig({ databaseUrl, temporalAddress, twilioBaseUrl, smtpUrl, isolation }) {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: `atelier-bench-${isolation}`,
    REDIS_URL,
    REDIS_QUEUE_PREFIX: `atelier-bench-${isolation}`,
    PUBLIC_BASE_URL: 'https://track.bench.test',
    TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
    TWILIO_AUTH_TOKEN: 'bench-auth-token',
    TWILIO_FROM_NUMBER: '+15005550006',
    TWILIO_API_BASE_URL: twilioBaseUrl,
    SMTP_URL: smtpUrl,
    EMAIL_FROM: 'notices@bench.test',
    // So the queue's pace (1 segment/s in production) does not dominate the text delivery lag.
    SMS_SEGMENTS_PER_SECOND: '0',
    // Access tokens outlive the run (15 minutes in production).
    ACCESS_TOKEN_TTL: '1d',
  });
}

/** The benchmark's store has no quiet hours: a run at night measures delivery, not the wait for the morning. */
async function textAtAnyHour(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`update stores set policy = policy || '{"quietHours": {"start": "00:00", "end": "00:00"}}'::jsonb where id = $1`, [MAIN_STORE_ID]);
  } finally {
    await client.end();
  }
}

async function deleteRedisKeys(prefix) {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    // SCAN's pattern is a glob: the prefix is hex and dashes only, so it needs no escaping.
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/** Runs each undo step, newest first, once; one failing step does not skip the others. */
async function undoAll(undo) {
  const failures = [];
  while (undo.length > 0) {
    const [what, step] = undo.pop();
    try {
      await step();
    } catch (error) {
      failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`Clean-up incomplete: ${failures.join('; ')}`);
}

/**
 * One section of BENCHMARKS.md measured alone (`npm run bench:messages`, `bench:managers`): starts
 * the stack, measures, prints the results, rewrites that section, and always stops the stack.
 */
export async function runSectionAlone({ measure, section, start, end }) {
  const { describeMachine, writeSection } = await import('./report.mjs');
  const machine = describeMachine();
  const stack = await startBenchStack();
  let exitCode = 0;
  try {
    const results = await measure(stack);
    console.log(JSON.stringify(results, null, 2));
    writeSection(new URL('../BENCHMARKS.md', import.meta.url), start, end, section(results, new Date().toISOString(), machine));
  } catch (error) {
    exitCode = 1;
    console.error(error);
  } finally {
    await stack.stop();
  }
  process.exit(exitCode);
}
