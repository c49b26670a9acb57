import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addIndicator, addLabDevice } from '../support/lab.js';
import { alertWorkflowId } from '../../workflows/ids.js';

const hex = (n: number) => randomBytes(n).toString('hex');

describe('automated investigation and remediation', () => {
  let q: TestQuell;
  let ingest: { Authorization: string };
  let reader: { Authorization: string };
  let approver: { Authorization: string };
  let admin: { Authorization: string };

  beforeAll(async () => {
    // Files would otherwise link these scenarios' incidents through the shared test hashes.
    q = await startQuell({ env: { CORRELATION_DISABLED_ENTITY_TYPES: 'file' } });
    [ingest, reader, approver, admin] = await Promise.all([q.auth('ingest'), q.auth('reader'), q.auth('approver'), q.auth('admin')]);
  });
  afterAll(() => q.close());

  /** A device in the lab estate with a file on it; returns their identifiers. */
  async function labDevice(group: string, fileVerdict: 'malicious' | 'suspicious' | null) {
    const sha256 = hex(32);
    const host = await addLabDevice(q.db, { group });
    await q.db.query(
      `INSERT INTO lab_files (device_id, sha256, path, name, quarantined) VALUES ($1, $2, 'C:\\Users\\bob\\Downloads\\evil.exe', 'evil.exe', false)`,
      [`dev-${host}`, sha256],
    );
    if (fileVerdict) await addIndicator(q.db, sha256, fileVerdict);
    return { host, sha256 };
  }

  function malwareAlert(host: string, sha256: string, extra: Record<string, unknown> = {}) {
    return {
      externalId: `mal-${hex(4)}`,
      source: 'endpoint',
      type: 'malware_detected',
      title: 'Malware detected',
      severity: 'high',
      category: 'Execution',
      entities: [
        { type: 'device', hostname: host },
        { type: 'file', sha256, name: 'evil.exe', path: 'C:\\Users\\bob\\Downloads\\evil.exe' },
      ],
      ...extra,
    };
  }

  async function post(alert: object): Promise<{ alertId: string; incidentId: number }> {
    const res = await q.http.post('/api/v1/alerts').set(ingest).send(alert).expect(202);
    const alertId = res.body.results[0].id;
    const out = await workflowResult(q.client, alertWorkflowId(alertId));
    return { alertId, incidentId: out.incidentId };
  }

  const investigationOf = async (incidentId: number, state?: string) => {
    let seen = 'none';
    return eventually(
      async () => {
        const list = await q.http.get(`/api/v1/investigations?incidentId=${incidentId}`).set(reader).expect(200);
        const inv = list.body.items[0];
        seen = list.body.items.map((i: { state: string }) => i.state).join(', ') || 'none';
        if (!inv || (state && inv.state !== state)) return undefined;
        return (await q.http.get(`/api/v1/investigations/${inv.id}`).set(reader).expect(200)).body;
      },
      60_000,
      `investigation of incident ${incidentId}${state ? ` in state ${state}` : ''}`,
    ).catch((err: Error) => {
      throw new Error(`${err.message} (investigations seen: ${seen})`);
    });
  };

  const setAutomation = (settings: object) => q.http.put('/api/v1/automation').set(admin).send(settings).expect(200);

  afterEach(() => setAutomation({}));

  it('remediates a malicious file at once under full automation, then resolves the alert and the incident', async () => {
    const { host, sha256 } = await labDevice('Engineering', 'malicious');
    const { alertId, incidentId } = await post(malwareAlert(host, sha256));
    const inv = await investigationOf(incidentId, 'remediated');
    expect(inv.playbookRuns).toEqual([
      expect.objectContaining({ playbook: 'malware-on-device', status: 'succeeded', hash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    ]);
    expect(inv.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: `file:sha256:${sha256}`, verdict: 'malicious', remediationStatus: 'remediated' }),
      ]),
    );
    expect(inv.actions.map((a: { type: string; status: string }) => [a.type, a.status]).sort()).toEqual([
      ['isolate_device', 'succeeded'],
      ['quarantine_file', 'succeeded'],
    ]);
    expect(inv.graph.nodes.some((n: { kind: string }) => n.kind === 'action')).toBe(true);
    const [device] = await q.db.query('SELECT isolated FROM lab_devices WHERE hostname = $1', [host]);
    expect(device.isolated).toBe(true);
    const [file] = await q.db.query('SELECT quarantined FROM lab_files WHERE sha256 = $1', [sha256]);
    expect(file.quarantined).toBe(true);
    const alert = await q.http.get(`/api/v1/alerts/${alertId}`).set(reader).expect(200);
    expect(alert.body).toMatchObject({ status: 'resolved', investigationId: inv.id, investigationState: 'remediated' });
    const incident = await q.http.get(`/api/v1/incidents/${incidentId}`).set(reader).expect(200);
    expect(incident.body).toMatchObject({ status: 'resolved', systemTags: ['auto-resolved'] });
    expect(incident.body.investigations).toEqual([expect.objectContaining({ id: inv.id, state: 'remediated' })]);
  });

  it('waits for approval in a semi-automatic device group; an approval runs the action and records who decided', async () => {
    await setAutomation({ deviceGroups: { Finance: 'semi_all' } });
    const { host, sha256 } = await labDevice('Finance', 'malicious');
    const { incidentId } = await post(malwareAlert(host, sha256));
    const inv = await investigationOf(incidentId, 'pending_approval');
    const isolate = inv.actions.find((a: { type: string }) => a.type === 'isolate_device');
    expect(isolate).toMatchObject({ status: 'pending', policyReason: 'waiting: device group Finance is semi_all' });
    const pending = await q.http.get(`/api/v1/actions?status=pending&incidentId=${incidentId}`).set(reader).expect(200);
    expect(pending.body.items.map((a: { id: string }) => a.id)).toEqual([isolate.id]);

    await q.http.post(`/api/v1/actions/${isolate.id}/approve`).set(reader).send({}).expect(403);
    const approved = await q.http.post(`/api/v1/actions/${isolate.id}/approve`).set(approver).send({ comment: 'confirmed' }).expect(200);
    expect(approved.body.status).toBe('succeeded');
    expect(approved.body.history.map((h: { kind: string }) => h.kind)).toEqual([
      'proposed',
      'awaiting_approval',
      'approved',
      'execution_started',
      'succeeded',
    ]);
    expect(approved.body.history.find((h: { kind: string }) => h.kind === 'approved')).toMatchObject({
      actor: 'test-approver',
      details: { comment: 'confirmed' },
    });
    const again = await q.http.post(`/api/v1/actions/${isolate.id}/approve`).set(approver).send({}).expect(409);
    expect(again.body.detail).toContain('succeeded');
    await investigationOf(incidentId, 'remediated');
  });

  it('ends partially remediated when an action is rejected, and terminated by the system when all expire', async () => {
    await setAutomation({ deviceGroups: { Finance: 'semi_all' } });
    const first = await labDevice('Finance', 'malicious');
    const rejected = await post(malwareAlert(first.host, first.sha256));
    const inv = await investigationOf(rejected.incidentId, 'pending_approval');
    const isolate = inv.actions.find((a: { type: string }) => a.type === 'isolate_device');
    const res = await q.http.post(`/api/v1/actions/${isolate.id}/reject`).set(approver).send({ comment: 'CEO laptop' }).expect(200);
    expect(res.body.status).toBe('rejected');
    await investigationOf(rejected.incidentId, 'partially_remediated');

    await setAutomation({ defaultLevel: 'semi_all', pendingExpirySeconds: 2 });
    const second = await labDevice('Default', 'malicious');
    const expired = await post(malwareAlert(second.host, second.sha256));
    const done = await investigationOf(expired.incidentId, 'terminated_by_system');
    expect(done.actions.map((a: { status: string }) => a.status)).toEqual(['expired', 'expired']);
    const late = await q.http.post(`/api/v1/actions/${done.actions[0].id}/approve`).set(approver).send({}).expect(409);
    expect(late.body.detail).toContain('expired');
  });

  it('aggregates a second alert into the running investigation, analysing shared evidence once', async () => {
    await setAutomation({ defaultLevel: 'semi_all' });
    const { host, sha256 } = await labDevice('Default', 'malicious');
    const a = await post(malwareAlert(host, sha256));
    const first = await investigationOf(a.incidentId, 'pending_approval');
    const b = await post(malwareAlert(host, sha256, { title: 'Malware detected again' }));
    expect(b.incidentId).toBe(a.incidentId);
    const joined = await eventually(
      async () => {
        const inv = await investigationOf(a.incidentId);
        return inv.alerts.length === 2 && inv.playbookRuns.length === 2 ? inv : undefined;
      },
      30_000,
      'second alert in the investigation',
    );
    expect(joined.id).toBe(first.id);
    expect(joined.evidence.filter((e: { key: string }) => e.key === `file:sha256:${sha256}`)).toHaveLength(1);
    expect(joined.evidence.find((e: { key: string }) => e.key === `file:sha256:${sha256}`).alertIds).toHaveLength(2);
    expect(joined.actions).toHaveLength(2);
    const cancelled = await q.http
      .post(`/api/v1/investigations/${joined.id}/cancel`)
      .set(await q.auth('analyst'))
      .send({ reason: 'test over' })
      .expect(200);
    expect(cancelled.body.state).toBe('terminated_by_user');
    expect(cancelled.body.actions.map((x: { status: string }) => x.status)).toEqual(['rejected', 'rejected']);
    await q.http
      .post(`/api/v1/investigations/${joined.id}/cancel`)
      .set(await q.auth('analyst'))
      .send({})
      .expect(409);
  });

  it('investigates alerts no specific playbook claims with the generic one, never calling missing facts clean; devices whose automation is off get no investigation', async () => {
    const odd = await post({
      externalId: `u-${hex(4)}`,
      source: 'endpoint',
      title: 'Something nobody wrote a playbook for',
      type: 'odd_thing',
      severity: 'low',
      entities: [{ type: 'device', hostname: `odd-${hex(3)}` }],
    });
    const generic = await investigationOf(odd.incidentId, 'partially_investigated');
    expect(generic.playbookRuns.map((r: { playbook: string }) => r.playbook)).toEqual(['generic-alert']);
    expect(generic.evidence).toEqual([expect.objectContaining({ entityType: 'device', verdict: 'unknown' })]);
    expect(generic.log.map((l: { message: string }) => l.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no conclusive facts about 1 evidence entity/)]),
    );
    expect((await q.http.get(`/api/v1/incidents/${odd.incidentId}`).set(reader)).body.status).toBe('active');
    await setAutomation({ deviceGroups: { Servers: 'none' } });
    const { host, sha256 } = await labDevice('Servers', 'malicious');
    const off = await post(malwareAlert(host, sha256));
    expect((await q.http.get(`/api/v1/alerts/${off.alertId}`).set(reader)).body.investigationState).toBe('automation_off');
    const list = await q.http.get(`/api/v1/investigations?incidentId=${off.incidentId}`).set(reader).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('never calls an attack clean for want of facts: a credential-theft alert on an estate nobody knows stays open with the file as evidence', async () => {
    // No lab device, no indicator, no connector facts: what every new deployment starts with.
    const sha256 = hex(32);
    const mimikatz = await post({
      externalId: `mk-${hex(4)}`,
      source: 'endpoint',
      title: "'Mimikatz' credential theft tool was detected",
      severity: 'high',
      category: 'CredentialAccess',
      entities: [
        { type: 'device', hostname: `ws-${hex(3)}` },
        { type: 'file', sha256, name: 'mimikatz.exe', path: 'C:\\Users\\Public\\mimikatz.exe' },
      ],
    });
    const inv = await investigationOf(mimikatz.incidentId, 'partially_investigated');
    const file = inv.evidence.find((e: { entityType: string }) => e.entityType === 'file');
    expect(file).toMatchObject({
      verdict: 'suspicious',
      reasons: [expect.objectContaining({ detector: 'endpoint', verdict: 'suspicious' })],
    });
    const incident = (await q.http.get(`/api/v1/incidents/${mimikatz.incidentId}`).set(reader)).body;
    expect(incident.status).toBe('active');
    expect(incident.systemTags).not.toContain('auto-resolved');
    const alert = (await q.http.get(`/api/v1/alerts/${mimikatz.alertId}`).set(reader)).body;
    expect(alert.status).not.toBe('resolved');
  });

  it("investigates Microsoft's documented Graph alert that no specific playbook claims (hidden file execution, DefenseEvasion)", async () => {
    const sample = JSON.parse(readFileSync(new URL('../fixtures/msgraph/endpoint-malware.json', import.meta.url), 'utf8'));
    const graphAlert = {
      ...sample,
      id: `da${hex(8)}`,
      title: 'Suspicious execution of hidden file',
      description: 'A hidden file has been launched. This activity could indicate a compromised host.',
      category: 'DefenseEvasion',
      severity: 'low',
      detectionSource: 'microsoftDefenderForEndpoint',
      threatDisplayName: null,
      threatFamilyName: null,
    };
    const res = await q.http.post('/api/v1/alerts?format=msgraph').set(ingest).send(graphAlert).expect(202);
    const alertId = res.body.results[0].id;
    const { incidentId } = await workflowResult(q.client, alertWorkflowId(alertId));
    const final = await investigationOf(incidentId, 'partially_investigated');
    expect(final.playbookRuns.map((r: { playbook: string }) => r.playbook)).toEqual(['generic-alert']);
    expect(final.evidence.map((e: { entityType: string }) => e.entityType)).toEqual(
      expect.arrayContaining(['device', 'file', 'process', 'user']),
    );
  });

  it('validates automation settings', async () => {
    const res = await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'yolo', bulkDeviceThreshold: 0 }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['bulkDeviceThreshold', 'defaultLevel']);
    await q.http.put('/api/v1/automation').set(approver).send({}).expect(403);
  });
});
