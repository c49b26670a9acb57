import { FakeGraph, type FakeGraphUser } from '../support/fake-graph.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';

const SECRET = 'entra-client-secret-do-not-leak';
const ALICE_ID = '5d2e7c1a-8f3b-4c6d-9e0a-1b2c3d4e5f60';

describe('entra connector inside Quell: registered when configured, actions exactly once, facts by route', () => {
  let fake: FakeGraph;
  let q: TestQuell;
  let alice: FakeGraphUser;
  beforeAll(async () => {
    fake = await FakeGraph.start({ tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-graph-app', clientSecret: SECRET });
    q = await startQuell({
      env: {
        ENTRA_TENANT_ID: 'contoso.onmicrosoft.com',
        ENTRA_CLIENT_ID: 'quell-graph-app',
        ENTRA_CLIENT_SECRET: SECRET,
        GRAPH_API_URL: fake.url,
        ENTRA_LOGIN_URL: fake.url,
        ENTRA_ALLOW_INSECURE_HTTP: 'true',
        CATALOG_CONNECTORS: 'user.info=entra,user.signins=entra',
      },
    });
    alice = {
      id: ALICE_ID,
      userPrincipalName: 'alice@contoso.com',
      displayName: 'Alice',
      accountEnabled: true,
      lastPasswordChangeDateTime: null,
      signInSessionsValidFromDateTime: null,
      groups: ['Finance'],
    };
    fake.users.push(alice);
    await q.http
      .put('/api/v1/automation')
      .set(await q.auth('admin'))
      .send({ defaultLevel: 'full', families: { email: 'approval', identity: 'automatic' }, connectors: { identity: 'entra' } })
      .expect(200);
  });
  afterAll(async () => {
    await q.close();
    await fake.close();
  });

  const act = async (type: string) => {
    const admin = await q.auth('admin');
    const created = await q.http
      .post('/api/v1/actions')
      .set(admin)
      .send({ type, target: { type: 'user', upn: 'alice@contoso.com' }, reason: 'account takeover' })
      .expect(201);
    return eventually(async () => {
      const a = (await q.http.get(`/api/v1/actions/${created.body.id}`).set(admin)).body;
      return a.status === 'succeeded' || a.status === 'failed' ? a : undefined;
    });
  };

  it('is listed with its identity actions and a healthy connection', async () => {
    const body = (
      await q.http
        .get('/api/v1/connectors')
        .set(await q.auth('reader'))
        .expect(200)
    ).body;
    const entra = body.items.find((c: { name: string }) => c.name === 'entra');
    expect(entra).toMatchObject({ families: ['identity'], health: { ok: true, detail: 'token obtained; Graph users API answered' } });
    expect(entra.actions).toEqual(expect.arrayContaining(['disable_user', 'reset_password', 'revoke_sessions', 'mark_user_compromised']));
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });

  it('revokes sessions once when the first answer is lost and the activity retries', async () => {
    fake.inject({ match: /revokeSignInSessions$/, dropAfterEffect: true });
    const action = await act('revoke_sessions');
    expect(action).toMatchObject({ status: 'succeeded', connector: 'entra' });
    expect(fake.counts.revocations).toBe(1);
    const [row] = await q.db.query(`SELECT done_at IS NOT NULL AS done FROM connector_ledger WHERE action_id = $1`, [action.id]);
    expect(row).toEqual({ done: true });
  });

  it('resets the password once, and the action history never holds the password', async () => {
    const action = await act('reset_password');
    expect(action.status).toBe('succeeded');
    expect(fake.counts.passwordResets).toBe(1);
    expect(alice.forceChangePasswordNextSignIn).toBe(true);
    expect(JSON.stringify(action)).not.toContain(alice.password!);
  });

  it('answers user.info and user.signins from Graph when CATALOG_CONNECTORS routes them there', async () => {
    fake.signins.push({
      userPrincipalName: 'alice@contoso.com',
      createdDateTime: new Date(Date.now() - 3600_000).toISOString(),
      ipAddress: '203.0.113.9',
      countryOrRegion: 'NL',
      errorCode: 0,
    });
    const yaml = [
      'name: facts-from-entra',
      'version: "1"',
      'triggers:',
      '  - source: [identity]',
      'steps:',
      '  - id: info',
      '    uses: user.info',
      '    with: { user: alice@contoso.com }',
      '  - id: signins',
      '    uses: user.signins',
      '    with: { user: alice@contoso.com }',
    ].join('\n');
    const res = await q.http
      .post('/api/v1/playbooks/simulate')
      .set(await q.auth('analyst'))
      .send({ yaml, alert: { externalId: 'entra-facts-1', source: 'identity', title: 'Odd sign-in', severity: 'medium', entities: [] } })
      .expect(200);
    const output = (id: string) => res.body.steps.find((s: { stepId: string }) => s.stepId === id)?.output;
    expect(output('info')).toMatchObject({ found: true, upn: 'alice@contoso.com', groups: ['Finance'], isAdmin: false, source: 'entra' });
    expect(output('signins')).toMatchObject({ total: 1, countries: ['NL'], succeeded: 1, failed: 0, impossibleTravel: false });
  });
});
