import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertWorkflowId } from '../../workflows/ids.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addLabDevice } from '../support/lab.js';

/** Automation takes over a mailbox's inbox rule and its forwarding: the two inverses that restore from a record. */
const PLAYBOOK = `name: mailbox-takeover
version: "1"
triggers:
  - type: restore_inverses_test
steps:
  - id: boxes
    forEach: "\${{ alert.entities.filter(e, e.type == 'mailbox') }}"
    as: box
    steps:
      - id: judge
        verdict:
          entity: "\${{ box }}"
          verdict: malicious
          reason: Business e-mail compromise
      - id: rule
        remediate:
          action: remove_inbox_rule
          target: "\${{ box }}"
          reason: Hidden payment rule
          params:
            rule: ".."
      - id: forwarding
        remediate:
          action: disable_external_forwarding
          target: "\${{ box }}"
          reason: Mail leaves the company
`;

/** A rule with nested conditions and actions: restored means every field back, not just the name. */
const HIDDEN_RULE = {
  name: '..',
  sequence: 2,
  isEnabled: true,
  conditions: { bodyOrSubjectContains: ['invoice', 'payment', 'wire'], fromAddresses: [{ emailAddress: { address: 'ceo@contoso.com' } }] },
  actions: { moveToFolder: 'RSS Feeds', markAsRead: true, stopProcessingRules: true },
};
const KEPT_RULE = { name: 'Newsletters', conditions: { senderContains: ['news@'] }, actions: { moveToFolder: 'Newsletters' } };
const FORWARDING = 'archive@outlook-mail.example';

describe('inverses that restore from the recorded state', () => {
  let q: TestQuell;
  let reader: { Authorization: string };
  let analyst: { Authorization: string };
  let approver: { Authorization: string };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-restore-'));
    writeFileSync(join(dir, 'mailbox-takeover.yaml'), PLAYBOOK);
    q = await startQuell({ env: { PLAYBOOKS_DIR: dir } });
    [reader, analyst, approver] = await Promise.all([q.auth('reader'), q.auth('analyst'), q.auth('approver')]);
  });
  afterAll(() => q.close());

  async function addMailbox(): Promise<string> {
    const address = `restore-${randomBytes(4).toString('hex')}@contoso.com`;
    await q.db.query(`INSERT INTO lab_mailboxes (address, user_upn, external_forwarding, inbox_rules) VALUES ($1, $1, $2, $3)`, [
      address,
      FORWARDING,
      JSON.stringify([KEPT_RULE, HIDDEN_RULE]),
    ]);
    return address;
  }
  const mailbox = async (address: string) =>
    (
      await q.db.query('SELECT external_forwarding AS forwarding, inbox_rules AS rules FROM lab_mailboxes WHERE address = $1', [address])
    )[0];
  const persistence = async (host: string) =>
    q.db.query(`SELECT kind, location, removed FROM lab_persistence WHERE device_id = $1 ORDER BY kind, location`, [`dev-${host}`]);
  const get = async (id: string) => (await q.http.get(`/api/v1/actions/${id}`).set(reader).expect(200)).body;

  /** A manual action, approved when the policy asks for it, until it succeeds. */
  async function carriedOut(type: string, target: Record<string, unknown>, params: Record<string, unknown> = {}) {
    const created = (await q.http.post('/api/v1/actions').set(analyst).send({ type, target, reason: 'restore test', params }).expect(201))
      .body;
    if (created.status === 'pending') await q.http.post(`/api/v1/actions/${created.id}/approve`).set(approver).send({}).expect(200);
    return eventually(async () => ((await get(created.id)).status === 'succeeded' ? get(created.id) : undefined));
  }

  it('undo of each re-creates exactly what the action recorded it removed', async () => {
    const address = await addMailbox();
    const box = { type: 'mailbox', address };
    const before = await mailbox(address);

    const rule = await carriedOut('remove_inbox_rule', box, { rule: '..' });
    expect(rule.result.recorded).toEqual({ mailbox: address, rules: [HIDDEN_RULE] });
    expect(rule.reversible).toBe(true);
    const forwarding = await carriedOut('disable_external_forwarding', box);
    expect(forwarding.result.recorded).toEqual({ mailbox: address, externalForwarding: FORWARDING });
    expect(await mailbox(address)).toEqual({ forwarding: null, rules: [KEPT_RULE] });

    const impact = (await q.http.get(`/api/v1/actions/${rule.id}/impact`).set(reader).expect(200)).body.current.reversal;
    expect(impact).toMatchObject({
      reversible: true,
      inverse: 'restore_inbox_rule',
      how: expect.stringContaining('records what it removes'),
    });

    const undoneRule = await q.http.post(`/api/v1/actions/${rule.id}/undo`).set(approver).send({}).expect(200);
    expect(undoneRule.body.status).toBe('undone');
    const undoneForwarding = await q.http.post(`/api/v1/actions/${forwarding.id}/undo`).set(approver).send({}).expect(200);
    expect(undoneForwarding.body.status).toBe('undone');
    const after = await mailbox(address);
    expect(after.forwarding).toBe(before.forwarding);
    // The kept rule stays first; the removed one is back with every field it had.
    expect(after.rules).toEqual([KEPT_RULE, HIDDEN_RULE]);
    expect(undoneRule.body.history.find((h: { kind: string }) => h.kind === 'undone').details).toMatchObject({ rulesRestored: ['..'] });

    const host = await addLabDevice(q.db);
    await q.db.query(
      `INSERT INTO lab_persistence (device_id, kind, location) VALUES ($1, 'registry_run_key', 'HKCU\\Run\\Updater'), ($1, 'scheduled_task', '\\Sync')`,
      [`dev-${host}`],
    );
    const removed = await carriedOut('remove_persistence', { type: 'device', hostname: host });
    expect(removed.result.recorded.entries).toEqual([
      { kind: 'registry_run_key', location: 'HKCU\\Run\\Updater' },
      { kind: 'scheduled_task', location: '\\Sync' },
    ]);
    expect((await persistence(host)).every((p: { removed: boolean }) => p.removed)).toBe(true);
    // One entry is deleted outright meanwhile: the restore re-creates it from the record.
    await q.db.query(`DELETE FROM lab_persistence WHERE device_id = $1 AND kind = 'scheduled_task'`, [`dev-${host}`]);
    const restored = await q.http.post(`/api/v1/actions/${removed.id}/undo`).set(approver).send({});
    expect([restored.status, restored.body.detail]).toEqual([200, undefined]);
    expect(await persistence(host)).toEqual([
      { kind: 'registry_run_key', location: 'HKCU\\Run\\Updater', removed: false },
      { kind: 'scheduled_task', location: '\\Sync', removed: false },
    ]);
  });

  it('a rollback of an incident that removed a rule and turned off forwarding restores both', async () => {
    const address = await addMailbox();
    const before = await mailbox(address);
    const accepted = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .send({
        externalId: `ri-${randomBytes(4).toString('hex')}`,
        source: 'email',
        type: 'restore_inverses_test',
        title: 'Suspicious inbox manipulation',
        severity: 'high',
        entities: [{ type: 'mailbox', address }],
      })
      .expect(202);
    const { incidentId } = await workflowResult(q.client, alertWorkflowId(accepted.body.results[0].id));
    const proposed = await eventually(async () => {
      const list = await q.http.get(`/api/v1/actions?incidentId=${incidentId}`).set(reader).expect(200);
      return list.body.items.length === 2 ? list.body.items : undefined;
    });
    for (const a of proposed as { id: string; status: string }[])
      if (a.status === 'pending') await q.http.post(`/api/v1/actions/${a.id}/approve`).set(approver).send({}).expect(200);
    await eventually(async () => {
      const list = await q.http.get(`/api/v1/actions?incidentId=${incidentId}&status=succeeded`).set(reader).expect(200);
      return list.body.items.length === 2 ? true : undefined;
    });
    expect(await mailbox(address)).toEqual({ forwarding: null, rules: [KEPT_RULE] });

    const plan = (await q.http.get(`/api/v1/incidents/${incidentId}/rollback`).set(reader).expect(200)).body;
    expect(plan.reversible.map((a: { inverse: string }) => a.inverse).sort()).toEqual([
      'restore_external_forwarding',
      'restore_inbox_rule',
    ]);
    expect(plan.irreversible).toEqual([]);
    const started = await q.http.post(`/api/v1/incidents/${incidentId}/rollback`).set(approver).send({ confirm: true }).expect(202);
    const done = await eventually(async () => {
      const op = await q.http.get(`/api/v1/incidents/${incidentId}/rollback/${started.body.operation.id}`).set(reader).expect(200);
      return op.body.status === 'running' ? undefined : op.body;
    }, 40_000);
    expect(done.status).toBe('completed');
    expect(done.results.map((r: { result: string }) => r.result)).toEqual(['undone', 'undone']);
    expect(await mailbox(address)).toEqual(before);
  });

  it('an action without a record of what it removed is not undone: the reason and the step by hand are given', async () => {
    const address = await addMailbox();
    const rule = await carriedOut('remove_inbox_rule', { type: 'mailbox', address }, { rule: '..' });
    // As an action taken before Quell recorded what it removes.
    await q.db.query(`UPDATE actions SET result = result - 'recorded' WHERE id = $1`, [rule.id]);
    expect((await get(rule.id)).reversible).toBe(false);

    const refused = await q.http.post(`/api/v1/actions/${rule.id}/undo`).set(approver).send({}).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail).toContain('recorded no state to restore from');
    expect(refused.body.byHand).toContain('re-create the removed inbox rule');
    const impact = (await q.http.get(`/api/v1/actions/${rule.id}/impact`).set(reader).expect(200)).body.current.reversal;
    expect(impact).toMatchObject({ reversible: false, how: expect.stringContaining('re-create the removed inbox rule') });

    // The worker refuses the same way when the undo reaches it (a rollback planned before the record went missing).
    const handle = await q.client.workflow.start('undoActionWorkflow', {
      workflowId: `undo-${rule.id}`,
      taskQueue: q.config.temporal.taskQueue,
      args: [{ actionId: rule.id, by: 'test', mode: 'undo' }],
    });
    await expect(handle.result()).rejects.toThrow();
    const failure = await handle.result().catch((err: Error) => {
      let cause: Error = err;
      while (cause.cause instanceof Error) cause = cause.cause;
      return cause.message;
    });
    expect(failure).toContain('recorded no state to restore from');
    expect(failure).toContain('By hand: Ask the mailbox owner');
    expect((await get(rule.id)).status).toBe('succeeded');
    expect((await mailbox(address)).rules).toEqual([KEPT_RULE]);
  });
});
