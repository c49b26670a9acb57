import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/paths.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addIndicator, addLabDevice } from '../support/lab.js';
import { alertWorkflowId, investigationWorkflowId } from '../../workflows/ids.js';

const malware = (host: string, sha256: string) => ({
  externalId: `pb-${Math.random().toString(36).slice(2)}`,
  source: 'endpoint',
  type: 'malware_detected',
  title: 'Malware detected',
  severity: 'high',
  entities: [
    { type: 'device', hostname: host },
    { type: 'file', sha256, name: 'evil.exe', path: 'C:\\Users\\bob\\Downloads\\evil.exe' },
  ],
});

describe('playbooks API, dry runs, version pinning and long investigations', () => {
  let q: TestQuell;
  let dir: string;
  let analyst: { Authorization: string };
  let reader: { Authorization: string };
  let admin: { Authorization: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quell-playbooks-'));
    cpSync(join(projectRoot, 'playbooks'), dir, { recursive: true });
    // An admin keeps an alert type out of the generic investigation by narrowing its trigger.
    const generic = join(dir, 'generic-alert.yaml');
    writeFileSync(
      generic,
      readFileSync(generic, 'utf8').replace(
        '  - severityAtLeast: informational',
        "  - severityAtLeast: informational\n    when: alert.type != 'odd'",
      ),
    );
    writeFileSync(join(dir, 'broken.yaml'), 'name: broken\nversion: "1"\ntriggers: []\nsteps:\n  - id: x\n    uses: no.such.function\n');
    q = await startQuell({
      env: { PLAYBOOKS_DIR: dir, INVESTIGATION_MAX_HISTORY_EVENTS: '100', CORRELATION_DISABLED_ENTITY_TYPES: 'file' },
    });
    [analyst, reader, admin] = await Promise.all([q.auth('analyst'), q.auth('reader'), q.auth('admin')]);
  });
  afterAll(() => q.close());

  it('lists loaded playbooks, reports the invalid file without failing, and shows one with its source', async () => {
    const list = await q.http.get('/api/v1/playbooks').set(reader).expect(200);
    expect(list.body.items.map((p: { name: string }) => p.name)).toContain('malware-on-device');
    expect(list.body.items.length).toBeGreaterThanOrEqual(10);
    expect(list.body.invalid.some((e: { file: string; line: number }) => e.file.endsWith('broken.yaml') && e.line > 0)).toBe(true);
    const one = await q.http.get('/api/v1/playbooks/malware-on-device').set(reader).expect(200);
    expect(one.body).toMatchObject({ name: 'malware-on-device', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(one.body.source).toContain('name: malware-on-device');
    expect(one.body.definition.steps[0].kind).toBe('group');
    await q.http.get('/api/v1/playbooks/nope').set(reader).expect(404);
  });

  it('validates YAML sent as text or JSON, with line and column', async () => {
    const bad =
      'name: t\nversion: "1"\ntriggers:\n  - source: [endpoint]\nsteps:\n  - id: a\n    uses: device.info\n    with: { device: "${{ alert.title" }\n';
    const res = await q.http.post('/api/v1/playbooks/validate').set(analyst).set('Content-Type', 'application/yaml').send(bad).expect(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.errors[0]).toMatchObject({ line: 8, path: expect.stringContaining('steps[0].with.device') });
    const good = readFileSync(join(dir, 'malware-on-device.yaml'), 'utf8');
    const ok = await q.http.post('/api/v1/playbooks/validate').set(analyst).send({ yaml: good }).expect(200);
    expect(ok.body).toMatchObject({ valid: true, errors: [] });
    await q.http.post('/api/v1/playbooks/validate').set(reader).send({ yaml: good }).expect(403);
    await q.http.post('/api/v1/playbooks/validate').set(analyst).send({ text: 1 }).expect(400);
  });

  it('dry-runs a playbook with fixtures: the trace, the verdicts and the actions the policy would take, with no writes', async () => {
    const before = await q.db.query(
      'SELECT (SELECT count(*) FROM actions)::int AS a, (SELECT count(*) FROM evidence)::int AS e, (SELECT count(*) FROM lab_effects)::int AS l',
    );
    const res = await q.http
      .post('/api/v1/playbooks/simulate')
      .set(analyst)
      .send({
        playbook: 'malware-on-device',
        alert: malware('ws-sim', 'c'.repeat(64)),
        fixtures: { 'file.reputation': { verdict: 'malicious', source: 'fixture-ti', prevalence: 1, devices: ['ws-sim'] } },
        useLab: false,
      })
      .expect(200);
    expect(res.body).toMatchObject({ dryRun: true, status: 'succeeded', triggers: { matches: true } });
    expect(res.body.enrichment).toEqual([expect.objectContaining({ fn: 'file.reputation', source: 'fixture' })]);
    // The detector's own evidence joins, as in a real run: the file it named, settled by the playbook, and the device.
    const file = res.body.verdicts.find((v: { key: string }) => v.key === `file:sha256:${'c'.repeat(64)}`);
    expect(file).toMatchObject({ verdict: 'malicious' });
    expect(file.reasons).toEqual([
      expect.objectContaining({ detector: 'endpoint', verdict: 'suspicious' }),
      expect.objectContaining({ playbook: 'malware-on-device', verdict: 'malicious' }),
    ]);
    expect(res.body.verdicts.map((v: { key: string }) => v.key)).toContain('device:host:ws-sim');
    expect(res.body.outcome).toEqual({ ifActionsSucceed: 'remediated', unsettled: [] });
    expect(res.body.actions.map((a: { action: string; wouldRun: string }) => [a.action, a.wouldRun]).sort()).toEqual([
      ['isolate_device', 'immediately'],
      ['quarantine_file', 'immediately'],
    ]);
    expect(res.body.steps.find((s: { stepId: string }) => s.stepId === 'file_verdict').values.verdict).toBe('malicious');
    const after = await q.db.query(
      'SELECT (SELECT count(*) FROM actions)::int AS a, (SELECT count(*) FROM evidence)::int AS e, (SELECT count(*) FROM lab_effects)::int AS l',
    );
    expect(after).toEqual(before);

    const inline = await q.http
      .post('/api/v1/playbooks/simulate')
      .set(analyst)
      .send({
        yaml: 'name: inline\nversion: "1"\ntriggers:\n  - source: [endpoint]\nsteps:\n  - id: a\n    uses: device.info\n    with: { device: ws-sim }\n',
        alert: malware('ws-sim', 'c'.repeat(64)),
        useLab: false,
      })
      .expect(200);
    expect(inline.body).toMatchObject({ status: 'failed', error: expect.stringContaining('no fixture') });
    await q.http.post('/api/v1/playbooks/simulate').set(analyst).send({ playbook: 'malware-on-device' }).expect(400);
    await q.http
      .post('/api/v1/playbooks/simulate')
      .set(analyst)
      .send({ yaml: 'name: [', alert: malware('x', 'c'.repeat(64)) })
      .expect(400);
  });

  it("the generic playbook looks for a message's copies: its reach goes into the trace, and a question nobody answers stays open", async () => {
    const alert = {
      externalId: 'pb-generic-mail',
      source: 'email',
      type: 'unusual_mail_pattern',
      title: 'Unusual message pattern',
      severity: 'high',
      entities: [{ type: 'email', networkMessageId: 'nm-generic-1', sender: 'x@fabrikam.example', subject: 'Invoice' }],
    };
    const run = async (similar: unknown) =>
      (
        await q.http
          .post('/api/v1/playbooks/simulate')
          .set(analyst)
          .send({ playbook: 'generic-alert', alert, fixtures: { 'email.similar': similar }, useLab: false })
          .expect(200)
      ).body;
    const reached = await run({ count: 3, messages: [], mailboxes: ['a@contoso.com', 'b@contoso.com'] });
    expect(reached.steps.find((s: { stepId: string }) => s.stepId === 'similar').output).toMatchObject({ count: 3 });
    expect(reached.verdicts).toEqual([expect.objectContaining({ key: 'email:nm-generic-1', verdict: 'suspicious' })]);
    expect(reached.outcome.ifActionsSucceed).toBe('partially_investigated');

    const unanswered = await run({ available: false, reason: 'no connector serves email.similar' });
    expect(unanswered.verdicts[0].reasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: expect.stringContaining('No connector could look for copies') })]),
    );
    expect(unanswered.outcome).toEqual({ ifActionsSucceed: 'partially_investigated', unsettled: [] });
  });

  it('dry-runs with the automation input a real run builds: a device whose group only the estate knows waits in both', async () => {
    await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ deviceGroups: { 'semi-servers': 'semi_all' } })
      .expect(200);
    try {
      // The alert names the device by host name only: its group is in the estate, not in the alert.
      const host = await addLabDevice(q.db, { group: 'semi-servers' });
      const sha256 = 'e'.repeat(64);
      await addIndicator(q.db, sha256, 'malicious');
      const sut = await q.http
        .post('/api/v1/playbooks/simulate')
        .set(analyst)
        .send({
          playbook: 'malware-on-device',
          alert: malware(host, sha256),
          fixtures: { 'file.reputation': { verdict: 'malicious', source: 'test-ti', prevalence: 1 } },
          useLab: false,
        })
        .expect(200);
      const simulated = sut.body.actions.find((a: { action: string }) => a.action === 'isolate_device');
      expect(simulated).toMatchObject({ wouldRun: 'after approval', policy: 'waiting: device group semi-servers is semi_all' });

      const accepted = await q.http
        .post('/api/v1/alerts')
        .set(await q.auth('ingest'))
        .send(malware(host, sha256))
        .expect(202);
      const { incidentId } = await workflowResult(q.client, alertWorkflowId(accepted.body.results[0].id));
      const real = await eventually(
        async () => {
          const rows: { status: string; policyReason: string; investigationId: string }[] = await q.db.query(
            `SELECT status, policy_reason AS "policyReason", investigation_id AS "investigationId" FROM actions WHERE incident_id = $1 AND type = 'isolate_device'`,
            [incidentId],
          );
          return rows[0];
        },
        30_000,
        'the isolation proposal',
      );
      expect(real).toMatchObject({ status: 'pending', policyReason: simulated.policy });
      // Cancelled once the investigation waits on its actions, not while it is still starting them.
      await eventually(
        async () => {
          const [inv]: { state: string }[] = await q.db.query(`SELECT state FROM investigations WHERE id = $1`, [real.investigationId]);
          return inv?.state === 'pending_approval' ? true : undefined;
        },
        30_000,
        'the investigation waiting for approval',
      );
      await q.http.post(`/api/v1/investigations/${real.investigationId}/cancel`).set(analyst).send({}).expect(200);
    } finally {
      await q.http.put('/api/v1/automation').set(admin).send({}).expect(200);
    }
  });

  it('pins an investigation to the playbook versions it started with, across a reload', async () => {
    await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
    const host = `pin-${Math.random().toString(36).slice(2, 8)}`;
    await addLabDevice(q.db, { host });
    // A malicious file keeps the investigation open on its pending actions while the second alert arrives.
    await addIndicator(q.db, 'd'.repeat(64), 'malicious');
    const ingest = await q.auth('ingest');
    const first = await q.http
      .post('/api/v1/alerts')
      .set(ingest)
      .send(malware(host, 'd'.repeat(64)))
      .expect(202);
    const out = await workflowResult(q.client, alertWorkflowId(first.body.results[0].id));
    const oldHash = (await q.http.get('/api/v1/playbooks/malware-on-device').set(reader)).body.hash;
    const runs = async () => {
      const list = await q.http.get(`/api/v1/investigations?incidentId=${out.incidentId}`).set(reader);
      const id = list.body.items[0]?.id;
      return id ? (await q.http.get(`/api/v1/investigations/${id}`).set(reader)).body : undefined;
    };
    await eventually(async () => ((await runs())?.playbookRuns?.length === 1 ? true : undefined), 30_000, 'the first run');
    const file = join(dir, 'malware-on-device.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('version: "1.0"', 'version: "1.1"'));
    const reload = await q.http.post('/api/v1/playbooks/reload').set(admin).expect(200);
    expect(reload.body.loaded).toContain('malware-on-device');
    const newHash = (await q.http.get('/api/v1/playbooks/malware-on-device').set(reader)).body.hash;
    expect(newHash).not.toBe(oldHash);
    await q.http
      .post('/api/v1/alerts')
      .set(ingest)
      .send(malware(host, 'd'.repeat(64)))
      .expect(202);
    const inv = await eventually(
      async () => {
        const detail = await runs();
        return detail?.playbookRuns?.length === 2 ? detail : undefined;
      },
      30_000,
      'two runs',
    );
    // The investigation keeps the version it started with for its later alerts; new investigations take the reloaded one.
    expect(inv.playbookRuns.map((r: { version: string; hash: string }) => [r.version, r.hash])).toEqual([
      ['1.0', oldHash],
      ['1.0', oldHash],
    ]);
    await q.http.post(`/api/v1/investigations/${inv.id}/cancel`).set(analyst).send({}).expect(200);
    await q.http.post('/api/v1/playbooks/reload').set(analyst).expect(403);
    await q.http.put('/api/v1/automation').set(admin).send({}).expect(200);
  });

  it('continues as new before its history grows large, keeping its id and its alerts', async () => {
    await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
    const host = `can-${Math.random().toString(36).slice(2, 8)}`;
    await addLabDevice(q.db, { host });
    const ingest = await q.auth('ingest');
    let incidentId = 0;
    for (let i = 0; i < 5; i++) {
      // Malicious files leave actions waiting (semi_all), which keeps the one investigation open.
      await addIndicator(q.db, `${i}`.repeat(64), 'malicious');
      const res = await q.http
        .post('/api/v1/alerts')
        .set(ingest)
        .send(malware(host, `${i}`.repeat(64)))
        .expect(202);
      incidentId = (await workflowResult(q.client, alertWorkflowId(res.body.results[0].id))).incidentId;
    }
    const inv = await eventually(
      async () => {
        const list = await q.http.get(`/api/v1/investigations?incidentId=${incidentId}`).set(reader);
        const id = list.body.items[0]?.id;
        const detail = id && (await q.http.get(`/api/v1/investigations/${id}`).set(reader)).body;
        return detail?.playbookRuns?.length === 5 ? detail : undefined;
      },
      60_000,
      'five runs',
    );
    expect((await q.http.get(`/api/v1/investigations?incidentId=${incidentId}`).set(reader)).body.items).toHaveLength(1);
    // Visibility records lag behind the workflow a little.
    await eventually(
      async () => {
        const runs = [];
        for await (const w of q.client.workflow.list({ query: `WorkflowId = '${investigationWorkflowId(incidentId)}'` }))
          runs.push(w.status.name);
        return runs.includes('CONTINUED_AS_NEW') ? runs : undefined;
      },
      10_000,
      'a run that continued as new',
    );
    const cancelled = await q.http.post(`/api/v1/investigations/${inv.id}/cancel`).set(analyst).send({}).expect(200);
    expect(cancelled.body.state).toBe('terminated_by_user');
    await q.http.put('/api/v1/automation').set(admin).send({}).expect(200);
  });

  it('starts an investigation by hand for an incident', async () => {
    const ingest = await q.auth('ingest');
    const res = await q.http
      .post('/api/v1/alerts')
      .set(ingest)
      .send({
        externalId: `m-${Date.now()}`,
        source: 'endpoint',
        title: 'Odd thing',
        type: 'odd',
        severity: 'low',
        entities: [{ type: 'device', hostname: 'manual-1' }],
      })
      .expect(202);
    const out = await workflowResult(q.client, alertWorkflowId(res.body.results[0].id));
    const started = await q.http.post('/api/v1/investigations').set(analyst).send({ incidentId: out.incidentId }).expect(202);
    expect(started.body).toMatchObject({ incidentId: out.incidentId, alerts: 1 });
    const inv = await eventually(async () => {
      const list = await q.http.get(`/api/v1/investigations?incidentId=${out.incidentId}`).set(reader);
      return list.body.items[0]?.endedAt ? list.body.items[0] : undefined;
    });
    expect(inv).toMatchObject({ state: 'unsupported_alert_type', startedBy: 'test-analyst' });
    await q.http.post('/api/v1/investigations').set(analyst).send({ incidentId: 1, alertId: res.body.results[0].id }).expect(400);
    await q.http.post('/api/v1/investigations').set(analyst).send({ incidentId: 999999 }).expect(404);
  });
});
