import { randomBytes } from 'node:crypto';
import { type AppConfig, loadConfig } from '../../src/platform/config/app-config.js';
import { TEST_REDIS_URL, testTemporalAddress } from './test-services.js';

export const STAFF = {
  counter: { name: 'ana', role: 'staff' as const, token: 'counter-token-0123456789abcdef' },
  manager: { name: 'ben', role: 'manager' as const, token: 'manager-token-0123456789abcdef' },
};

export const TEST_TWILIO = { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'test-auth-token', fromNumber: '+15005550006' };

/** A configuration of this test file's own: its database, task queue and queue prefix. */
export function testConfig(options: { databaseUrl: string; twilioBaseUrl: string; smsPerSecond?: number }): AppConfig {
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
    SHOP_NAME: 'Goldsmith & Co',
    SHOP_TIME_ZONE: 'America/New_York',
    SMS_PER_SECOND: String(options.smsPerSecond ?? 20),
    STAFF_API_TOKENS: Object.values(STAFF)
      .map((staff) => `${staff.name}:${staff.role}:${staff.token}`)
      .join(','),
  });
}
