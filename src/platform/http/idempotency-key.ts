import { createHash } from 'node:crypto';
import { validationFailed } from './validation.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The Idempotency-Key header, checked: 1 to 200 visible ASCII characters, or absent. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) throw validationFailed([{ field: 'Idempotency-Key', problems: ['Idempotency-Key must be 1 to 200 visible ASCII characters'] }]);
  return header;
}

/** Canonical JSON (sorted keys) of a request body, hashed: a reused Idempotency-Key with another body is refused. */
export function requestFingerprint(input: object): string {
  const canonical = JSON.stringify(input, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

