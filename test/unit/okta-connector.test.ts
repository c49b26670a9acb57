import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import type { ConnectorRequest } from '../../src/connectors/connector.js';
import { PermanentConnectorError } from '../../src/connectors/connector.js';
import type { ConnectorLedger, LedgerEntry, LedgerKey } from '../../src/connectors/connector-ledger.js';
import { nextLink, OktaConnector, type OktaConnectorOptions } from '../../src/connectors/okta-connector.js';
import type { Entity } from '../../src/domain/alert.js';
import { FakeOkta, type FakeOktaUser, serviceAppKeys } from '../support/fake-okta.js';

const CLIENT_ID = '0oa1quellsvcapp0h7';
const KID = 'quell-key-1';
const ALL_SCOPES = ['okta.users.read', 'okta.users.manage', 'okta.logs.read', 'okta.roles.read'];
const ALICE_ID = '00u1alice0000000h7';
const rsa = serviceAppKeys('rsa');

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

/** Everything secret a result, error or log line must never show: the key (whole, or its private parts) and issued tokens. */
function secretsOf(pem: string, jwk: string): string[] {
  const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  return [pem, jwk, body[1], (JSON.parse(jwk) as { d: string }).d];
}

describe('okta connector (against a local fake of an Okta org)', () => {
  let fake: FakeOkta;
  let logLines: string[];
  let alice: FakeOktaUser;
  let ledger: MemoryLedger;
  let seq = 0;

  beforeAll(async () => {
    fake = await FakeOkta.start({ clientId: CLIENT_ID, kid: KID, publicKey: rsa.publicKey, grants: ALL_SCOPES });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.app.grants = ALL_SCOPES;
    logLines = [];
    ledger = new MemoryLedger();
    alice = {
      id: ALICE_ID,
      status: 'ACTIVE',
      login: 'Alice@contoso.com',
      firstName: 'Alice',
      lastName: 'Adams',
      passwordChanged: '2025-11-01T00:00:00.000Z',
      lastLogin: '2026-01-09T07:00:00.000Z',
      groups: ['Finance', 'VPN users', 'All staff'],
      roles: [{ type: 'ORG_ADMIN', label: 'Organization Administrator' }],
    };
    fake.users.push(alice);
  });

  const sut = (over: Partial<OktaConnectorOptions> = {}) =>
    new OktaConnector(
      {
        orgUrl: fake.url,
        clientId: CLIENT_ID,
        privateKey: () => rsa.pem,
        keyId: KID,
        scopes: ALL_SCOPES,
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
  const effects = () => fake.requests.filter((r) => r.method !== 'GET');

  describe('client authentication', () => {
    it('signs a client assertion Okta accepts: iss and sub the client id, aud the token endpoint, a short exp, the kid', async () => {
      await sut().execute(request('disable_user'));
      expect(fake.counts.tokenRequests).toBe(1);
      const [{ header, payload }] = fake.assertions;
      expect(header).toMatchObject({ alg: 'RS256', kid: KID });
      expect(payload).toMatchObject({ iss: CLIENT_ID, sub: CLIENT_ID, aud: `${fake.url}/oauth2/v1/token` });
      expect(payload.exp as number).toBeLessThanOrEqual(Date.now() / 1000 + 3600);
      expect(typeof payload.jti).toBe('string');
    });

    it('signs with an EC key given as a JWK too', async () => {
      const ec = serviceAppKeys('ec');
      fake.app.publicKey = ec.publicKey;
      try {
        expect(await sut({ privateKey: () => ec.jwk }).health()).toEqual({
          ok: true,
          detail: 'token obtained; users, roles and System Log APIs answered',
        });
        expect(fake.assertions[0].header).toMatchObject({ alg: 'ES256', kid: KID });
      } finally {
        fake.app.publicKey = rsa.publicKey;
      }
    });

    it('a key Okta does not know is refused, with what to check, and never shown', async () => {
      const other = serviceAppKeys('rsa');
      const health = await sut({ privateKey: () => other.pem }).health();
      expect(health.ok).toBe(false);
      expect(health.detail).toMatch(/invalid_client.*signature is invalid.*OKTA_KEY_ID/);
      for (const s of secretsOf(other.pem, other.jwk)) expect(health.detail + logLines.join('')).not.toContain(s);
    });

    it('names what to change when the app requires DPoP or lacks a granted scope', async () => {
      fake.requireDpop = true;
      expect((await sut().health()).detail).toMatch(/invalid_dpop_proof.*clear "Require Demonstrating Proof of Possession/);
      fake.requireDpop = false;
      fake.app.grants = ['okta.users.read'];
      const health = await sut().health();
      expect(health).toMatchObject({ ok: false });
      expect(health.detail).toMatch(/invalid_scope.*okta\.users\.read okta\.users\.manage okta\.logs\.read okta\.roles\.read/);
    });
  });

  describe('actions', () => {
    it('suspends and, as the undo, unsuspends; a repeated request sends nothing', async () => {
      const c = sut();
      const disable = request('disable_user');
      expect(await c.execute(disable)).toEqual({
        details: { userId: ALICE_ID, login: 'Alice@contoso.com', statusBefore: 'ACTIVE', status: 'SUSPENDED', changed: true },
        replayed: false,
      });
      expect(alice.status).toBe('SUSPENDED');
      expect((await c.execute(disable)).details).toMatchObject({ status: 'SUSPENDED', changed: false });
      expect(fake.counts.suspensions).toBe(1);

      const undo = request('enable_user', user, disable.actionId, 'undo');
      expect((await c.execute(undo)).details).toMatchObject({ statusBefore: 'SUSPENDED', status: 'ACTIVE', changed: true });
      expect((await c.execute(undo)).details).toMatchObject({ changed: false });
      expect(alice.status).toBe('ACTIVE');
      expect(effects().map((r) => r.path)).toEqual([
        `/api/v1/users/${ALICE_ID}/lifecycle/suspend`,
        `/api/v1/users/${ALICE_ID}/lifecycle/unsuspend`,
      ]);
    });

    it("a suspension whose answer was lost is resent, and Okta's refusal of the resend means it holds", async () => {
      const c = sut();
      fake.inject({ match: /lifecycle\/suspend$/, dropAfterEffect: true });
      expect(await c.execute(request('disable_user'))).toMatchObject({
        details: { statusBefore: 'ACTIVE', status: 'SUSPENDED', changed: false },
      });
      expect(alice.status).toBe('SUSPENDED');
      expect(fake.counts.suspensions).toBe(1);
      expect(effects()).toHaveLength(2);
    });

    it("reads Okta's refusal: another admin got there first is success, a user who cannot be suspended is permanent", async () => {
      fake.inject({ match: /lifecycle\/suspend$/, before: () => void (alice.status = 'SUSPENDED') });
      expect(await sut().execute(request('disable_user'))).toMatchObject({ details: { statusBefore: 'ACTIVE', changed: false } });
      expect(fake.counts.suspensions).toBe(0);

      alice.status = 'STAGED';
      const err = await sut()
        .execute(request('disable_user'))
        .catch((e: Error) => e);
      expect(err).toBeInstanceOf(PermanentConnectorError);
      expect((err as Error).message).toMatch(/status STAGED.*only ACTIVE users can be suspended.*E0000001/);
    });

    it('refuses an unknown user, a target without a login, and a non-user target as permanent', async () => {
      const c = sut();
      const unknown = await c.execute(request('disable_user', { type: 'user', upn: 'nobody@contoso.com' })).catch((e: Error) => e);
      expect(unknown).toBeInstanceOf(PermanentConnectorError);
      expect((unknown as Error).message).toMatch(/no Okta user matches nobody@contoso\.com/);
      await expect(c.execute(request('disable_user', { type: 'user', sid: 'S-1-5-21-1' }))).rejects.toThrow(
        /upn \(Okta login\) or accountName/,
      );
      await expect(c.execute(request('revoke_sessions', { type: 'device', hostname: 'ws-01' }))).rejects.toThrow(PermanentConnectorError);
      await expect(c.execute(request('mark_user_compromised'))).rejects.toThrow(PermanentConnectorError);
      expect(effects()).toHaveLength(0);
    });

    it('finds the user by login shortname (accountName)', async () => {
      expect((await sut().execute(request('disable_user', { type: 'user', accountName: 'alice' }))).details).toMatchObject({
        changed: true,
      });
    });

    it('resets the password once (temporary password, sessions revoked) and never shows the temporary password', async () => {
      const c = sut();
      const req = request('reset_password');
      const first = await c.execute(req);
      expect(first.replayed).toBe(false);
      expect(fake.counts.passwordExpiries).toBe(1);
      expect(alice.status).toBe('PASSWORD_EXPIRED');
      expect(effects().map((r) => r.path)).toEqual([
        `/api/v1/users/${ALICE_ID}/lifecycle/expire_password_with_temp_password?revokeSessions=true`,
      ]);
      expect(first.details).toMatchObject({
        userId: ALICE_ID,
        status: 'PASSWORD_EXPIRED',
        passwordChanged: alice.passwordChanged,
        sessionsRevoked: true,
      });
      expect(await c.execute(req)).toMatchObject({ replayed: true });
      expect(fake.counts.passwordExpiries).toBe(1);
      const everything = JSON.stringify(first) + logLines.join('\n');
      expect(everything).not.toContain(alice.tempPassword!);
      for (const s of secretsOf(rsa.pem, rsa.jwk)) expect(everything).not.toContain(s);
    });

    it('a reset whose answer was lost is not sent again by the retry; one refused with 5xx is, once', async () => {
      const c = sut();
      const lost = request('reset_password');
      fake.inject({ match: /expire_password_with_temp_password$/, dropAfterEffect: true });
      await expect(c.execute(lost)).rejects.toThrow();
      expect(await c.execute(lost)).toMatchObject({ replayed: true, details: { passwordChanged: alice.passwordChanged } });
      expect(fake.counts.passwordExpiries).toBe(1);

      alice.status = 'ACTIVE';
      const refused = request('reset_password');
      fake.inject({ match: /expire_password_with_temp_password$/, status: 502 });
      await expect(c.execute(refused)).rejects.toThrow(/502/);
      expect(fake.counts.passwordExpiries).toBe(1);
      expect(await c.execute(refused)).toMatchObject({ replayed: false });
      expect(fake.counts.passwordExpiries).toBe(2);
    });

    it('revokes sessions and OAuth tokens once per action, even when the answer is lost; another action revokes again', async () => {
      const c = sut();
      const req = request('revoke_sessions');
      fake.inject({ match: /\/sessions$/, dropAfterEffect: true });
      await expect(c.execute(req)).rejects.toThrow();
      expect(await c.execute(req)).toMatchObject({ replayed: true });
      expect(fake.counts.sessionClears).toBe(1);
      expect(effects()[0].path).toBe(`/api/v1/users/${ALICE_ID}/sessions?oauthTokens=true&forgetDevices=true`);
      expect(await c.execute(request('revoke_sessions'))).toMatchObject({ replayed: false, details: { oauthTokensRevoked: true } });
      expect(fake.counts.sessionClears).toBe(2);
    });

    it('names the missing scope when Okta refuses with 403', async () => {
      const c = sut({ scopes: ['okta.users.read', 'okta.logs.read'] });
      const err = await c.execute(request('disable_user')).catch((e: Error) => e);
      expect(err).toBeInstanceOf(PermanentConnectorError);
      expect((err as Error).message).toMatch(/403 \(E0000006: You do not have permission.*missing okta\.users\.manage/);
      expect(alice.status).toBe('ACTIVE');
    });
  });

  describe('the client', () => {
    it('refreshes an expired token once, waits for X-Rate-Limit-Reset on 429 and retries a 5xx on a read', async () => {
      const c = sut();
      await c.execute(request('disable_user'));
      fake.revokeTokens();
      const reset = Math.floor(Date.now() / 1000);
      fake.inject(
        { match: /^GET \/api\/v1\/users\//, status: 429, rateLimitReset: reset },
        { match: /^GET \/api\/v1\/users\//, status: 500 },
      );
      await c.execute(request('enable_user'));
      expect(fake.counts.tokenRequests).toBe(2);
      expect(fake.counts.unauthorized).toBe(1);
      expect(alice.status).toBe('ACTIVE');
      const retried = logLines
        .filter((l) => l.includes('Okta call retried'))
        .map((l) => JSON.parse(l) as { status: number; waitMs: number });
      expect(retried.map((r) => r.status)).toEqual([429, 500]);
      expect(retried[0].waitMs).toBeGreaterThanOrEqual(1000);
    });

    it('gives a 429 whose window resets too far ahead back to the caller', async () => {
      fake.inject({ match: /^GET /, status: 429, rateLimitReset: Math.floor(Date.now() / 1000) + 3600 });
      await expect(sut().execute(request('disable_user'))).rejects.toThrow(/429 \(E0000047: API call exceeded rate limit/);
    });

    it('reports health, and names every missing scope', async () => {
      expect(await sut().health()).toEqual({ ok: true, detail: 'token obtained; users, roles and System Log APIs answered' });
      const narrow = await sut({ scopes: ['okta.users.read', 'okta.users.manage'] }).health();
      expect(narrow.ok).toBe(false);
      expect(narrow.detail).toMatch(/GET \/api\/v1\/logs.*403.*missing okta\.logs\.read/);
      expect(narrow.detail).toMatch(/roles answered 403.*missing okta\.roles\.read/);
      expect(narrow.detail).toMatch(/OKTA_SCOPES leaves out okta\.logs\.read, okta\.roles\.read/);
    });

    it('follows only Link next relations', () => {
      expect(nextLink('<https://x.okta.com/api/v1/logs?limit=2>; rel="self", <https://x.okta.com/api/v1/logs?after=2>; rel="next"')).toBe(
        'https://x.okta.com/api/v1/logs?after=2',
      );
      expect(nextLink('<https://x.okta.com/api/v1/logs?limit=2>; rel="self"')).toBeUndefined();
      expect(nextLink(null)).toBeUndefined();
    });
  });

  describe('facts', () => {
    it('user.info: status, groups across pages, admin roles', async () => {
      expect(await sut().facts['user.info']!({ user: 'ALICE@contoso.com' })).toMatchObject({
        found: true,
        upn: 'alice@contoso.com',
        displayName: 'Alice Adams',
        oktaId: ALICE_ID,
        status: 'ACTIVE',
        enabled: true,
        suspended: false,
        isAdmin: true,
        roles: ['Organization Administrator'],
        groups: ['Everyone', 'Finance', 'VPN users', 'All staff'],
        risk: null,
        compromised: false,
        passwordResetAt: '2025-11-01T00:00:00.000Z',
        lastLoginAt: '2026-01-09T07:00:00.000Z',
        source: 'okta',
      });
      expect(fake.requests.filter((r) => r.path.includes('/groups')).length).toBe(2);
      alice.status = 'SUSPENDED';
      alice.roles = [];
      expect(await sut().facts['user.info']!({ user: ALICE_ID })).toMatchObject({
        enabled: false,
        suspended: true,
        isAdmin: false,
        roles: [],
      });
    });

    it('user.info: an unknown user is found: false; without okta.roles.read whether the user is an admin is unknown', async () => {
      expect(await sut().facts['user.info']!({ user: 'nobody@contoso.com' })).toEqual({
        found: false,
        upn: 'nobody@contoso.com',
        enabled: false,
        isAdmin: false,
        groups: [],
        risk: null,
        compromised: false,
      });
      const info = await sut({ scopes: ['okta.users.read'] }).facts['user.info']!({ user: 'alice@contoso.com' });
      expect(info).toMatchObject({ found: true, isAdmin: null, roles: [] });
      expect(info.rolesUnavailable).toMatch(/missing okta\.roles\.read/);
    });

    it('user.info: a scope the whole answer needs missing is "unavailable"', async () => {
      fake.denied.push(/\/groups$/);
      expect(await sut().facts['user.info']!({ user: ALICE_ID })).toMatchObject({
        available: false,
        reason: expect.stringMatching(/^Okta: GET \/api\/v1\/users\/.*\/groups.*403/),
      });
    });

    it('user.signins: every page of user.session.start events in the window, results, countries and impossible travel', async () => {
      const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
      const s = (min: number, ip: string, country: string | null, result: 'SUCCESS' | 'FAILURE', login = 'Alice@contoso.com') => ({
        userId: login === 'Alice@contoso.com' ? ALICE_ID : '00u2bob',
        login,
        published: ago(min),
        ipAddress: ip,
        country,
        result,
      });
      fake.signins.push(
        s(300, '203.0.113.5', 'Netherlands', 'SUCCESS'),
        s(240, '198.51.100.7', 'Brazil', 'FAILURE'),
        s(200, '198.51.100.7', 'Brazil', 'SUCCESS'),
        s(100 * 60, '203.0.113.5', 'Netherlands', 'SUCCESS'),
        s(10, '192.0.2.1', 'United States', 'SUCCESS', 'bob@contoso.com'),
      );
      const out = await sut().facts['user.signins']!({ user: 'alice@contoso.com', hours: 24 });
      expect(out).toMatchObject({
        user: 'alice@contoso.com',
        total: 3,
        countries: ['Brazil', 'Netherlands'],
        failed: 1,
        succeeded: 2,
        impossibleTravel: true,
        travel: { from: { country: 'Netherlands' }, to: { country: 'Brazil' }, minutes: 100 },
        truncated: false,
        source: 'okta',
      });
      expect((out.signins as { result: string; ip: string }[])[0]).toMatchObject({
        ip: '198.51.100.7',
        country: 'Brazil',
        result: 'success',
      });
      const queries = fake.requests.filter((r) => r.path.startsWith('/api/v1/logs'));
      expect(queries).toHaveLength(2);
      const first = new URL(queries[0].path, fake.url).searchParams;
      expect(first.get('filter')).toBe(`eventType eq "user.session.start" and actor.id eq "${ALICE_ID}"`);
      expect(first.get('until')).toBeTruthy();
    });

    it('user.signins: a login Okta does not know is searched by alternateId; no okta.logs.read is "unavailable"', async () => {
      fake.signins.push({
        userId: null,
        login: 'ghost@contoso.com',
        published: new Date().toISOString(),
        ipAddress: '192.0.2.9',
        country: null,
        result: 'FAILURE',
      });
      expect(await sut().facts['user.signins']!({ user: 'ghost@contoso.com' })).toMatchObject({
        total: 1,
        failed: 1,
        succeeded: 0,
        impossibleTravel: false,
      });
      expect(await sut({ scopes: ['okta.users.read'] }).facts['user.signins']!({ user: 'alice@contoso.com' })).toMatchObject({
        available: false,
        reason: expect.stringMatching(/missing okta\.logs\.read/),
      });
    });
  });
});

describe('Okta configuration', () => {
  const base = { OKTA_ORG_URL: 'https://contoso.okta.com', OKTA_CLIENT_ID: CLIENT_ID, OKTA_PRIVATE_KEY: rsa.pem, OKTA_KEY_ID: KID };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      return (err as ConfigError).problems;
    }
  };

  it('is off when nothing is set, and complete when all is', () => {
    expect(loadConfig({}).okta).toBeUndefined();
    const okta = loadConfig(base).okta!;
    expect(okta).toMatchObject({
      orgUrl: 'https://contoso.okta.com',
      clientId: CLIENT_ID,
      keyId: KID,
      scopes: ALL_SCOPES,
      requestTimeoutMs: 10_000,
    });
    expect(okta.privateKey()).toBe(rsa.pem);
    expect(JSON.stringify(okta)).not.toContain('PRIVATE KEY');
  });

  it('all or nothing: names every missing or bad variable, never the key', () => {
    expect(problems({ OKTA_CLIENT_ID: CLIENT_ID })).toEqual([
      'OKTA_ORG_URL: required when the Okta connector is configured',
      'OKTA_PRIVATE_KEY or OKTA_PRIVATE_KEY_FILE: set exactly one',
    ]);
    const bad = problems({ ...base, OKTA_ORG_URL: 'http://contoso.okta.com/oauth2', OKTA_PRIVATE_KEY: 'not-a-key-at-all-secretish' });
    expect(bad).toEqual([
      'OKTA_ORG_URL: must be https (OKTA_ALLOW_INSECURE_HTTP=true is for a local test double only)',
      'OKTA_ORG_URL: the org URL alone (https://example.okta.com), without a path',
      'OKTA_PRIVATE_KEY: not a private key in PEM or JWK form',
    ]);
    expect(problems({ ...base, OKTA_KEY_ID: '' })).toEqual([
      "OKTA_KEY_ID: required unless the JWK carries a kid (the key's KID on the Okta app's public keys)",
    ]);
    expect(problems({ ...base, OKTA_SCOPES: 'users.read' })[0]).toMatch(/^OKTA_SCOPES: expected space-separated Okta API scopes/);
  });

  it('reads the key from a file, and the kid from a JWK', () => {
    const file = join(tmpdir(), `okta-key-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(rsa.jwk), kid: 'from-jwk' }), { mode: 0o600 });
    const okta = loadConfig({ OKTA_ORG_URL: 'https://contoso.okta.com/', OKTA_CLIENT_ID: CLIENT_ID, OKTA_PRIVATE_KEY_FILE: file }).okta!;
    expect(okta).toMatchObject({ orgUrl: 'https://contoso.okta.com', keyId: 'from-jwk' });
    expect(problems({ ...base, OKTA_PRIVATE_KEY: undefined as unknown as string, OKTA_PRIVATE_KEY_FILE: '/nonexistent/key.pem' })).toEqual([
      'OKTA_PRIVATE_KEY_FILE: cannot be read (ENOENT)',
    ]);
  });
});
