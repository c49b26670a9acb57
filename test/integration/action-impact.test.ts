import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionImpactView } from '../../src/actions/action-impact.dto.js';
import { systemAudit } from '../../src/audit/audit.store.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { alertWorkflowId } from '../../workflows/ids.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addLabDevice } from '../support/lab.js';

/** Looks the server up, isolates it for 4 h, looks at related alerts, then disables the admin who used it. */
const PLAYBOOK = `name: impact-check
version: "2"
triggers:
  - type: impact_test
steps:
  - id: info
    uses: device.info
    with:
      device: "\${{ alert.entities.filter(e, e.type == 'device')[0].hostname }}"
  - id: contain
    remediate:
      action: isolate_device
      target: "\${{ alert.entities.filter(e, e.type == 'device')[0] }}"
      reason: "Hands-on-keyboard on \${{ steps.info.output.os }}"
      for: 4h
  - id: related
    uses: alerts.related
    with:
      key: "device:host:\${{ alert.entities.filter(e, e.type == 'device')[0].hostname }}"
  - id: account
    remediate:
      action: disable_user
      target: "\${{ alert.entities.filter(e, e.type == 'user')[0] }}"
      reason: The account ran the tools
`;

const hex = (n: number) => randomBytes(n).toString('hex');

describe('approvals that show their effect', () => {
  let q: TestQuell;
  let reader: { Authorization: string };
  let analyst: { Authorization: string };
  let approver: { Authorization: string };
  let approver2: { Authorization: string };
  let host: string;
  let admin: string;
  let alertId: string;
  let incidentId: number;
  let isolateId: string;
  let disableId: string;

  const impact = async (id: string) => (await q.http.get(`/api/v1/actions/${id}/impact`).set(reader).expect(200)).body as ActionImpactView;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-impact-'));
    writeFileSync(join(dir, 'impact-check.yaml'), PLAYBOOK);
    q = await startQuell({ env: { PLAYBOOKS_DIR: dir } });
    [reader, analyst, approver] = await Promise.all([q.auth('reader'), q.auth('analyst'), q.auth('approver')]);
    approver2 = {
      Authorization: `Bearer ${(await q.app.get(ApiKeysService).create('second-approver', 'approver', systemAudit('test'))).key}`,
    };

    host = await addLabDevice(q.db, { host: `srv-${hex(3)}`, group: 'Servers' });
    admin = `adm-${hex(3)}@corp.example`;
    await q.db.query(`UPDATE lab_devices SET os = 'Windows Server 2022', logged_on_users = $2 WHERE hostname = $1`, [
      host,
      ['svc-backup@corp.example', admin],
    ]);
    await q.db.query(
      `INSERT INTO lab_users (upn, display_name, aad_object_id, sid, enabled, is_admin, groups, risk, compromised)
       VALUES ($1, 'Admin', $2, $3, true, true, '{Domain Admins}', 'low', false)`,
      [admin, `aad-${hex(4)}`, `S-1-5-21-${hex(4)}`],
    );
    const accepted = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .send({
        externalId: `impact-${hex(4)}`,
        source: 'endpoint',
        type: 'impact_test',
        title: 'Credential dumping on a server',
        severity: 'high',
        entities: [
          { type: 'device', hostname: host },
          { type: 'user', upn: admin },
        ],
      })
      .expect(202);
    alertId = accepted.body.results[0].id;
    ({ incidentId } = await workflowResult(q.client, alertWorkflowId(alertId)));
    const actions = await eventually(async () => {
      const list = await q.http.get(`/api/v1/actions?incidentId=${incidentId}&status=pending`).set(reader).expect(200);
      return list.body.items.length === 2 ? list.body.items : undefined;
    });
    isolateId = actions.find((a: { type: string }) => a.type === 'isolate_device').id;
    disableId = actions.find((a: { type: string }) => a.type === 'disable_user').id;
  });
  afterAll(() => q.close());

  it('shows the evidence chain, the target, what else it cuts off, the undo and the dry run of what follows', async () => {
    // The run is recorded once the playbook finishes: from then on the facts are the run's own.
    const view = await eventually(async () => {
      const v = await impact(isolateId);
      return v.current.evidence.factsFrom === 'recorded_run' ? v : undefined;
    });
    expect(view.actionStatus).toBe('pending');
    const now = view.current;
    expect(now.evidence).toMatchObject({
      source: 'automated',
      reason: 'Hands-on-keyboard on Windows Server 2022',
      alert: { id: alertId, title: 'Credential dumping on a server', severity: 'high', source: 'endpoint' },
      playbook: { name: 'impact-check', version: '2', step: 'contain' },
    });
    expect(now.evidence.verdict?.reasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ detector: 'endpoint', reason: expect.stringContaining('Credential dumping') })]),
    );
    expect(now.evidence.facts).toEqual([
      expect.objectContaining({ step: 'info', fn: 'device.info', output: expect.objectContaining({ os: 'Windows Server 2022' }) }),
    ]);
    expect(now.target).toMatchObject({
      key: `device:host:${host}`,
      label: host,
      role: 'server',
      privileged: null,
      os: 'Windows Server 2022',
      deviceGroup: 'Servers',
      alertsNaming: 1,
      otherOpenIncidents: [],
      lookups: [{ fn: 'device.info', source: 'lab', available: true }],
    });
    expect(now.target.users.sort()).toEqual([admin, 'svc-backup@corp.example'].sort());
    expect(now.collateral).toEqual(
      expect.arrayContaining([
        { kind: 'user', what: 'svc-backup@corp.example', effect: expect.stringContaining('loses its sessions') },
        { kind: 'user', what: admin, effect: expect.stringContaining('loses its sessions') },
      ]),
    );
    expect(now.reversal).toMatchObject({ reversible: true, inverse: 'release_device', containmentSeconds: 14_400 });
    expect(now.prediction).toMatchObject({
      playbook: 'impact-check',
      nextSteps: [
        { path: 'related', kind: 'uses', status: 'succeeded' },
        { path: 'account', kind: 'remediate', status: 'succeeded' },
      ],
      otherProposals: [{ action: 'disable_user', targetKey: `user:upn:${admin}`, wouldRun: 'after approval' }],
      ifApproved: { actionStatus: 'succeeded', investigationEnds: 'partially_remediated', incidentResolvedByAutomation: false },
      ifRejected: { actionStatus: 'rejected', investigationEnds: 'partially_remediated', incidentResolvedByAutomation: false },
    });
    expect(now.prediction!.ifApproved.then).toEqual(expect.arrayContaining([expect.stringContaining('undone by itself 14400 s')]));

    // What the approvers saw at proposal is kept: taken while the playbook was still running.
    expect(view.atProposal).not.toBeNull();
    expect(view.atProposal!.evidence.factsFrom).toBe('simulation');
    expect(Date.parse(view.atProposal!.computedAt)).toBeLessThan(Date.parse(now.computedAt));
    const [{ n }] = await q.db.query('SELECT count(*)::int AS n FROM action_impacts WHERE action_id = $1', [isolateId]);
    expect(n).toBe(1);
  });

  it('refreshes on view: once the isolation is approved and done, approving the account closes the investigation', async () => {
    const before = await impact(disableId);
    expect(before.current.target).toMatchObject({ type: 'user', label: admin, privileged: true, groups: ['Domain Admins'] });
    expect(before.current.target.devices).toEqual([host]);
    expect(before.current.collateral).toEqual([{ kind: 'device', what: host, effect: expect.stringContaining('signed out') }]);
    expect(before.current.reversal).toMatchObject({ reversible: true, inverse: 'enable_user', containmentSeconds: null });
    expect(before.current.prediction).toMatchObject({
      nextSteps: [],
      ifApproved: { investigationEnds: 'partially_remediated' },
      ifRejected: { investigationEnds: 'partially_remediated' },
    });

    await q.http.post(`/api/v1/actions/${isolateId}/approve`).set(approver).send({}).expect(200);
    await eventually(async () => {
      const a = await q.http.get(`/api/v1/actions/${isolateId}`).set(reader).expect(200);
      return a.body.status === 'succeeded' ? a : undefined;
    });
    const after = await impact(disableId);
    expect(after.current.prediction).toMatchObject({
      ifApproved: { actionStatus: 'succeeded', investigationEnds: 'remediated', incidentResolvedByAutomation: true },
      ifRejected: { actionStatus: 'rejected', investigationEnds: 'partially_remediated', incidentResolvedByAutomation: false },
    });
    // The snapshot still says what it said when the action was proposed.
    expect(after.atProposal!.prediction!.ifApproved.investigationEnds).toBe('partially_remediated');
    expect(after.atProposal!.computedAt).toBe(before.atProposal!.computedAt);

    // The prediction holds: two approvals, and the investigation ends remediated.
    await q.http.post(`/api/v1/actions/${disableId}/approve`).set(approver).send({}).expect(200);
    await q.http.post(`/api/v1/actions/${disableId}/approve`).set(approver2).send({}).expect(200);
    const investigation = await eventually(async () => {
      const page = await q.http.get(`/api/v1/investigations?incidentId=${incidentId}`).set(reader).expect(200);
      const inv = page.body.items[0];
      return inv && inv.state !== 'running' && inv.state !== 'pending_approval' ? inv : undefined;
    }, 30_000);
    expect(investigation.state).toBe('remediated');
  });

  it('counts the other open incidents and stored alerts that name the target', async () => {
    const other = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .send({
        externalId: `impact-other-${hex(4)}`,
        source: 'identity',
        type: 'unrelated_signin',
        title: 'Unusual sign-in',
        severity: 'medium',
        entities: [{ type: 'user', upn: admin }],
      })
      .expect(202);
    const otherId = other.body.results[0].id;
    await workflowResult(q.client, alertWorkflowId(otherId));
    const moved = await q.http.post(`/api/v1/alerts/${otherId}/move`).set(analyst).send({ reason: 'a different story' }).expect(200);
    const view = await impact(disableId);
    expect(view.current.target.alertsNaming).toBe(2);
    expect(view.current.target.otherOpenIncidents).toEqual([moved.body.to]);
  });

  it('a manual request has no playbook to dry-run; its impact says who asked and why', async () => {
    const device = await addLabDevice(q.db);
    const created = await q.http
      .post('/api/v1/actions')
      .set(analyst)
      .send({ type: 'run_av_scan', target: { type: 'device', hostname: device }, reason: 'just in case' })
      .expect(201);
    const view = await impact(created.body.id);
    expect(view.current.evidence).toMatchObject({
      source: 'manual',
      requestedBy: 'test-analyst',
      reason: 'just in case',
      alert: null,
      playbook: null,
      factsFrom: 'none',
    });
    expect(view.current.target).toMatchObject({ role: 'workstation', lookups: [{ fn: 'device.info', available: true }] });
    expect(view.current.reversal).toMatchObject({ reversible: false, inverse: null, how: expect.stringContaining('Nothing to reverse') });
    expect(view.current.prediction).toBeNull();
  });

  it('answers 404 for an unknown action and 400 for a malformed id, as problem+json', async () => {
    const missing = await q.http.get('/api/v1/actions/act-000000000000000000000000/impact').set(reader).expect(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const bad = await q.http.get('/api/v1/actions/nope/impact').set(reader).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    await q.http.get(`/api/v1/actions/${isolateId}/impact`).expect(401);
  });
});
