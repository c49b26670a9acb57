import { randomBytes } from 'node:crypto';
import { AuditStore, recordAudit, systemAudit } from '../../src/audit/audit.store.js';
import { alertWorkflowId } from '../../workflows/ids.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addLabDevice } from '../support/lab.js';

const hex = (n: number) => randomBytes(n).toString('hex');

interface Row {
  seq: number;
  action: string;
  actor: { kind: string; id: string | null; name: string };
  source: { ip: string | null; userAgent: string | null };
  target: { type: string; id: string } | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe('the audit log', () => {
  let q: TestQuell;
  let admin: { Authorization: string };
  let analyst: { Authorization: string };
  let approver: { Authorization: string };
  let ingest: { Authorization: string };
  let adminKeyId: string;
  let store: AuditStore;

  beforeAll(async () => {
    q = await startQuell();
    [admin, analyst, approver, ingest] = await Promise.all([q.auth('admin'), q.auth('analyst'), q.auth('approver'), q.auth('ingest')]);
    adminKeyId = (await q.db.query(`SELECT id FROM api_keys WHERE name = 'test-admin'`))[0].id;
    store = q.app.get(AuditStore);
  });
  afterAll(() => q.close());

  /** Every entry of the log, oldest first, through the export. */
  async function all(): Promise<Row[]> {
    const res = await q.http.get('/api/v1/audit?format=jsonl').set(admin).expect(200);
    return res.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }
  const latest = async (action: string, targetId?: string | number): Promise<Row> => {
    const rows = (await all()).filter((r) => r.action === action && (targetId === undefined || r.target?.id === String(targetId)));
    expect(rows.length).toBeGreaterThan(0);
    return rows[rows.length - 1];
  };

  async function incident(): Promise<number> {
    const body = {
      externalId: hex(6),
      source: 'endpoint',
      title: 'Audit alert',
      severity: 'medium',
      entities: [{ type: 'device', hostname: `h-${hex(4)}` }],
    };
    const res = await q.http.post('/api/v1/alerts').set(ingest).send(body).expect(202);
    return (await workflowResult(q.client, alertWorkflowId(res.body.results[0].id))).incidentId;
  }

  it('records key, webhook, automation and playbook changes with the actor, where from, before and after, and no secret', async () => {
    const created = await q.http
      .post('/api/v1/keys')
      .set(admin)
      .set('User-Agent', 'audit-test/1')
      .send({ name: `k-${hex(3)}`, role: 'reader' })
      .expect(201);
    const keyRow = await latest('key.created', created.body.id);
    expect(keyRow.actor).toEqual({ kind: 'key', id: adminKeyId, name: 'test-admin', issuer: null, email: null });
    expect(keyRow.source.userAgent).toBe('audit-test/1');
    expect(keyRow.source.ip).toBeTruthy();
    expect(keyRow.after).toMatchObject({ id: created.body.id, name: created.body.name, role: 'reader' });
    await q.http.delete(`/api/v1/keys/${created.body.id}`).set(admin).expect(200);
    const revoked = await latest('key.revoked', created.body.id);
    expect(revoked.before).toMatchObject({ revokedAt: null });
    expect(revoked.after!.revokedAt).toBeTruthy();
    await q.http.delete(`/api/v1/keys/${created.body.id}`).set(admin).expect(200);
    expect((await all()).filter((r) => r.action === 'key.revoked' && r.target?.id === created.body.id)).toHaveLength(1);

    const hook = await q.http
      .post('/api/v1/webhooks')
      .set(admin)
      .send({ url: 'http://127.0.0.1:9/hook', events: ['incident.created'] })
      .expect(201);
    expect((await latest('webhook.created', hook.body.id)).after).toMatchObject({
      url: 'http://127.0.0.1:9/hook',
      events: ['incident.created'],
    });
    await q.http.delete(`/api/v1/webhooks/${hook.body.id}`).set(admin).expect(204);
    expect((await latest('webhook.deleted', hook.body.id)).before).toMatchObject({ id: hook.body.id });

    await q.http.put('/api/v1/automation').set(admin).send({ bulkDeviceThreshold: 17 }).expect(200);
    const auto = await latest('automation.updated');
    expect(auto.before!.bulkDeviceThreshold).not.toBe(17);
    expect(auto.after!.bulkDeviceThreshold).toBe(17);

    await q.http.post('/api/v1/playbooks/reload').set(admin).expect(200);
    expect(Object.keys((await latest('playbooks.reloaded')).after!.versions as object).length).toBeGreaterThan(0);

    await q.http.get('/api/v1/incidents').set({ Authorization: 'Bearer qk_not-a-real-key' }).expect(401);
    await eventually(async () => ((await all()).some((r) => r.action === 'auth.failed') ? true : undefined));

    const text = JSON.stringify(await all());
    expect(text).not.toContain(created.body.key);
    expect(text).not.toContain(hook.body.secret);
    expect(text).not.toContain(hook.body.secret.slice(0, 10));
    expect(text).not.toContain('qk_not-a-real-key');
  });

  it('records incident changes, comments, bulk changes, merges and alert moves', async () => {
    const [a, b, c] = [await incident(), await incident(), await incident()];
    await q.http.patch(`/api/v1/incidents/${a}`).set(analyst).send({ severity: 'high', assignedTo: 'ann' }).expect(200);
    const updated = await latest('incident.updated', a);
    expect(updated.actor.name).toBe('test-analyst');
    expect(updated.before).toEqual({ severity: 'medium', assignedTo: null });
    expect(updated.after).toEqual({ severity: 'high', assignedTo: 'ann' });

    await q.http.post(`/api/v1/incidents/${a}/comments`).set(analyst).send({ text: 'looked at it' }).expect(201);
    expect((await latest('incident.commented', a)).after).toMatchObject({ text: 'looked at it' });

    const before = (await all()).length;
    await q.http
      .post('/api/v1/incidents/bulk')
      .set(analyst)
      .send({ ids: [b, c], changes: { assignedTo: 'ann' } })
      .expect(200);
    const bulk = (await all()).slice(before);
    expect(bulk.map((r) => [r.action, r.target?.id])).toEqual([
      ['incident.updated', String(b)],
      ['incident.updated', String(c)],
    ]);

    await q.http
      .post(`/api/v1/incidents/${a}/merge`)
      .set(analyst)
      .send({ sourceIds: [b], reason: 'same actor' })
      .expect(200);
    expect((await latest('incident.merged', a)).after).toEqual({ incidentId: a, mergedIncidentIds: [b], reason: 'same actor' });

    const alertId = (await q.http.get(`/api/v1/incidents/${a}`).set(analyst).expect(200)).body.alerts[0].id;
    await q.http.post(`/api/v1/alerts/${alertId}/move`).set(analyst).send({ incidentId: c, reason: 'belongs to c' }).expect(200);
    const moved = await latest('alert.moved', alertId);
    expect(moved.before).toEqual({ incidentId: a });
    expect(moved.after).toMatchObject({ incidentId: c, reason: 'belongs to c' });

    const failed = await q.http.patch(`/api/v1/incidents/${a}`).set(analyst).send({ severity: 'bogus' });
    expect(failed.status).toBe(400);
    expect((await all()).filter((r) => r.target?.id === String(a) && r.action === 'incident.updated')).toHaveLength(1);
  });

  it('records manual action requests, approvals, rejections, undo and retries', async () => {
    const upn = `u-${hex(3)}@contoso.com`;
    await q.db.query(
      `INSERT INTO lab_users (upn, display_name, enabled, is_admin, groups, risk, compromised) VALUES ($1, 'Audit User', true, false, '{}', 'low', false)`,
      [upn],
    );
    const pending = await q.http
      .post('/api/v1/actions')
      .set(admin)
      .send({ type: 'disable_user', target: { type: 'user', upn }, reason: 'takeover' })
      .expect(201);
    expect((await latest('action.requested', pending.body.id)).after).toMatchObject({
      type: 'disable_user',
      reason: 'takeover',
      status: 'pending',
    });
    // A refused decision (self-approval) writes nothing; an accepted one writes its entry with the decision.
    await q.http.post(`/api/v1/actions/${pending.body.id}/approve`).set(admin).send({}).expect(409);
    expect((await all()).filter((r) => r.action === 'action.approved' && r.target?.id === pending.body.id)).toHaveLength(0);
    await q.http.post(`/api/v1/actions/${pending.body.id}/approve`).set(approver).send({ comment: 'ok' }).expect(200);
    const approved = await latest('action.approved', pending.body.id);
    expect(approved.actor.name).toBe('test-approver');
    expect(approved.source.ip).toBeTruthy();
    expect(approved.before).toEqual({ status: 'pending', approvals: 0 });
    expect(approved.after).toEqual({ decision: 'approve', comment: 'ok', status: 'pending', approvals: 1, requiredApprovals: 2 });
    // The entry and the decision are one transaction: the row the decision wrote and its audit entry agree.
    const [row] = await q.db.query(`SELECT jsonb_array_length(approvals) AS n FROM actions WHERE id = $1`, [pending.body.id]);
    expect(row.n).toBe(approved.after!.approvals);
    await q.http.post(`/api/v1/actions/${pending.body.id}/reject`).set(admin).send({ comment: 'no' }).expect(200);
    expect((await latest('action.rejected', pending.body.id)).after).toMatchObject({ decision: 'reject', comment: 'no' });

    const disable = await q.http
      .post('/api/v1/actions')
      .set(analyst)
      .send({ type: 'disable_user', target: { type: 'user', upn }, reason: 'takeover' })
      .expect(201);
    await q.http.post(`/api/v1/actions/${disable.body.id}/approve`).set(approver).send({}).expect(200);
    expect((await q.http.post(`/api/v1/actions/${disable.body.id}/approve`).set(admin).send({}).expect(200)).body.status).toBe('succeeded');
    await q.http.post(`/api/v1/actions/${disable.body.id}/undo`).set(approver).expect(200);
    const undo = await latest('action.undo_requested', disable.body.id);
    expect(undo.actor.name).toBe('test-approver');
    expect(undo.before).toEqual({ status: 'succeeded' });

    const host = `ghost-${hex(3)}`;
    const ghost = await q.http
      .post('/api/v1/actions')
      .set(analyst)
      .send({ type: 'collect_investigation_package', target: { type: 'device', hostname: host }, reason: 'forensics' })
      .expect(201);
    await eventually(async () => {
      const a = (await q.http.get(`/api/v1/actions/${ghost.body.id}`).set(analyst).expect(200)).body;
      return a.status === 'failed' ? a : undefined;
    });
    await addLabDevice(q.db, { host });
    await q.http.post(`/api/v1/actions/${ghost.body.id}/retry`).set(approver).expect(200);
    expect((await latest('action.retry_requested', ghost.body.id)).after).toEqual({ attempt: 1 });
  });

  it('serves filters, a cursor and JSON lines to admins only', async () => {
    await q.http.get('/api/v1/audit').set(analyst).expect(403);
    const everything = await all();
    const page1 = await q.http.get('/api/v1/audit?limit=2').set(admin).expect(200);
    expect(page1.body.items.map((r: Row) => r.seq)).toEqual([everything.at(-1)!.seq, everything.at(-2)!.seq]);
    const page2 = await q.http.get(`/api/v1/audit?limit=2&cursor=${page1.body.nextCursor}`).set(admin).expect(200);
    expect(page2.body.items.map((r: Row) => r.seq)).toEqual([everything.at(-3)!.seq, everything.at(-4)!.seq]);
    await q.http.get('/api/v1/audit?cursor=bogus').set(admin).expect(400);
    await q.http.get('/api/v1/audit?action=nope').set(admin).expect(400);

    const keys = await q.http.get('/api/v1/audit?action=key.created,key.revoked').set(admin).expect(200);
    expect(keys.body.items.length).toBeGreaterThan(0);
    expect(new Set(keys.body.items.map((r: Row) => r.action))).toEqual(new Set(['key.created', 'key.revoked']));
    const byActor = await q.http.get('/api/v1/audit?actor=test-approver&limit=500').set(admin).expect(200);
    expect(byActor.body.items.length).toBeGreaterThan(0);
    expect(byActor.body.items.every((r: Row) => r.actor.name === 'test-approver')).toBe(true);
    const one = everything.find((r) => r.action === 'incident.merged')!;
    const byTarget = await q.http
      .get(`/api/v1/audit?targetType=incident&targetId=${one.target!.id}&action=incident.merged`)
      .set(admin)
      .expect(200);
    expect(byTarget.body.items.map((r: Row) => r.seq)).toEqual([one.seq]);
    const future = await q.http
      .get(`/api/v1/audit?from=${new Date(Date.now() + 60_000).toISOString()}`)
      .set(admin)
      .expect(200);
    expect(future.body.items).toEqual([]);

    const lines = await q.http.get('/api/v1/audit?action=key.created').set(admin).set('Accept', 'application/x-ndjson').expect(200);
    expect(lines.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const exported: Row[] = lines.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(exported.map((r) => r.seq)).toEqual(everything.filter((r) => r.action === 'key.created').map((r) => r.seq));
  });

  it('keeps one linear chain under concurrent writers', async () => {
    const start = (await all()).length;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        q.db.transaction((m) => recordAudit(m, { ...systemAudit('test'), action: 'playbooks.reloaded', after: { i } })),
      ),
    );
    const rows = await all();
    expect(rows.length).toBe(start + 20);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(await store.verify()).toMatchObject({ ok: true, count: rows.length });
  });

  it('refuses edits, and verify names the first altered or deleted entry', async () => {
    await expect(q.db.query(`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(q.db.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only/);
    const ok = await store.verify();
    expect(ok.ok).toBe(true);
    const victim = (await all()).find((r) => r.action === 'incident.updated')!;

    await q.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    try {
      await q.db.query(`UPDATE audit_log SET after = jsonb_set(after, '{assignedTo}', '"mallory"') WHERE seq = $1`, [victim.seq]);
      expect(await store.verify()).toEqual({ ok: false, seq: victim.seq, reason: expect.stringContaining('hash mismatch') });
      await q.db.query(`UPDATE audit_log SET after = $2 WHERE seq = $1`, [victim.seq, JSON.stringify(victim.after)]);
      expect((await store.verify()).ok).toBe(true);

      await q.db.query(`DELETE FROM audit_log WHERE seq = $1`, [victim.seq + 1]);
      expect(await store.verify()).toEqual({ ok: false, seq: victim.seq + 1, reason: expect.stringContaining('gap') });
    } finally {
      await q.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    }
  });
});
