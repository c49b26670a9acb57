import { FakeMde } from '../support/fake-mde.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';

const SECRET = 'mde-client-secret-do-not-leak';

describe('connectors: what each carries out, where actions go, and whether it works right now', () => {
  let fake: FakeMde;
  let q: TestQuell;
  beforeAll(async () => {
    fake = await FakeMde.start({ tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-app', clientSecret: SECRET });
    q = await startQuell({
      env: {
        MDE_TENANT_ID: 'contoso.onmicrosoft.com',
        MDE_CLIENT_ID: 'quell-app',
        MDE_CLIENT_SECRET: SECRET,
        MDE_API_URL: fake.url,
        MDE_LOGIN_URL: fake.url,
        MDE_ALLOW_INSECURE_HTTP: 'true',
        HTTP_CONNECTOR_CONFIG: JSON.stringify({ block_sender: { url: 'http://127.0.0.1:9/block' } }),
        CATALOG_CONNECTORS: 'device.info=mde,user.signins=okta,user.info=okta',
        // One look per activity, and a short wait on an undo: the workflow's durable timer does the following.
        MDE_FOLLOW_SECONDS: '1',
        ACTION_WAIT_SECONDS: '2',
      },
    });
  });
  afterAll(async () => {
    await q.close();
    await fake.close();
  });

  const list = async () =>
    (
      await q.http
        .get('/api/v1/connectors')
        .set(await q.auth('reader'))
        .expect(200)
    ).body;
  const named = (body: { items: { name: string }[] }, name: string) => body.items.find((c) => c.name === name) as Record<string, unknown>;

  it('lists every configured connector with its actions and live health, and routes families by the automation settings', async () => {
    let body = await list();
    expect(body.items.map((c: { name: string }) => c.name).sort()).toEqual(['http', 'lab', 'mde']);
    expect(named(body, 'mde')).toMatchObject({ families: [], health: { ok: true, detail: 'token obtained; machines API answered' } });
    expect(named(body, 'mde').actions).toEqual(expect.arrayContaining(['isolate_device', 'release_device', 'run_av_scan', 'block_file']));
    expect(named(body, 'lab')).toMatchObject({ families: ['device', 'file', 'email', 'identity', 'network'], health: { ok: true } });
    expect(named(body, 'http')).toMatchObject({ actions: ['block_sender'], health: { ok: true, detail: '1 action endpoint configured' } });
    expect(body.unroutedFamilies).toEqual([]);

    const admin = await q.auth('admin');
    const refused = await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ connectors: { device: 'mde', identity: 'okta' } })
      .expect(400);
    expect(refused.body.errors).toEqual([{ path: 'connectors.identity', message: expect.stringContaining("no connector named 'okta'") }]);
    await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ connectors: { device: 'mde' } })
      .expect(200);
    body = await list();
    expect(named(body, 'mde').families).toEqual(['device']);
    expect(named(body, 'mde').types).toEqual(['isolate_device', 'restrict_app_execution', 'run_av_scan', 'collect_investigation_package']);
    expect(named(body, 'mde').facts).toEqual(['device.info']);
    expect(named(body, 'lab').families).toEqual(['file', 'email', 'identity', 'network']);
    expect(named(body, 'lab').facts).toEqual(['email.similar']);
    expect(body.unsupportedTypes).toEqual([]);

    // One action type routed on its own: the URL block goes to Defender while the rest of e-mail stays.
    await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ connectors: { device: 'mde', block_url: 'mde' } })
      .expect(200);
    body = await list();
    expect(named(body, 'mde').types).toContain('block_url');
    expect(named(body, 'lab').types).not.toContain('block_url');
    expect(named(body, 'lab').types).toContain('soft_delete_email');

    const unsupported = await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ connectors: { quarantine_file: 'mde' } })
      .expect(400);
    expect(unsupported.body.errors).toEqual([
      { path: 'connectors.quarantine_file', message: expect.stringContaining('the mde connector does not carry out quarantine_file') },
    ]);
    await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ connectors: { device: 'mde', file: 'mde' } })
      .expect(200);
    expect((await list()).unsupportedTypes).toEqual([
      { type: 'quarantine_file', connector: 'mde' },
      { type: 'remove_persistence', connector: 'mde' },
    ]);
    await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ connectors: { device: 'mde' } })
      .expect(200);
  });

  it('names what is wrong when the product refuses the credentials, without the secret', async () => {
    fake.credentials.clientSecret = 'rotated-at-the-vendor';
    fake.revokeTokens();
    const body = await list();
    const mde = named(body, 'mde') as { health: { ok: boolean; detail: string } };
    expect(mde.health.ok).toBe(false);
    expect(mde.health.detail).toMatch(/invalid_client|token/i);
    expect(JSON.stringify(body)).not.toContain(SECRET);
    fake.credentials.clientSecret = SECRET;
  });

  it('refuses an undo the connector cannot carry out (409, naming why and the step by hand), every time it is asked', async () => {
    const admin = await q.auth('admin');
    fake.machines.push({ id: 'a'.repeat(40), computerDnsName: 'ws-77.contoso.com', lastSeen: '2026-01-10T08:00:00Z' });
    await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ defaultLevel: 'full', connectors: { file: 'mde' } })
      .expect(200);
    const sha1 = 'b'.repeat(40);
    const action = await q.http
      .post('/api/v1/actions')
      .set(admin)
      .send({ type: 'stop_and_quarantine_file', target: { type: 'file', sha1 }, params: { deviceId: 'ws-77' }, reason: 'known bad' })
      .expect(201);
    const succeeded = await eventually(async () => {
      const a = (await q.http.get(`/api/v1/actions/${action.body.id}`).set(admin)).body;
      return a.status === 'succeeded' ? a : undefined;
    });
    expect(succeeded.connector).toBe('mde');
    for (let i = 0; i < 2; i++) {
      const undo = await q.http
        .post(`/api/v1/actions/${action.body.id}/undo`)
        .set(await q.auth('approver'))
        .expect(409);
      expect(undo.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(undo.body.detail).toMatch(/the mde connector cannot .*\(restore_file\)/);
      expect(undo.body.byHand).toBe("Restore file from quarantine in the product's own console.");
    }
  });

  it('follows an isolation the device has not picked up on a durable timer, succeeding only when Defender reports it; the undo answers 202 until released', async () => {
    const admin = await q.auth('admin');
    await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ defaultLevel: 'full', connectors: { device: 'mde' } })
      .expect(200);
    const machineId = 'c'.repeat(40);
    fake.machines.push({ id: machineId, computerDnsName: 'ws-slow.contoso.com', lastSeen: '2026-01-10T08:00:00Z' });
    fake.pollsToFinish = 5;
    try {
      const created = await q.http
        .post('/api/v1/actions')
        .set(await q.auth('analyst'))
        .send({ type: 'isolate_device', target: { type: 'device', hostname: 'ws-slow' }, reason: 'offline laptop' })
        .expect(201);
      const id: string = created.body.id;
      const history = async () => (await q.http.get(`/api/v1/actions/${id}`).set(admin)).body;
      const running = await eventually(async () => {
        const a = await history();
        return a.status === 'running' && a.history.some((h: { kind: string }) => h.kind === 'in_progress') ? a : undefined;
      });
      expect(running.result).toMatchObject({ machineActionId: expect.any(String) });
      expect(fake.machines.find((m) => m.id === machineId)!.isolation).toBeFalsy();

      const done = await eventually(
        async () => ((await history()).status === 'succeeded' ? history() : undefined),
        60_000,
        'the reported isolation',
      );
      expect(done.result).toMatchObject({ status: 'Succeeded' });
      expect(fake.machines.find((m) => m.id === machineId)!.isolation).toBe('Full');
      expect(fake.actions.filter((a) => a.machineId === machineId)).toHaveLength(1);

      const undo = await q.http
        .post(`/api/v1/actions/${id}/undo`)
        .set(await q.auth('approver'))
        .expect(202);
      expect(undo.body.status).toBe('succeeded');
      await eventually(async () => ((await history()).status === 'undone' ? true : undefined), 60_000, 'the reported release');
      expect(fake.machines.find((m) => m.id === machineId)!.isolation).toBeNull();
      expect(fake.actions.filter((a) => a.machineId === machineId).map((a) => a.type)).toEqual(['Isolate', 'Unisolate']);
      const kinds = (await history()).history.map((h: { kind: string }) => h.kind);
      expect(kinds).toEqual(expect.arrayContaining(['in_progress', 'succeeded', 'undo_in_progress', 'undone']));
    } finally {
      fake.pollsToFinish = 2;
    }
  }, 150_000);

  it('answers device facts from the connector CATALOG_CONNECTORS names, and an unconfigured one as unavailable', async () => {
    fake.machines.push({
      id: 'e'.repeat(40),
      computerDnsName: 'ws-88.contoso.com',
      lastSeen: '2026-01-10T08:00:00Z',
      riskScore: 'High',
      rbacGroupName: 'Tier0',
      logonUsers: [
        {
          id: 'contoso\\carol',
          accountName: 'carol',
          accountDomain: 'CONTOSO',
          accountSid: 'S-1-5-21-1-2-3-1105',
          firstSeen: '2026-01-01T08:00:00Z',
          lastSeen: '2026-01-10T07:00:00Z',
          logonTypes: 'Interactive',
          isDomainAdmin: true,
          isOnlyNetworkUser: false,
        },
      ],
    });
    const yaml = [
      'name: facts-from-mde',
      'version: "1"',
      'triggers:',
      '  - source: [endpoint]',
      'steps:',
      '  - id: facts',
      '    uses: device.info',
      '    with: { device: ws-88 }',
      '  - id: signins',
      '    uses: user.signins',
      '    with: { user: carol@contoso.com }',
    ].join('\n');
    const res = await q.http
      .post('/api/v1/playbooks/simulate')
      .set(await q.auth('analyst'))
      .send({ yaml, alert: { externalId: 'facts-1', source: 'endpoint', title: 'Suspicious logon', severity: 'high', entities: [] } })
      .expect(200);
    const output = (id: string) => res.body.steps.find((s: { stepId: string }) => s.stepId === id)?.output;
    expect(output('facts')).toMatchObject({
      found: true,
      hostname: 'ws-88.contoso.com',
      deviceGroup: 'Tier0',
      risk: 'high',
      loggedOnUsers: ['contoso\\carol'],
      domainAdminLoggedOn: true,
      source: 'mde',
    });
    expect(output('signins')).toEqual({ available: false, reason: "user.signins is routed to connector 'okta', which is not configured" });
    expect(fake.requests.map((r) => r.path)).toContain(`/api/machines/${'e'.repeat(40)}/logonusers`);
  });

  it('lets the generic playbook read a question nobody answers as missing facts, not as a failure or a clean bill', async () => {
    const res = await q.http
      .post('/api/v1/playbooks/simulate')
      .set(await q.auth('analyst'))
      .send({
        playbook: 'generic-alert',
        alert: {
          externalId: 'generic-1',
          source: 'identity',
          title: 'Odd sign-in',
          severity: 'medium',
          entities: [{ type: 'user', upn: 'dan@contoso.com' }],
        },
      })
      .expect(200);
    expect(res.body.status).toBe('succeeded');
    expect(res.body.verdicts).toEqual([
      expect.objectContaining({
        key: 'user:upn:dan@contoso.com',
        verdict: 'unknown',
        reasons: [
          expect.objectContaining({ detector: 'identity' }),
          expect.objectContaining({ playbook: 'generic-alert', reason: expect.stringContaining('No connector knows this account') }),
        ],
      }),
    ]);
    expect(res.body.outcome).toEqual({ ifActionsSucceed: 'partially_investigated', unsettled: ['user:upn:dan@contoso.com'] });
  });
});
