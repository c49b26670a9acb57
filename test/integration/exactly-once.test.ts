import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { FakeFalcon } from '../support/fake-falcon.js';
import { FakeGraph } from '../support/fake-graph.js';
import { FakeMde } from '../support/fake-mde.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';
import { addLabDevice } from '../support/lab.js';
import { workerFor } from '../support/worker.js';

/**
 * A worker process is killed after the connector has committed an action's effect but before the
 * activity reported back. Temporal retries the activity on a new worker; the connector sees the
 * action id in its ledger and does nothing again. Exactly one effect.
 */
describe('exactly-once remediation under a killed worker', () => {
  let q: TestQuell;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    q = await startQuell({ env: { QUELL_ROLE: 'api' } });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await q.close();
  });

  const startWorker = () => workerFor(q);

  // Automatic execution runs as a regular activity; an approval runs the action as a local activity
  // inside the workflow task that delivered the decision. Both must survive the worker dying.
  it.each([
    ['an automatic action', false],
    ['an approved action', true],
  ])(
    'produces one effect for %s when the worker dies between the effect and the acknowledgement',
    async (_label, approval) => {
      const host = `ws-${randomBytes(3).toString('hex')}`;
      await addLabDevice(q.db, { host });
      const admin = await q.auth('admin');
      const holdDevice = new pg.Client({ connectionString: q.config.database.url });
      const holdAction = new pg.Client({ connectionString: q.config.database.url });
      await Promise.all([holdDevice.connect(), holdAction.connect()]);
      try {
        if (approval) await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
        // 1. Hold the device row: the connector's transaction will wait on it.
        await holdDevice.query('BEGIN');
        await holdDevice.query('SELECT 1 FROM lab_devices WHERE hostname = $1 FOR UPDATE', [host]);
        worker = startWorker();
        const created = await q.http
          .post('/api/v1/actions')
          .set(await q.auth('analyst'))
          .send({ type: 'run_av_scan', target: { type: 'device', hostname: host }, reason: 'exactly once' })
          .expect(201);
        const id: string = created.body.id;
        // Sent now (`then` sends it); it can only answer after the worker has died and come back.
        const approved = approval
          ? q.http
              .post(`/api/v1/actions/${id}/approve`)
              .set(admin)
              .send({})
              .then((res) => res)
          : undefined;
        await eventually(
          async () => ((await q.db.query('SELECT status FROM actions WHERE id = $1', [id]))[0].status === 'running' ? true : undefined),
          30_000,
          'execution started',
        );
        // 2. Hold the action row, then let the connector commit: the activity cannot record the result.
        await holdAction.query('BEGIN');
        await holdAction.query('SELECT 1 FROM actions WHERE id = $1 FOR UPDATE', [id]);
        await holdDevice.query('COMMIT');
        await eventually(
          async () => ((await q.db.query('SELECT 1 FROM lab_effects WHERE action_id = $1', [id])).length ? true : undefined),
          10_000,
          'effect committed',
        );
        // 3. Kill the worker with the effect committed and the activity unacknowledged.
        worker.kill('SIGKILL');
        await new Promise((r) => worker!.once('exit', r));
        await holdAction.query('ROLLBACK');
        worker = startWorker();
        await eventually(
          async () => {
            const [a] = await q.db.query('SELECT status FROM actions WHERE id = $1', [id]);
            return a.status === 'succeeded' ? a : undefined;
          },
          60_000,
          'the retried execution',
        );
        // The approver's call answers with the outcome once the decision's task has run again.
        if (approved) expect((await approved).body).toMatchObject({ status: 'succeeded' });
        const [device] = await q.db.query('SELECT av_scans FROM lab_devices WHERE hostname = $1', [host]);
        expect(device.av_scans).toBe(1);
        const effects = await q.db.query('SELECT operation FROM lab_effects WHERE action_id = $1', [id]);
        expect(effects).toHaveLength(1);
        const history = await q.db.query(`SELECT kind, details FROM action_history WHERE action_id = $1 ORDER BY id`, [id]);
        expect(history.filter((h: { kind: string }) => h.kind === 'execution_started').length).toBeGreaterThanOrEqual(2);
        expect(history.filter((h: { kind: string }) => h.kind === 'approved')).toHaveLength(approval ? 1 : 0);
        expect(history.find((h: { kind: string }) => h.kind === 'succeeded').details.replayed).toBe(true);
      } finally {
        worker?.kill('SIGKILL');
        if (approval) await q.http.put('/api/v1/automation').set(admin).send({}).expect(200);
        await holdDevice.end().catch(() => undefined);
        await holdAction.end().catch(() => undefined);
      }
    },
    120_000,
  );
});

/**
 * The same against Defender for Endpoint, which ignores idempotency keys: the worker dies after
 * Defender accepted the isolation and before the answer arrived. The retried attempt finds the
 * machine action by the Quell action id in its comment and follows it instead of isolating again.
 */
describe('exactly-once isolation through Defender for Endpoint under a killed worker', () => {
  const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-app', clientSecret: 'mde-secret-value' };
  let fake: FakeMde;
  let q: TestQuell;
  let worker: ChildProcess | undefined;
  let mdeEnv: Record<string, string>;

  beforeAll(async () => {
    fake = await FakeMde.start(credentials);
    mdeEnv = {
      MDE_TENANT_ID: credentials.tenantId,
      MDE_CLIENT_ID: credentials.clientId,
      MDE_CLIENT_SECRET: credentials.clientSecret,
      MDE_API_URL: fake.url,
      MDE_LOGIN_URL: fake.url,
      MDE_ALLOW_INSECURE_HTTP: 'true',
    };
    q = await startQuell({ env: { QUELL_ROLE: 'api', ...mdeEnv } });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await q.close();
    await fake.close();
  });

  it('isolates the device once when the worker dies between Defender accepting and Quell recording', async () => {
    const admin = await q.auth('admin');
    await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ connectors: { device: 'mde' } })
      .expect(200);
    fake.machines.push({ id: 'f'.repeat(40), computerDnsName: 'ws-kill.contoso.com', lastSeen: '2026-01-10T08:00:00Z' });
    let release = () => {};
    fake.inject({ match: /^POST \/api\/machines\/f+\/isolate$/, holdAfterEffect: new Promise<void>((r) => (release = r)) });
    worker = workerFor(q, mdeEnv);
    const created = await q.http
      .post('/api/v1/actions')
      .set(await q.auth('analyst'))
      .send({ type: 'isolate_device', target: { type: 'device', hostname: 'ws-kill' }, reason: 'exactly once' })
      .expect(201);
    const id: string = created.body.id;
    await eventually(async () => (fake.counts.machineActionsCreated === 1 ? true : undefined), 30_000, 'Defender accepted the isolation');
    worker.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    release();
    worker = workerFor(q, mdeEnv);
    const done = await eventually(
      async () => {
        const a = (await q.http.get(`/api/v1/actions/${id}`).set(admin)).body;
        return a.status === 'succeeded' ? a : undefined;
      },
      90_000,
      'the retried isolation',
    );
    expect(done.connector).toBe('mde');
    expect(fake.counts.machineActionsCreated).toBe(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/isolate'))).toHaveLength(1);
    const [machine] = fake.machines.filter((m) => m.id === 'f'.repeat(40));
    expect(machine.isolation).toBeTruthy();
    const history = await q.db.query(`SELECT kind, details FROM action_history WHERE action_id = $1 ORDER BY id`, [id]);
    expect(history.find((h: { kind: string }) => h.kind === 'succeeded').details.replayed).toBe(true);
  }, 150_000);
});

/**
 * And against Entra ID: the worker dies after Graph applied the change and before the answer
 * arrived. Disabling is a state the retry reads before it writes; a password reset is an event the
 * connector's ledger recognises by Graph's own change time. Either way, one effect.
 */
describe('exactly-once identity actions through Entra ID under a killed worker', () => {
  const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-graph-app', clientSecret: 'graph-secret-value' };
  let fake: FakeGraph;
  let q: TestQuell;
  let worker: ChildProcess | undefined;
  let entraEnv: Record<string, string>;

  beforeAll(async () => {
    fake = await FakeGraph.start(credentials);
    entraEnv = {
      ENTRA_TENANT_ID: credentials.tenantId,
      ENTRA_CLIENT_ID: credentials.clientId,
      ENTRA_CLIENT_SECRET: credentials.clientSecret,
      GRAPH_API_URL: fake.url,
      ENTRA_LOGIN_URL: fake.url,
      ENTRA_ALLOW_INSECURE_HTTP: 'true',
    };
    q = await startQuell({ env: { QUELL_ROLE: 'api', ...entraEnv } });
    await q.http
      .put('/api/v1/automation')
      .set(await q.auth('admin'))
      .send({ families: { identity: 'automatic' }, connectors: { identity: 'entra' } })
      .expect(200);
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await q.close();
    await fake.close();
  });

  it.each([
    ['disable_user', 'accountChanges'],
    ['reset_password', 'passwordResets'],
  ] as const)(
    'carries out %s once when the worker dies between Graph applying it and Quell recording it',
    async (type, counter) => {
      const id = randomBytes(16)
        .toString('hex')
        .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
      const upn = `${type}@contoso.com`;
      fake.users.push({
        id,
        userPrincipalName: upn,
        displayName: type,
        accountEnabled: true,
        lastPasswordChangeDateTime: null,
        signInSessionsValidFromDateTime: null,
      });
      let release = () => {};
      fake.inject({ match: new RegExp(`^PATCH /v1\\.0/users/`), holdAfterEffect: new Promise<void>((r) => (release = r)) });
      const before = fake.counts[counter];
      worker = workerFor(q, entraEnv);
      const created = await q.http
        .post('/api/v1/actions')
        .set(await q.auth('analyst'))
        .send({ type, target: { type: 'user', upn }, reason: 'exactly once' })
        .expect(201);
      await eventually(async () => (fake.counts[counter] === before + 1 ? true : undefined), 30_000, 'Graph applied the change');
      worker.kill('SIGKILL');
      await new Promise((r) => worker!.once('exit', r));
      release();
      worker = workerFor(q, entraEnv);
      const done = await eventually(
        async () => {
          const a = (await q.http.get(`/api/v1/actions/${created.body.id}`).set(await q.auth('admin'))).body;
          return a.status === 'succeeded' ? a : undefined;
        },
        90_000,
        'the retried action',
      );
      expect(done.connector).toBe('entra');
      expect(fake.counts[counter]).toBe(before + 1);
      expect(fake.requests.filter((r) => r.method === 'PATCH' && (r.path.includes(id) || r.path.includes(upn)))).toHaveLength(1);
      worker.kill('SIGKILL');
      await new Promise((r) => worker!.once('exit', r));
    },
    150_000,
  );
});

/**
 * And against CrowdStrike Falcon, where containment is a state: the worker dies after Falcon accepted
 * the containment and before the answer arrived. The retried attempt reads the host, finds it
 * containment_pending, and follows it to contained without sending again.
 */
describe('exactly-once containment through CrowdStrike Falcon under a killed worker', () => {
  const credentials = { clientId: 'quell-falcon-client', clientSecret: 'falcon-secret-value' };
  const aid = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
  let fake: FakeFalcon;
  let q: TestQuell;
  let worker: ChildProcess | undefined;
  let falconEnv: Record<string, string>;

  beforeAll(async () => {
    fake = await FakeFalcon.start(credentials);
    falconEnv = {
      FALCON_CLIENT_ID: credentials.clientId,
      FALCON_CLIENT_SECRET: credentials.clientSecret,
      FALCON_API_URL: fake.url,
      FALCON_ALLOW_INSECURE_HTTP: 'true',
    };
    q = await startQuell({ env: { QUELL_ROLE: 'api', ...falconEnv } });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await q.close();
    await fake.close();
  });

  it('contains the host once when the worker dies between Falcon accepting and Quell recording', async () => {
    const admin = await q.auth('admin');
    await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ connectors: { device: 'crowdstrike' } })
      .expect(200);
    fake.hosts.push({ device_id: aid, hostname: 'WS-KILL', status: 'normal', last_seen: '2026-01-10T08:00:00Z' });
    let release = () => {};
    fake.inject({ match: /^POST \/devices\/entities\/devices-actions\/v2$/, holdAfterEffect: new Promise<void>((r) => (release = r)) });
    worker = workerFor(q, falconEnv);
    const created = await q.http
      .post('/api/v1/actions')
      .set(await q.auth('analyst'))
      .send({ type: 'isolate_device', target: { type: 'device', hostname: 'ws-kill' }, reason: 'exactly once' })
      .expect(201);
    const id: string = created.body.id;
    await eventually(async () => (fake.counts.containRequests === 1 ? true : undefined), 30_000, 'Falcon accepted the containment');
    worker.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    release();
    worker = workerFor(q, falconEnv);
    const done = await eventually(
      async () => {
        const a = (await q.http.get(`/api/v1/actions/${id}`).set(admin)).body;
        return a.status === 'succeeded' ? a : undefined;
      },
      90_000,
      'the retried containment',
    );
    expect(done.connector).toBe('crowdstrike');
    expect(fake.counts.containRequests).toBe(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/devices/entities/devices-actions/v2'))).toHaveLength(1);
    expect(fake.host(aid)!.status).toBe('contained');
    const history = await q.db.query(`SELECT kind, details FROM action_history WHERE action_id = $1 ORDER BY id`, [id]);
    expect(history.filter((h: { kind: string }) => h.kind === 'execution_started').length).toBeGreaterThanOrEqual(2);
    expect(history.find((h: { kind: string }) => h.kind === 'succeeded').details).toMatchObject({
      status: 'contained',
      statusBefore: 'containment_pending',
      changed: false,
    });
  }, 150_000);
});
