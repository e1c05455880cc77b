import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from './log.js';

/** The repository root (this file runs as dist/src/local-stack/settings.js). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Everything the local stack keeps between runs (git-ignored). */
export const STATE_DIR = join(REPO_ROOT, '.atelier');

export const TEMPORAL_PORT = 7233;
export const TEMPORAL_UI_PORT = 8233;

/** A service of the stack: started here, or configured by its variable and only used. */
export interface LocalStackSettings {
  api: { host: string; port: number; publicBaseUrl: string; url: string };
  /** Set when DATABASE_URL is unset: embedded PostgreSQL on this port. */
  embeddedPostgres?: { port: number };
  /** Set when TEMPORAL_ADDRESS is unset: the Temporal dev server with its Web UI. */
  temporalDevServer?: { port: number; uiPort: number };
  /** Set when REDIS_URL is unset: a throwaway redis-server on this port. */
  redisServer?: { port: number };
  /** Set when TWILIO_ACCOUNT_SID is unset: the fake Twilio on this port. */
  fakeTwilio?: { port: number };
  /** Set when SMTP_URL is unset: a local SMTP server on this port, listing what it received on `httpPort`. */
  fakeSmtp?: { port: number; httpPort: number };
}

/** Which services to start and on which ports, from the environment; throws one StartupError. */
export function readSettings(env: NodeJS.ProcessEnv): LocalStackSettings {
  const problems: string[] = [];
  const port = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= 1 && value <= 65535) return value;
    problems.push(`${name} must be a port number from 1 to 65535 (got "${raw}")`);
    return fallback;
  };
  const isSet = (name: string) => Boolean(env[name]?.trim());

  const apiPort = port('PORT', 3000);
  const apiHost = env.HOST?.trim() || '127.0.0.1';
  const settings: LocalStackSettings = {
    api: {
      host: apiHost,
      port: apiPort,
      publicBaseUrl: env.PUBLIC_BASE_URL?.trim() || `http://localhost:${apiPort}`,
      // Where this machine reaches the API: loopback unless it listens on one address only.
      url: `http://${isWildcard(apiHost) ? '127.0.0.1' : apiHost}:${apiPort}`,
    },
    embeddedPostgres: isSet('DATABASE_URL') ? undefined : { port: port('LOCAL_POSTGRES_PORT', 5433) },
    temporalDevServer: isSet('TEMPORAL_ADDRESS') ? undefined : { port: TEMPORAL_PORT, uiPort: TEMPORAL_UI_PORT },
    redisServer: isSet('REDIS_URL') ? undefined : { port: port('LOCAL_REDIS_PORT', 6380) },
    fakeTwilio: isSet('TWILIO_ACCOUNT_SID') ? undefined : { port: port('LOCAL_TWILIO_PORT', 8025) },
    fakeSmtp: isSet('SMTP_URL') ? undefined : { port: port('LOCAL_SMTP_PORT', 2525), httpPort: port('LOCAL_SMTP_LIST_PORT', 8026) },
  };
  if (problems.length > 0) throw new StartupError(`Configuration error: ${problems.join('; ')}`);
  return settings;
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}
