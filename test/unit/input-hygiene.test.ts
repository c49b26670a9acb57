import { MAX_DEPTH, unsafeStrings } from '../../src/http/input-hygiene.js';

describe('input hygiene', () => {
  const sut = unsafeStrings;

  it('names every string that PostgreSQL or UTF-8 cannot hold, values and property names', () => {
    const body = { title: 'a\u0000b', entities: [{ name: 'ok' }, { name: 'x\ud800' }], ['k\u0000']: 1, pair: '\ud83d\ude00' };
    expect(sut(body, []).sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: '(root)', message: 'has a property name that contains a NUL character' },
      { path: 'entities[1].name', message: 'contains an unpaired UTF-16 surrogate' },
      { path: 'title', message: 'contains a NUL character' },
    ]);
    expect(sut({ source: ['a', '\udc00'] }, ['query'])).toEqual([
      { path: 'query.source[1]', message: 'contains an unpaired UTF-16 surrogate' },
    ]);
  });

  it('accepts well-formed text, including characters outside the basic plane', () => {
    expect(sut({ a: 'héllo 😀 日本', b: [1, true, null, { c: '' }] }, [])).toEqual([]);
  });

  it('refuses nesting past the limit without recursing', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    const errors = sut(deep, []);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toBe(`nests deeper than ${MAX_DEPTH} levels`);
  });
});
