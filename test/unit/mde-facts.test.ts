import { CatalogInputError } from '../../src/domain/catalog.js';
import { MdeConnector } from '../../src/connectors/mde-connector.js';
import { FakeMde, type FakeMachine } from '../support/fake-mde.js';

const SECRET = 'fake-client-secret~Zq8.rT5uW2';
const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', clientSecret: SECRET };
const WS01 = 'a'.repeat(40);
const SHA256 = 'c'.repeat(64);
const SHA1 = 'b'.repeat(40);

describe('mde connector facts (device.info, file.reputation) against the fake', () => {
  let fake: FakeMde;
  let ws01: FakeMachine;
  beforeAll(async () => {
    fake = await FakeMde.start(credentials);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    ws01 = {
      id: WS01,
      computerDnsName: 'ws-01.contoso.com',
      lastSeen: '2026-01-10T08:00:00Z',
      osPlatform: 'Windows11',
      osVersion: '10.0.22631',
      healthStatus: 'Active',
      riskScore: 'High',
      exposureLevel: 'Medium',
      rbacGroupName: 'Finance',
      lastIpAddress: '10.1.2.3',
      ipAddresses: [{ ipAddress: '10.1.2.3', macAddress: '001122334455', type: 'Ethernet', operationalStatus: 'Up' }],
      logonUsers: [
        {
          id: 'contoso\\bob',
          accountName: 'bob',
          accountDomain: 'CONTOSO',
          accountSid: 'S-1-5-21-1-2-3-1104',
          firstSeen: '2026-01-01T08:00:00Z',
          lastSeen: '2026-01-10T07:00:00Z',
          logonTypes: 'Interactive',
          isDomainAdmin: false,
          isOnlyNetworkUser: false,
        },
      ],
    };
    fake.machines.push(ws01, { id: 'd'.repeat(40), computerDnsName: 'srv-02.contoso.com', lastSeen: '2026-01-01T00:00:00Z' });
  });

  const sut = () =>
    new MdeConnector({
      ...credentials,
      clientSecret: () => SECRET,
      apiUrl: fake.url,
      loginUrl: fake.url,
      allowInsecureHttp: true,
      requestTimeoutMs: 2_000,
      followMs: 5_000,
      pollIntervalMs: 10,
      maxPollIntervalMs: 40,
      retryBaseMs: 10,
      maxAttempts: 2,
    });
  const deviceInfo = (device: string, c = sut()) => c.facts['device.info']!({ device });
  const fileReputation = (sha256: string, c = sut()) => c.facts['file.reputation']!({ sha256 });

  it('answers device.info from the machine (by short name or id) and its logged-on users, in the catalog shape', async () => {
    const facts = await deviceInfo('WS-01');
    expect(facts).toEqual({
      found: true,
      deviceId: WS01,
      hostname: 'ws-01.contoso.com',
      os: 'Windows11',
      osVersion: '10.0.22631',
      deviceGroup: 'Finance',
      isolated: false,
      restricted: false,
      loggedOnUsers: ['contoso\\bob'],
      domainAdminLoggedOn: false,
      ips: ['10.1.2.3'],
      risk: 'high',
      exposureLevel: 'medium',
      healthStatus: 'Active',
      lastSeenAt: '2026-01-10T08:00:00Z',
      source: 'mde',
    });
    expect(await deviceInfo(WS01)).toMatchObject({ found: true, hostname: 'ws-01.contoso.com' });
    expect(fake.requests.map((r) => r.path)).toContain(`/api/machines/${WS01}/logonusers`);
  });

  it('reports isolation from the last succeeded isolate/release machine action', async () => {
    const c = sut();
    await c.execute({
      actionId: 'iso-1',
      operation: 'execute',
      type: 'isolate_device',
      target: { type: 'device', hostname: 'ws-01' },
      params: {},
    });
    expect(await deviceInfo('ws-01', c)).toMatchObject({ isolated: true, restricted: false });
    await c.execute({
      actionId: 'iso-1',
      operation: 'undo',
      type: 'release_device',
      target: { type: 'device', hostname: 'ws-01' },
      params: {},
    });
    expect(await deviceInfo('ws-01', c)).toMatchObject({ isolated: false });
  });

  it('answers an unknown device with found: false and the same fields', async () => {
    expect(await deviceInfo('nowhere-9')).toMatchObject({
      found: false,
      deviceId: null,
      loggedOnUsers: [],
      isolated: false,
      source: 'mde',
    });
    expect(await deviceInfo('f'.repeat(40))).toMatchObject({ found: false });
  });

  it('answers file.reputation from the file profile and the machines that have it', async () => {
    fake.files.push({
      sha1: SHA1,
      sha256: SHA256,
      globalPrevalence: 3,
      isValidCertificate: false,
      signer: null,
      determinationType: 'Malware',
      determinationValue: 'Trojan:Win32/Wacatac.B!ml',
      machineIds: [WS01],
    });
    expect(await fileReputation(SHA256.toUpperCase())).toEqual({
      sha256: SHA256,
      verdict: 'malicious',
      description: 'Trojan:Win32/Wacatac.B!ml',
      source: 'mde',
      prevalence: 1,
      devices: ['ws-01.contoso.com'],
      found: true,
      sha1: SHA1,
      globalPrevalence: 3,
      validCertificate: false,
      signer: null,
      determination: 'Malware',
    });
    fake.files[0].determinationType = 'Unknown';
    fake.files[0].determinationValue = '';
    expect(await fileReputation(SHA256)).toMatchObject({ verdict: 'unknown', description: null, source: 'mde' });
    fake.files[0].determinationType = 'Pua';
    expect(await fileReputation(SHA256)).toMatchObject({ verdict: 'suspicious' });
  });

  it('answers a file MDE has never seen (404) as verdict unknown from mde, and rejects a bad hash', async () => {
    expect(await fileReputation('e'.repeat(64))).toEqual({
      sha256: 'e'.repeat(64),
      verdict: 'unknown',
      source: 'mde',
      description: null,
      prevalence: 0,
      devices: [],
      found: false,
    });
    await expect(fileReputation('not-a-hash')).rejects.toBeInstanceOf(CatalogInputError);
  });

  it('turns a refusal retrying cannot fix into { available: false, reason } and throws transient failures, never with a secret', async () => {
    fake.inject({ match: /GET \/api\/files\//, status: 403 });
    const refused = await fileReputation(SHA256);
    expect(refused).toMatchObject({
      available: false,
      reason: expect.stringMatching(/Defender for Endpoint: GET \/api\/files\/.* answered 403/),
    });
    fake.inject({ match: /GET \/api\/machines/, status: 503, echoAuthorization: true }, { match: /GET \/api\/machines/, status: 503 });
    const failure = await deviceInfo('ws-01').catch((err: Error) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/503/);
    expect(JSON.stringify([refused, (failure as Error).message])).not.toMatch(new RegExp(`${SECRET.replace(/[.~]/g, '\\$&')}|eyJ`));
  });
});
