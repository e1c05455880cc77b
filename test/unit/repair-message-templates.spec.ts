import { repairStageMessage } from '../../src/messaging/repair-message-templates.js';
import { addDays, isCalendarDate, todayIn } from '../../src/repairs/shop-calendar.js';

const facts = { shopName: 'Goldsmith & Co', envelopeNumber: 1042, promisedBy: '2026-12-07', trackingUrl: 'https://t.example/track/abc' };

describe('repair stage messages', () => {
  it('tells the customer the envelope number, the promised date and the tracking link at take-in', () => {
    expect(repairStageMessage('received', facts)).toBe(
      'Goldsmith & Co: we have your piece (envelope #1042), promised by Dec 7. Track: https://t.example/track/abc',
    );
  });

  it('asks for photo ID when the piece is ready', () => {
    expect(repairStageMessage('ready', facts)).toContain('is ready for pickup; please bring photo ID.');
  });

  it('fits every stage message in one 160-character SMS segment with a typical link', () => {
    for (const stage of ['received', 'in_progress', 'ready'] as const) {
      expect(repairStageMessage(stage, { ...facts, trackingUrl: `https://shop.example.com/track/${'x'.repeat(32)}` }).length).toBeLessThanOrEqual(160);
    }
  });
});

describe('shop calendar', () => {
  it("uses the shop's date, not UTC's, late in the evening", () => {
    // 02:30 UTC on Dec 1 is still Nov 30 in New York.
    expect(todayIn('America/New_York', new Date('2026-12-01T02:30:00Z'))).toBe('2026-11-30');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-11-23', 14)).toBe('2026-12-07');
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
  });

  it('tells real calendar dates from impossible ones', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
  });
});
