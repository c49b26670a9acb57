import { FakeOkta, type FakeOktaUser, serviceAppKeys } from '../support/fake-okta.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';

const CLIENT_ID = '0oa1quellintegr0h7';
const ALICE_ID = '00u1aliceintegr0h7';
const keys = serviceAppKeys('rsa');

describe('okta connector inside Quell: an identity alert investigated with Okta facts, the user suspended once, then undone', () => {
  let fake: FakeOkta;
  let q: TestQuell;
  let alice: FakeOktaUser;
  beforeAll(async () => {
    fake = await FakeOkta.start({
      clientId: CLIENT_ID,
      kid: 'quell-1',
      publicKey: keys.publicKey,
      grants: ['okta.users.read', 'okta.users.manage', 'okta.logs.read', 'okta.roles.read'],
    });
    q = await startQuell({
      env: {
        OKTA_ORG_URL: fake.url,
        OKTA_CLIENT_ID: CLIENT_ID,
        OKTA_PRIVATE_KEY: keys.pem,
        OKTA_KEY_ID: 'quell-1',
        OKTA_ALLOW_INSECURE_HTTP: 'true',
        CATALOG_CONNECTORS: 'user.info=okta,user.signins=okta',
      },
    });
    alice = {
      id: ALICE_ID,
      status: 'ACTIVE',
      login: 'alice@contoso.com',
      firstName: 'Alice',
      lastName: 'Adams',
      passwordChanged: '2025-11-01T00:00:00.000Z',
      groups: ['Finance'],
    };
    fake.users.push(alice);
    // Identity actions wait for an analyst (the default), and go to Okta.
    await q.http
      .put('/api/v1/automation')
      .set(await q.auth('admin'))
      .send({ defaultLevel: 'full', families: { email: 'approval', identity: 'approval' }, connectors: { identity: 'okta' } })
      .expect(200);
  });
  afterAll(async () => {
    await q.close();
    await fake.close();
  });

  it('is listed with its identity actions and a healthy connection, and never shows the key', async () => {
    const body = (
      await q.http
        .get('/api/v1/connectors')
        .set(await q.auth('reader'))
        .expect(200)
    ).body;
    const okta = body.items.find((c: { name: string }) => c.name === 'okta');
    expect(okta).toMatchObject({
      families: ['identity'],
      actions: ['disable_user', 'enable_user', 'reset_password', 'revoke_sessions'],
      health: { ok: true, detail: 'token obtained; users, roles and System Log APIs answered' },
    });
    expect(JSON.stringify(body)).not.toContain('PRIVATE KEY');
  });

  it('investigates an impossible-travel alert from Okta sign-ins, and the approved suspension happens once and is undone', async () => {
    const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    fake.signins.push(
      { userId: ALICE_ID, login: alice.login, published: ago(180), ipAddress: '203.0.113.5', country: 'Netherlands', result: 'SUCCESS' },
      { userId: ALICE_ID, login: alice.login, published: ago(90), ipAddress: '198.51.100.7', country: 'Brazil', result: 'SUCCESS' },
    );
    const [analyst, approver] = await Promise.all([q.auth('analyst'), q.auth('approver')]);
    const accepted = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .send({
        externalId: 'okta-travel-1',
        source: 'identity',
        type: 'impossible_travel',
        title: 'Impossible travel activity',
        severity: 'high',
        entities: [{ type: 'user', upn: 'alice@contoso.com' }],
      })
      .expect(202);
    const alertId: string = accepted.body.results[0].id;

    // The compromised-account playbook reads Alice's sign-ins from the System Log and proposes containment.
    const pending = await eventually(
      async () => {
        const list = (await q.http.get('/api/v1/actions?status=pending&family=identity').set(analyst)).body.items as {
          id: string;
          type: string;
          alertId: string;
        }[];
        const mine = list.filter((a) => a.alertId === alertId);
        return mine.length === 3 ? mine : undefined;
      },
      60_000,
      'the proposed identity actions',
    );
    expect(pending.map((a) => a.type).sort()).toEqual(['disable_user', 'reset_password', 'revoke_sessions']);
    expect(fake.requests.some((r) => r.path.startsWith('/api/v1/logs') && r.path.includes('user.session.start'))).toBe(true);
    const alert = (await q.http.get(`/api/v1/alerts/${alertId}`).set(analyst).expect(200)).body;
    const incident = (await q.http.get(`/api/v1/incidents/${alert.incidentId}`).set(analyst).expect(200)).body;
    const investigation = (await q.http.get(`/api/v1/investigations/${incident.investigations[0].id}`).set(analyst).expect(200)).body;
    expect(JSON.stringify(investigation)).toContain('Impossible travel: true');

    const disable = pending.find((a) => a.type === 'disable_user')!;
    const approved = await q.http.post(`/api/v1/actions/${disable.id}/approve`).set(approver).send({ comment: 'confirmed with the user' });
    expect(approved.body.decision).toMatchObject({ approvals: 1, requiredApprovals: 2 });
    // Disabling a user the playbook found malicious takes two people.
    await q.http
      .post(`/api/v1/actions/${disable.id}/approve`)
      .set(await q.auth('admin'))
      .send({ comment: 'second pair of eyes' })
      .expect(200);
    const done = await eventually(async () => {
      const a = (await q.http.get(`/api/v1/actions/${disable.id}`).set(analyst)).body;
      return a.status === 'succeeded' || a.status === 'failed' ? a : undefined;
    });
    expect(done).toMatchObject({ status: 'succeeded', connector: 'okta' });
    expect(alice.status).toBe('SUSPENDED');
    expect(fake.counts.suspensions).toBe(1);

    await q.http.post(`/api/v1/actions/${disable.id}/undo`).set(approver).send({ comment: 'false alarm after all' }).expect(200);
    await eventually(async () =>
      (await q.http.get(`/api/v1/actions/${disable.id}`).set(analyst)).body.status === 'undone' ? true : undefined,
    );
    expect(alice.status).toBe('ACTIVE');
    expect(fake.counts).toMatchObject({ suspensions: 1, unsuspensions: 1, passwordExpiries: 0, sessionClears: 0 });
    expect(fake.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([
      `/api/v1/users/${ALICE_ID}/lifecycle/suspend`,
      `/api/v1/users/${ALICE_ID}/lifecycle/unsuspend`,
    ]);
  });

  it('answers user.info from Okta when CATALOG_CONNECTORS routes it there', async () => {
    const yaml = [
      'name: facts-from-okta',
      'version: "1"',
      'triggers:',
      '  - source: [identity]',
      'steps:',
      '  - id: info',
      '    uses: user.info',
      '    with: { user: alice@contoso.com }',
    ].join('\n');
    const res = await q.http
      .post('/api/v1/playbooks/simulate')
      .set(await q.auth('analyst'))
      .send({ yaml, alert: { externalId: 'okta-facts-1', source: 'identity', title: 'Odd sign-in', severity: 'medium', entities: [] } })
      .expect(200);
    expect(res.body.steps.find((s: { stepId: string }) => s.stepId === 'info')?.output).toMatchObject({
      found: true,
      upn: 'alice@contoso.com',
      status: 'ACTIVE',
      enabled: true,
      groups: ['Everyone', 'Finance'],
      isAdmin: false,
      source: 'okta',
    });
  });
});
