import { ConfigError, loadConfig } from '../../src/platform/config/app-config.js';

const VALID = {
  DATABASE_URL: 'postgres://atelier@127.0.0.1:5432/atelier',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'secret',
  TWILIO_FROM_NUMBER: '+15005550006',
  STAFF_API_TOKENS: 'ana:manager:aaaaaaaaaaaaaaaaaaaaaaaaaaaa',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('fills shop-policy defaults around the required variables', () => {
    const config = loadConfig(VALID);
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'atelier' });
    expect(config.shop.defaultRepairPromiseDays).toBe(14);
    expect(config.messaging.smsPerSecond).toBe(1);
    expect(config.staff).toEqual([{ name: 'ana', role: 'manager', token: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa' }]);
  });

  it('names a missing variable', () => {
    expect(problemsOf({ ...VALID, DATABASE_URL: undefined })).toEqual(['DATABASE_URL is missing']);
  });

  it('names every malformed variable at once', () => {
    const problems = problemsOf({ ...VALID, PORT: 'eighty', TWILIO_FROM_NUMBER: '555-1234', SHOP_TIME_ZONE: 'Mars/Olympus', DATABASE_URL: 'mysql://x' });
    expect(problems).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "eighty")',
      'DATABASE_URL must be a URL starting with postgres: or postgresql://',
      'TWILIO_FROM_NUMBER must be an E.164 phone number such as +15551234567',
      'SHOP_TIME_ZONE must be an IANA time zone such as America/New_York (got "Mars/Olympus")',
    ]);
  });

  it('refuses short or malformed staff tokens', () => {
    expect(problemsOf({ ...VALID, STAFF_API_TOKENS: 'ana:manager:short' })).toEqual([
      'STAFF_API_TOKENS: the token of "ana" must be at least 24 characters',
    ]);
    expect(problemsOf({ ...VALID, STAFF_API_TOKENS: 'ana:owner:aaaaaaaaaaaaaaaaaaaaaaaaaaaa' })).toEqual([
      'STAFF_API_TOKENS entries must be name:role:token with role manager or staff',
    ]);
  });
});
