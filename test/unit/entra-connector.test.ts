import { pino } from 'pino';
import type { ConnectorRequest } from '../../src/connectors/connector.js';
import { PermanentConnectorError } from '../../src/connectors/connector.js';
import type { ConnectorLedger, LedgerEntry, LedgerKey } from '../../src/connectors/connector-ledger.js';
import { EntraConnector, type EntraConnectorOptions } from '../../src/connectors/entra-connector.js';
import type { Entity } from '../../src/domain/alert.js';
import { impossibleTravel } from '../../src/domain/impossible-travel.js';
import { FakeGraph, type FakeGraphUser } from '../support/fake-graph.js';

const SECRET = 'graph-client-secret~Yp3.kL9wQ7';
const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: '99999999-2222-3333-4444-555555555555', clientSecret: SECRET };
const ALICE_ID = '0b7c1a52-3f4e-4d2a-9e8b-1c2d3e4f5a6b';

/** The ledger as PgConnectorLedger keeps it, in memory. */
class MemoryLedger implements ConnectorLedger {
  readonly entries = new Map<string, { baseline: string | null; done: boolean }>();
  async begin(key: LedgerKey, _subject: string, baseline: string | null): Promise<LedgerEntry> {
    const k = `${key.connector}/${key.actionId}/${key.operation}`;
    const prior = this.entries.get(k);
    if (prior) return { ...prior, fresh: false };
    this.entries.set(k, { baseline, done: false });
    return { baseline, done: false, fresh: true };
  }
  async finish(key: LedgerKey): Promise<void> {
    this.entries.get(`${key.connector}/${key.actionId}/${key.operation}`)!.done = true;
  }
}

describe('entra connector (against a local fake of Entra ID and Microsoft Graph)', () => {
  let fake: FakeGraph;
  let logLines: string[];
  let alice: FakeGraphUser;
  let ledger: MemoryLedger;
  let seq = 0;

  beforeAll(async () => {
    fake = await FakeGraph.start(credentials);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    logLines = [];
    ledger = new MemoryLedger();
    alice = {
      id: ALICE_ID,
      userPrincipalName: 'Alice@contoso.com',
      displayName: 'Alice',
      accountEnabled: true,
      lastPasswordChangeDateTime: '2025-11-01T00:00:00Z',
      signInSessionsValidFromDateTime: null,
      groups: ['Finance', 'VPN users', 'All staff'],
      roles: ['Global Administrator'],
    };
    fake.users.push(alice);
  });

  const sut = (over: Partial<EntraConnectorOptions> = {}) =>
    new EntraConnector(
      {
        ...credentials,
        clientSecret: () => SECRET,
        apiUrl: fake.url,
        loginUrl: fake.url,
        allowInsecureHttp: true,
        requestTimeoutMs: 2_000,
        retryBaseMs: 10,
        ...over,
      },
      ledger,
      pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }),
    );
  const user: Entity = { type: 'user', upn: 'alice@contoso.com' };
  const request = (
    type: string,
    target: Entity = user,
    actionId = `act-${++seq}`,
    operation: 'execute' | 'undo' = 'execute',
  ): ConnectorRequest => ({
    actionId,
    operation,
    type,
    target,
    params: {},
  });

  describe('actions', () => {
    it('disables and re-enables the account; a repeated request changes nothing', async () => {
      const c = sut();
      const disable = request('disable_user');
      expect(await c.execute(disable)).toEqual({
        details: { userId: ALICE_ID, upn: 'Alice@contoso.com', accountEnabled: false, changed: true },
        replayed: false,
      });
      expect(alice.accountEnabled).toBe(false);
      expect((await c.execute(disable)).details).toMatchObject({ changed: false });
      expect(fake.counts.accountChanges).toBe(1);

      await c.execute({ ...request('enable_user', { type: 'user', aadObjectId: ALICE_ID }, disable.actionId, 'undo') });
      expect(alice.accountEnabled).toBe(true);
      expect(fake.counts.accountChanges).toBe(2);
      expect(fake.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([
        { accountEnabled: false },
        { accountEnabled: true },
      ]);
    });

    it('refuses an unknown user, a target without an identifier, and a non-user target as permanent', async () => {
      const c = sut();
      await expect(c.execute(request('disable_user', { type: 'user', upn: 'nobody@contoso.com' }))).rejects.toThrow(
        PermanentConnectorError,
      );
      await expect(c.execute(request('disable_user', { type: 'user', accountName: 'alice' }))).rejects.toThrow(/aadObjectId or upn/);
      await expect(c.execute(request('revoke_sessions', { type: 'device', hostname: 'ws-01' }))).rejects.toThrow(PermanentConnectorError);
      await expect(c.execute(request('isolate_device'))).rejects.toThrow(PermanentConnectorError);
      expect(fake.counts.accountChanges + fake.counts.revocations).toBe(0);
    });

    it('resets the password once, forcing a change at next sign-in, and never shows the new password', async () => {
      const c = sut();
      const req = request('reset_password');
      const first = await c.execute(req);
      expect(first.replayed).toBe(false);
      expect(fake.counts.passwordResets).toBe(1);
      expect(alice.forceChangePasswordNextSignIn).toBe(true);
      expect(alice.password).toMatch(/^.{24,}$/);
      expect(first.details).toMatchObject({
        userId: ALICE_ID,
        forceChangePasswordNextSignIn: true,
        lastPasswordChangeDateTime: alice.lastPasswordChangeDateTime,
      });
      expect(await c.execute(req)).toMatchObject({ replayed: true });
      expect(fake.counts.passwordResets).toBe(1);

      const password = alice.password!;
      const everything = JSON.stringify(first) + logLines.join('\n');
      expect(everything).not.toContain(password);
      expect(everything).not.toContain(SECRET);
    });

    it('a reset whose answer was lost is not sent again by the retry', async () => {
      const c = sut();
      const req = request('reset_password');
      fake.inject({ match: /^PATCH \/v1\.0\/users\//, dropAfterEffect: true });
      await expect(c.execute(req)).rejects.toThrow();
      expect(fake.counts.passwordResets).toBe(1);
      expect(await c.execute(req)).toMatchObject({ replayed: true });
      expect(fake.counts.passwordResets).toBe(1);
    });

    it('a reset refused before it took effect (5xx) is sent again by the retry, once', async () => {
      const c = sut();
      const req = request('reset_password');
      fake.inject({ match: /^PATCH \/v1\.0\/users\//, status: 503 });
      await expect(c.execute(req)).rejects.toThrow(/503/);
      expect(fake.counts.passwordResets).toBe(0);
      expect(await c.execute(req)).toMatchObject({ replayed: false });
      expect(fake.counts.passwordResets).toBe(1);
    });

    it('never puts the generated password or the secret in an error, even when Graph echoes the request', async () => {
      const c = sut();
      fake.inject({ match: /^PATCH \/v1\.0\/users\//, status: 400, echoBody: true });
      const err = await c.execute(request('reset_password')).catch((e: Error) => e);
      expect(err).toBeInstanceOf(PermanentConnectorError);
      const sent = (fake.requests.find((r) => r.method === 'PATCH')!.body as { passwordProfile: { password: string } }).passwordProfile
        .password;
      expect((err as Error).message).toContain('[redacted]');
      expect((err as Error).message).not.toContain(sent);
      expect(logLines.join('\n')).not.toContain(sent);
      expect(`${(err as Error).message}${logLines.join('')}`).not.toContain(SECRET);
    });

    it('revokes sessions once per action, even when the answer is lost; another action revokes again', async () => {
      const c = sut();
      const req = request('revoke_sessions');
      fake.inject({ match: /revokeSignInSessions$/, dropAfterEffect: true });
      await expect(c.execute(req)).rejects.toThrow();
      expect(await c.execute(req)).toMatchObject({
        replayed: true,
        details: { signInSessionsValidFromDateTime: alice.signInSessionsValidFromDateTime },
      });
      expect(fake.counts.revocations).toBe(1);
      expect(await c.execute(request('revoke_sessions'))).toMatchObject({ replayed: false });
      expect(fake.counts.revocations).toBe(2);
    });

    it('marks the user compromised and, as the undo, safe; repeats change nothing', async () => {
      const c = sut();
      const mark = request('mark_user_compromised');
      expect((await c.execute(mark)).details).toMatchObject({ riskStateBefore: 'none', riskState: 'confirmedCompromised', changed: true });
      expect((await c.execute(mark)).details).toMatchObject({ changed: false });
      expect(alice.riskState).toBe('confirmedCompromised');
      expect(fake.requests.find((r) => r.path.endsWith('/confirmCompromised'))!.body).toEqual({ userIds: [ALICE_ID] });

      const undo = request('mark_user_safe', user, mark.actionId, 'undo');
      expect((await c.execute(undo)).details).toMatchObject({
        riskStateBefore: 'confirmedCompromised',
        riskState: 'dismissed',
        changed: true,
      });
      expect((await c.execute(undo)).details).toMatchObject({ changed: false });
      expect(fake.counts.riskChanges).toBe(2);
    });

    it('names the missing permission when Graph refuses with 403', async () => {
      fake.denied.push(/identityProtection/);
      await expect(sut().execute(request('mark_user_compromised'))).rejects.toThrow(/IdentityRiskyUser\.ReadWrite\.All/);
    });
  });

  describe('the client', () => {
    it('refreshes an expired token once, honours Retry-After on 429 and retries one 5xx on a read', async () => {
      const c = sut();
      await c.execute(request('disable_user'));
      fake.revokeTokens();
      fake.inject({ match: /^GET \/v1\.0\/users\//, status: 429, retryAfter: '0' }, { match: /^GET \/v1\.0\/users\//, status: 502 });
      await c.execute(request('enable_user'));
      expect(fake.counts.tokenRequests).toBe(2);
      expect(fake.counts.unauthorized).toBe(1);
      expect(alice.accountEnabled).toBe(true);
      expect(logLines.join('\n')).toMatch(/Microsoft Graph call retried/);
    });

    it('reports health, and names the permission a 403 means', async () => {
      expect(await sut().health()).toEqual({ ok: true, detail: 'token obtained; Graph users API answered' });
      fake.denied.push(/^GET \/v1\.0\/users$/);
      const denied = await sut().health();
      expect(denied.ok).toBe(false);
      expect(denied.detail).toMatch(/403.*User\.ReadWrite\.All/);
      const bad = await sut({ clientSecret: () => 'wrong-secret-value' }).health();
      expect(bad).toMatchObject({ ok: false });
      expect(bad.detail).toMatch(/invalid_client/);
      expect(bad.detail).not.toContain('wrong-secret-value');
    });
  });

  describe('facts', () => {
    it('user.info: account, groups and roles across pages, risk', async () => {
      alice.riskState = 'atRisk';
      alice.riskLevel = 'medium';
      expect(await sut().facts['user.info']!({ user: 'ALICE@contoso.com' })).toMatchObject({
        found: true,
        upn: 'alice@contoso.com',
        aadObjectId: ALICE_ID,
        enabled: true,
        isAdmin: true,
        roles: ['Global Administrator'],
        groups: ['Finance', 'VPN users', 'All staff'],
        risk: 'medium',
        riskState: 'atRisk',
        compromised: false,
        source: 'entra',
      });
      expect(fake.requests.filter((r) => r.path.includes('/transitiveMemberOf')).length).toBe(2);
    });

    it('user.info: a directory role held through a nested role-assignable group makes an administrator', async () => {
      fake.users.push({
        id: 'b0b0b0b0-0000-4000-8000-000000000001',
        userPrincipalName: 'bob@contoso.com',
        displayName: 'Bob',
        accountEnabled: true,
        lastPasswordChangeDateTime: null,
        signInSessionsValidFromDateTime: null,
        groups: ['Helpdesk'],
      });
      fake.groupMemberships = { Helpdesk: { parents: ['Tier 1 admins'] }, 'Tier 1 admins': { roles: ['Password Administrator'] } };
      expect(await sut().facts['user.info']!({ user: 'bob@contoso.com' })).toMatchObject({
        isAdmin: true,
        roles: ['Password Administrator'],
        groups: ['Helpdesk', 'Tier 1 admins'],
      });
    });

    it('user.info: an unknown user is found: false; no Identity Protection permission leaves risk unknown', async () => {
      expect(await sut().facts['user.info']!({ user: 'nobody@contoso.com' })).toEqual({
        found: false,
        upn: 'nobody@contoso.com',
        enabled: false,
        isAdmin: false,
        groups: [],
        risk: null,
        compromised: false,
      });
      fake.denied.push(/riskyUsers/);
      const info = await sut().facts['user.info']!({ user: ALICE_ID });
      expect(info).toMatchObject({ found: true, risk: null, compromised: false });
      expect(info.riskUnavailable).toMatch(/IdentityRiskyUser/);
    });

    it('user.info: a permission the whole answer needs missing is "unavailable"', async () => {
      fake.denied.push(/transitiveMemberOf/);
      expect(await sut().facts['user.info']!({ user: ALICE_ID })).toMatchObject({ available: false });
    });

    it('user.signins: every page in the window, results, countries and impossible travel', async () => {
      const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
      fake.signins.push(
        {
          userPrincipalName: 'alice@contoso.com',
          createdDateTime: ago(300),
          ipAddress: '203.0.113.5',
          countryOrRegion: 'NL',
          errorCode: 0,
        },
        {
          userPrincipalName: 'alice@contoso.com',
          createdDateTime: ago(240),
          ipAddress: '198.51.100.7',
          countryOrRegion: 'BR',
          errorCode: 50126,
        },
        {
          userPrincipalName: 'alice@contoso.com',
          createdDateTime: ago(200),
          ipAddress: '198.51.100.7',
          countryOrRegion: 'BR',
          errorCode: 0,
        },
        {
          userPrincipalName: 'alice@contoso.com',
          createdDateTime: ago(100 * 60),
          ipAddress: '203.0.113.5',
          countryOrRegion: 'NL',
          errorCode: 0,
        },
        { userPrincipalName: 'bob@contoso.com', createdDateTime: ago(10), ipAddress: '192.0.2.1', countryOrRegion: 'US', errorCode: 0 },
      );
      const out = await sut().facts['user.signins']!({ user: ALICE_ID, hours: 24 });
      expect(out).toMatchObject({
        user: 'alice@contoso.com',
        total: 3,
        countries: ['BR', 'NL'],
        failed: 1,
        succeeded: 2,
        impossibleTravel: true,
        travel: { from: { country: 'NL' }, to: { country: 'BR' }, minutes: 100 },
        truncated: false,
      });
      expect((out.signins as { result: string; ip: string }[])[0]).toMatchObject({ ip: '198.51.100.7', country: 'BR', result: 'success' });
      expect(fake.requests.filter((r) => r.path.startsWith('/v1.0/auditLogs/signIns')).length).toBe(2);
    });
  });
});

describe('impossibleTravel (shared by the lab and the connectors)', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
  it('finds the latest quick country change among successes only', () => {
    expect(
      impossibleTravel([
        { at: at(0), country: 'NL', result: 'success' },
        { at: at(1), country: 'BR', result: 'failure' },
        { at: at(5), country: 'NL', result: 'success' },
        { at: at(6), country: 'US', result: 'success' },
      ]),
    ).toEqual({ from: { country: 'NL', at: at(5).toISOString() }, to: { country: 'US', at: at(6).toISOString() }, minutes: 60 });
    expect(
      impossibleTravel([
        { at: at(0), country: 'NL', result: 'success' },
        { at: at(2), country: 'US', result: 'success' },
      ]),
    ).toBeNull();
  });
});
