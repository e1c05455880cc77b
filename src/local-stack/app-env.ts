import { type AppConfig, ConfigError, loadConfig } from '../platform/config/app-config.js';
import { embeddedDatabaseUrl } from './embedded-postgres.js';
import { fakeSmtpEnv } from './fake-smtp.js';
import { fakeTwilioEnv } from './fake-twilio.js';
import { StartupError } from './log.js';
import { localRedisUrl } from './redis-server.js';
import type { LocalStackSettings } from './settings.js';

/**
 * The environment of the API and the worker: ours, plus the address of every service this stack
 * starts. Known before anything starts, so a bad variable stops the stack before it begins.
 */
export function appEnvironment(settings: LocalStackSettings, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    HOST: settings.api.host,
    PORT: String(settings.api.port),
    PUBLIC_BASE_URL: settings.api.publicBaseUrl,
  };
  if (settings.embeddedPostgres) env.DATABASE_URL = embeddedDatabaseUrl(settings.embeddedPostgres.port);
  if (settings.temporalDevServer) {
    env.TEMPORAL_ADDRESS = `127.0.0.1:${settings.temporalDevServer.port}`;
    env.TEMPORAL_UI_URL ??= `http://localhost:${settings.temporalDevServer.uiPort}`;
  }
  if (settings.redisServer) env.REDIS_URL = localRedisUrl(settings.redisServer.port);
  if (settings.fakeTwilio) Object.assign(env, fakeTwilioEnv(settings.fakeTwilio.port));
  if (settings.fakeSmtp) Object.assign(env, fakeSmtpEnv(settings.fakeSmtp.port));
  return env;
}

/** The configuration the API and worker will load from `env`, or one StartupError naming every problem. */
export function checkAppConfig(env: NodeJS.ProcessEnv): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new StartupError(`Configuration error: ${error.problems.join('; ')}`);
    throw error;
  }
}
