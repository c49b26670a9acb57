import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/paths.js';
import { FakeGraphSecurity, securityAlert } from '../support/fake-graph-security.js';
import { FakeMde } from '../support/fake-mde.js';
import { startFakeOtlp } from '../support/fake-otlp.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addIndicator, addLabDevice } from '../support/lab.js';
import {
  actionWorkflowId,
  alertUpdateWorkflowId,
  alertWorkflowId,
  backtestWorkflowId,
  investigationWorkflowId,
  shadowWorkflowId,
  sourceWorkflowId,
  undoWorkflowId,
  writebackWorkflowId,
} from '../../workflows/ids.js';

/**
 * Records one history of every workflow type into test/histories/ for the replay test. Runs only
 * with RECORD_HISTORIES=1: do it when a workflow changes on purpose, and commit the files.
 */
const record = process.env.RECORD_HISTORIES === '1';

/** The CLI writes the same JSON that `temporal workflow show --output json` gives anyone. */
async function save(type: string, workflowId: string, q: TestQuell) {
  const json = execFileSync(
    join(projectRoot, '.quell', 'bin', 'temporal'),
    [
      'workflow',
      'show',
      '--workflow-id',
      workflowId,
      '--namespace',
      q.config.temporal.namespace,
      '--address',
      q.config.temporal.address!,
      '--output',
      'json',
    ],
    { encoding: 'utf8' },
  );
  writeFileSync(join(projectRoot, 'test', 'histories', `${type}.json`), json);
}

(record ? describe : describe.skip)('recording workflow histories', () => {
  let q: TestQuell;
  beforeAll(async () => {
    q = await startQuell();
  });
  afterAll(() => q.close());

  it('records every workflow type', async () => {
    const admin = await q.auth('admin');
    await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
    const host = 'ws-history';
    await addLabDevice(q.db, { host });
    const sha256 = 'ab'.repeat(32);
    await q.db.query(
      `INSERT INTO lab_files (device_id, sha256, path, name, quarantined) VALUES ($1, $2, 'C:\\Temp\\x.exe', 'x.exe', false)`,
      [`dev-${host}`, sha256],
    );
    await addIndicator(q.db, sha256, 'malicious');
    const res = await q.http
      .post('/api/v1/alerts')
      .set(admin)
      .send({
        externalId: 'history-1',
        source: 'endpoint',
        type: 'malware_detected',
        title: 'Malware detected',
        severity: 'high',
        entities: [
          { type: 'device', hostname: host },
          { type: 'file', sha256, name: 'x.exe', path: 'C:\\Temp\\x.exe' },
        ],
      })
      .expect(202);
    const alertId = res.body.results[0].id;
    const out = await workflowResult(q.client, alertWorkflowId(alertId));
    const pending = await eventually(async () => {
      const r = await q.http.get(`/api/v1/actions?status=pending&incidentId=${out.incidentId}`).set(admin);
      return r.body.items.length === 2 ? r.body.items : undefined;
    });
    for (const a of pending) await q.http.post(`/api/v1/actions/${a.id}/approve`).set(admin).send({}).expect(200);
    const isolate = pending.find((a: { type: string }) => a.type === 'isolate_device');
    await q.http.post(`/api/v1/actions/${isolate.id}/undo`).set(admin).expect(200);
    await q.client.workflow.getHandle(investigationWorkflowId(out.incidentId)).result();
    const benchId = `bench-history-${Date.now()}`;
    await q.client.workflow.execute('benchBaselineWorkflow', { workflowId: benchId, taskQueue: q.config.temporal.taskQueue, args: [2] });
    await save('benchBaselineWorkflow', benchId, q);
    const waiting = await q.client.workflow.start('benchWaitingWorkflow', {
      workflowId: `${benchId}-waiting`,
      taskQueue: q.config.temporal.taskQueue,
    });
    await waiting.executeUpdate('benchPing');
    await waiting.result();
    await save('benchWaitingWorkflow', waiting.workflowId, q);
    await save('alertWorkflow', alertWorkflowId(alertId), q);
    await save('investigationWorkflow', investigationWorkflowId(out.incidentId), q);
    await save('actionWorkflow', actionWorkflowId(isolate.id), q);
    await save('undoActionWorkflow', undoWorkflowId(isolate.id), q);
  });
});

/**
 * Histories of runs started and decided with a trace in their headers: replaying them runs the
 * OpenTelemetry workflow interceptors (which make no commands) through every traced path.
 */
(record ? describe : describe.skip)('recording traced histories', () => {
  let q: TestQuell;
  let otlp: Awaited<ReturnType<typeof startFakeOtlp>>;
  beforeAll(async () => {
    otlp = await startFakeOtlp();
    q = await startQuell({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url } });
  });
  afterAll(async () => {
    await q.close();
    await otlp.close();
  });

  it('records an alert, its investigation and an approved action, traced', async () => {
    const admin = await q.auth('admin');
    await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
    const host = 'ws-traced-history';
    await addLabDevice(q.db, { host });
    const sha256 = 'cd'.repeat(32);
    await q.db.query(
      `INSERT INTO lab_files (device_id, sha256, path, name, quarantined) VALUES ($1, $2, 'C:\\Temp\\y.exe', 'y.exe', false)`,
      [`dev-${host}`, sha256],
    );
    await addIndicator(q.db, sha256, 'malicious');
    const res = await q.http
      .post('/api/v1/alerts')
      .set(admin)
      .set('traceparent', `00-${'1f'.repeat(16)}-${'2e'.repeat(8)}-01`)
      .send({
        externalId: 'history-traced-1',
        source: 'endpoint',
        type: 'malware_detected',
        title: 'Malware detected',
        severity: 'high',
        entities: [
          { type: 'device', hostname: host },
          { type: 'file', sha256, name: 'y.exe', path: 'C:\\Temp\\y.exe' },
        ],
      })
      .expect(202);
    const alertId = res.body.results[0].id;
    const out = await workflowResult(q.client, alertWorkflowId(alertId));
    const pending = await eventually(async () => {
      const r = await q.http.get(`/api/v1/actions?status=pending&incidentId=${out.incidentId}`).set(admin);
      return r.body.items.length === 2 ? r.body.items : undefined;
    });
    for (const a of pending) await q.http.post(`/api/v1/actions/${a.id}/approve`).set(admin).send({}).expect(200);
    await q.client.workflow.getHandle(investigationWorkflowId(out.incidentId)).result();
    const isolate = pending.find((a: { type: string }) => a.type === 'isolate_device');
    await save('alertWorkflow.traced', alertWorkflowId(alertId), q);
    await save('investigationWorkflow.traced', investigationWorkflowId(out.incidentId), q);
    await save('actionWorkflow.traced', actionWorkflowId(isolate.id), q);
  });
});

/** A time-boxed isolation, renewed once, that its timer undoes (the undo a child workflow). */
(record ? describe : describe.skip)('recording the history of a time-boxed action', () => {
  let q: TestQuell;
  beforeAll(async () => {
    q = await startQuell();
  });
  afterAll(() => q.close());

  it('records a renewal and the undo when the time is up', async () => {
    const admin = await q.auth('admin');
    const host = await addLabDevice(q.db);
    const created = await q.http
      .post('/api/v1/actions')
      .set(admin)
      .send({ type: 'isolate_device', target: { type: 'device', hostname: host }, reason: 'history', durationSeconds: 2 })
      .expect(201);
    const id: string = created.body.id;
    await eventually(async () => ((await q.http.get(`/api/v1/actions/${id}`).set(admin)).body.containmentUntil ? true : undefined));
    await q.http.post(`/api/v1/actions/${id}/renew`).set(admin).send({ durationSeconds: 3 }).expect(200);
    expect(await q.client.workflow.getHandle(actionWorkflowId(id)).result()).toBe('undone');
    await save('actionWorkflow.timeboxed', actionWorkflowId(id), q);
    await save('undoActionWorkflow.timeboxed', undoWorkflowId(id), q);
  });
});

/** An incident's automated isolation rolled back in one call. */
(record ? describe : describe.skip)('recording the history of a rollback', () => {
  let q: TestQuell;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-history-rollback-'));
    writeFileSync(
      join(dir, 'contain.yaml'),
      [
        'name: contain',
        'version: "1"',
        'triggers:',
        '  - type: rollback_history',
        'steps:',
        '  - id: devices',
        `    forEach: "\${{ alert.entities.filter(e, e.type == 'device') }}"`,
        '    as: device',
        '    steps:',
        '      - id: judge',
        '        verdict: { entity: "${{ device }}", verdict: malicious, reason: history }',
        '      - id: isolate',
        '        remediate: { action: isolate_device, target: "${{ device }}", reason: history }',
        '',
      ].join('\n'),
    );
    q = await startQuell({ env: { PLAYBOOKS_DIR: dir } });
  });
  afterAll(() => q.close());

  it('records a confirmed rollback', async () => {
    const admin = await q.auth('admin');
    const host = await addLabDevice(q.db);
    const accepted = await q.http
      .post('/api/v1/alerts')
      .set(admin)
      .send({
        externalId: 'rollback-history',
        source: 'endpoint',
        type: 'rollback_history',
        title: 'x',
        severity: 'high',
        entities: [{ type: 'device', hostname: host }],
      })
      .expect(202);
    const { incidentId } = await workflowResult(q.client, alertWorkflowId(accepted.body.results[0].id));
    await eventually(async () => {
      const list = await q.http.get(`/api/v1/actions?incidentId=${incidentId}&status=succeeded`).set(admin).expect(200);
      return list.body.items.length === 1 ? true : undefined;
    });
    const started = await q.http.post(`/api/v1/incidents/${incidentId}/rollback`).set(admin).send({ confirm: true }).expect(202);
    const id: string = started.body.operation.id;
    expect((await q.client.workflow.getHandle(id).result()).status).toBe('completed');
    await save('rollbackWorkflow', id, q);
  });
});

/** An action Defender for Endpoint takes a while to carry out: the action and undo workflows follow it on durable timers. */
(record ? describe : describe.skip)('recording the histories of followed actions', () => {
  const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-app', clientSecret: 'mde-history-secret' };
  let fake: FakeMde;
  let q: TestQuell;
  beforeAll(async () => {
    fake = await FakeMde.start(credentials);
    q = await startQuell({
      env: {
        MDE_TENANT_ID: credentials.tenantId,
        MDE_CLIENT_ID: credentials.clientId,
        MDE_CLIENT_SECRET: credentials.clientSecret,
        MDE_API_URL: fake.url,
        MDE_LOGIN_URL: fake.url,
        MDE_ALLOW_INSECURE_HTTP: 'true',
        MDE_FOLLOW_SECONDS: '1',
      },
    });
  });
  afterAll(async () => {
    await q.close();
    await fake.close();
  });

  it('records an isolation and its release followed until the device reports them', async () => {
    const admin = await q.auth('admin');
    await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ connectors: { device: 'mde' } })
      .expect(200);
    fake.machines.push({ id: 'd'.repeat(40), computerDnsName: 'ws-followed.contoso.com', lastSeen: '2026-01-10T08:00:00Z' });
    fake.pollsToFinish = 3;
    const created = await q.http
      .post('/api/v1/actions')
      .set(admin)
      .send({ type: 'isolate_device', target: { type: 'device', hostname: 'ws-followed' }, reason: 'history' })
      .expect(201);
    const id: string = created.body.id;
    expect(await q.client.workflow.getHandle(actionWorkflowId(id)).result()).toBe('succeeded');
    await q.http.post(`/api/v1/actions/${id}/undo`).set(admin).expect(200);
    await save('actionWorkflow.followed', actionWorkflowId(id), q);
    await save('undoActionWorkflow.followed', undoWorkflowId(id), q);
  }, 120_000);
});

/** An alert its detector updates (re-correlated) and an analyst's change written back to Microsoft Graph. */
(record ? describe : describe.skip)('recording the histories of alert updates and write-back', () => {
  const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-graph-app', clientSecret: 'graph-history-secret' };
  let fake: FakeGraphSecurity;
  let q: TestQuell;
  beforeAll(async () => {
    fake = await FakeGraphSecurity.start(credentials);
    q = await startQuell({
      env: {
        ENTRA_TENANT_ID: credentials.tenantId,
        ENTRA_CLIENT_ID: credentials.clientId,
        ENTRA_CLIENT_SECRET: credentials.clientSecret,
        GRAPH_API_URL: fake.url,
        ENTRA_LOGIN_URL: fake.url,
        ENTRA_ALLOW_INSECURE_HTTP: 'true',
        ALERT_WRITEBACK: 'msgraph',
      },
    });
  });
  afterAll(async () => {
    await q.close();
    await fake.close();
  });

  it('records an update re-correlated and a change written back', async () => {
    const admin = await q.auth('admin');
    await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'none' }).expect(200);
    const incident = {
      id: '4242',
      status: 'active',
      classification: 'unknown',
      determination: 'unknown',
      assignedTo: null,
      lastUpdateDateTime: '2026-03-01T09:00:00Z',
    };
    const alert = {
      id: 'da-history-1',
      incidentId: '4242',
      title: 'Suspicious service installed',
      severity: 'low',
      status: 'new',
      serviceSource: 'microsoftDefenderForEndpoint',
      firstActivityDateTime: '2026-03-01T08:55:00Z',
      lastUpdateDateTime: '2026-03-01T09:00:00Z',
      evidence: [{ '@odata.type': '#microsoft.graph.security.deviceEvidence', deviceDnsName: 'ws-history-2' }],
    };
    fake.securityAlerts.push(alert);
    fake.incidents.push(incident);
    const res = await q.http.post('/api/v1/alerts?format=msgraph').set(admin).send(alert).expect(202);
    const alertId: string = res.body.results[0].id;
    const { incidentId } = await workflowResult(q.client, alertWorkflowId(alertId));
    await q.http
      .post('/api/v1/alerts?format=msgraph')
      .set(admin)
      .send({ ...alert, severity: 'high', lastUpdateDateTime: '2026-03-01T09:05:00Z' })
      .expect(202);
    await workflowResult(q.client, alertUpdateWorkflowId(alertId, 1));
    const patched = await q.http
      .patch(`/api/v1/incidents/${incidentId}`)
      .set(admin)
      .send({ classification: 'true_positive', determination: 'malware' })
      .expect(200);
    const version = Number(/^"\d+-(\d+)"$/.exec(patched.headers.etag)![1]);
    await q.client.workflow.getHandle(writebackWorkflowId(incidentId, version)).result();
    await save('alertUpdateWorkflow', alertUpdateWorkflowId(alertId, 1), q);
    await save('writebackWorkflow', writebackWorkflowId(incidentId, version), q);
  });
});

/** A pull source: a sweep over next links, a poke from the API (pause, resume) and waits on the interval. */
(record ? describe : describe.skip)('recording the history of a pull source', () => {
  const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-pull', clientSecret: 'graph-history-secret' };
  let fake: FakeGraphSecurity;
  let q: TestQuell;
  beforeAll(async () => {
    fake = await FakeGraphSecurity.start(credentials);
    fake.securityAlerts.push(
      securityAlert('h1', '2026-01-10T08:01:00Z', 'ws-h1'),
      securityAlert('h2', '2026-01-10T08:02:00Z', 'ws-h2'),
      securityAlert('h3', '2026-01-10T08:02:00Z', 'ws-h3'),
    );
    const source = {
      name: 'histories-graph',
      kind: 'graph_alerts',
      tenantId: credentials.tenantId,
      clientId: credentials.clientId,
      clientSecretVar: 'GRAPH_SOURCE_SECRET',
      apiUrl: fake.url,
      loginUrl: fake.url,
      allowInsecureHttp: true,
      intervalSeconds: 1,
      pageSize: 2,
      startAt: '2026-01-01T00:00:00Z',
    };
    q = await startQuell({ env: { GRAPH_SOURCE_SECRET: credentials.clientSecret, SOURCES_CONFIG: JSON.stringify({ sources: [source] }) } });
  });
  afterAll(async () => {
    await q.close();
    await fake.close();
  });

  it('records a source sweeping, paused and resumed', async () => {
    const admin = await q.auth('admin');
    await eventually(async () => {
      const [r] = await q.db.query(`SELECT count(*)::int AS n FROM alerts`);
      return r.n === 3 ? true : undefined;
    });
    await q.http.post('/api/v1/sources/histories-graph/pause').set(admin).expect(200);
    await new Promise((r) => setTimeout(r, 1500));
    await q.http.post('/api/v1/sources/histories-graph/resume').set(admin).expect(200);
    await new Promise((r) => setTimeout(r, 2500));
    await save('sourceWorkflow', sourceWorkflowId('histories-graph'), q);
  }, 60_000);
});

/** A candidate playbook version in shadow on a live alert, then backtested over that alert. */
(record ? describe : describe.skip)('recording the histories of a shadow run and a backtest', () => {
  let q: TestQuell;
  beforeAll(async () => {
    q = await startQuell();
  });
  afterAll(() => q.close());

  it('records a shadow run and a backtest', async () => {
    const admin = await q.auth('admin');
    const yaml = readFileSync(join(projectRoot, 'playbooks', 'malware-on-device.yaml'), 'utf8').replace(
      'version: "1.0"',
      'version: "history"',
    );
    const version = await q.http.post('/api/v1/playbooks/malware-on-device/versions').set(admin).send({ yaml }).expect(201);
    await q.http.patch(`/api/v1/playbooks/malware-on-device/versions/${version.body.id}`).set(admin).send({ shadow: true }).expect(200);
    const host = await addLabDevice(q.db);
    const accepted = await q.http
      .post('/api/v1/alerts')
      .set(admin)
      .send({
        externalId: 'shadow-history',
        source: 'endpoint',
        type: 'malware_detected',
        title: 'Malware detected',
        severity: 'high',
        entities: [{ type: 'device', hostname: host }],
      })
      .expect(202);
    const alertId: string = accepted.body.results[0].id;
    const shadowId = shadowWorkflowId(version.body.id, alertId);
    await eventually(() =>
      q.client.workflow
        .getHandle(shadowId)
        .result()
        .catch(() => undefined),
    );
    await save('shadowWorkflow', shadowId, q);
    const backtest = await q.http
      .post('/api/v1/playbooks/malware-on-device/backtests')
      .set(admin)
      .send({ versionId: version.body.id, from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() })
      .expect(202);
    expect(await q.client.workflow.getHandle(backtestWorkflowId(backtest.body.id)).result()).toBe('completed');
    await save('backtestWorkflow', backtestWorkflowId(backtest.body.id), q);
  });
});

(record ? describe : describe.skip)('recording the history of an alert batch', () => {
  let q: TestQuell;
  beforeAll(async () => {
    q = await startQuell({ env: { ALERT_BATCH_FROM: '2' } });
  });
  afterAll(() => q.close());

  it('records a batch: alerts of two hosts committed together, correlated and handed to two investigations', async () => {
    await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('admin'))
      .send(
        [0, 1, 2, 3].map((i) => ({
          externalId: `batch-history-${i}`,
          source: 'endpoint',
          title: 'Suspicious process',
          severity: 'medium',
          entities: [{ type: 'device', hostname: `ws-batch-${i % 2}` }],
        })),
      )
      .expect(202);
    const query = `WorkflowType = 'alertBatchWorkflow' AND TaskQueue = '${q.config.temporal.taskQueue}'`;
    const workflowId = await eventually(async () => {
      for await (const w of q.client.workflow.list({ query })) return w.workflowId;
    });
    expect(await q.client.workflow.getHandle(workflowId).result()).toMatchObject({ correlated: 4, investigations: 2 });
    await save('alertBatchWorkflow', workflowId, q);
  });
});
