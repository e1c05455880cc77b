import { sendableAt } from '../../src/platform/time/quiet-hours.js';
import { smsSegments } from '../../src/messaging/templates/sms-segments.js';
import { placeholdersOf, renderTemplate, strayBraces, unknownPlaceholders } from '../../src/messaging/templates/template-text.js';

describe('message templates', () => {
  it('finds each variable once, in order, with or without spaces inside the braces', () => {
    expect(placeholdersOf('{{storeName}}: {{ firstName }}, {{jobNumber}} for {{firstName}}')).toEqual(['storeName', 'firstName', 'jobNumber']);
  });

  it('names the variables a template may not use', () => {
    expect(unknownPlaceholders('Hi {{firstName}}, {{balance}} due by {{dueDate}}', ['firstName', 'jobNumber'])).toEqual(['balance', 'dueDate']);
    expect(unknownPlaceholders('Hi {{firstName}}', ['firstName'])).toEqual([]);
  });

  it('finds braces that are not a variable', () => {
    expect(strayBraces('Hi {{first name}}')).toBe(true);
    expect(strayBraces('Hi {firstName}}')).toBe(true);
    expect(strayBraces('Hi {{firstName}} {curly} text')).toBe(false);
  });

  it('fills variables, leaves an absent optional note out and closes up the spaces it leaves', () => {
    expect(renderTemplate('{{storeName}}: ready.{{balanceNote}} {{trackingLink}}', { storeName: 'Goldsmith & Co', balanceNote: '', trackingLink: 'https://t/x' })).toBe('Goldsmith & Co: ready. https://t/x');
    expect(renderTemplate('Hello {{firstName}} ,\n\nBye', { firstName: 'Ann' })).toBe('Hello Ann,\n\nBye');
  });
});

describe('SMS segments', () => {
  it('counts GSM-7 texts at 160 in one segment and 153 per part beyond', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSegments('a'.repeat(306))).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
    expect(smsSegments('a'.repeat(307))).toEqual({ encoding: 'GSM-7', units: 307, segments: 3 });
  });

  it('counts the extension table (€, [, ], {, }) as two septets', () => {
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments(`${'a'.repeat(159)}€`)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  });

  it('switches the whole text to UCS-2 for one character outside GSM-7, at 70 and 67', () => {
    expect(smsSegments(`${'a'.repeat(69)}’`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments(`${'a'.repeat(70)}’`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    // An emoji is two UTF-16 units.
    expect(smsSegments(`${'a'.repeat(133)}💍`)).toEqual({ encoding: 'UCS-2', units: 135, segments: 3 });
  });

  it('counts an empty text as no segment', () => {
    expect(smsSegments('').segments).toBe(0);
  });
});

describe('quiet hours', () => {
  const QUIET = { start: '21:00', end: '08:00' };
  const NEW_YORK = 'America/New_York';

  it('sends at once outside quiet hours', () => {
    const afternoon = new Date('2026-12-07T19:00:00Z'); // 14:00 in New York
    expect(sendableAt(afternoon, NEW_YORK, QUIET)).toBe(afternoon);
  });

  it('holds a late-evening text until 08:00 the next morning, local time', () => {
    expect(sendableAt(new Date('2026-12-08T03:30:00Z'), NEW_YORK, QUIET).toISOString()).toBe('2026-12-08T13:00:00.000Z'); // 22:30 → 08:00 EST
  });

  it('holds an early-morning text until 08:00 the same day', () => {
    expect(sendableAt(new Date('2026-12-08T10:00:00Z'), NEW_YORK, QUIET).toISOString()).toBe('2026-12-08T13:00:00.000Z'); // 05:00 → 08:00
  });

  it('keeps to the recipient zone, and to a daytime window that does not span midnight', () => {
    const instant = new Date('2026-07-01T20:30:00Z'); // 13:30 in Los Angeles, 22:30 in Paris
    expect(sendableAt(instant, 'America/Los_Angeles', QUIET)).toBe(instant);
    expect(sendableAt(instant, 'Europe/Paris', QUIET).toISOString()).toBe('2026-07-02T06:00:00.000Z'); // 08:00 CEST
    expect(sendableAt(instant, 'America/Los_Angeles', { start: '12:00', end: '14:00' }).toISOString()).toBe('2026-07-01T21:00:00.000Z');
  });

  it('finds 08:00 on the morning clocks change', () => {
    // New York springs forward at 02:00 on 2026-03-08: 08:00 that morning is 12:00 UTC, not 13:00.
    expect(sendableAt(new Date('2026-03-08T05:00:00Z'), NEW_YORK, QUIET).toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });

  it('has no quiet hours when start and end are the same', () => {
    const night = new Date('2026-12-08T03:30:00Z');
    expect(sendableAt(night, NEW_YORK, { start: '00:00', end: '00:00' })).toBe(night);
  });
});
