import { findUnstorableText, isStorableText } from '../../src/platform/http/text-safety.js';

describe('text the database can store as sent', () => {
  it('accepts any well-formed text, emoji and control characters included', () => {
    for (const text of ['', 'Zoë 💍', '👩‍👩‍👧', 'a\u0001b', '\u202eRTL', 'e\u0301']) expect(isStorableText(text)).toBe(true);
  });

  it('refuses NUL characters and unpaired surrogates', () => {
    for (const text of ['a\u0000b', '\ud83d', 'x\ude00', '\udc00\ud800']) expect(isStorableText(text)).toBe(false);
  });

  it('names every bad field of a nested body, object keys included', () => {
    const body = { firstName: 'ok', address: { street: 'Main\u0000St' }, tags: ['fine', '\ud800'], ['bad\u0000key']: 1 };
    expect(findUnstorableText(body).map((problem) => problem.field)).toEqual(['address.street', 'tags.1', '"bad\\u0000key"']);
  });

  it('names a bad query or path value by its parameter', () => {
    expect(findUnstorableText('a\u0000', 'q')).toEqual([{ field: 'q', problems: ['q must not contain NUL characters or unpaired UTF-16 surrogates'] }]);
  });
});
