import { isUuid } from '../http/uuid.js';
import { validationFailed } from '../http/validation.js';

/** A page's position: the sort key and the id of its last row, opaque to clients. */
export type KeysetPosition<Key> = [key: Key, id: string];

export function encodeKeysetCursor<Key>(position: KeysetPosition<Key>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor names, its key checked by `isKey`; anything else is a 400 naming `cursor`. */
export function decodeKeysetCursor<Key>(cursor: string, isKey: (key: unknown) => key is Key): KeysetPosition<Key> {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(position) && position.length === 2 && isKey(position[0]) && typeof position[1] === 'string' && isUuid(position[1])) {
      return position as KeysetPosition<Key>;
    }
  } catch {
    // falls through to the refusal
  }
  throw validationFailed([{ field: 'cursor', problems: ['cursor must be the nextCursor of an earlier page'] }]);
}
