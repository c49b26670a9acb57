import { decodeCursor, encodeCursor } from '../../src/http/cursor.js';

const raw = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

describe('keyset cursors', () => {
  const sut = decodeCursor;

  it('round-trips what the API issued', () => {
    const at = '2026-12-02 00:44:59.123456+00';
    expect(
      sut(encodeCursor(at, 'b9c7e1c2-7d3a-4b7e-9f5e-0c1d2e3f4a5b', 'received'), 'received', { value: 'timestamptz', id: 'uuid' }),
    ).toEqual({
      value: at,
      id: 'b9c7e1c2-7d3a-4b7e-9f5e-0c1d2e3f4a5b',
    });
    expect(
      sut(encodeCursor('2026-12-02T00:44:59.123Z', 'act-0123456789abcdef01234567', 'actions'), 'actions', {
        value: 'timestamptz',
        id: 'text',
      }).value,
    ).toBe('2026-12-02T00:44:59.123Z');
    expect(sut(encodeCursor('3', 42, 'severity:desc'), 'severity:desc', { value: 'int', id: 'bigint' })).toEqual({ value: '3', id: '42' });
  });

  it.each([
    ['a value that is no timestamp', ['garbage', 'x', 'received']],
    ['a day that does not exist', ['2026-02-30T00:00:00Z', '00000000-0000-4000-8000-000000000000', 'received']],
    ['an hour past 23', ['2026-02-03 24:00:00+00', '00000000-0000-4000-8000-000000000000', 'received']],
    ['an id that is no UUID', ['2026-02-03 12:00:00+00', 'x', 'received']],
    ['another sort order', ['2026-02-03 12:00:00+00', '00000000-0000-4000-8000-000000000000', 'actions']],
    ['too few parts', ['2026-02-03 12:00:00+00', '00000000-0000-4000-8000-000000000000']],
  ])('refuses %s', (_, parts) => {
    expect(() => sut(raw(parts), 'received', { value: 'timestamptz', id: 'uuid' })).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('refuses integers outside their SQL type and text that PostgreSQL cannot hold', () => {
    expect(() => sut(raw(['2147483648', '1', 's']), 's', { value: 'int', id: 'bigint' })).toThrow();
    expect(() => sut(raw(['1', '9223372036854775808', 's']), 's', { value: 'int', id: 'bigint' })).toThrow();
    expect(sut(raw(['-2147483648', '-9223372036854775808', 's']), 's', { value: 'int', id: 'bigint' }).id).toBe('-9223372036854775808');
    expect(() => sut(raw(['2026-02-03T12:00:00Z', 'a\u0000', 's']), 's', { value: 'timestamptz', id: 'text' })).toThrow();
    expect(() => sut('not base64 json', 's', { value: 'int', id: 'int' })).toThrow();
  });
});
