import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertWorkflowId } from '../../workflows/ids.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addLabDevice } from '../support/lab.js';

/** Automation contains a device three ways, one of them (a scan) without an inverse. */
const PLAYBOOK = `name: contain-device
version: "1"
triggers:
  - type: rollback_test
steps:
  - id: devices
    forEach: "\${{ alert.entities.filter(e, e.type == 'device') }}"
    as: device
    steps:
      - id: judge
        verdict:
          entity: "\${{ device }}"
          verdict: malicious
          reason: Hands-on-keyboard activity
      - id: isolate
        remediate:
          action: isolate_device
          target: "\${{ device }}"
          reason: Contain the device
      - id: restrict
        remediate:
          action: restrict_app_execution
          target: "\${{ device }}"
          reason: Only signed binaries
      - id: scan
        remediate:
          action: run_av_scan
          target: "\${{ device }}"
          reason: Look for more
`;

describe('one-call rollback of an incident', () => {
  let q: TestQuell;
  let reader: { Authorization: string };
  let analyst: { Authorization: string };
  let approver: { Authorization: string };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-rollback-'));
    writeFileSync(join(dir, 'contain-device.yaml'), PLAYBOOK);
    q = await startQuell({ env: { PLAYBOOKS_DIR: dir } });
    [reader, analyst, approver] = await Promise.all([q.auth('reader'), q.auth('analyst'), q.auth('approver')]);
  });
  afterAll(() => q.close());

  const device = async (host: string) =>
    (await q.db.query('SELECT isolated, app_restricted AS "appRestricted" FROM lab_devices WHERE hostname = $1', [host]))[0];

  async function containedIncident() {
    const host = await addLabDevice(q.db);
    const accepted = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .send({
        externalId: `rb-${Math.random().toString(36).slice(2)}`,
        source: 'endpoint',
        type: 'rollback_test',
        title: 'Hands-on-keyboard activity',
        severity: 'high',
        entities: [{ type: 'device', hostname: host }],
      })
      .expect(202);
    const { incidentId } = await workflowResult(q.client, alertWorkflowId(accepted.body.results[0].id));
    await eventually(async () => {
      const list = await q.http.get(`/api/v1/actions?incidentId=${incidentId}&status=succeeded`).set(reader).expect(200);
      return list.body.items.length === 3 ? true : undefined;
    });
    expect(await device(host)).toEqual({ isolated: true, appRestricted: true });
    return { host, incidentId: incidentId as number };
  }

  it('without confirm answers the plan and changes nothing', async () => {
    const { host, incidentId } = await containedIncident();
    const classified = await q.http
      .patch(`/api/v1/incidents/${incidentId}`)
      .set(analyst)
      .send({ classification: 'false_positive' })
      .expect(200);
    expect(classified.body.rollbackAvailable).toBe(2);
    const preview = await q.http.get(`/api/v1/incidents/${incidentId}/rollback`).set(reader).expect(200);
    expect(preview.body.reversible.map((a: { type: string }) => a.type).sort()).toEqual(['isolate_device', 'restrict_app_execution']);
    expect(preview.body.irreversible).toEqual([expect.objectContaining({ type: 'run_av_scan', byHand: expect.stringContaining('scan') })]);
    const times = preview.body.reversible.map((a: { succeededAt: string }) => Date.parse(a.succeededAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const unconfirmed = await q.http.post(`/api/v1/incidents/${incidentId}/rollback`).set(approver).send({}).expect(200);
    expect(unconfirmed.body).toEqual({ confirmed: false, plan: preview.body });
    await q.http.post(`/api/v1/incidents/${incidentId}/rollback`).set(approver).send({ confirm: false }).expect(200);
    await q.http.post(`/api/v1/incidents/${incidentId}/rollback`).set(analyst).send({ confirm: true }).expect(403);
    await q.http.post(`/api/v1/incidents/${incidentId}/rollback`).set(approver).send({ confirm: 'yes' }).expect(400);
    expect(await device(host)).toEqual({ isolated: true, appRestricted: true });
    const list = await q.http.get(`/api/v1/actions?incidentId=${incidentId}&status=succeeded`).set(reader).expect(200);
    expect(list.body.items).toHaveLength(3);
    const activity = await q.http.get(`/api/v1/incidents/${incidentId}/activity`).set(reader).expect(200);
    expect(JSON.stringify(activity.body)).not.toContain('rollback_started');
  });

  it('with confirm undoes every reversible automated action in reverse order, with a result for each', async () => {
    const { host, incidentId } = await containedIncident();
    const plan = (await q.http.get(`/api/v1/incidents/${incidentId}/rollback`).set(reader).expect(200)).body;
    const started = await q.http
      .post(`/api/v1/incidents/${incidentId}/rollback`)
      .set(approver)
      .send({ confirm: true, comment: 'false positive: a pentest' })
      .expect(202);
    expect(started.body.confirmed).toBe(true);
    const opId: string = started.body.operation.id;
    expect(opId).toBe(`rollback-${incidentId}-1`);
    const audit = (
      await q.http
        .get(`/api/v1/audit?action=incident.rollback_requested&targetId=${incidentId}`)
        .set(await q.auth('admin'))
        .expect(200)
    ).body.items;
    expect(audit).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ kind: 'key', name: 'test-approver' }),
        target: { type: 'incident', id: String(incidentId) },
        after: {
          operationId: opId,
          actionIds: plan.reversible.map((a: { actionId: string }) => a.actionId),
          comment: 'false positive: a pentest',
        },
      }),
    ]);
    const done = await eventually(async () => {
      const op = await q.http.get(`/api/v1/incidents/${incidentId}/rollback/${opId}`).set(reader).expect(200);
      return op.body.status === 'running' ? undefined : op.body;
    });
    expect(done).toMatchObject({
      status: 'completed',
      results: plan.reversible.map((a: { actionId: string }) => ({ actionId: a.actionId, result: 'undone' })),
      irreversible: [expect.objectContaining({ type: 'run_av_scan' })],
    });
    expect(await device(host)).toEqual({ isolated: false, appRestricted: false });
    // The undos happened in the order of the plan: the last action taken was undone first.
    const undoneAt = await Promise.all(
      plan.reversible.map(async (a: { actionId: string }) => {
        const detail = (await q.http.get(`/api/v1/actions/${a.actionId}`).set(reader).expect(200)).body;
        const entry = detail.history.find((h: { kind: string }) => h.kind === 'undone');
        expect(entry.actor).toBe('test-approver');
        return Date.parse(entry.at);
      }),
    );
    expect(undoneAt).toEqual([...undoneAt].sort((a, b) => a - b));
    const activity = await q.http.get(`/api/v1/incidents/${incidentId}/activity?kind=rollback_started`).set(reader).expect(200);
    expect(JSON.stringify(activity.body)).toContain(opId);
    expect((await q.http.get(`/api/v1/incidents/${incidentId}`).set(reader).expect(200)).body.rollbackAvailable).toBe(0);
    // Nothing reversible is left: a second rollback is refused; the plan still lists the scan.
    await q.http.post(`/api/v1/incidents/${incidentId}/rollback`).set(approver).send({ confirm: true }).expect(409);
    await q.http.get(`/api/v1/incidents/${incidentId}/rollback/rollback-${incidentId}-9`).set(reader).expect(404);
    await q.http.get(`/api/v1/incidents/999999/rollback`).set(reader).expect(404);
  });
});
