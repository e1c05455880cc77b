/** E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all. */
export const E164_PHONE_NUMBER = /^\+[1-9]\d{6,14}$/;

export function isE164PhoneNumber(value: string): boolean {
  return E164_PHONE_NUMBER.test(value);
}

/** `+15555550100` → `***0100`: enough to tell texts apart in a log, never the full number. */
export function maskPhoneNumber(phone: string): string {
  return `***${phone.replace(/\D/g, '').slice(-4)}`;
}
