import { randomBytes } from 'node:crypto';
import { type AppConfig, loadConfig } from '../../src/platform/config/app-config.js';
import { TEST_REDIS_URL, testTemporalAddress } from './test-services.js';

export const STAFF = {
  counter: { name: 'ana', role: 'associate' as const, token: 'counter-token-0123456789abcdef' },
  manager: { name: 'ben', role: 'manager' as const, token: 'manager-token-0123456789abcdef' },
  carl: { name: 'carl', role: 'bench_jeweler' as const, token: 'carl-bench-token-0123456789abcdef' },
  dina: { name: 'dina', role: 'bench_jeweler' as const, token: 'dina-bench-token-0123456789abcdef' },
  owner: { name: 'olive', role: 'owner' as const, token: 'olive-owner-token-0123456789abcdef' },
};

export const TEST_TWILIO = { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'test-auth-token', fromNumber: '+15005550006' };

export interface TestConfigOptions {
  databaseUrl: string;
  twilioBaseUrl: string;
  smsPerSecond?: number;
  /** Further variables (policies such as MESSAGE_SWEEP_EVERY) for this file's stack. */
  env?: Record<string, string>;
}

/** A configuration of this test file's own: its database, task queue and queue prefix. */
export function testConfig(options: TestConfigOptions): AppConfig {
  const isolation = randomBytes(4).toString('hex');
  return loadConfig({
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: testTemporalAddress(),
    TEMPORAL_TASK_QUEUE: `atelier-test-${isolation}`,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_QUEUE_PREFIX: `atelier-test-${isolation}`,
    PUBLIC_BASE_URL: 'https://track.example.test',
    TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
    TWILIO_FROM_NUMBER: TEST_TWILIO.fromNumber,
    TWILIO_API_BASE_URL: options.twilioBaseUrl,
    SMS_PER_SECOND: String(options.smsPerSecond ?? 20),
    // Second-long policies, so retries and sweeps happen within a test.
    MESSAGE_RETRY_AFTER: '1s',
    MESSAGE_SWEEP_EVERY: '1m',
    MESSAGE_SWEEP_GRACE: '2s',
    STAFF_API_TOKENS: Object.values(STAFF)
      .map((staff) => `${staff.name}:${staff.role}:${staff.token}`)
      .join(','),
    ...options.env,
  });
}
