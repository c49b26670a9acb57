import { FakeFalcon } from '../support/fake-falcon.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';

const SECRET = 'falcon-client-secret-do-not-leak';
const AID = '4d2f0c1b9a8e7d6c5b4a392817161514';

/**
 * A device alert investigated through a running Quell with CrowdStrike Falcon answering the device
 * facts and carrying out the isolation: one containment request, followed until the sensor confirmed
 * it, and one lift on undo.
 */
describe('crowdstrike connector through a running Quell', () => {
  let fake: FakeFalcon;
  let q: TestQuell;
  beforeAll(async () => {
    fake = await FakeFalcon.start({ clientId: 'quell-falcon-client', clientSecret: SECRET });
    q = await startQuell({
      env: {
        FALCON_CLIENT_ID: 'quell-falcon-client',
        FALCON_CLIENT_SECRET: SECRET,
        FALCON_API_URL: fake.url,
        FALCON_ALLOW_INSECURE_HTTP: 'true',
        CATALOG_CONNECTORS: 'device.info=crowdstrike,file.reputation=crowdstrike',
      },
    });
    await q.http
      .put('/api/v1/automation')
      .set(await q.auth('admin'))
      .send({ connectors: { device: 'crowdstrike' } })
      .expect(200);
  });
  afterAll(async () => {
    await q.close();
    await fake.close();
  });

  it('lists the connector with its actions and a live health check naming a missing scope, never the secret', async () => {
    const list = async () =>
      (
        await q.http
          .get('/api/v1/connectors')
          .set(await q.auth('reader'))
          .expect(200)
      ).body;
    const falcon = (await list()).items.find((c: { name: string }) => c.name === 'crowdstrike');
    expect(falcon).toMatchObject({
      actions: ['block_file', 'isolate_device', 'release_device', 'unblock_file'],
      families: ['device'],
      health: { ok: true, detail: 'token obtained; hosts, host groups and IOC APIs answered' },
    });
    fake.scopes.delete('host-group:read');
    const body = await list();
    expect(body.items.find((c: { name: string }) => c.name === 'crowdstrike').health).toEqual({
      ok: false,
      detail: 'token obtained; the API client lacks the scope(s) Host groups: Read (403)',
    });
    expect(JSON.stringify(body)).not.toContain(SECRET);
    fake.scopes.add('host-group:read');
  });

  it('investigates a lateral-movement alert with Falcon device facts, contains the host once, and lifts containment on undo', async () => {
    fake.groups.push({ id: '9'.repeat(32), name: 'Servers', group_type: 'static' });
    fake.hosts.push({
      device_id: AID,
      hostname: 'SRV-42',
      platform_name: 'Windows',
      status: 'normal',
      groups: ['9'.repeat(32)],
      last_seen: '2026-01-10T08:00:00Z',
      local_ip: '10.0.4.42',
    });
    const res = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .send({
        externalId: 'falcon-lm-1',
        source: 'endpoint',
        title: 'PsExec lateral movement to SRV-42',
        severity: 'high',
        category: 'LateralMovement',
        entities: [{ type: 'device', hostname: 'srv-42.contoso.com' }],
      })
      .expect(202);
    const alertId: string = res.body.results[0].id;
    const reader = await q.auth('reader');
    const inv = await eventually(
      async () => {
        const alert = (await q.http.get(`/api/v1/alerts/${alertId}`).set(reader)).body;
        if (!alert.investigationId) return undefined;
        const i = (await q.http.get(`/api/v1/investigations/${alert.investigationId}`).set(reader)).body;
        return i.state === 'remediated' ? i : undefined;
      },
      60_000,
      'the investigation to remediate',
    );
    const isolate = inv.actions.find((a: { type: string }) => a.type === 'isolate_device');
    expect(isolate).toMatchObject({ status: 'succeeded' });
    const action = (await q.http.get(`/api/v1/actions/${isolate.id}`).set(reader).expect(200)).body;
    expect(action.connector).toBe('crowdstrike');
    expect(action.history.find((h: { kind: string }) => h.kind === 'succeeded').details).toMatchObject({
      deviceId: AID,
      status: 'contained',
      changed: true,
    });
    expect(fake.host(AID)!.status).toBe('contained');
    expect(fake.counts.containRequests).toBe(1);
    // The playbook asked Falcon for the device facts (by host name) before deciding.
    expect(
      fake.requests.some((r) => decodeURIComponent(r.path) === "/devices/queries/devices/v1?filter=hostname:'srv-42.contoso.com'&limit=20"),
    ).toBe(true);

    const undone = await q.http
      .post(`/api/v1/actions/${isolate.id}/undo`)
      .set(await q.auth('approver'))
      .send({ comment: 'host cleaned' })
      .expect(200);
    expect(undone.body.status).toBe('undone');
    expect(fake.host(AID)!.status).toBe('normal');
    expect(fake.counts).toMatchObject({ containRequests: 1, liftRequests: 1 });
  });
});
