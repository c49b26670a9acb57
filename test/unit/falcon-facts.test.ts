import { FalconConnector } from '../../src/connectors/falcon-connector.js';
import { CatalogInputError } from '../../src/domain/catalog.js';
import { FakeFalcon, type FakeIoc } from '../support/fake-falcon.js';

const SECRET = 'falcon-secret-Xy7pQ2rT9vW4zK1m';
const credentials = { clientId: '0123456789abcdef0123456789abcdef', clientSecret: SECRET };
const AID = 'a'.repeat(32);
const SHA256 = 'c'.repeat(64);

describe('crowdstrike connector facts (device.info and IOC reputation) against the fake', () => {
  let fake: FakeFalcon;
  beforeAll(async () => {
    fake = await FakeFalcon.start(credentials);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.groups.push(
      { id: '1'.repeat(32), name: 'Workstations', group_type: 'dynamic' },
      { id: '2'.repeat(32), name: 'Finance', group_type: 'static' },
    );
    fake.hosts.push(
      {
        device_id: AID,
        hostname: 'WS-01',
        platform_name: 'Windows',
        os_version: 'Windows 11',
        agent_version: '7.10.17706.0',
        status: 'contained',
        groups: ['1'.repeat(32), '2'.repeat(32)],
        last_seen: '2026-01-10T08:00:00Z',
        local_ip: '10.1.2.3',
        external_ip: '203.0.113.7',
        last_login_user: 'CONTOSO\\Bob',
      },
      // A stale record of the same machine, before it was re-imaged.
      { device_id: 'b'.repeat(32), hostname: 'ws-01', last_seen: '2025-06-01T00:00:00Z', status: 'normal' },
    );
  });

  const sut = () =>
    new FalconConnector({
      ...credentials,
      clientSecret: () => SECRET,
      apiUrl: fake.url,
      allowInsecureHttp: true,
      requestTimeoutMs: 2_000,
      followMs: 5_000,
      pollIntervalMs: 10,
      retryBaseMs: 10,
      maxAttempts: 2,
    });
  const ioc = (over: Partial<FakeIoc>): FakeIoc => ({
    id: `${fake.iocs.length}`.padStart(64, '0'),
    type: 'sha256',
    value: SHA256,
    action: 'prevent',
    severity: 'high',
    description: 'Known ransomware dropper',
    source: 'Threat hunting',
    platforms: ['windows'],
    applied_globally: true,
    expired: false,
    deleted: false,
    created_by: 'analyst@contoso.com',
    created_on: '2026-01-01T00:00:00Z',
    modified_by: 'analyst@contoso.com',
    modified_on: '2026-01-01T00:00:00Z',
    ...over,
  });

  it('answers device.info from the host seen last, with host group names and containment, in the catalog shape', async () => {
    expect(await sut().facts['device.info']!({ device: 'ws-01.contoso.com' })).toEqual({
      found: true,
      deviceId: AID,
      hostname: 'WS-01',
      os: 'Windows',
      osVersion: 'Windows 11',
      deviceGroup: 'Finance',
      deviceGroups: ['Finance', 'Workstations'],
      isolated: true,
      containmentStatus: 'contained',
      restricted: false,
      loggedOnUsers: ['contoso\\bob'],
      ips: ['10.1.2.3', '203.0.113.7'],
      localIp: '10.1.2.3',
      externalIp: '203.0.113.7',
      risk: null,
      agentVersion: '7.10.17706.0',
      reducedFunctionalityMode: 'no',
      lastSeenAt: '2026-01-10T08:00:00Z',
      source: 'crowdstrike',
    });
    expect(await sut().facts['device.info']!({ device: 'b'.repeat(32) })).toMatchObject({
      found: true,
      deviceId: 'b'.repeat(32),
      isolated: false,
    });
  });

  it('answers an unknown host with found: false and the same fields; a host-group scope missing leaves the group out and says why', async () => {
    expect(await sut().facts['device.info']!({ device: 'nowhere-9' })).toMatchObject({
      found: false,
      deviceId: null,
      isolated: false,
      loggedOnUsers: [],
      source: 'crowdstrike',
    });
    fake.scopes.delete('host-group:read');
    expect(await sut().facts['device.info']!({ device: 'ws-01' })).toMatchObject({
      found: true,
      deviceGroup: null,
      deviceGroupUnavailable: expect.stringContaining('403'),
    });
  });

  it('maps the IOC action to a verdict: prevent → malicious, detect → suspicious, allow → clean, no_action or expired → unknown', async () => {
    fake.iocs.push(ioc({}));
    fake.ranOn.set(`sha256:${SHA256}`, [AID, 'f'.repeat(32)]);
    expect(await sut().facts['file.reputation']!({ sha256: SHA256.toUpperCase() })).toEqual({
      sha256: SHA256,
      verdict: 'malicious',
      source: 'crowdstrike',
      description: 'Known ransomware dropper',
      found: true,
      iocId: fake.iocs[0].id,
      iocAction: 'prevent',
      iocSeverity: 'high',
      iocSource: 'Threat hunting',
      iocExpired: false,
      prevalence: 2,
      devices: ['WS-01'],
    });
    for (const [action, verdict] of [
      ['detect', 'suspicious'],
      ['allow', 'clean'],
      ['no_action', 'unknown'],
      ['prevent_no_ui', 'malicious'],
    ]) {
      fake.iocs[0].action = action;
      expect(await sut().facts['file.reputation']!({ sha256: SHA256 })).toMatchObject({ verdict, iocAction: action });
    }
    fake.iocs[0].expired = true;
    expect(await sut().facts['file.reputation']!({ sha256: SHA256 })).toMatchObject({ verdict: 'unknown', iocExpired: true });
  });

  it('answers a hash with no IOC as verdict unknown from crowdstrike, and rejects a bad hash', async () => {
    expect(await sut().facts['file.reputation']!({ sha256: 'e'.repeat(64) })).toEqual({
      sha256: 'e'.repeat(64),
      verdict: 'unknown',
      source: 'crowdstrike',
      description: null,
      found: false,
      prevalence: 0,
      devices: [],
    });
    await expect(sut().facts['file.reputation']!({ sha256: 'nope' })).rejects.toBeInstanceOf(CatalogInputError);
  });

  it('answers ip, domain and url reputation from ipv4/ipv6/domain IOCs (a URL by its domain)', async () => {
    fake.iocs.push(
      ioc({ type: 'ipv4', value: '198.51.100.7', action: 'detect' }),
      ioc({ type: 'domain', value: 'evil.example', action: 'prevent' }),
    );
    const c = sut();
    expect(await c.facts['ip.reputation']!({ ip: '::ffff:198.51.100.7' })).toMatchObject({
      ip: '198.51.100.7',
      verdict: 'suspicious',
      source: 'crowdstrike',
    });
    expect(await c.facts['ip.reputation']!({ ip: '2001:db8::1' })).toMatchObject({ verdict: 'unknown', found: false });
    expect(await c.facts['domain.reputation']!({ domain: 'Evil.Example.' })).toMatchObject({
      domain: 'evil.example',
      verdict: 'malicious',
    });
    expect(await c.facts['url.reputation']!({ url: 'https://evil.example/login?x=1' })).toMatchObject({
      domain: 'evil.example',
      verdict: 'malicious',
    });
    await expect(c.facts['domain.reputation']!({ domain: "x'+value:'y" })).rejects.toBeInstanceOf(CatalogInputError);
    const filters = fake.requests
      .filter((r) => r.path.startsWith('/iocs/combined'))
      .map((r) => new URL(r.path, fake.url).searchParams.get('filter'));
    expect(filters).toEqual([
      "type:'ipv4'+value:'198.51.100.7'",
      "type:'ipv6'+value:'2001:db8::1'",
      "type:'domain'+value:'evil.example'",
      "type:'domain'+value:'evil.example'",
    ]);
  });

  it('turns a missing scope into { available: false, reason } and throws transient failures, never with a secret', async () => {
    fake.scopes.delete('ioc:read');
    const refused = await sut().facts['file.reputation']!({ sha256: SHA256 });
    expect(refused).toEqual({ available: false, reason: expect.stringMatching(/^CrowdStrike Falcon: GET \/iocs\/.* answered 403/) });
    fake.inject({ match: /GET \/devices/, status: 503, echoAuthorization: true }, { match: /GET \/devices/, status: 503 });
    const failure = await sut().facts['device.info']!({ device: 'ws-01' }).catch((err: Error) => err);
    expect((failure as Error).message).toMatch(/503/);
    expect(JSON.stringify([refused, (failure as Error).message])).not.toContain(SECRET);
    for (const token of fake.issuedTokens) expect((failure as Error).message).not.toContain(token);
  });
});
