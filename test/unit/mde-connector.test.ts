import { MockActivityEnvironment } from '@temporalio/testing';
import { pino } from 'pino';
import type { ConnectorRequest, ConnectorResult } from '../../src/connectors/connector.js';
import { PermanentConnectorError } from '../../src/connectors/connector.js';
import { MdeConnector, type MdeConnectorOptions } from '../../src/connectors/mde-connector.js';
import type { Entity } from '../../src/domain/alert.js';
import { FakeMde, type FakeMachine } from '../support/fake-mde.js';

const SECRET = 'fake-client-secret~Zq8.rT5uW2';
const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', clientSecret: SECRET };
const WS01 = 'a'.repeat(40);
const SHA1 = 'b'.repeat(40);
const SHA256 = 'c'.repeat(64);

describe('mde connector (against a local fake of Entra ID and Defender for Endpoint)', () => {
  let fake: FakeMde;
  let logLines: string[];
  let ws01: FakeMachine;
  let seq = 0;

  beforeAll(async () => {
    fake = await FakeMde.start(credentials);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    logLines = [];
    ws01 = { id: WS01, computerDnsName: 'ws-01.contoso.com', aadDeviceId: 'aad-ws-01', lastSeen: '2026-01-10T08:00:00Z' };
    fake.machines.push(ws01, { id: 'd'.repeat(40), computerDnsName: 'srv-02.contoso.com', lastSeen: '2026-01-01T00:00:00Z' });
  });

  const sut = (over: Partial<MdeConnectorOptions> = {}) =>
    new MdeConnector(
      {
        ...credentials,
        clientSecret: () => over.clientSecret?.() ?? SECRET,
        apiUrl: fake.url,
        loginUrl: fake.url,
        allowInsecureHttp: true,
        requestTimeoutMs: 2_000,
        followMs: 5_000,
        pollIntervalMs: 10,
        maxPollIntervalMs: 40,
        retryBaseMs: 10,
        ...over,
      },
      pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }),
    );
  const device: Entity = { type: 'device', hostname: 'WS-01' };
  const request = (
    type: string,
    target: Entity = device,
    params: Record<string, unknown> = {},
    actionId = `act-${++seq}`,
  ): ConnectorRequest => ({
    actionId,
    operation: 'execute',
    type,
    target,
    params,
  });
  const undo = (req: ConnectorRequest, type: string): ConnectorRequest => ({ ...req, operation: 'undo', type });
  const posts = () => fake.requests.filter((r) => r.method === 'POST');

  it('isolates a device (selective), follows the machine action to Succeeded, and releases it on undo', async () => {
    const connector = sut();
    const isolate = request('isolate_device', device, { isolationType: 'selective' });
    const result = await connector.execute(isolate);
    expect(result.replayed).toBe(false);
    expect(result.details).toMatchObject({
      mdeType: 'Isolate',
      scope: 'Selective',
      status: 'Succeeded',
      machineId: WS01,
      computerDnsName: 'ws-01.contoso.com',
    });
    expect(result.details.polls).toBeGreaterThanOrEqual(2);
    expect(posts()).toEqual([
      {
        method: 'POST',
        path: `/api/machines/${WS01}/isolate`,
        body: { Comment: `Quell: Isolate device [quell-action ${isolate.actionId}:execute]`, IsolationType: 'Selective' },
      },
    ]);
    expect(ws01.isolation).toBe('Selective');

    const release = await connector.execute(undo(isolate, 'release_device'));
    expect(release.details).toMatchObject({ mdeType: 'Unisolate', status: 'Succeeded' });
    expect(posts()[1]).toMatchObject({
      path: `/api/machines/${WS01}/unisolate`,
      body: { Comment: expect.stringContaining(`[quell-action ${isolate.actionId}:undo]`) },
    });
    expect(ws01.isolation).toBeNull();
    expect(fake.counts.machineActionsCreated).toBe(2);
  });

  it('restricts app execution and removes the restriction, scans, collects a package, stops and quarantines a file', async () => {
    const connector = sut();
    const restrict = request('restrict_app_execution');
    expect((await connector.execute(restrict)).details).toMatchObject({ mdeType: 'RestrictCodeExecution', status: 'Succeeded' });
    expect(ws01.restricted).toBe(true);
    expect((await connector.execute(undo(restrict, 'remove_app_restriction'))).details).toMatchObject({
      mdeType: 'UnrestrictCodeExecution',
    });
    expect(ws01.restricted).toBe(false);

    expect(
      (await connector.execute(request('run_av_scan', { type: 'device', deviceId: WS01 }, { scanType: 'Full' }))).details,
    ).toMatchObject({ mdeType: 'RunAntiVirusScan', scope: 'Full' });
    expect((await connector.execute(request('run_av_scan'))).details).toMatchObject({ scope: 'Quick' });
    expect(ws01.avScans).toBe(2);
    expect((await connector.execute(request('collect_investigation_package'))).details).toMatchObject({
      mdeType: 'CollectInvestigationPackage',
      status: 'Succeeded',
    });
    expect(ws01.packages).toBe(1);

    const file: Entity = { type: 'file', sha1: SHA1.toUpperCase(), name: 'evil.exe' };
    expect((await connector.execute(request('stop_and_quarantine_file', file, { deviceId: 'ws-01' }))).details).toMatchObject({
      mdeType: 'StopAndQuarantineFile',
      status: 'Succeeded',
    });
    expect(posts().at(-1)).toMatchObject({ path: `/api/machines/${WS01}/StopAndQuarantineFile`, body: { Sha1: SHA1 } });
    expect(ws01.quarantined).toEqual([SHA1]);
    expect(fake.counts.machineActionsCreated).toBe(6);
  });

  it('finds the machine by short name, FQDN, device id or Entra device id, prefers the record seen last, and rejects unknown devices', async () => {
    fake.machines.push({ id: 'e'.repeat(40), computerDnsName: 'ws-01.contoso.com', lastSeen: '2025-06-01T00:00:00Z' });
    const connector = sut();
    for (const target of [
      device,
      { type: 'device', hostname: 'ws-01.contoso.com' },
      { type: 'device', deviceId: WS01 },
      { type: 'device', aadDeviceId: 'aad-ws-01' },
    ] as Entity[]) {
      expect((await connector.execute(request('run_av_scan', target))).details.machineId).toBe(WS01);
    }
    const unknown = connector.execute(request('isolate_device', { type: 'device', hostname: 'nowhere' }));
    await expect(unknown).rejects.toBeInstanceOf(PermanentConnectorError);
    await expect(unknown).rejects.toThrow('no Defender for Endpoint machine matches nowhere');
    await expect(connector.execute(request('isolate_device', { type: 'device', deviceId: 'f'.repeat(40) }))).rejects.toBeInstanceOf(
      PermanentConnectorError,
    );
    expect(posts().filter((p) => p.path.endsWith('/isolate'))).toHaveLength(0);
  });

  it('blocks a file hash, a URL and an IP as indicators, once, and deletes them on undo', async () => {
    const connector = sut();
    const cases: [string, string, Entity, object][] = [
      [
        'block_file',
        'unblock_file',
        { type: 'file', sha256: SHA256.toUpperCase(), sha1: SHA1 },
        { indicatorValue: SHA256, indicatorType: 'FileSha256', action: 'BlockAndRemediate' },
      ],
      [
        'block_url',
        'unblock_url',
        { type: 'url', url: 'http://phish.example/login' },
        { indicatorValue: 'http://phish.example/login', indicatorType: 'Url', action: 'Block' },
      ],
      [
        'block_ip',
        'unblock_ip',
        { type: 'ip', address: '::ffff:203.0.113.9' },
        { indicatorValue: '203.0.113.9', indicatorType: 'IpAddress', action: 'Block' },
      ],
    ];
    for (const [block, unblock, target, expected] of cases) {
      const req = request(block, target);
      const first = await connector.execute(req);
      expect(first).toMatchObject({ replayed: false, details: expected });
      expect(fake.indicators).toContainEqual(
        expect.objectContaining({ ...expected, description: expect.stringContaining(`[quell-action ${req.actionId}:execute]`) }),
      );
      expect(await connector.execute(req)).toMatchObject({ replayed: true, details: { indicatorId: first.details.indicatorId } });
      expect((await connector.execute(undo(req, unblock))).details).toMatchObject({ deleted: 1 });
      expect(await connector.execute(undo(req, unblock))).toMatchObject({ replayed: true, details: { deleted: 0 } });
    }
    expect(fake.indicators).toEqual([]);
    expect(fake.counts).toMatchObject({ indicatorsSubmitted: 3, indicatorsDeleted: 3 });
  });

  it("leaves an analyst's indicator alone: one that blocks already counts as done, one that allows fails the action", async () => {
    const connector = sut();
    const analysts = (action: string, value: string) => ({
      id: `9${fake.indicators.length}`,
      indicatorValue: value,
      indicatorType: 'FileSha256',
      action,
      title: 'Known bad',
      description: 'added by the SOC',
      createdBy: 'analyst@contoso.com',
      creationTimeDateTimeUtc: '2026-01-01T00:00:00Z',
    });
    fake.indicators.push(analysts('AlertAndBlock', SHA256));
    const req = request('block_file', { type: 'file', sha256: SHA256 });
    expect(await connector.execute(req)).toMatchObject({
      replayed: false,
      details: { changed: false, action: 'AlertAndBlock', createdBy: 'analyst@contoso.com' },
    });
    expect((await connector.execute(undo(req, 'unblock_file'))).details).toMatchObject({ deleted: 0 });
    expect(fake.indicators).toEqual([expect.objectContaining({ action: 'AlertAndBlock', description: 'added by the SOC' })]);

    const allowed = 'e'.repeat(64);
    fake.indicators.push(analysts('Allowed', allowed));
    const refused = connector.execute(request('block_file', { type: 'file', sha256: allowed }));
    await expect(refused).rejects.toBeInstanceOf(PermanentConnectorError);
    await expect(refused).rejects.toThrow(
      /already exists with action Allowed \(created by analyst@contoso.com\); Quell does not override it/,
    );
    expect(fake.indicators.find((i) => i.indicatorValue === allowed)).toMatchObject({ action: 'Allowed' });
    expect(fake.counts.indicatorsSubmitted).toBe(0);
  });

  it('caches the token until shortly before it expires, then asks for a new one', async () => {
    fake.tokenLifetimeSeconds = 1;
    const connector = sut();
    await connector.execute(request('run_av_scan'));
    await connector.execute(request('run_av_scan'));
    expect(fake.counts.tokenRequests).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100));
    await connector.execute(request('run_av_scan'));
    expect(fake.counts).toMatchObject({ tokenRequests: 2, unauthorized: 0, machineActionsCreated: 3 });
  });

  it('refreshes a token the API no longer accepts once, on its 401, and retries the call', async () => {
    const connector = sut();
    await connector.execute(request('run_av_scan'));
    fake.revokeTokens();
    await connector.execute(request('run_av_scan'));
    expect(fake.counts).toMatchObject({ tokenRequests: 2, unauthorized: 1, machineActionsCreated: 2 });
    fake.revokeTokens();
    fake.tokenLifetimeSeconds = 0;
    await expect(connector.execute(request('run_av_scan'))).rejects.toThrow(/answered 401/);
    expect(fake.counts.unauthorized).toBe(3);
  });

  it('honours 429 Retry-After and retries a 5xx, without a second effect', async () => {
    fake.inject({ match: /^POST \/api\/machines\//, status: 429, retryAfter: '1' }, { match: /^GET \/api\/machineactions\//, status: 503 });
    const started = Date.now();
    const result = await sut().execute(request('isolate_device'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.details).toMatchObject({ status: 'Succeeded' });
    expect(fake.counts.machineActionsCreated).toBe(1);
    expect(logLines.join('\n')).toMatch(
      /"status":429.*Defender for Endpoint call retried|Defender for Endpoint call retried.*"status":429/,
    );
  });

  it('a request that failed unanswered is sent again, and one accepted but never answered is found by its comment and followed', async () => {
    fake.inject({ match: /^POST \/api\/machines\//, status: 502 }, { match: /^POST \/api\/machines\//, dropAfterEffect: true });
    const result = await sut().execute(request('isolate_device'));
    expect(result.details).toMatchObject({ status: 'Succeeded' });
    expect(fake.counts.machineActionsCreated).toBe(1);
    expect(posts()).toHaveLength(2);
  });

  it('a machine action the device has not reported is handed back in progress, and looking again sends nothing new', async () => {
    fake.pollsToFinish = 1_000;
    const req = request('isolate_device');
    const first = await sut({ followMs: 100 }).execute(req);
    expect(first.checkAgainInMs).toBeGreaterThanOrEqual(1);
    expect(first.details).toMatchObject({ machineActionId: fake.actions[0].id });
    expect(['Pending', 'InProgress']).toContain(first.details.status);
    expect(fake.counts.machineActionsCreated).toBe(1);

    fake.pollsToFinish = 0;
    const again = await sut().execute(req);
    expect(again).toMatchObject({ replayed: true, details: { status: 'Succeeded', machineActionId: fake.actions[0].id } });
    expect(again.checkAgainInMs).toBeUndefined();
    expect(fake.counts.machineActionsCreated).toBe(1);
    expect(posts()).toHaveLength(1);
  });

  it('an action of the same type already pending on the machine is followed instead of failing', async () => {
    const theirs = fake.seedAction(ws01, 'Isolate');
    const result = await sut().execute(request('isolate_device'));
    expect(result.details).toMatchObject({ machineActionId: theirs.id, status: 'Succeeded', joinedPendingAction: true });
    expect(fake.counts.machineActionsCreated).toBe(0);
    expect(fake.actions).toHaveLength(1);
  });

  it('a machine action that fails on the device is a permanent error; a retry sends it anew, once', async () => {
    fake.nextOutcome = 'Failed';
    const req = request('collect_investigation_package');
    const first = sut().execute(req);
    await expect(first).rejects.toBeInstanceOf(PermanentConnectorError);
    await expect(first).rejects.toThrow(
      `machine action ${fake.actions[0]?.id} (CollectInvestigationPackage) on ws-01.contoso.com ended Failed`,
    );
    // A failed machine action had no effect: a person's retry sends a new one...
    const retried = await sut().execute(req);
    expect(retried).toMatchObject({ replayed: false, details: { status: 'Succeeded' } });
    expect(fake.counts.machineActionsCreated).toBe(2);
    // ...and an execution repeated after that (a worker died) finds the succeeded one.
    expect(await sut().execute(req)).toMatchObject({ replayed: true, details: { status: 'Succeeded' } });
    expect(fake.counts.machineActionsCreated).toBe(2);
  });

  it('rejects what cannot work as permanent errors', async () => {
    const connector = sut();
    await expect(connector.execute(request('disable_user', { type: 'user', upn: 'a@b.c' }))).rejects.toThrow(
      new PermanentConnectorError('the mde connector does not support action disable_user'),
    );
    await expect(connector.execute(request('isolate_device', device, { isolationType: 'partial' }))).rejects.toBeInstanceOf(
      PermanentConnectorError,
    );
    await expect(
      connector.execute(request('stop_and_quarantine_file', { type: 'file', sha256: SHA256 }, { deviceId: 'ws-01' })),
    ).rejects.toThrow(/needs the file's sha1/);
    await expect(connector.execute(request('stop_and_quarantine_file', { type: 'file', sha1: SHA1 }))).rejects.toThrow(
      /needs params.deviceId/,
    );
    expect(posts()).toHaveLength(0);
  });

  it('heartbeats while it follows a machine action inside a Temporal activity', async () => {
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const result = await env.run((): Promise<ConnectorResult> => sut().execute(request('run_av_scan')));
    expect(result.details).toMatchObject({ status: 'Succeeded' });
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats[0]).toMatchObject({ machineActionId: expect.any(String), status: 'Pending' });
  });

  it('never puts the client secret or a token in errors, details or logs', async () => {
    const seen: string[] = [];
    const capture = async (p: Promise<unknown>) => {
      try {
        seen.push(JSON.stringify(await p));
      } catch (err) {
        seen.push(`${(err as Error).name}: ${(err as Error).message}`);
      }
    };
    await capture(sut().execute(request('isolate_device')));
    fake.inject({ status: 400, echoAuthorization: true });
    await capture(sut().execute(request('run_av_scan')));
    fake.inject(...Array.from({ length: 4 }, () => ({ match: /^GET \/api\/machines/, status: 503, echoAuthorization: true })));
    await capture(sut().execute(request('run_av_scan')));
    const wrongSecret = `${SECRET}-old`;
    await capture(sut({ clientSecret: () => wrongSecret }).execute(request('run_av_scan')));

    expect(seen.some((s) => s.includes('Rejected request with Authorization: Bearer [redacted]'))).toBe(true);
    expect(seen.some((s) => s.startsWith('PermanentConnectorError: the token request was refused (401 invalid_client'))).toBe(true);
    const everything = [...seen, ...logLines].join('\n');
    expect(fake.issuedTokens.length).toBeGreaterThan(0);
    for (const secret of [SECRET, wrongSecret, ...fake.issuedTokens]) expect(everything).not.toContain(secret);
  });
});
