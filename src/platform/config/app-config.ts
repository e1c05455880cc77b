import { type PolicyDuration, durationMs, isPolicyDuration } from '../../../workflows/shared/duration.js';
import { isE164PhoneNumber } from '../phone-number.js';

/**
 * Everything Atelier reads from the environment, parsed and checked once at start-up.
 * The variable names are the deployment contract (README, docker-compose.yml, local stack).
 * A class so Nest injects it by type.
 */
export class AppConfig {
  declare readonly http: { host: string; port: number; publicBaseUrl: string };
  declare readonly databaseUrl: string;
  declare readonly temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    cachedWorkflows: number;
    /** Temporal's Web UI, where a job's timeline links to its workflow. */
    uiUrl: string;
    /** How often the histories of job workflows that ended are copied to Postgres (before Temporal's retention removes them). */
    historyArchiveEveryMs: number;
  };
  declare readonly redis: { url: string; queuePrefix: string };
  declare readonly twilio: {
    accountSid: string;
    authToken: string;
    fromNumber: string;
    /** Where the SDK's requests go; unset means Twilio itself. */
    apiBaseUrl?: string;
  };
  declare readonly email: {
    /** The SMTP relay, `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://...:465`. */
    smtpUrl: string;
    /** The From address of customers' emails; the display name is the store's. */
    fromAddress: string;
  };
  declare readonly messaging: {
    /** Text segments sent per second from the sender number: a US long code manages about 1; 0 sends unpaced. */
    smsSegmentsPerSecond: number;
    /** First retry of a refused send waits this long, doubling up to 5 minutes. */
    retryBaseDelayMs: number;
    /** How often the sweeper looks for messages the queue has lost (a Redis flush or restart). */
    sweepEveryMs: number;
    /** A message must be this old before the sweeper re-queues it (its producer may be about to). */
    sweepGraceMs: number;
    /** A message not sent after this long is listed for staff as stuck. */
    stuckAfterMs: number;
  };
  declare readonly storage:
    | { driver: 'folder'; dir: string }
    | { driver: 's3'; bucket: string; region: string; endpoint?: string; accessKeyId: string; secretAccessKey: string };
  declare readonly auth: {
    /** An access token works this long; the client refreshes it with its refresh token. */
    accessTokenTtlMs: number;
    /** A refresh token unused this long expires: an idle device signs in again. */
    refreshTokenTtlMs: number;
    /** However active, a sign-in lasts at most this long. */
    sessionMaxAgeMs: number;
    /** A password reset link works this long, once. */
    passwordResetTtlMs: number;
    /** Failed sign-ins allowed per account, and per client address, in one window. */
    loginFailuresPerAccount: number;
    loginFailuresPerAddress: number;
    loginFailureWindowMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const port = read.integer('PORT', 3000, { min: 0, max: 65535 });
  const values: { [K in keyof AppConfig]: AppConfig[K] } = {
    http: {
      host: read.string('HOST', '127.0.0.1'),
      port,
      publicBaseUrl: read.url('PUBLIC_BASE_URL', `http://localhost:${port}`),
    },
    databaseUrl: read.url('DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
    temporal: {
      address: read.hostPort('TEMPORAL_ADDRESS', '127.0.0.1:7233'),
      namespace: read.string('TEMPORAL_NAMESPACE', 'default'),
      taskQueue: read.string('TEMPORAL_TASK_QUEUE', 'atelier'),
      cachedWorkflows: read.integer('WORKER_CACHED_WORKFLOWS', 500, { min: 0, max: 100_000 }),
      uiUrl: read.url('TEMPORAL_UI_URL', 'http://localhost:8233'),
      historyArchiveEveryMs: read.duration('JOB_HISTORY_ARCHIVE_EVERY', '5m'),
    },
    redis: {
      url: read.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
      queuePrefix: read.string('REDIS_QUEUE_PREFIX', 'atelier'),
    },
    twilio: {
      accountSid: read.matching('TWILIO_ACCOUNT_SID', /^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex digits'),
      authToken: read.string('TWILIO_AUTH_TOKEN'),
      fromNumber: read.phoneNumber('TWILIO_FROM_NUMBER'),
      apiBaseUrl: read.optionalUrl('TWILIO_API_BASE_URL'),
    },
    email: {
      smtpUrl: read.url('SMTP_URL', undefined, ['smtp:', 'smtps:']),
      fromAddress: read.emailAddress('EMAIL_FROM'),
    },
    messaging: {
      smsSegmentsPerSecond: read.integer('SMS_SEGMENTS_PER_SECOND', 1, { min: 0, max: 1000 }),
      retryBaseDelayMs: read.duration('MESSAGE_RETRY_AFTER', '5s'),
      sweepEveryMs: read.duration('MESSAGE_SWEEP_EVERY', '1m'),
      sweepGraceMs: read.duration('MESSAGE_SWEEP_GRACE', '1m'),
      stuckAfterMs: read.duration('MESSAGE_STUCK_AFTER', '15m'),
    },
    storage:
      read.oneOf('STORAGE_DRIVER', ['folder', 's3'], 'folder') === 's3'
        ? {
            driver: 's3',
            bucket: read.string('S3_BUCKET'),
            region: read.string('S3_REGION', 'us-east-1'),
            endpoint: read.optionalUrl('S3_ENDPOINT'),
            accessKeyId: read.string('S3_ACCESS_KEY_ID'),
            secretAccessKey: read.string('S3_SECRET_ACCESS_KEY'),
          }
        : { driver: 'folder', dir: read.string('STORAGE_DIR', '.atelier/files') },
    auth: {
      accessTokenTtlMs: read.duration('ACCESS_TOKEN_TTL', '15m'),
      refreshTokenTtlMs: read.duration('REFRESH_TOKEN_TTL', '14d'),
      sessionMaxAgeMs: read.duration('SESSION_MAX_AGE', '30d'),
      passwordResetTtlMs: read.duration('PASSWORD_RESET_TTL', '1h'),
      loginFailuresPerAccount: read.integer('LOGIN_FAILURES_PER_ACCOUNT', 5, { min: 1, max: 1000 }),
      loginFailuresPerAddress: read.integer('LOGIN_FAILURES_PER_ADDRESS', 20, { min: 1, max: 100_000 }),
      loginFailureWindowMs: read.duration('LOGIN_FAILURE_WINDOW', '15m'),
    },
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.assign(new AppConfig(), values);
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  string(name: string, fallback?: string): string {
    const value = this.env[name]?.trim();
    if (value) return value;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${name} is missing`);
    return '';
  }

  integer(name: string, fallback: number, range: { min: number; max: number }): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < range.min || value > range.max) {
      this.problems.push(`${name} must be a whole number from ${range.min} to ${range.max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  /** A policy duration such as `30s`, `15m`, `2h` or `7d`, in milliseconds. */
  duration(name: string, fallback: PolicyDuration): number {
    const raw = this.env[name]?.trim();
    if (!raw) return durationMs(fallback);
    if (!isPolicyDuration(raw) || durationMs(raw) === 0) {
      this.problems.push(`${name} must be a duration such as 30s, 15m, 2h or 7d (got "${raw}")`);
      return durationMs(fallback);
    }
    return durationMs(raw);
  }

  url(name: string, fallback?: string, protocols?: string[]): string {
    const value = this.string(name, fallback);
    if (value && !isUrl(value, protocols)) {
      this.problems.push(`${name} must be a URL${protocols ? ` starting with ${protocols.join(' or ')}//` : ''}`);
    }
    return value;
  }

  optionalUrl(name: string): string | undefined {
    return this.env[name]?.trim() ? this.url(name) : undefined;
  }

  hostPort(name: string, fallback: string): string {
    const value = this.string(name, fallback);
    if (!/^[^\s:/]+:\d{1,5}$/.test(value)) this.problems.push(`${name} must be host:port (got "${value}")`);
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = this.env[name]?.trim() || fallback;
    if (!(values as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of ${values.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value as T;
  }

  matching(name: string, pattern: RegExp, description: string): string {
    const value = this.string(name);
    if (value && !pattern.test(value)) this.problems.push(`${name} must be ${description}`);
    return value;
  }

  emailAddress(name: string): string {
    const value = this.string(name);
    if (value && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value)) this.problems.push(`${name} must be an email address such as notices@example.com`);
    return value;
  }

  phoneNumber(name: string): string {
    const value = this.string(name);
    if (value && !isE164PhoneNumber(value)) this.problems.push(`${name} must be an E.164 phone number such as +15551234567`);
    return value;
  }
}

function isUrl(value: string, protocols?: string[]): boolean {
  try {
    const url = new URL(value);
    return !protocols || protocols.includes(url.protocol);
  } catch {
    return false;
  }
}
