/** E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164PhoneNumber(value: string): boolean {
  return E164.test(value);
}

/** Shows only the last digits, so logs and errors never carry a customer's number. */
export function maskPhoneNumber(value: string): string {
  return value.length > 4 ? `${'*'.repeat(value.length - 4)}${value.slice(-4)}` : '****';
}
