import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/paths.js';
import { alertWorkflowId, backtestWorkflowId, shadowWorkflowId } from '../../workflows/ids.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addIndicator, addLabDevice } from '../support/lab.js';

type Auth = { Authorization: string };
const hex = (n: number) => randomBytes(n).toString('hex');
const LIVE_YAML = readFileSync(join(projectRoot, 'playbooks', 'malware-on-device.yaml'), 'utf8');
/** The candidate quarantines the file but no longer isolates the device. */
const CANDIDATE_YAML = LIVE_YAML.replace('version: "1.0"', 'version: "2.0-no-isolation"').replace(/\n {10}- id: isolate\n[\s\S]*$/, '\n');
const PATH = '/api/v1/playbooks/malware-on-device';

describe('playbook versions: shadow runs, backtests, promotion and pinning', () => {
  let q: TestQuell;
  let ingest: Auth, reader: Auth, analyst: Auth, admin: Auth;
  let candidateId: string;
  let backtestId: string;
  let first: { alertId: string; incidentId: number; host: string };

  beforeAll(async () => {
    q = await startQuell({ env: { CORRELATION_DISABLED_ENTITY_TYPES: 'file' } });
    [ingest, reader, analyst, admin] = await Promise.all([q.auth('ingest'), q.auth('reader'), q.auth('analyst'), q.auth('admin')]);
    // Actions wait for approval, so an investigation stays open and later alerts of its incident join it.
    await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
  });
  afterAll(() => q.close());

  async function malware(host?: string): Promise<{ alertId: string; incidentId: number; host: string }> {
    const h = host ?? (await addLabDevice(q.db));
    const sha256 = hex(32);
    await q.db.query(
      `INSERT INTO lab_files (device_id, sha256, path, name, quarantined) VALUES ($1, $2, 'C:\\evil.exe', 'evil.exe', false)`,
      [`dev-${h}`, sha256],
    );
    await addIndicator(q.db, sha256, 'malicious');
    const alert = {
      externalId: `pv-${hex(4)}`,
      source: 'endpoint',
      type: 'malware_detected',
      title: 'Malware detected',
      severity: 'high',
      entities: [
        { type: 'device', hostname: h },
        { type: 'file', sha256, name: 'evil.exe' },
      ],
    };
    const res = await q.http.post('/api/v1/alerts').set(ingest).send(alert).expect(202);
    const alertId = res.body.results[0].id;
    const out = await workflowResult(q.client, alertWorkflowId(alertId));
    return { alertId, incidentId: out.incidentId, host: h };
  }

  const runOf = (alertId: string) =>
    eventually(async () => {
      const [run] = await q.db.query(`SELECT hash FROM playbook_runs WHERE alert_id = $1 AND playbook = 'malware-on-device'`, [alertId]);
      return run as { hash: string } | undefined;
    });

  it('registers a candidate validated like a file, once per content', async () => {
    const res = await q.http.post(`${PATH}/versions`).set(analyst).send({ yaml: CANDIDATE_YAML }).expect(201);
    expect(res.body).toMatchObject({
      name: 'malware-on-device',
      version: '2.0-no-isolation',
      origin: 'upload',
      live: false,
      shadow: false,
      createdBy: 'test-analyst',
    });
    candidateId = res.body.id;
    const again = await q.http.post(`${PATH}/versions`).set(analyst).send({ yaml: CANDIDATE_YAML }).expect(201);
    expect(again.body.id).toBe(candidateId);

    const invalid = await q.http
      .post(`${PATH}/versions`)
      .set(analyst)
      .send({ yaml: CANDIDATE_YAML.replace('uses: file.reputation', 'uses: no.such.function') })
      .expect(400);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    expect(invalid.body.errors[0].path).toMatch(/^yaml:\d+:\d+ steps/);
    const renamed = await q.http.post('/api/v1/playbooks/ransomware/versions').set(analyst).send({ yaml: CANDIDATE_YAML }).expect(400);
    expect(renamed.body.errors[0].message).toContain("'malware-on-device'");
    await q.http.post(`${PATH}/versions`).set(reader).send({ yaml: CANDIDATE_YAML }).expect(403);

    const list = await q.http.get(`${PATH}/versions`).set(reader).expect(200);
    expect(list.body.live).toMatchObject({ source: 'file' });
    expect(list.body.items.map((v: { id: string }) => v.id)).toContain(candidateId);
    expect((await q.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'playbook.version_registered'`))[0].n).toBe(1);
  });

  it('runs a shadow version beside the live one on a live alert: recorded and diffed, with no effects', async () => {
    await q.http.patch(`${PATH}/versions/${candidateId}`).set(analyst).send({ shadow: true }).expect(403);
    const on = await q.http.patch(`${PATH}/versions/${candidateId}`).set(admin).send({ shadow: true }).expect(200);
    expect(on.body.shadow).toBe(true);

    first = await malware();
    await eventually(() =>
      q.client.workflow
        .getHandle(shadowWorkflowId(candidateId, first.alertId))
        .result()
        .catch(() => undefined),
    );
    await runOf(first.alertId);
    const runs = await q.http.get(`${PATH}/shadow-runs`).query({ alertId: first.alertId }).set(reader).expect(200);
    expect(runs.body.items).toHaveLength(1);
    const run = runs.body.items[0];
    expect(run).toMatchObject({ versionId: candidateId, status: 'succeeded', shadow: { matched: true }, live: { ran: true } });
    const device = `isolate_device device:host:${first.host}`;
    expect(run.live.actions).toContain(device);
    expect(run.shadow.actions).not.toContain(device);
    expect(run.shadow.actions.some((a: string) => a.startsWith('quarantine_file '))).toBe(true);
    expect(run.diff).toMatchObject({ changed: true, actionsAdded: [], actionsRemoved: [device], verdicts: [] });
    // The shadow proposed nothing for real: the alert's actions are the live run's two.
    const actions = await q.db.query(`SELECT type FROM actions WHERE alert_id = $1 ORDER BY type`, [first.alertId]);
    expect(actions.map((a: { type: string }) => a.type)).toEqual(['isolate_device', 'quarantine_file']);
  });

  it('backtests the candidate over stored alerts as a workflow, with progress and a report per alert type', async () => {
    const to = new Date().toISOString();
    const from = new Date(Date.now() - 3_600_000).toISOString();
    await q.http.post(`${PATH}/backtests`).set(analyst).send({ versionId: candidateId, from: to, to: from }).expect(400);
    await q.http
      .post(`${PATH}/backtests`)
      .set(analyst)
      .send({ versionId: candidateId, from, to: new Date(Date.now() + 3_600_000).toISOString() })
      .expect(400);
    await q.http.post('/api/v1/playbooks/ransomware/backtests').set(analyst).send({ versionId: candidateId, from, to }).expect(404);
    const started = await q.http.post(`${PATH}/backtests`).set(analyst).send({ versionId: candidateId, from, to }).expect(202);
    backtestId = started.body.id;
    expect(started.body.progress.total).toBeGreaterThanOrEqual(1);
    expect(await q.client.workflow.getHandle(backtestWorkflowId(backtestId)).result()).toBe('completed');

    const res = await q.http.get(`${PATH}/backtests/${backtestId}`).set(reader).expect(200);
    expect(res.body).toMatchObject({ status: 'completed', versionId: candidateId });
    expect(res.body.progress.done).toBe(res.body.progress.total);
    const malwareType = res.body.report.byType.find((t: { alertType: string }) => t.alertType === 'malware_detected');
    expect(malwareType).toMatchObject({ alerts: 1, changed: 1, actionsRemoved: 1, actionsAdded: 0, noLongerHandled: 0 });
    expect(malwareType.examples[0]).toMatchObject({
      alertId: first.alertId,
      diff: { actionsRemoved: [`isolate_device device:host:${first.host}`] },
    });
    await q.http.get(`/api/v1/playbooks/ransomware/backtests/${backtestId}`).set(reader).expect(404);
  });

  it('promotes on evidence, audited; a running investigation keeps its version, a new one runs the promoted one; revert restores the file', async () => {
    const fileHash = (await q.http.get(PATH).set(reader).expect(200)).body.hash;
    await q.http.post(`${PATH}/versions/${candidateId}/promote`).set(admin).send({ evidence: {} }).expect(400);
    await q.http
      .post(`${PATH}/versions/${candidateId}/promote`)
      .set(admin)
      .send({ evidence: { shadowAlertIds: ['00000000-0000-4000-8000-000000000000'] } })
      .expect(400);
    const promoted = await q.http
      .post(`${PATH}/versions/${candidateId}/promote`)
      .set(admin)
      .send({ evidence: { backtestIds: [backtestId], shadowAlertIds: [first.alertId] }, comment: 'no isolation for single-file malware' })
      .expect(200);
    expect(promoted.body).toMatchObject({
      live: true,
      shadow: false,
      promotedBy: 'test-admin',
      evidence: { backtestIds: [backtestId], shadowAlertIds: [first.alertId] },
    });
    await q.http
      .post(`${PATH}/versions/${candidateId}/promote`)
      .set(admin)
      .send({ evidence: { backtestIds: [backtestId] } })
      .expect(409);
    const audit = await q.http.get('/api/v1/audit').query({ action: 'playbook.promoted' }).set(admin).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actor: { name: 'test-admin' }, target: { type: 'playbook', id: 'malware-on-device' } });
    expect(audit.body.items[0].after.evidence.backtestIds).toEqual([backtestId]);
    expect((await q.http.get(`${PATH}/versions`).set(reader).expect(200)).body.live).toEqual({
      source: 'promoted',
      hash: promoted.body.hash,
      versionId: candidateId,
    });

    const shown = await q.http.get(PATH).set(reader).expect(200);
    expect(shown.body).toMatchObject({ hash: promoted.body.hash, version: '2.0-no-isolation' });
    expect(shown.body.source).toBe(CANDIDATE_YAML);

    // A second alert on the same device joins the first incident's open investigation: it keeps the file's version.
    const joined = await malware(first.host);
    expect(joined.incidentId).toBe(first.incidentId);
    expect((await runOf(joined.alertId)).hash).toBe(fileHash);
    // An alert on another device starts a new investigation on the promoted version: no isolation.
    const fresh = await malware();
    expect(fresh.incidentId).not.toBe(first.incidentId);
    expect((await runOf(fresh.alertId)).hash).toBe(promoted.body.hash);
    const types = await q.db.query(`SELECT type FROM actions WHERE alert_id = $1`, [fresh.alertId]);
    expect(types.map((a: { type: string }) => a.type)).toEqual(['quarantine_file']);

    await q.http.post(`${PATH}/revert`).set(analyst).expect(403);
    const reverted = await q.http.post(`${PATH}/revert`).set(admin).expect(200);
    expect(reverted.body).toEqual({ name: 'malware-on-device', source: 'file', hash: fileHash });
    await q.http.post(`${PATH}/revert`).set(admin).expect(409);
    expect((await q.http.get(PATH).set(reader).expect(200)).body.hash).toBe(fileHash);
    const back = await malware();
    expect((await runOf(back.alertId)).hash).toBe(fileHash);
    expect((await q.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'playbook.reverted'`))[0].n).toBe(1);
  });
});
