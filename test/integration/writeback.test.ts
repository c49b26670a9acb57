import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/paths.js';
import { FakeGraphSecurity, type GraphSecurityAlert, type GraphSecurityIncident } from '../support/fake-graph-security.js';
import { startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { alertUpdateWorkflowId, alertWorkflowId, writebackWorkflowId } from '../../workflows/ids.js';

const SECRET = 'writeback-test-secret-value';
const fixture = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'msgraph', 'endpoint-malware.json'), 'utf8'));
let n = 0;

describe('write-back of analysts’ changes to Microsoft Graph', () => {
  let fake: FakeGraphSecurity;
  let q: TestQuell;
  let ingest: { Authorization: string };
  let analyst: { Authorization: string };
  let reader: { Authorization: string };

  beforeAll(async () => {
    fake = await FakeGraphSecurity.start({ tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-graph-app', clientSecret: SECRET });
    q = await startQuell({
      env: {
        ENTRA_TENANT_ID: 'contoso.onmicrosoft.com',
        ENTRA_CLIENT_ID: 'quell-graph-app',
        ENTRA_CLIENT_SECRET: SECRET,
        GRAPH_API_URL: fake.url,
        ENTRA_LOGIN_URL: fake.url,
        ENTRA_ALLOW_INSECURE_HTTP: 'true',
        ALERT_WRITEBACK: 'msgraph',
      },
    });
    [ingest, analyst, reader] = await Promise.all([q.auth('ingest'), q.auth('analyst'), q.auth('reader')]);
    await q.http
      .put('/api/v1/automation')
      .set(await q.auth('admin'))
      .send({ defaultLevel: 'none' })
      .expect(200);
  });
  afterAll(async () => {
    await q.close();
    await fake.close();
  });

  /** A Defender alert in its Defender incident, at the fake and ingested into Quell as a pull would; returns both and the Quell ids. */
  async function seed() {
    n += 1;
    const vendorIncident: GraphSecurityIncident = {
      id: `9${n}00${Date.now() % 10000}`,
      status: 'active',
      classification: 'unknown',
      determination: 'unknown',
      assignedTo: null,
      lastUpdateDateTime: '2026-03-01T09:00:00Z',
    };
    const vendorAlert: GraphSecurityAlert = {
      ...fixture,
      id: `da6375${n}-${Date.now()}`,
      incidentId: vendorIncident.id,
      lastUpdateDateTime: '2026-03-01T09:00:00Z',
      evidence: [{ '@odata.type': '#microsoft.graph.security.deviceEvidence', deviceDnsName: `wb-host-${n}-${Date.now()}` }],
    };
    fake.securityAlerts.push(vendorAlert);
    fake.incidents.push(vendorIncident);
    const res = await q.http.post('/api/v1/alerts?format=msgraph').set(ingest).send(vendorAlert).expect(202);
    const alertId: string = res.body.results[0].id;
    const { incidentId } = await workflowResult(q.client, alertWorkflowId(alertId));
    return { vendorAlert, vendorIncident, alertId, incidentId: incidentId as number };
  }

  /** An analyst's PATCH, then its write-back workflow's result. */
  async function change(incidentId: number, body: object) {
    const res = await q.http.patch(`/api/v1/incidents/${incidentId}`).set(analyst).send(body).expect(200);
    const version = Number(/^"\d+-(\d+)"$/.exec(res.headers.etag)![1]);
    return q.client.workflow.getHandle(writebackWorkflowId(incidentId, version)).result();
  }
  const patchesTo = (id: string) => fake.patches.filter((p) => p.path.endsWith(`/${encodeURIComponent(id)}`));
  const activity = async (incidentId: number) =>
    (await q.http.get(`/api/v1/incidents/${incidentId}/activity`).set(reader).expect(200)).body.items as {
      kind: string;
      actor: string;
      details: Record<string, unknown>;
    }[];

  it('sends one PATCH per analyst change to the alert and its Defender incident, and does not re-import it as a change', async () => {
    const s = await seed();
    const out = await change(s.incidentId, {
      status: 'resolved',
      classification: 'true_positive',
      determination: 'malware',
      assignedTo: 'alice@contoso.com',
    });
    expect(out).toEqual({ written: 2 });
    expect(patchesTo(s.vendorAlert.id)).toEqual([
      {
        path: `/v1.0/security/alerts_v2/${s.vendorAlert.id}`,
        body: { status: 'resolved', classification: 'truePositive', determination: 'malware', assignedTo: 'alice@contoso.com' },
      },
    ]);
    expect(patchesTo(s.vendorIncident.id)).toEqual([
      {
        path: `/v1.0/security/incidents/${s.vendorIncident.id}`,
        body: { status: 'resolved', classification: 'truePositive', determination: 'malware', assignedTo: 'alice@contoso.com' },
      },
    ]);

    // The next pull brings the alert back as Quell wrote it: no update, no activity, no write-back.
    const again = await q.http.post('/api/v1/alerts?format=msgraph').set(ingest).send(fake.find('alert', s.vendorAlert.id)).expect(202);
    expect(again.body.results[0]).toMatchObject({ id: s.alertId, outcome: 'unchanged' });
    const log = (await q.http.get(`/api/v1/alerts/${s.alertId}/activity`).set(reader).expect(200)).body.items;
    expect(log.map((e: { kind: string; origin: string }) => [e.kind, e.origin])).toEqual([['written_back', 'writeback']]);

    // Another change: one more PATCH each, with only what changed.
    expect(await change(s.incidentId, { assignedTo: 'bob@contoso.com' })).toEqual({ written: 2 });
    expect(patchesTo(s.vendorAlert.id).map((p) => p.body)).toEqual([expect.anything(), { assignedTo: 'bob@contoso.com' }]);
    expect(patchesTo(s.vendorIncident.id)).toHaveLength(2);
    // A change vendors do not hold (tags) is not written back.
    await q.http
      .patch(`/api/v1/incidents/${s.incidentId}`)
      .set(analyst)
      .send({ addTags: ['vip'] })
      .expect(200);
    expect((await q.db.query('SELECT count(*)::int AS n FROM writeback_requests WHERE incident_id = $1', [s.incidentId]))[0].n).toBe(2);
  });

  it('records a conflicting change made at the vendor meanwhile, and does not overwrite it', async () => {
    const s = await seed();
    fake.vendorEdit('alert', s.vendorAlert.id, { classification: 'falsePositive', determination: 'notMalicious' });
    const out = await change(s.incidentId, { classification: 'true_positive', determination: 'malware' });
    expect(out).toEqual({ conflict: 1, written: 1 });
    expect(patchesTo(s.vendorAlert.id)).toEqual([]);
    expect(fake.find('alert', s.vendorAlert.id)).toMatchObject({ classification: 'falsePositive', determination: 'notMalicious' });
    const conflict = (await activity(s.incidentId)).find((a) => a.kind === 'writeback_conflict');
    expect(conflict).toMatchObject({
      details: {
        target: 'alert',
        ref: s.alertId,
        origin: 'writeback',
        outcome: 'conflict',
        vendor: { classification: 'falsePositive', determination: 'notMalicious' },
      },
    });
  });

  it('does not write back a change that came from the vendor', async () => {
    const s = await seed();
    const before = fake.patches.length;
    const resolved = fake.vendorEdit('alert', s.vendorAlert.id, { status: 'resolved' });
    const res = await q.http.post('/api/v1/alerts?format=msgraph').set(ingest).send(resolved).expect(202);
    expect(res.body.results[0].outcome).toBe('updated');
    const result = await workflowResult(q.client, alertUpdateWorkflowId(s.alertId, 1));
    expect(result).toMatchObject({ resolvedIncident: true });
    const incident = (await q.http.get(`/api/v1/incidents/${s.incidentId}`).set(reader).expect(200)).body;
    expect(incident.status).toBe('resolved');
    expect((await q.db.query('SELECT count(*)::int AS n FROM writeback_requests WHERE incident_id = $1', [s.incidentId]))[0].n).toBe(0);
    expect(fake.patches.length).toBe(before);
  });
});
