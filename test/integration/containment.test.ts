import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTAINMENT_TIMER } from '../../src/domain/remediation.js';
import { actionWorkflowId, alertWorkflowId, undoWorkflowId } from '../../workflows/ids.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addLabDevice } from '../support/lab.js';

const PLAYBOOK = (duration: string, action = 'isolate_device') => `name: timeboxed-isolation
version: "1"
triggers:
  - type: timebox_test
steps:
  - id: isolate
    forEach: "\${{ alert.entities.filter(e, e.type == 'device') }}"
    as: device
    remediate:
      action: ${action}
      target: "\${{ device }}"
      reason: Contain the device while someone looks
      for: ${duration}
`;

interface HistoryEntry {
  kind: string;
  actor: string;
  at: string;
  details: Record<string, unknown>;
}

describe('time-boxed containment', () => {
  let q: TestQuell;
  let analyst: { Authorization: string };
  let approver: { Authorization: string };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-timebox-'));
    writeFileSync(join(dir, 'timeboxed-isolation.yaml'), PLAYBOOK('3s'));
    q = await startQuell({ env: { PLAYBOOKS_DIR: dir } });
    [analyst, approver] = await Promise.all([q.auth('analyst'), q.auth('approver')]);
  });
  afterAll(() => q.close());

  const get = async (id: string) => (await q.http.get(`/api/v1/actions/${id}`).set(analyst).expect(200)).body;
  const isolated = async (host: string) => (await q.db.query('SELECT isolated FROM lab_devices WHERE hostname = $1', [host]))[0].isolated;
  const isolate = async (host: string, durationSeconds: number) =>
    (
      await q.http
        .post('/api/v1/actions')
        .set(analyst)
        .send({ type: 'isolate_device', target: { type: 'device', hostname: host }, reason: 'contain', durationSeconds })
        .expect(201)
    ).body;
  const scheduled = (id: string) => eventually(async () => ((await get(id)).containmentUntil ? get(id) : undefined));
  const undone = (id: string) => eventually(async () => ((await get(id)).status === 'undone' ? get(id) : undefined), 30_000, 'the undo');

  it('undoes a time-boxed isolation when its time is up, and says so in the history', async () => {
    const host = await addLabDevice(q.db);
    const created = await isolate(host, 2);
    expect(created).toMatchObject({ containmentSeconds: 2, containmentUntil: null, renewals: [] });
    const held = await scheduled(created.id);
    expect(held.status).toBe('succeeded');
    expect(await isolated(host)).toBe(true);
    const until = Date.parse(held.containmentUntil);
    const after = await undone(created.id);
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    expect(await isolated(host)).toBe(false);
    const kinds = after.history.map((h: HistoryEntry) => h.kind);
    expect(kinds).toEqual(expect.arrayContaining(['succeeded', 'undo_scheduled', 'undone']));
    const scheduledEntry = after.history.find((h: HistoryEntry) => h.kind === 'undo_scheduled');
    expect(scheduledEntry).toMatchObject({ actor: 'system', details: { at: held.containmentUntil } });
    expect(after.history.find((h: HistoryEntry) => h.kind === 'undone').actor).toBe(CONTAINMENT_TIMER);
    expect(await q.client.workflow.getHandle(actionWorkflowId(created.id)).result()).toBe('undone');
  });

  it('a renewal moves the undo: not at the old time, at the new one', async () => {
    const host = await addLabDevice(q.db);
    const created = await isolate(host, 3);
    const held = await scheduled(created.id);
    const renewed = await q.http
      .post(`/api/v1/actions/${created.id}/renew`)
      .set(approver)
      .send({ durationSeconds: 8, comment: 'still looking' })
      .expect(200);
    const newUntil = Date.parse(renewed.body.containmentUntil);
    expect(newUntil).toBeGreaterThan(Date.parse(held.containmentUntil));
    expect(renewed.body.renewals).toEqual([
      expect.objectContaining({ by: 'test-approver', until: renewed.body.containmentUntil, comment: 'still looking' }),
    ]);
    expect(renewed.body.history.find((h: HistoryEntry) => h.kind === 'renewed')).toMatchObject({
      actor: 'test-approver',
      details: { until: renewed.body.containmentUntil, previous: held.containmentUntil },
    });
    // Audited with the renewal, in its transaction: who, and the end before and after.
    const audit = (
      await q.http
        .get(`/api/v1/audit?action=action.renewed&targetId=${created.id}`)
        .set(await q.auth('admin'))
        .expect(200)
    ).body.items;
    expect(audit).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ kind: 'key', name: 'test-approver' }),
        before: { containmentUntil: held.containmentUntil },
        after: { containmentUntil: renewed.body.containmentUntil, comment: 'still looking' },
      }),
    ]);
    // Past the old end: still contained.
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(held.containmentUntil) - Date.now()) + 1500));
    expect((await get(created.id)).status).toBe('succeeded');
    expect(await isolated(host)).toBe(true);
    const after = await undone(created.id);
    expect(Date.parse(after.history.find((h: HistoryEntry) => h.kind === 'undone').at)).toBeGreaterThanOrEqual(newUntil);
    expect(await isolated(host)).toBe(false);
  });

  it('an action undone by hand meanwhile is not undone again, and cannot be renewed', async () => {
    const host = await addLabDevice(q.db);
    const created = await isolate(host, 4);
    await scheduled(created.id);
    await q.http.post(`/api/v1/actions/${created.id}/undo`).set(approver).expect(200);
    expect(await q.client.workflow.getHandle(actionWorkflowId(created.id)).result()).toBe('undone');
    const after = await get(created.id);
    const undos = after.history.filter((h: HistoryEntry) => h.kind === 'undone');
    expect(undos).toEqual([expect.objectContaining({ actor: 'test-approver' })]);
    // The one undo there is was the person's: the timer started none of its own.
    const undo = await q.client.workflow.getHandle(undoWorkflowId(created.id)).describe();
    expect(undo.parentExecution).toBeUndefined();
    const refused = await q.http.post(`/api/v1/actions/${created.id}/renew`).set(approver).send({ durationSeconds: 60 }).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses bad durations with 400 problem+json and writes nothing', async () => {
    const host = await addLabDevice(q.db);
    const [{ n: before }] = await q.db.query('SELECT count(*)::int AS n FROM actions');
    for (const durationSeconds of [0, -5, 1.5, '4h', 31 * 86_400]) {
      const res = await q.http
        .post('/api/v1/actions')
        .set(analyst)
        .send({ type: 'isolate_device', target: { type: 'device', hostname: host }, reason: 'x', durationSeconds })
        .expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors[0].path).toBe('durationSeconds');
    }
    const irreversible = await q.http
      .post('/api/v1/actions')
      .set(analyst)
      .send({ type: 'run_av_scan', target: { type: 'device', hostname: host }, reason: 'x', durationSeconds: 60 })
      .expect(400);
    expect(irreversible.body.errors[0]).toMatchObject({ path: 'durationSeconds', message: expect.stringContaining('no inverse') });
    const [{ n: after }] = await q.db.query('SELECT count(*)::int AS n FROM actions');
    expect(after).toBe(before);
    const created = await isolate(host, 60);
    await scheduled(created.id);
    await q.http.post(`/api/v1/actions/${created.id}/renew`).set(approver).send({ durationSeconds: 0 }).expect(400);
    await q.http.post(`/api/v1/actions/${created.id}/renew`).set(analyst).send({ durationSeconds: 60 }).expect(403);
  });

  it('a playbook step with for: proposes a time-boxed action, undone when its time is up', async () => {
    const host = await addLabDevice(q.db);
    const accepted = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .send({
        externalId: `tb-${Math.random().toString(36).slice(2)}`,
        source: 'endpoint',
        type: 'timebox_test',
        title: 'Hands-on-keyboard activity',
        severity: 'high',
        entities: [{ type: 'device', hostname: host }],
      })
      .expect(202);
    const { incidentId } = await workflowResult(q.client, alertWorkflowId(accepted.body.results[0].id));
    const action = await eventually(async () => {
      const list = await q.http.get(`/api/v1/actions?incidentId=${incidentId}&type=isolate_device`).set(analyst).expect(200);
      return list.body.items[0];
    });
    // No verdict on the device: the policy waits for a person; the time box starts when the isolation succeeds.
    expect(action).toMatchObject({ source: 'automated', status: 'pending', containmentSeconds: 3, containmentUntil: null });
    await q.http.post(`/api/v1/actions/${action.id}/approve`).set(approver).send({}).expect(200);
    expect((await scheduled(action.id)).status).toBe('succeeded');
    expect(await isolated(host)).toBe(true);
    const after = await undone(action.id);
    expect(after.history.find((h: HistoryEntry) => h.kind === 'undone').actor).toBe(CONTAINMENT_TIMER);
    expect(await isolated(host)).toBe(false);
  });

  it('validates for: with line and column', async () => {
    for (const [yaml, message] of [
      [PLAYBOOK('5y'), 'must be a duration'],
      [PLAYBOOK('31d'), 'must be a duration'],
      [PLAYBOOK('1h', 'run_av_scan'), 'no inverse'],
    ]) {
      const res = await q.http.post('/api/v1/playbooks/validate').set(analyst).send({ yaml }).expect(200);
      expect(res.body.valid).toBe(false);
      expect(res.body.errors[0]).toMatchObject({
        line: 13,
        path: expect.stringContaining('remediate.for'),
        message: expect.stringContaining(message),
      });
    }
  });
});
