import type { FieldProblem } from './validation.js';

/**
 * Text PostgreSQL cannot store as sent. A NUL character makes the database refuse the whole
 * statement; an unpaired UTF-16 surrogate is silently replaced by U+FFFD on its way to UTF-8, so
 * what comes back is not what was sent. Both are refused at the edge, naming the field.
 */
export function isStorableText(text: string): boolean {
  return text.isWellFormed() && !text.includes('\u0000');
}

export const UNSTORABLE_TEXT_PROBLEM = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** Every string in `value` (object keys included) that cannot be stored, by its field path. */
export function findUnstorableText(value: unknown, path = ''): FieldProblem[] {
  if (typeof value === 'string') {
    return isStorableText(value) ? [] : [{ field: path || 'value', problems: [`${path || 'value'} ${UNSTORABLE_TEXT_PROBLEM}`] }];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const field = path ? `${path}.${key}` : key;
    if (!isStorableText(key)) return [{ field: JSON.stringify(field), problems: [`a field name ${UNSTORABLE_TEXT_PROBLEM}`] }];
    return findUnstorableText(child, field);
  });
}
