import type { Entity } from '../../src/domain/alert.js';
import { alertKeys, canonicalIp, entityKeys, normaliseUrl, shortHost } from '../../src/correlation/keys.js';

const policy = { ignore: [], disabledEntityTypes: [] };

describe('correlation keys', () => {
  it('gives one key per identifier, normalised', () => {
    const sut = entityKeys({ type: 'user', upn: 'Alice@Contoso.COM', sid: 's-1-5-21-1-2-3-1001', aadObjectId: 'ABCD-1' } as Entity);
    expect(sut.map((k) => k.key)).toEqual(['user:upn:alice@contoso.com', 'user:sid:S-1-5-21-1-2-3-1001', 'user:aad:abcd-1']);
    expect(entityKeys({ type: 'device', hostname: 'WS-01.contoso.local', deviceId: 'ABC' } as Entity).map((k) => k.key)).toEqual([
      'device:id:abc',
      'device:host:ws-01',
    ]);
  });

  it('keeps an address used as a host name whole, in every form, and shortens a name to its first label', () => {
    for (const ip of ['10.1.2.3', '0x0a.0x01.0x02.0x03', '167838211', 'fe80::1', 'FE80::1%eth0', '::ffff:10.1.2.3'])
      expect(shortHost(ip)).toBe(ip.toLowerCase());
    for (const [name, short] of [
      ['WS-01.contoso.local', 'ws-01'],
      ['cafe.example', 'cafe'],
      ['db1', 'db1'],
      ['a.b%c', 'a'],
    ])
      expect(shortHost(name)).toBe(short);
  });

  it('links a mailbox to the user with that UPN', () => {
    expect(entityKeys({ type: 'mailbox', address: 'Bob@Contoso.com' } as Entity).map((k) => k.key)).toEqual([
      'mailbox:bob@contoso.com',
      'user:upn:bob@contoso.com',
    ]);
  });

  it('canonicalises IPs, including mixed-case IPv6 and IPv4-mapped addresses', () => {
    expect(canonicalIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalIp('2001:db8::1')).toBe('2001:db8::1');
    expect(canonicalIp('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(canonicalIp('not-an-ip')).toBeUndefined();
  });

  it('normalises URLs', () => {
    expect(normaliseUrl('HTTP://Evil.Example.com:80/a/b/#frag')).toBe('evil.example.com/a/b');
    expect(normaliseUrl('https://evil.example.com/a/b')).toBe('evil.example.com/a/b');
    expect(normaliseUrl('evil.example.com/x?q=1')).toBe('evil.example.com/x?q=1');
  });

  it('skips well-known accounts, loopback addresses, ignored keys and switched-off types, with reasons', () => {
    const entities = [
      { type: 'user', sid: 'S-1-5-18', accountName: 'SYSTEM' },
      { type: 'ip', address: '127.0.0.1' },
      { type: 'ip', address: '::' },
      { type: 'ip', address: '203.0.113.9' },
      { type: 'url', url: 'https://ok.example/' },
      { type: 'device', hostname: 'ws-9' },
    ] as Entity[];
    const sut = alertKeys(entities, { ignore: ['ip:203.0.113.9'], disabledEntityTypes: ['url'] });
    expect(sut.keys.map((k) => k.key)).toEqual(['device:host:ws-9']);
    const reasons = Object.fromEntries(sut.skipped.map((s) => [s.key, s.reason]));
    expect(reasons['user:sid:S-1-5-18']).toBe('well-known system account');
    expect(reasons['ip:127.0.0.1']).toBe('loopback address');
    expect(reasons['ip:::']).toBe('unspecified address');
    expect(reasons['ip:203.0.113.9']).toBe('on the configured ignore list');
    expect(reasons['url:ok.example']).toContain('switched off');
  });

  it('de-duplicates keys across entities', () => {
    const sut = alertKeys(
      [
        { type: 'mailbox', address: 'a@x.com' },
        { type: 'user', upn: 'A@x.com' },
      ] as Entity[],
      policy,
    );
    expect(sut.keys.map((k) => k.key)).toEqual(['mailbox:a@x.com', 'user:upn:a@x.com']);
  });
});

describe('entity graph and URL keys', () => {
  const policy = { ignore: [], disabledEntityTypes: [] };

  it('keys a URL by itself, its host and its registrable domain (private suffixes kept apart)', () => {
    expect(entityKeys({ type: 'url', url: 'https://files.Stock-News.co.uk/upload?id=1' } as Entity).map((k) => k.key)).toEqual([
      'url:files.stock-news.co.uk/upload?id=1',
      'host:files.stock-news.co.uk',
      'domain:stock-news.co.uk',
    ]);
    expect(entityKeys({ type: 'url', url: 'https://evil.azurewebsites.net/x' } as Entity).map((k) => k.key)).toEqual([
      'url:evil.azurewebsites.net/x',
      'host:evil.azurewebsites.net',
    ]);
  });

  it('links a mailbox to its owner, and states the identifiers of one account as aliases', () => {
    const sut = alertKeys(
      [
        { type: 'mailbox', address: 'Pam.Beesly@contoso.com', upn: 'pbeesly@contoso.com' },
        { type: 'user', accountName: 'pbeesly', domain: 'CONTOSO', sid: 'S-1-5-21-1-2-3-1115' },
      ] as Entity[],
      policy,
    );
    expect(sut.keys.map((k) => k.key)).toContain('user:upn:pbeesly@contoso.com');
    expect(sut.aliasGroups).toEqual([
      ['mailbox:pam.beesly@contoso.com', 'user:upn:pam.beesly@contoso.com', 'user:upn:pbeesly@contoso.com'],
      ['user:sid:S-1-5-21-1-2-3-1115', 'user:name:contoso\\pbeesly'],
    ]);
  });

  it('points at the accounts logged on to a device without naming them as its own', () => {
    const sut = alertKeys(
      [
        { type: 'device', hostname: 'ws-1', loggedOnUsers: [{ accountName: 'nwilde', domain: 'NORTHWIND' }, { accountName: 'SYSTEM' }] },
      ] as Entity[],
      policy,
    );
    expect(sut.keys.map((k) => k.key)).toEqual(['device:host:ws-1']);
    expect(sut.links.map((k) => k.key)).toEqual(['user:name:northwind\\nwilde']);
    expect(sut.skipped).toEqual([{ key: 'user:name:system', reason: 'well-known system account' }]);
  });

  it("counts a URL on a cloud app's own domain as that app, and other URLs as entities of their own", () => {
    const entities: Entity[] = [
      { type: 'cloudApp', name: 'Dropbox', appId: '11627' },
      { type: 'url', url: 'https://www.dropbox.com/home/Shared' },
      { type: 'url', url: 'https://files.example.org/x' },
    ];
    const of = new Map(alertKeys(entities, { ignore: [], disabledEntityTypes: [] }).keys.map((k) => [k.key, k.entityIndex]));
    expect(of.get('cloudapp:id:11627')).toBe(0);
    expect(of.get('domain:dropbox.com')).toBe(0);
    expect(of.get('url:www.dropbox.com/home/Shared')).toBe(0);
    expect(of.get('host:files.example.org')).toBe(2);
  });
});
