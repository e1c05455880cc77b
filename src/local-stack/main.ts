/**
 * `npm start`: the whole of Atelier on one machine with nothing configured. Starts what is not
 * configured (embedded PostgreSQL, the Temporal dev server, redis-server, a fake Twilio), applies
 * the migrations, runs the worker and the API, adds a demo customer to an empty shop and prints
 * how to try it. Ctrl-C stops everything in order. State lives in `.atelier/` (git-ignored).
 */
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runMigrations } from '../platform/database/migrate.js';
import { waitForApiHealthy } from './api-health.js';
import { appEnvironment, checkAppConfig } from './app-env.js';
import { readyBanner } from './banner.js';
import { type AppProcess, startApp } from './child-processes.js';
import { ensureDemoShop } from './demo-shop.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { startFakeSmtp } from './fake-smtp.js';
import { startFakeTwilio } from './fake-twilio.js';
import { ensureLocalOwner } from './owner-account.js';
import { StartupError, describeError, log, logError } from './log.js';
import { killWholeStack, runInOwnProcessGroup } from './own-process-group.js';
import { assertPortsFree, portsToCheck } from './ports.js';
import { findRedisServer, startRedisServer } from './redis-server.js';
import { REPO_ROOT, STATE_DIR, readSettings } from './settings.js';
import { Stack } from './stack.js';
import { onStopSignals } from './stop-signals.js';
import { startTemporal } from './temporal-server.js';

const API_READY_TIMEOUT_MS = 60_000;

// A closed terminal or a broken pipe (| tee, Ctrl-C) must not cut the orderly stop short.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

// Out of the terminal's process group, so Ctrl-C reaches this process only (see the function).
await runInOwnProcessGroup();

const stack = new Stack();
/** Where the local SMTP server lists what it received, once started. */
let fakeSmtpReceivedUrl: string | undefined;
const stopRequested = new AbortController();
onStopSignals(
  (signal) => {
    log(`${signal} received: stopping everything (press Ctrl-C again to force)`);
    stopRequested.abort();
  },
  () => {
    logError('Forced stop: killing every process of the stack');
    killWholeStack();
  },
);

let exitCode = 0;
try {
  // What to start, and whether its ports are free, before starting anything.
  const settings = readSettings(process.env);
  await mkdir(STATE_DIR, { recursive: true });
  await assertPortsFree(portsToCheck(settings));
  const redisExecutable = settings.redisServer && findRedisServer();
  if (settings.redisServer && !redisExecutable) {
    throw new StartupError('redis-server is not on PATH: install it (apt-get install redis-server, brew install redis) or set REDIS_URL');
  }
  const env = appEnvironment(settings);
  const config = checkAppConfig(env);
  const inState = (path: string) => relative(REPO_ROOT, join(STATE_DIR, path));

  // The services the app needs, started side by side; each joins the stack once it runs.
  await startTogether([
    async () => {
      if (!settings.embeddedPostgres) return log(`PostgreSQL: DATABASE_URL (${new URL(config.databaseUrl).host})`);
      const postgres = await startEmbeddedPostgres({ port: settings.embeddedPostgres.port, stateDir: STATE_DIR });
      stack.add('postgres', 'PostgreSQL', postgres.stop);
      log(`PostgreSQL: embedded, 127.0.0.1:${settings.embeddedPostgres.port}, data in ${inState('postgres/data')}`);
    },
    async () => {
      if (!settings.temporalDevServer) return log(`Temporal: TEMPORAL_ADDRESS (${config.temporal.address})`);
      const { port, uiPort } = settings.temporalDevServer;
      const temporal = await startTemporal({ port, uiPort, dbFile: join(STATE_DIR, 'temporal.sqlite') });
      stack.add('temporal', 'Temporal dev server', temporal.stop);
      log(`Temporal: dev server ${temporal.address}, Web UI http://localhost:${uiPort}, workflows in ${inState('temporal.sqlite')}`);
    },
    async () => {
      if (!settings.redisServer || !redisExecutable) return log(`Redis: REDIS_URL (${new URL(config.redis.url).host})`);
      const redis = await startRedisServer({ executable: redisExecutable, port: settings.redisServer.port, dir: join(STATE_DIR, 'redis') });
      stack.add('redis', 'redis-server', redis.stop);
      log(`Redis: redis-server ${new URL(redis.url).host}, queue kept in ${inState('redis')}`);
    },
    async () => {
      if (!settings.fakeTwilio) return log(`Twilio: TWILIO_ACCOUNT_SID is set: texts go to ${config.twilio.apiBaseUrl ?? 'Twilio, to real phones'}`);
      const twilio = await startFakeTwilio(settings.fakeTwilio.port);
      stack.add('twilio', 'fake Twilio', twilio.stop);
      log(`Twilio: fake at ${config.twilio.apiBaseUrl} (texts are printed here as [sms] lines, never sent)`);
    },
    async () => {
      if (!settings.fakeSmtp) return log(`Email: SMTP_URL is set: emails go to ${new URL(config.email.smtpUrl).host}`);
      const smtp = await startFakeSmtp(settings.fakeSmtp.port, settings.fakeSmtp.httpPort);
      stack.add('twilio', 'local SMTP server', smtp.stop);
      fakeSmtpReceivedUrl = smtp.receivedUrl;
      log(`Email: local SMTP server at ${config.email.smtpUrl} (emails are printed here as [email] lines, never sent)`);
    },
  ]);
  stopRequested.signal.throwIfAborted();

  const applied = await runMigrations(config.databaseUrl).catch((error: unknown) => {
    throw new StartupError(`Database migrations failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  log(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');
  const owner = await ensureLocalOwner(config.databaseUrl, STATE_DIR);
  if (!owner) log('Staff: the database has staff accounts of its own; sign in with yours (POST /auth/login)');
  stopRequested.signal.throwIfAborted();

  // The app: worker and API as child processes with the composed environment.
  const apps: AppProcess[] = [
    startApp('worker', join(REPO_ROOT, 'dist/src/worker.js'), env, REPO_ROOT),
    startApp('api', join(REPO_ROOT, 'dist/src/main.js'), env, REPO_ROOT),
  ];
  for (const app of apps) stack.add('apps', app.name === 'api' ? 'API' : 'worker', app.stop);
  const appExited = Promise.race(apps.map((app) => app.exited.then((exit) => `The ${app.name} process exited (${exit.description})`)));
  await waitForApiHealthy(settings.api.url, { timeoutMs: API_READY_TIMEOUT_MS, failed: appExited, signal: stopRequested.signal });

  // An empty shop gets a demo shop to try things with; a failure here is not fatal.
  const demo = owner
    ? await ensureDemoShop({ databaseUrl: config.databaseUrl, apiUrl: settings.api.url, ownerKey: owner.apiKey, stateDir: STATE_DIR, log }).catch((error: unknown) => {
        logError(`No demo shop: ${describeError(error)}`);
        return undefined;
      })
    : undefined;

  process.stdout.write(
    readyBanner({
      apiUrl: config.http.publicBaseUrl,
      temporalUiUrl: settings.temporalDevServer && `http://localhost:${settings.temporalDevServer.uiPort}`,
      fakeTwilioReceivedUrl: settings.fakeTwilio && `${config.twilio.apiBaseUrl}/__received`,
      fakeSmtpReceivedUrl,
      owner,
      demo,
      startedInSeconds: process.uptime(),
    }),
  );

  // Running until Ctrl-C, or until the API or the worker dies.
  const crashed = await Promise.race([appExited, aborted(stopRequested.signal)]);
  if (crashed) {
    logError(`${crashed}: stopping everything`);
    exitCode = 1;
  }
} catch (error) {
  if (!stopRequested.signal.aborted) {
    logError(describeError(error));
    exitCode = 1;
  }
}

if (stack.startedAnything) {
  await stack.stop();
  log(exitCode === 0 ? 'Everything stopped' : 'Everything stopped after the failure above');
}
process.exit(exitCode);

/** Runs the start-ups side by side; once all have settled, fails with the first failure. */
async function startTogether(startups: Array<() => Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(startups.map((startup) => startup()));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Resolves (with nothing) once the signal aborts. */
function aborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(undefined);
    signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}
