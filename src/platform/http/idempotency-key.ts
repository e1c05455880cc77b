import { validationFailed } from './validation.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The Idempotency-Key header, checked: 1 to 200 visible ASCII characters, or absent. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) throw validationFailed([{ field: 'Idempotency-Key', problems: ['Idempotency-Key must be 1 to 200 visible ASCII characters'] }]);
  return header;
}
