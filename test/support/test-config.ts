import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppConfig, loadConfig } from '../../src/platform/config/app-config.js';
import { TEST_REDIS_URL, testTemporalAddress } from './test-services.js';

/**
 * The staff of every test shop, seeded by `seedStaff` into its database (main store) with a live
 * access token each, so tests act as them without signing in (the auth tests sign in for real).
 */
export const STAFF = {
  counter: { id: '5eed0000-0000-4000-8000-00000000000a', name: 'ana', role: 'associate' as const, token: 'atl_at_test-ana-counter-0123456789abcdef' },
  manager: { id: '5eed0000-0000-4000-8000-00000000000b', name: 'ben', role: 'manager' as const, token: 'atl_at_test-ben-manager-0123456789abcdef' },
  carl: { id: '5eed0000-0000-4000-8000-00000000000c', name: 'carl', role: 'bench_jeweler' as const, token: 'atl_at_test-carl-bench-0123456789abcdef' },
  dina: { id: '5eed0000-0000-4000-8000-00000000000d', name: 'dina', role: 'bench_jeweler' as const, token: 'atl_at_test-dina-bench-0123456789abcdef' },
  owner: { id: '5eed0000-0000-4000-8000-00000000000e', name: 'olive', role: 'owner' as const, token: 'atl_at_test-olive-owner-0123456789abcdef' },
};

/** Every seeded account's password (the auth tests sign in with it). */
export const STAFF_PASSWORD = 'test password of the seeded staff';

export const staffEmailOf = (member: { name: string }) => `${member.name}@atelier.test`;

export const TEST_TWILIO = { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'test-auth-token', fromNumber: '+15005550006' };

/** The From address of every test shop's emails. */
export const TEST_EMAIL_FROM = 'notices@atelier.test';

export interface TestConfigOptions {
  databaseUrl: string;
  twilioBaseUrl: string;
  smtpUrl: string;
  smsSegmentsPerSecond?: number;
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
    SMTP_URL: options.smtpUrl,
    EMAIL_FROM: TEST_EMAIL_FROM,
    SMS_SEGMENTS_PER_SECOND: String(options.smsSegmentsPerSecond ?? 20),
    // Second-long policies, so retries and sweeps happen within a test.
    MESSAGE_RETRY_AFTER: '1s',
    MESSAGE_SWEEP_EVERY: '1m',
    MESSAGE_SWEEP_GRACE: '2s',
    // Photos of this file's stack in a folder of its own.
    STORAGE_DIR: join(tmpdir(), `atelier-test-files-${isolation}`),
    ...options.env,
  });
}
