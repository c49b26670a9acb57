import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import * as oidc from 'openid-client';
import { startQuell, type TestQuell } from '../support/harness.js';
import { RESOURCES, signInAtProvider, startOidcProvider, type TestProvider } from '../support/oidc-provider.js';

const PORT = 41200 + Number(process.env.JEST_WORKER_ID ?? 1);
const REDIRECT_URI = `http://127.0.0.1:${PORT + 50}/auth/callback`;
const SESSION = { 'X-Quell-Session': '1' };

const cookieOf = (res: { headers: Record<string, unknown> }, name: string) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));

describe('people: OpenID Connect sign-in against a real provider', () => {
  let provider: TestProvider;
  let q: TestQuell;
  let cliConfig: oidc.Configuration;

  beforeAll(async () => {
    provider = await startOidcProvider({ port: PORT, quellRedirectUri: REDIRECT_URI });
    q = await startQuell({
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.console.clientId,
        OIDC_CLIENT_SECRET: provider.console.clientSecret,
        OIDC_AUDIENCE: 'quell-api',
        OIDC_REDIRECT_URI: REDIRECT_URI,
        OIDC_SCOPES: 'openid profile email groups',
        OIDC_ROLE_MAP: JSON.stringify({ 'soc-analysts': 'analyst', 'soc-approvers': 'approver', 'soc-admins': 'admin' }),
        OIDC_CLOCK_SKEW_SECONDS: '0',
        OIDC_PROVIDER_NAME: 'Contoso ID',
        OIDC_ALLOW_INSECURE_HTTP: 'true',
        AUTH_FAILURE_LIMIT: '0',
      },
    });
    cliConfig = await oidc.discovery(new URL(provider.issuer), provider.cli.clientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
  });
  afterAll(async () => {
    await q?.close();
    await provider?.close();
  });

  /** An access token for the API, got by a command-line client through the code flow with PKCE. */
  async function accessToken(login: string, resource: string = RESOURCES.quell): Promise<string> {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(cliConfig, {
      redirect_uri: provider.cli.redirectUri,
      scope: 'openid api',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      resource,
    });
    const back = await signInAtProvider(url.href, login, provider.cli.redirectUri);
    const tokens = await oidc.authorizationCodeGrant(cliConfig, back, { pkceCodeVerifier: verifier, expectedState: state }, { resource });
    return tokens.access_token;
  }
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** The console's sign-in: Quell's redirect, the provider's pages, Quell's callback; the session cookie. */
  async function signInToConsole(login: string): Promise<string> {
    const start = await q.http.get('/auth/sign-in').expect(303);
    const state = cookieOf(start, 'quell_oidc_state')!.split(';')[0];
    const authorize = new URL(start.headers.location);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const back = await signInAtProvider(start.headers.location, login, REDIRECT_URI);
    const done = await q.http.get(`/auth/callback${back.search}`).set('Cookie', state).expect(303);
    expect(done.headers.location).toBe('/');
    const session = cookieOf(done, 'quell_session')!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    return session.split(';')[0];
  }

  it('offers the provider on the sign-in page', async () => {
    const res = await q.http.get('/api/v1/auth/options').expect(200);
    expect(res.body).toEqual({ oidc: { providerName: 'Contoso ID', signInUrl: '/auth/sign-in' } });
  });

  it('signs a person in with code + PKCE, creates them once, and audits the sign-in; sign-out revokes the session', async () => {
    const cookie = await signInToConsole('alice');
    const me = await q.http.get('/api/v1/me').set('Cookie', cookie).set(SESSION).expect(200);
    expect(me.body).toMatchObject({
      name: 'Alice Analyst',
      role: 'analyst',
      person: { name: 'Alice Analyst', email: 'alice@contoso.test', issuer: provider.issuer },
    });
    expect(me.body.subject).toBe(`person:${me.body.person.id}`);
    // The cookie alone, without the console's header, is refused (a cross-site page cannot add it).
    await q.http.get('/api/v1/me').set('Cookie', cookie).expect(401);

    const again = await signInToConsole('alice');
    const me2 = await q.http.get('/api/v1/me').set('Cookie', again).set(SESSION).expect(200);
    expect(me2.body.person.id).toBe(me.body.person.id);
    const people = await q.db.query(`SELECT name, email FROM persons WHERE subject = 'alice'`);
    expect(people).toEqual([{ name: 'Alice Analyst', email: 'alice@contoso.test' }]);
    const [stored] = await q.db.query(`SELECT count(*)::int AS n FROM sessions WHERE token_hash = $1`, [cookie.split('=')[1]]);
    expect(stored.n).toBe(0); // only the hash is kept

    const signIns = await q.db.query(
      `SELECT actor_kind AS kind, actor_id AS id, actor_email AS email FROM audit_log WHERE action = 'auth.signed_in' ORDER BY seq`,
    );
    expect(signIns.filter((r: { email: string }) => r.email === 'alice@contoso.test')).toEqual([
      { kind: 'person', id: me.body.subject, email: 'alice@contoso.test' },
      { kind: 'person', id: me.body.subject, email: 'alice@contoso.test' },
    ]);

    const out = await q.http.post('/api/v1/auth/sign-out').set('Cookie', cookie).set(SESSION).send({}).expect(200);
    expect(out.body).toEqual({ signedOut: true });
    await q.http.get('/api/v1/me').set('Cookie', cookie).set(SESSION).expect(401);
    await q.http.get('/api/v1/me').set('Cookie', again).set(SESSION).expect(200);
    const [signOut] = await q.db.query(`SELECT actor_id AS id FROM audit_log WHERE action = 'auth.signed_out'`);
    expect(signOut.id).toBe(me.body.subject);
  });

  it('refuses a callback from another browser, a replayed one, and a person whose groups map to no role; each is audited', async () => {
    const start = await q.http.get('/auth/sign-in').expect(303);
    const state = cookieOf(start, 'quell_oidc_state')!.split(';')[0];
    const back = await signInAtProvider(start.headers.location, 'bob', REDIRECT_URI);
    const foreign = await q.http.get(`/auth/callback${back.search}`).set('Cookie', 'quell_oidc_state=someone-else').expect(303);
    expect(foreign.headers.location).toBe('/?signInError=state_mismatch');
    expect(cookieOf(foreign, 'quell_session')).toBeUndefined();
    await q.http.get(`/auth/callback${back.search}`).set('Cookie', state).expect(303);
    const replay = await q.http.get(`/auth/callback${back.search}`).set('Cookie', state).expect(303);
    expect(replay.headers.location).toBe('/?signInError=unknown_state');

    const start2 = await q.http.get('/auth/sign-in').expect(303);
    const back2 = await signInAtProvider(start2.headers.location, 'mallory', REDIRECT_URI);
    const refused = await q.http
      .get(`/auth/callback${back2.search}`)
      .set('Cookie', cookieOf(start2, 'quell_oidc_state')!.split(';')[0])
      .expect(303);
    expect(refused.headers.location).toBe('/?signInError=no_role');
    expect(cookieOf(refused, 'quell_session')).toBeUndefined();
    const failures = await q.db.query(`SELECT after->>'reason' AS reason FROM audit_log WHERE action = 'auth.sign_in_failed' ORDER BY seq`);
    expect(failures.map((f: { reason: string }) => f.reason)).toEqual(['state_mismatch', 'unknown_state', 'no_role']);
  });

  it('accepts a bearer access token from the provider and maps its groups to a role', async () => {
    const token = await accessToken('carol');
    const me = await q.http.get('/api/v1/me').set(bearer(token)).expect(200);
    // carol is in soc-approvers and soc-analysts: the more capable role wins.
    expect(me.body).toMatchObject({ name: 'Carol Approver', role: 'approver', person: { email: 'carol@contoso.test' } });
    const alice = await accessToken('alice');
    const res = await q.http.get('/api/v1/keys').set(bearer(alice)).expect(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses a token whose groups map to no role with a clear 403 problem', async () => {
    const res = await q.http
      .get('/api/v1/me')
      .set(bearer(await accessToken('mallory')))
      .expect(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toContain("'groups' claim maps to a Quell role");
  });

  it('refuses a token for another audience, an expired one, and a tampered one', async () => {
    const other = await accessToken('bob', RESOURCES.other);
    const wrong = await q.http.get('/api/v1/me').set(bearer(other)).expect(401);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);

    const short = await accessToken('bob', RESOURCES.quellShortLived);
    await q.http.get('/api/v1/me').set(bearer(short)).expect(200);
    await new Promise((r) => setTimeout(r, 3_000));
    await q.http.get('/api/v1/me').set(bearer(short)).expect(401);

    const good = await accessToken('bob');
    const [h, p, s] = good.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, groups: ['soc-admins'] })).toString('base64url')}.${s}`;
    await q.http.get('/api/v1/me').set(bearer(forged)).expect(401);
    const reasons = await q.db.query(`SELECT after->>'reason' AS reason FROM audit_log WHERE action = 'auth.failed'`);
    expect(reasons.length).toBeGreaterThan(0);
  });

  it('follows the provider through a key rotation: the new kid is accepted after a JWKS refresh, the removed one refused', async () => {
    const before = await accessToken('bob');
    await q.http.get('/api/v1/me').set(bearer(before)).expect(200);
    const oldKid = provider.kids()[0];
    expect(decodeProtectedHeader(before).kid).toBe(oldKid);
    await provider.rotateKeys();
    // Past the JWKS refetch cooldown, so the unknown kid makes Quell fetch the provider's keys again.
    await new Promise((r) => setTimeout(r, 5_500));
    const after = await accessToken('bob');
    expect(decodeProtectedHeader(after).kid).not.toBe(oldKid);
    await q.http.get('/api/v1/me').set(bearer(after)).expect(200);
    await q.http.get('/api/v1/me').set(bearer(before)).expect(401);
  });

  describe('four-eyes by person', () => {
    async function labUser() {
      const upn = `u-${randomBytes(3).toString('hex')}@contoso.com`;
      await q.db.query(
        `INSERT INTO lab_users (upn, display_name, enabled, is_admin, groups, risk, compromised) VALUES ($1, 'Test User', true, false, '{}', 'low', false)`,
        [upn],
      );
      return upn;
    }

    it("counts two keys of one person as one approver, and refuses a person's session approving their own key's request", async () => {
      // Dave, signed in as an admin, makes two keys: both are his.
      const dave = { Cookie: await signInToConsole('dave'), ...SESSION };
      const k1 = await q.http.post('/api/v1/keys').set(dave).send({ name: 'dave-laptop', role: 'approver' }).expect(201);
      const k2 = await q.http.post('/api/v1/keys').set(dave).send({ name: 'dave-phone', role: 'approver' }).expect(201);
      const me = await q.http.get('/api/v1/me').set(dave).expect(200);
      expect(k1.body.ownerPersonId).toBe(me.body.person.id);
      const service = await q.http.post('/api/v1/keys').set(dave).send({ name: 'soar', role: 'analyst', service: true }).expect(201);
      expect(service.body.ownerPersonId).toBeNull();
      const viaKey = await q.http.get('/api/v1/me').set(bearer(k1.body.key)).expect(200);
      expect(viaKey.body).toMatchObject({ name: 'dave-laptop', subject: me.body.subject, person: { email: 'dave@contoso.test' } });

      const upn = await labUser();
      const action = await q.http
        .post('/api/v1/actions')
        .set(await q.auth('analyst'))
        .send({ type: 'disable_user', target: { type: 'user', upn }, reason: 'account takeover' })
        .expect(201);
      expect(action.body.requiredApprovals).toBe(2);
      const id = action.body.id;
      await q.http.post(`/api/v1/actions/${id}/approve`).set(bearer(k1.body.key)).send({}).expect(200);
      const second = await q.http.post(`/api/v1/actions/${id}/approve`).set(bearer(k2.body.key)).send({}).expect(409);
      expect(second.body.detail).toContain('already approved');
      const viaSession = await q.http.post(`/api/v1/actions/${id}/approve`).set(dave).send({}).expect(409);
      expect(viaSession.body.detail).toContain('already approved');
      const bob = await q.http
        .post(`/api/v1/actions/${id}/approve`)
        .set(bearer(await accessToken('bob')))
        .send({})
        .expect(200);
      expect(bob.body.status).toBe('succeeded');
      expect(bob.body.approvals.map((a: { by: string; subject: string }) => a.by)).toEqual(['dave-laptop', 'Bob Approver']);

      // Dave's own key requests; Dave's console session may not approve it.
      const analystKey = await q.http.post('/api/v1/keys').set(dave).send({ name: 'dave-analyst', role: 'analyst' }).expect(201);
      const own = await q.http
        .post('/api/v1/actions')
        .set(bearer(analystKey.body.key))
        .send({ type: 'disable_user', target: { type: 'user', upn: await labUser() }, reason: 'suspicious' })
        .expect(201);
      const self = await q.http.post(`/api/v1/actions/${own.body.id}/approve`).set(dave).send({}).expect(409);
      expect(self.body.detail).toContain('cannot approve');
      await q.http.post(`/api/v1/actions/${own.body.id}/approve`).set(bearer(k2.body.key)).send({}).expect(409);
      await q.http
        .post(`/api/v1/actions/${own.body.id}/approve`)
        .set(bearer(await accessToken('bob')))
        .send({})
        .expect(200);
    });
  });
});
