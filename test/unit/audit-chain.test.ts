import { canonicalJson, chainHash, GENESIS_HASH, redact } from '../../src/audit/audit.store.js';

describe('audit chain serialisation', () => {
  const row = {
    seq: 1,
    at: new Date('2026-01-01T00:00:00.000Z'),
    actor: { kind: 'key' as const, id: 'k1', name: 'alice', issuer: null, email: null },
    source: { ip: '10.0.0.1', userAgent: 'curl' },
    action: 'incident.updated' as const,
    target: { type: 'incident', id: '42' },
    before: { severity: 'low', tags: ['a'] },
    after: { severity: 'high', tags: ['a', 'b'] },
    prevHash: GENESIS_HASH,
  };

  it('serialises the same value the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(chainHash({ ...row, after: { tags: ['a', 'b'], severity: 'high' } })).toBe(chainHash(row));
  });

  it('changes the hash when any part of the row or the previous hash changes', () => {
    const sut = chainHash(row);
    expect(chainHash({ ...row, seq: 2 })).not.toBe(sut);
    expect(chainHash({ ...row, actor: { ...row.actor, name: 'mallory' } })).not.toBe(sut);
    expect(chainHash({ ...row, after: { severity: 'high', tags: ['a'] } })).not.toBe(sut);
    expect(chainHash({ ...row, source: { ip: '10.0.0.2', userAgent: 'curl' } })).not.toBe(sut);
    expect(chainHash({ ...row, prevHash: 'f'.repeat(64) })).not.toBe(sut);
  });

  it('redacts secret-named fields at any depth and keeps the rest', () => {
    expect(
      redact({ name: 'hook', secret: 'whsec_x', nested: [{ password: 'p', clientSecret: 's', keyPrefix: 'qk_1' }], token: null }),
    ).toEqual({
      name: 'hook',
      secret: '[redacted]',
      nested: [{ password: '[redacted]', clientSecret: '[redacted]', keyPrefix: 'qk_1' }],
      token: null,
    });
  });
});
