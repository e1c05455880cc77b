import { ConfigError, loadConfig } from '../../src/platform/config/app-config.js';

const VALID = {
  DATABASE_URL: 'postgres://atelier@127.0.0.1:5432/atelier',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'secret',
  TWILIO_FROM_NUMBER: '+15005550006',
  SMTP_URL: 'smtp://mail.example.com:587',
  EMAIL_FROM: 'notices@example.com',
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
  it('fills defaults around the required variables', () => {
    const config = loadConfig(VALID);
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'atelier', cachedWorkflows: 500, uiUrl: 'http://localhost:8233', historyArchiveEveryMs: 300_000 });
    expect(config.messaging.smsSegmentsPerSecond).toBe(1);
    expect(config.auth).toEqual({
      accessTokenTtlMs: 900_000,
      refreshTokenTtlMs: 14 * 86_400_000,
      sessionMaxAgeMs: 30 * 86_400_000,
      passwordResetTtlMs: 3_600_000,
      loginFailuresPerAccount: 5,
      loginFailuresPerAddress: 20,
      loginFailureWindowMs: 900_000,
    });
  });

  it('reads message policies as durations such as 30s, 15m, 2h or 7d', () => {
    expect(loadConfig(VALID).messaging).toEqual({ smsSegmentsPerSecond: 1, retryBaseDelayMs: 5_000, sweepEveryMs: 60_000, sweepGraceMs: 60_000, stuckAfterMs: 900_000 });
    expect(loadConfig({ ...VALID, MESSAGE_SWEEP_EVERY: '30s', MESSAGE_STUCK_AFTER: '2h' }).messaging).toMatchObject({ sweepEveryMs: 30_000, stuckAfterMs: 7_200_000 });
    expect(problemsOf({ ...VALID, MESSAGE_RETRY_AFTER: 'soon', MESSAGE_SWEEP_EVERY: '0s' })).toEqual([
      'MESSAGE_RETRY_AFTER must be a duration such as 30s, 15m, 2h or 7d (got "soon")',
      'MESSAGE_SWEEP_EVERY must be a duration such as 30s, 15m, 2h or 7d (got "0s")',
    ]);
  });

  it('names a missing variable', () => {
    expect(problemsOf({ ...VALID, DATABASE_URL: undefined })).toEqual(['DATABASE_URL is missing']);
  });

  it('reads the SMTP relay and the From address, and refuses what is not one', () => {
    expect(loadConfig(VALID).email).toEqual({ smtpUrl: 'smtp://mail.example.com:587', fromAddress: 'notices@example.com' });
    expect(problemsOf({ ...VALID, SMTP_URL: 'http://mail.example.com', EMAIL_FROM: 'notices' })).toEqual([
      'SMTP_URL must be a URL starting with smtp: or smtps://',
      'EMAIL_FROM must be an email address such as notices@example.com',
    ]);
    expect(problemsOf({ ...VALID, SMTP_URL: undefined })).toEqual(['SMTP_URL is missing']);
  });

  it('names every malformed variable at once', () => {
    const problems = problemsOf({ ...VALID, PORT: 'eighty', TWILIO_FROM_NUMBER: '555-1234', SMS_SEGMENTS_PER_SECOND: 'fast', DATABASE_URL: 'mysql://x' });
    expect(problems).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "eighty")',
      'DATABASE_URL must be a URL starting with postgres: or postgresql://',
      'TWILIO_FROM_NUMBER must be an E.164 phone number such as +15551234567',
      'SMS_SEGMENTS_PER_SECOND must be a whole number from 0 to 1000 (got "fast")',
    ]);
  });

  it('reads sign-in policies and refuses nonsense', () => {
    expect(loadConfig({ ...VALID, ACCESS_TOKEN_TTL: '5m', LOGIN_FAILURES_PER_ACCOUNT: '3' }).auth).toMatchObject({ accessTokenTtlMs: 300_000, loginFailuresPerAccount: 3 });
    expect(problemsOf({ ...VALID, ACCESS_TOKEN_TTL: 'forever', LOGIN_FAILURES_PER_ACCOUNT: '0' })).toEqual([
      'ACCESS_TOKEN_TTL must be a duration such as 30s, 15m, 2h or 7d (got "forever")',
      'LOGIN_FAILURES_PER_ACCOUNT must be a whole number from 1 to 1000 (got "0")',
    ]);
  });

  it('reads the worker cache size and refuses nonsense', () => {
    expect(loadConfig({ ...VALID, WORKER_CACHED_WORKFLOWS: '2000' }).temporal.cachedWorkflows).toBe(2000);
    expect(problemsOf({ ...VALID, WORKER_CACHED_WORKFLOWS: 'lots' })).toEqual(['WORKER_CACHED_WORKFLOWS must be a whole number from 0 to 100000 (got "lots")']);
  });
});
