import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { SessionSweep } from '../../src/people/session-sweep.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';
import { RESOURCES, signInAtProvider, startOidcProvider, type TestProvider } from '../support/oidc-provider.js';

const PORT = 41300 + Number(process.env.JEST_WORKER_ID ?? 1);
const REDIRECT_URI = `http://127.0.0.1:${PORT + 50}/auth/callback`;
const SESSION = { 'X-Quell-Session': '1' };
type Headers = Record<string, string>;

const cookieOf = (res: { headers: Record<string, unknown> }, name: string) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));

describe('people: a person who leaves', () => {
  let provider: TestProvider;
  let q: TestQuell;
  let cliConfig: oidc.Configuration;
  let admin: Headers;

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
        OIDC_ALLOW_INSECURE_HTTP: 'true',
        AUTH_FAILURE_LIMIT: '0',
      },
    });
    cliConfig = await oidc.discovery(new URL(provider.issuer), provider.cli.clientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    admin = await q.auth('admin');
  });
  afterAll(async () => {
    await q?.close();
    await provider?.close();
  });

  async function accessToken(login: string): Promise<string> {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(cliConfig, {
      redirect_uri: provider.cli.redirectUri,
      scope: 'openid api',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      resource: RESOURCES.quell,
    });
    const back = await signInAtProvider(url.href, login, provider.cli.redirectUri);
    const tokens = await oidc.authorizationCodeGrant(
      cliConfig,
      back,
      { pkceCodeVerifier: verifier, expectedState: state },
      { resource: RESOURCES.quell },
    );
    return tokens.access_token;
  }
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** The console's sign-in; the session cookie, or the error the console is sent back with. */
  async function signIn(login: string): Promise<{ cookie?: string; error?: string }> {
    const start = await q.http.get('/auth/sign-in').expect(303);
    const state = cookieOf(start, 'quell_oidc_state')!.split(';')[0];
    const back = await signInAtProvider(start.headers.location, login, REDIRECT_URI);
    const done = await q.http.get(`/auth/callback${back.search}`).set('Cookie', state).expect(303);
    const error = new URL(done.headers.location, 'http://x').searchParams.get('signInError') ?? undefined;
    return { cookie: cookieOf(done, 'quell_session')?.split(';')[0], error };
  }

  async function labUser() {
    const upn = `u-${randomBytes(3).toString('hex')}@contoso.com`;
    await q.db.query(
      `INSERT INTO lab_users (upn, display_name, enabled, is_admin, groups, risk, compromised) VALUES ($1, 'Test User', true, false, '{}', 'low', false)`,
      [upn],
    );
    return upn;
  }
  const disableUser = async () =>
    (
      await q.http
        .post('/api/v1/actions')
        .set(await q.auth('analyst'))
        .send({ type: 'disable_user', target: { type: 'user', upn: await labUser() }, reason: 'account takeover' })
        .expect(201)
    ).body as { id: string; requiredApprovals: number };
  const action = async (id: string) => (await q.http.get(`/api/v1/actions/${id}`).set(admin).expect(200)).body;

  it('ends their sessions, revokes their keys, removes their assignments and withdraws approvals of open quorums, all audited', async () => {
    const dave = { Cookie: (await signIn('dave')).cookie!, ...SESSION };
    const me = (await q.http.get('/api/v1/me').set(dave).expect(200)).body;
    const personId: string = me.person.id;
    const k1 = (await q.http.post('/api/v1/keys').set(dave).send({ name: 'dave-laptop', role: 'approver' }).expect(201)).body;
    const k2 = (await q.http.post('/api/v1/keys').set(dave).send({ name: 'dave-phone', role: 'reader' }).expect(201)).body;
    const token = await accessToken('dave');
    await q.http.get('/api/v1/me').set(bearer(token)).expect(200);
    // Nobody deactivates themself (an admin locked out by accident is an outage).
    const self = await q.http.post(`/api/v1/people/${personId}/deactivate`).set(dave).send({}).expect(409);
    expect(self.headers['content-type']).toContain('application/problem+json');

    const assignment = (
      await q.http
        .post('/api/v1/role-assignments')
        .set(admin)
        .send({ subject: me.subject, role: 'approver', scope: { kind: 'all' } })
        .expect(201)
    ).body;

    // One quorum still open with Dave's approval, one completed with it.
    const open = await disableUser();
    const closed = await disableUser();
    expect(open.requiredApprovals).toBe(2);
    await q.http.post(`/api/v1/actions/${open.id}/approve`).set(bearer(k1.key)).send({}).expect(200);
    await q.http.post(`/api/v1/actions/${closed.id}/approve`).set(bearer(k1.key)).send({}).expect(200);
    const bob = bearer(await accessToken('bob'));
    expect((await q.http.post(`/api/v1/actions/${closed.id}/approve`).set(bob).send({}).expect(200)).body.status).toBe('succeeded');

    const res = await q.http.post(`/api/v1/people/${personId}/deactivate`).set(admin).send({}).expect(200);
    expect(res.body).toMatchObject({
      deactivated: true,
      sessionsEnded: 1,
      assignmentsRemoved: [assignment.id],
      approvalsWithdrawn: [open.id],
      person: { id: personId, email: 'dave@contoso.test', deactivatedBy: expect.any(String) },
    });
    expect(res.body.keysRevoked.sort()).toEqual([k1.id, k2.id].sort());
    expect(res.body.person.deactivatedAt).toBeTruthy();

    // Nothing of Dave's gets in any more: session, keys, bearer token; a new sign-in is refused.
    for (const h of [dave, bearer(k1.key), bearer(k2.key), bearer(token)]) {
      const refused = await q.http.get('/api/v1/me').set(h).expect(401);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    expect((await q.http.get('/api/v1/me').set(bearer(token)).expect(401)).body.detail).toContain('deactivated');
    expect(await signIn('dave')).toEqual({ cookie: undefined, error: 'person_deactivated' });

    // The open quorum no longer counts Dave: Bob's approval is the first of two again. The completed one stands.
    const withdrawn = await action(open.id);
    expect(withdrawn.approvals).toEqual([]);
    expect(withdrawn.history.map((h: { kind: string }) => h.kind)).toContain('approval_withdrawn');
    const afterBob = await q.http.post(`/api/v1/actions/${open.id}/approve`).set(bob).send({}).expect(200);
    expect(afterBob.body).toMatchObject({ status: 'pending', decision: { approvals: 1, requiredApprovals: 2 } });
    const done = await action(closed.id);
    expect(done.status).toBe('succeeded');
    expect(done.approvals.map((a: { by: string }) => a.by)).toEqual(['dave-laptop', 'Bob Approver']);

    const audit = await q.db.query(
      `SELECT action, target_id AS "targetId", actor_kind AS "actorKind" FROM audit_log
       WHERE action IN ('person.deactivated', 'key.revoked', 'role_assignment.deleted', 'action.approval_withdrawn') ORDER BY seq`,
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'person.deactivated', targetId: personId, actorKind: 'key' },
        { action: 'key.revoked', targetId: k1.id, actorKind: 'key' },
        { action: 'key.revoked', targetId: k2.id, actorKind: 'key' },
        { action: 'role_assignment.deleted', targetId: assignment.id, actorKind: 'key' },
        { action: 'action.approval_withdrawn', targetId: open.id, actorKind: 'key' },
      ]),
    );
    // Again: nothing more to do, nothing audited twice.
    const again = await q.http.post(`/api/v1/people/${personId}/deactivate`).set(admin).send({}).expect(200);
    expect(again.body).toMatchObject({ deactivated: false, sessionsEnded: 0, keysRevoked: [], approvalsWithdrawn: [] });
    const [{ n }] = await q.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.deactivated' AND target_id = $1`, [
      personId,
    ]);
    expect(n).toBe(1);

    const active = (await q.http.get('/api/v1/people').set(admin).expect(200)).body.items.map((p: { id: string }) => p.id);
    expect(active).not.toContain(personId);
    const everyone = (await q.http.get('/api/v1/people?includeDeactivated=true').set(admin).expect(200)).body.items;
    expect(everyone.find((p: { id: string }) => p.id === personId)).toMatchObject({ email: 'dave@contoso.test' });

    // Back by mistake: Dave may sign in again, and nothing the deactivation ended comes back — not
    // the sessions, keys, assignment or withdrawn approval, nor an access token issued before.
    await new Promise((r) => setTimeout(r, 1100)); // the old token's `iat` is a second before the reactivation
    const back = await q.http.post(`/api/v1/people/${personId}/reactivate`).set(admin).send({}).expect(200);
    expect(back.body).toMatchObject({ reactivated: true, person: { id: personId, deactivatedAt: null, deactivatedBy: null } });
    expect((await q.http.post(`/api/v1/people/${personId}/reactivate`).set(admin).send({}).expect(200)).body.reactivated).toBe(false);
    for (const h of [dave, bearer(k1.key), bearer(token)]) await q.http.get('/api/v1/me').set(h).expect(401);
    expect((await q.http.get('/api/v1/me').set(bearer(token)).expect(401)).body.detail).toContain(
      'issued before its person was reactivated',
    );
    const returned = await signIn('dave');
    expect(returned.error).toBeUndefined();
    await q.http
      .get('/api/v1/me')
      .set({ Cookie: returned.cookie!, ...SESSION })
      .expect(200);
    await q.http
      .get('/api/v1/me')
      .set(bearer(await accessToken('dave')))
      .expect(200);
    const assignments = (
      await q.http
        .get(`/api/v1/role-assignments?subject=${encodeURIComponent(me.subject)}`)
        .set(admin)
        .expect(200)
    ).body;
    expect(assignments.items).toEqual([]);
    expect((await action(open.id)).approvals.map((a: { by: string }) => a.by)).toEqual(['Bob Approver']);
    const [{ n: reactivations }] = await q.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.reactivated' AND target_id = $1`,
      [personId],
    );
    expect(reactivations).toBe(1);
  });

  it('answers an expired session with a 401 problem, and the sweep deletes ended sessions and keeps live ones', async () => {
    const expired = { Cookie: (await signIn('alice')).cookie!, ...SESSION };
    const live = { Cookie: (await signIn('alice')).cookie!, ...SESSION };
    const hashOf = (h: Headers) => createHash('sha256').update(h.Cookie.split('=')[1], 'utf8').digest('hex');
    await q.http.get('/api/v1/me').set(expired).expect(200);
    await q.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashOf(expired)]);

    const refused = await q.http.get('/api/v1/me').set(expired).expect(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 401, detail: expect.stringContaining('expired') });
    expect(String(refused.headers['set-cookie'])).toMatch(/quell_session=;/);

    const signedOut = { Cookie: (await signIn('alice')).cookie!, ...SESSION };
    await q.http.post('/api/v1/auth/sign-out').set(signedOut).send({}).expect(200);
    const rows = async () =>
      (
        await q.db.query(`SELECT token_hash AS h FROM sessions WHERE token_hash = ANY($1)`, [
          [hashOf(expired), hashOf(live), hashOf(signedOut)],
        ])
      ).map((r: { h: string }) => r.h);
    expect((await rows()).sort()).toEqual([hashOf(expired), hashOf(live), hashOf(signedOut)].sort());
    expect(await q.app.get(SessionSweep).sweep()).toBeGreaterThanOrEqual(2);
    expect(await rows()).toEqual([hashOf(live)]);
    await q.http.get('/api/v1/me').set(live).expect(200);
    await q.http.get('/api/v1/me').set(expired).expect(401);
  });

  it('refuses an approval that races the deactivation of its approver: the deactivation under way is waited for', async () => {
    const carol = bearer(await accessToken('carol'));
    const personId: string = (await q.http.get('/api/v1/me').set(carol).expect(200)).body.person.id;
    const pending = await disableUser();

    // A deactivation has marked Carol and not yet committed when her approval arrives (her token
    // still authenticates: nothing is committed yet).
    const deactivation = q.db.createQueryRunner();
    await deactivation.connect();
    await deactivation.startTransaction();
    try {
      await deactivation.query(`UPDATE persons SET deactivated_at = now(), deactivated_by = 'test' WHERE id = $1`, [personId]);
      const approving = q.http
        .post(`/api/v1/actions/${pending.id}/approve`)
        .set(carol)
        .send({})
        .then((r) => r);
      await eventually(
        async () => {
          const [{ n }] = await q.db.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM persons%FOR SHARE%'`,
          );
          return n > 0 ? true : undefined;
        },
        15_000,
        'the approval waiting for the deactivation',
      );
      await deactivation.commitTransaction();
      const refused = await approving;
      expect(refused.status).toBe(409);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.detail).toContain('has been deactivated: their decision is not recorded');
    } finally {
      if (deactivation.isTransactionActive) await deactivation.rollbackTransaction();
      await deactivation.release();
    }
    const after = await action(pending.id);
    expect(after).toMatchObject({ status: 'pending', approvals: [] });
    expect(after.history.map((h: { kind: string }) => h.kind)).not.toContain('approved');
  });

  it('answers a bad or unknown person with a problem and changes nothing', async () => {
    for (const [path, status] of [
      ['/api/v1/people/not-a-uuid/deactivate', 400],
      ['/api/v1/people/00000000-0000-4000-8000-00000000dead/deactivate', 404],
      ['/api/v1/people/not-a-uuid/reactivate', 400],
      ['/api/v1/people/00000000-0000-4000-8000-00000000dead/reactivate', 404],
    ] as const) {
      const res = await q.http.post(path).set(admin).send({}).expect(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    for (const verb of ['deactivate', 'reactivate'])
      await q.http
        .post(`/api/v1/people/00000000-0000-4000-8000-00000000dead/${verb}`)
        .set(await q.auth('approver'))
        .send({})
        .expect(403);
  });
});
