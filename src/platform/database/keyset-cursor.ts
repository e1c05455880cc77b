import { validationFailed } from '../http/validation.js';

/** A page's position: the sort key and the id of its last row, opaque to clients. */
export type KeysetPosition = [key: string | number, id: string];

export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor names; anything else is a 400 naming `cursor`. */
export function decodeKeysetCursor(cursor: string, keyType: 'string' | 'number'): KeysetPosition {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(position) && position.length === 2 && typeof position[0] === keyType && typeof position[1] === 'string' && /^[0-9a-f-]{36}$/.test(position[1])) {
      return position as KeysetPosition;
    }
  } catch {
    // falls through to the refusal
  }
  throw validationFailed([{ field: 'cursor', problems: ['cursor must be the nextCursor of an earlier page'] }]);
}
