import { MockActivityEnvironment } from '@temporalio/testing';
import { pino } from 'pino';
import type { ConnectorRequest, ConnectorResult } from '../../src/connectors/connector.js';
import { PermanentConnectorError } from '../../src/connectors/connector.js';
import { FalconConnector, type FalconConnectorOptions } from '../../src/connectors/falcon-connector.js';
import type { Entity } from '../../src/domain/alert.js';
import { FakeFalcon, type FakeHost } from '../support/fake-falcon.js';

const SECRET = 'falcon-secret-Xy7pQ2rT9vW4zK1m';
const credentials = { clientId: '0123456789abcdef0123456789abcdef', clientSecret: SECRET };
const AID = 'a'.repeat(32);
const SHA256 = 'c'.repeat(64);

describe('crowdstrike connector (against a local fake of the Falcon API)', () => {
  let fake: FakeFalcon;
  let logLines: string[];
  let ws01: FakeHost;
  let seq = 0;

  beforeAll(async () => {
    fake = await FakeFalcon.start(credentials);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    logLines = [];
    ws01 = { device_id: AID, hostname: 'WS-01', last_seen: '2026-01-10T08:00:00Z', status: 'normal' };
    fake.hosts.push(ws01, { device_id: 'b'.repeat(32), hostname: 'WS-010', last_seen: '2026-01-10T08:00:00Z' });
  });

  const sut = (over: Partial<FalconConnectorOptions> = {}) =>
    new FalconConnector(
      {
        ...credentials,
        clientSecret: () => over.clientSecret?.() ?? SECRET,
        apiUrl: fake.url,
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
  const device: Entity = { type: 'device', hostname: 'ws-01.contoso.com' };
  const request = (type: string, target: Entity = device, actionId = `act-${++seq}`): ConnectorRequest => ({
    actionId,
    operation: 'execute',
    type,
    target,
    params: {},
  });
  const undo = (req: ConnectorRequest, type: string): ConnectorRequest => ({ ...req, operation: 'undo', type });
  const actionPosts = () => fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/devices/entities/devices-actions/v2'));

  it('contains a host found by its FQDN, follows containment_pending until the sensor reports contained, and lifts it on undo', async () => {
    const connector = sut();
    const isolate = request('isolate_device');
    const result = await connector.execute(isolate);
    expect(result).toMatchObject({
      replayed: false,
      details: { deviceId: AID, hostname: 'WS-01', status: 'contained', action: 'contain', statusBefore: 'normal', changed: true },
    });
    expect(result.details.polls).toBeGreaterThanOrEqual(1);
    expect(actionPosts()).toEqual([
      { method: 'POST', path: '/devices/entities/devices-actions/v2?action_name=contain', body: { ids: [AID] } },
    ]);
    expect(ws01.status).toBe('contained');
    // The host was found by its short name, in an FQL filter Falcon parses.
    expect(fake.requests.map((r) => decodeURIComponent(r.path))).toContain("/devices/queries/devices/v1?filter=hostname:'ws-01'&limit=20");

    const release = await connector.execute(undo(isolate, 'release_device'));
    expect(release.details).toMatchObject({ status: 'normal', action: 'lift_containment', statusBefore: 'contained', changed: true });
    expect(actionPosts()[1].path).toBe('/devices/entities/devices-actions/v2?action_name=lift_containment');
    expect(ws01.status).toBe('normal');
    expect(fake.counts).toMatchObject({ containRequests: 1, liftRequests: 1 });
  });

  it('finds a host by agent id, and never takes a partial host-name match or an unknown host', async () => {
    const connector = sut();
    expect((await connector.execute(request('isolate_device', { type: 'device', deviceId: AID.toUpperCase() }))).details.deviceId).toBe(
      AID,
    );
    const wrong = connector.execute(request('isolate_device', { type: 'device', hostname: 'ws-0' }));
    await expect(wrong).rejects.toBeInstanceOf(PermanentConnectorError);
    await expect(wrong).rejects.toThrow('no CrowdStrike Falcon host matches ws-0');
    await expect(connector.execute(request('isolate_device', { type: 'device', deviceId: 'f'.repeat(32) }))).rejects.toBeInstanceOf(
      PermanentConnectorError,
    );
    // A name that cannot be a host name never reaches a filter.
    await expect(connector.execute(request('isolate_device', { type: 'device', hostname: "x' , hostname:'*" }))).rejects.toThrow(
      /no CrowdStrike Falcon host matches/,
    );
    expect(fake.requests.some((r) => r.path.includes('%27*'))).toBe(false);
    expect(fake.counts.containRequests).toBe(1);
  });

  it('sends nothing when the host is already contained or on its way, and follows a pending change to its end', async () => {
    ws01.status = 'contained';
    expect((await sut().execute(request('isolate_device'))).details).toMatchObject({ status: 'contained', changed: false, polls: 0 });
    ws01.status = 'containment_pending';
    ws01.pendingReads = 0;
    expect((await sut().execute(request('isolate_device'))).details).toMatchObject({
      status: 'contained',
      statusBefore: 'containment_pending',
      changed: false,
    });
    expect(fake.counts.containRequests).toBe(0);
    expect(actionPosts()).toHaveLength(0);
  });

  it("takes Falcon's 409 (contained by someone else between the read and the request) as the state holding", async () => {
    fake.inject({
      match: /^POST \/devices\/entities\/devices-actions\/v2$/,
      before: () => {
        ws01.status = 'containment_pending';
        ws01.pendingReads = 0;
      },
    });
    const result = await sut().execute(request('isolate_device'));
    expect(result.details).toMatchObject({ status: 'contained', statusBefore: 'normal', changed: false });
    expect(actionPosts()).toHaveLength(1);
    expect(fake.counts.containRequests).toBe(0);
  });

  it('a containment the sensor has not confirmed is handed back in progress, and looking again follows it without sending again', async () => {
    ws01.offline = true;
    const req = request('isolate_device');
    const first = await sut({ followMs: 100 }).execute(req);
    expect(first.checkAgainInMs).toBeGreaterThanOrEqual(1);
    expect(first.details).toMatchObject({ status: 'containment_pending', changed: true });
    expect(ws01.status).toBe('containment_pending');
    ws01.offline = false;
    const again = await sut().execute(req);
    expect(again.details).toMatchObject({ status: 'contained', changed: false, statusBefore: 'containment_pending' });
    expect(fake.counts.containRequests).toBe(1);
  });

  it('applied but never answered: the retry reads the state and sends nothing more', async () => {
    fake.inject({ match: /^POST \/devices\/entities\/devices-actions\/v2$/, dropAfterEffect: true });
    const result = await sut().execute(request('isolate_device'));
    expect(result.details).toMatchObject({ status: 'contained', changed: true });
    expect(fake.counts.containRequests).toBe(1);
    expect(actionPosts()).toHaveLength(1);
  });

  it('a request that failed unapplied (5xx) is sent again after the state is read; 429 waits for X-RateLimit-RetryAfter', async () => {
    fake.inject({ match: /^POST \/devices\/entities\/devices-actions\/v2$/, status: 502 });
    expect((await sut().execute(request('isolate_device'))).details).toMatchObject({ status: 'contained' });
    expect(actionPosts()).toHaveLength(2);
    expect(fake.counts.containRequests).toBe(1);

    fake.inject({
      match: /^POST \/devices\/entities\/devices-actions\/v2$/,
      status: 429,
      retryAfterEpoch: Math.ceil(Date.now() / 1000) + 1,
    });
    const started = Date.now();
    expect((await sut().execute(request('release_device'))).details).toMatchObject({ status: 'normal' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.counts.liftRequests).toBe(1);
    expect(logLines.join('\n')).toMatch(/"status":429.*CrowdStrike Falcon call retried/);
  });

  it('fails, without waiting out the deadline, when someone lifts the containment Quell is waiting for', async () => {
    fake.readsToConfirm = 1_000;
    const pending = sut().execute(request('isolate_device'));
    while (fake.counts.containRequests === 0) await new Promise((r) => setTimeout(r, 5));
    ws01.status = 'lift_containment_pending';
    await expect(pending).rejects.toThrow(/went lift_containment_pending while Quell waited for contained/);
  });

  it('blocks a file as a prevent IOC applied globally, once, and deletes only its own IOC on undo', async () => {
    const connector = sut();
    const file: Entity = { type: 'file', sha256: SHA256.toUpperCase(), name: 'evil.exe' };
    const req = request('block_file', file);
    const first = await connector.execute(req);
    expect(first).toMatchObject({
      replayed: false,
      details: { type: 'sha256', value: SHA256, action: 'prevent', appliedGlobally: true, created: true },
    });
    expect(fake.iocs).toEqual([
      expect.objectContaining({
        type: 'sha256',
        value: SHA256,
        action: 'prevent',
        applied_globally: true,
        platforms: ['windows', 'mac', 'linux'],
        description: `Blocked by Quell [quell-action ${req.actionId}:execute]`,
      }),
    ]);
    expect(await connector.execute(req)).toMatchObject({ replayed: true, details: { iocId: first.details.iocId } });
    expect(fake.counts.iocsCreated).toBe(1);
    expect(decodeURIComponent(fake.requests.find((r) => r.path.startsWith('/iocs/combined'))!.path)).toBe(
      `/iocs/combined/indicator/v1?filter=type:'sha256'+value:'${SHA256}'&limit=100`,
    );

    expect((await connector.execute(undo(req, 'unblock_file'))).details).toMatchObject({ deleted: 1, iocIds: [first.details.iocId] });
    expect(await connector.execute(undo(req, 'unblock_file'))).toMatchObject({ replayed: true, details: { deleted: 0 } });
    expect(fake.counts.iocsDeleted).toBe(1);
  });

  it('an IOC created but never answered is found by its marker; someone else’s IOC is reported or refused, never overridden or deleted', async () => {
    fake.inject({ match: /^POST \/iocs\/entities\/indicators\/v1$/, dropAfterEffect: true });
    const req = request('block_file', { type: 'file', sha256: SHA256 });
    expect(await sut().execute(req)).toMatchObject({ replayed: true, details: { action: 'prevent' } });
    expect(fake.counts.iocsCreated).toBe(1);

    const other = 'd'.repeat(64);
    fake.iocs.push({ ...fake.iocs[0], id: 'e'.repeat(64), value: other, description: 'analyst block', action: 'prevent' });
    const theirs = await sut().execute(request('block_file', { type: 'file', sha256: other }));
    expect(theirs).toMatchObject({ replayed: false, details: { iocId: 'e'.repeat(64), existingIoc: true, created: false } });
    expect((await sut().execute(undo(request('block_file', { type: 'file', sha256: other }), 'unblock_file'))).details).toMatchObject({
      deleted: 0,
    });
    fake.iocs.at(-1)!.action = 'detect';
    await expect(sut().execute(request('block_file', { type: 'file', sha256: other }))).rejects.toThrow(
      /already exists in Falcon .*action detect/,
    );
    expect(fake.counts).toMatchObject({ iocsCreated: 1, iocsDeleted: 0 });
  });

  it('refreshes the token before it expires, and once on a 401', async () => {
    fake.tokenLifetimeSeconds = 1;
    const connector = sut();
    await connector.execute(request('block_file', { type: 'file', sha256: SHA256 }));
    await new Promise((r) => setTimeout(r, 1_100));
    await connector.execute(request('block_file', { type: 'file', sha256: SHA256 }));
    expect(fake.counts).toMatchObject({ tokenRequests: 2, unauthorized: 0 });
    fake.tokenLifetimeSeconds = 1799;
    fake.revokeTokens();
    await connector.execute(request('block_file', { type: 'file', sha256: SHA256 }));
    expect(fake.counts).toMatchObject({ tokenRequests: 3, unauthorized: 1 });
  });

  it('names missing API scopes in the health check (Falcon answers 403), and a refused secret without the secret', async () => {
    expect(await sut().health()).toEqual({ ok: true, detail: 'token obtained; hosts, host groups and IOC APIs answered' });
    fake.scopes.delete('host-group:read');
    fake.scopes.delete('ioc:read');
    expect(await sut().health()).toEqual({
      ok: false,
      detail: 'token obtained; the API client lacks the scope(s) Host groups: Read, IOC Management: Read (403)',
    });
    const wrong = `${SECRET}-old`;
    const refused = await sut({ clientSecret: () => wrong }).health();
    expect(refused.ok).toBe(false);
    expect(refused.detail).toBe('the token request was refused (401 invalid_client: access denied, invalid client)');
  });

  it('a missing write scope is a permanent failure', async () => {
    fake.scopes.delete('devices:write');
    const failed = sut().execute(request('isolate_device'));
    await expect(failed).rejects.toBeInstanceOf(PermanentConnectorError);
    await expect(failed).rejects.toThrow(
      'POST /devices/entities/devices-actions/v2?action_name=contain answered 403 (403: access denied, authorization failed)',
    );
  });

  it('rejects what cannot work as permanent errors', async () => {
    const connector = sut();
    await expect(connector.execute(request('run_av_scan'))).rejects.toThrow(
      new PermanentConnectorError('the crowdstrike connector does not support action run_av_scan'),
    );
    await expect(connector.execute(request('block_file', { type: 'file', sha1: 'b'.repeat(40) }))).rejects.toThrow(
      /needs the file's sha256 or md5/,
    );
    await expect(connector.execute(request('isolate_device', { type: 'user', upn: 'a@b.c' }))).rejects.toThrow(/needs a device target/);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('heartbeats while it follows a containment inside a Temporal activity', async () => {
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    fake.readsToConfirm = 3;
    const result = await env.run((): Promise<ConnectorResult> => sut().execute(request('isolate_device')));
    expect(result.details).toMatchObject({ status: 'contained' });
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats[0]).toMatchObject({ deviceId: AID, status: 'containment_pending' });
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
    await capture(sut().execute(request('release_device')));
    fake.inject(...Array.from({ length: 4 }, () => ({ match: /^GET \/devices/, status: 503, echoAuthorization: true })));
    await capture(sut().execute(request('release_device')));
    const wrong = `${SECRET}-old`;
    await capture(sut({ clientSecret: () => wrong }).execute(request('release_device')));
    await capture(sut({ clientSecret: () => wrong }).health());

    expect(seen.some((s) => s.includes('Rejected request with Authorization: Bearer [redacted]'))).toBe(true);
    expect(seen.some((s) => s.startsWith('PermanentConnectorError: the token request was refused (401 invalid_client'))).toBe(true);
    const everything = [...seen, ...logLines].join('\n');
    expect(fake.issuedTokens.length).toBeGreaterThan(0);
    for (const secret of [SECRET, wrong, ...fake.issuedTokens]) expect(everything).not.toContain(secret);
  });
});
