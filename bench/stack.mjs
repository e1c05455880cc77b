import 'reflect-metadata';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { createApiApp } from '../dist/src/api.js';
import { FakeTwilioServer } from '../dist/src/dev/fake-twilio-server.js';
import { createScratchDatabase } from '../dist/src/dev/scratch-database.js';
import { startTemporalDevServer } from '../dist/src/dev/temporal-dev-server.js';
import { JOB_SEARCH_ATTRIBUTES } from '../dist/workflows/shared/search-attributes.js';
import { loadConfig } from '../dist/src/platform/config/app-config.js';
import { startWorker } from '../dist/src/worker-runtime.js';

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

    const temporal = await startTemporalDevServer({ searchAttributes: JOB_SEARCH_ATTRIBUTES });
    undo.push(['Temporal dev server', () => temporal.teardown()]);
    const twilio = await new FakeTwilioServer().start();
    undo.push(['local Twilio API server', () => twilio.stop()]);

    const tokens = { carl: randomBytes(24).toString('hex'), dina: randomBytes(24).toString('hex') };
    const config = benchConfig({ databaseUrl, temporalAddress: temporal.address, twilioBaseUrl: twilio.baseUrl, isolation, tokens });
    // Registered before the worker so it runs after the worker has stopped writing keys.
    undo.push(['Redis keys', () => deleteRedisKeys(config.redis.queuePrefix)]);

    const worker = await startWorker(config, QUIET);
    undo.push(['worker', () => worker.stop()]);
    const api = await createApiApp(config, QUIET);
    undo.push(['API', () => api.close()]);
    await api.listen({ host: '127.0.0.1', port: 0 });
    const { port } = api.getHttpServer().address();

    return Object.assign(stack, { baseUrl: `http://127.0.0.1:${port}`, tokens, temporalAddress: temporal.address, twilio, config });
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

function benchConfig({ databaseUrl, temporalAddress, twilioBaseUrl, isolation, tokens }) {
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
    // So the queue's pace (1/s in production) does not dominate the text delivery lag.
    SMS_PER_SECOND: '1000',
    // Two bench jewelers: the quality check is never passed by whoever did the work.
    STAFF_API_TOKENS: `carl:bench_jeweler:${tokens.carl},dina:bench_jeweler:${tokens.dina}`,
  });
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
