/** The GSM 03.38 basic character set: one 7-bit unit each. */
const GSM7_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
/** The GSM 03.38 extension table: an escape plus the character, two units each. */
const GSM7_EXTENDED = new Set('^{}\\[~]|€\f');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Units the text takes in its encoding (GSM-7 septets, or UTF-16 code units). */
  units: number;
  segments: number;
}

/**
 * How many SMS segments a text is billed and sent as: GSM-7 fits 160 septets in one segment and
 * 153 per segment when split; a single character outside GSM-7 (an emoji, a curly quote) makes the
 * whole text UCS-2, 70 and 67 units. Twilio's Smart Encoding can swap some look-alikes; this counts
 * the text as written, which is the worst case.
 */
export function smsSegments(text: string): SmsSegmentCount {
  let septets = 0;
  for (const character of text) {
    if (GSM7_BASIC.has(character)) septets += 1;
    else if (GSM7_EXTENDED.has(character)) septets += 2;
    else return segmentsOf('UCS-2', text.length, 70, 67);
  }
  return segmentsOf('GSM-7', septets, 160, 153);
}

function segmentsOf(encoding: SmsEncoding, units: number, single: number, perPart: number): SmsSegmentCount {
  return { encoding, units, segments: units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / perPart) };
}
