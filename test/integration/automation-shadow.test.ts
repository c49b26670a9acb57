import { randomBytes } from 'node:crypto';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';
import { addLabDevice } from '../support/lab.js';

const hex = (n: number) => randomBytes(n).toString('hex');
type Auth = { Authorization: string };

describe('automation settings in shadow', () => {
  let q: TestQuell;
  let reader: Auth;
  let analyst: Auth;
  let approver: Auth;
  let admin: Auth;
  const group = `Servers-${hex(3)}`;

  beforeAll(async () => {
    q = await startQuell();
    [reader, analyst, approver, admin] = await Promise.all([q.auth('reader'), q.auth('analyst'), q.auth('approver'), q.auth('admin')]);
    await q.http
      .put('/api/v1/automation')
      .set(admin)
      .send({ deviceGroups: { [group]: 'semi_all' } })
      .expect(200);
  });
  afterAll(() => q.close());

  const isolate = async (host: string) =>
    (
      await q.http
        .post('/api/v1/actions')
        .set(analyst)
        .send({ type: 'isolate_device', target: { type: 'device', hostname: host }, reason: 'shadow test' })
        .expect(201)
    ).body as { id: string; status: string };
  const isolated = async (host: string) =>
    ((await q.db.query('SELECT isolated FROM lab_devices WHERE hostname = $1', [host])) as { isolated: boolean }[])[0]!.isolated;
  const shadowRows = async () => Number((await q.db.query('SELECT count(*) AS n FROM automation_shadows'))[0].n);
  const shadowAudits = async () =>
    Number((await q.db.query(`SELECT count(*) AS n FROM audit_log WHERE action LIKE 'automation.shadow_%'`))[0].n);

  it('refuses bad candidate settings with 400 problems and non-admins with 403, writing nothing', async () => {
    const bad: [object, string][] = [
      [{ defaultLevel: 'sometimes' }, 'defaultLevel'],
      [{ deviceGroups: { [group]: 'full' }, surprise: true }, '(root)'],
      [{ bulkDeviceThreshold: 1 }, 'bulkDeviceThreshold'],
      [{ connectors: { isolate_device: 'no-such-connector' } }, 'connectors.isolate_device'],
    ];
    for (const [body, path] of bad) {
      const res = await q.http.put('/api/v1/automation/shadow').set(admin).send(body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    await q.http.put('/api/v1/automation/shadow').set(analyst).send({}).expect(403);
    await q.http.put('/api/v1/automation/shadow').set(approver).send({}).expect(403);
    await q.http.delete('/api/v1/automation/shadow').set(approver).expect(403);
    await q.http.get('/api/v1/automation/shadow/report').set(analyst).expect(403);
    await q.http.post('/api/v1/automation/shadow/promote').set(approver).set('If-Match', '*').send({}).expect(403);
    expect(await shadowRows()).toBe(0);
    expect(await shadowAudits()).toBe(0);
    const none = await q.http.get('/api/v1/automation/shadow').set(reader).expect(404);
    expect(none.headers['content-type']).toContain('application/problem+json');
    await q.http.get('/api/v1/automation/shadow/report').set(admin).expect(404);
    await q.http.delete('/api/v1/automation/shadow').set(admin).expect(404);
  });

  it('records what a candidate would auto-run, runs nothing, and once promoted runs the next proposal automatically', async () => {
    const started = await q.http
      .put('/api/v1/automation/shadow')
      .set(admin)
      .send({ deviceGroups: { [group]: 'full' } })
      .expect(200);
    expect(started.body).toMatchObject({ startedBy: 'test-admin', settings: { deviceGroups: { [group]: 'full' } } });
    const shown = await q.http.get('/api/v1/automation/shadow').set(reader).expect(200);
    expect(shown.body).toMatchObject({ id: started.body.id, startedBy: 'test-admin', startedAt: started.body.startedAt });

    const hosts = [await addLabDevice(q.db, { group }), await addLabDevice(q.db, { group })];
    const held = [await isolate(hosts[0]!), await isolate(hosts[1]!)];
    expect(held.map((a) => a.status)).toEqual(['pending', 'pending']);
    // The same decision both ways is recorded but not reported as a change.
    const scan = (
      await q.http
        .post('/api/v1/actions')
        .set(analyst)
        .send({ type: 'run_av_scan', target: { type: 'device', hostname: await addLabDevice(q.db) }, reason: 'shadow test' })
        .expect(201)
    ).body;

    const report = (await q.http.get('/api/v1/automation/shadow/report').set(admin).expect(200)).body;
    expect(report).toMatchObject({ shadowId: started.body.id, proposals: 3, changed: 2 });
    expect(report.changes).toEqual([
      {
        actionType: 'isolate_device',
        deviceGroup: group,
        live: 'approval',
        shadow: 'automatic',
        liveApprovals: 1,
        shadowApprovals: 1,
        count: 2,
        summary: '2 isolate_device would have run without approval',
        actionIds: expect.arrayContaining(held.map((a) => a.id)),
      },
    ]);
    expect(report.changes[0].actionIds).toHaveLength(2);
    expect(report.changes[0].actionIds).not.toContain(scan.id);
    // The shadow had no effect: both wait for a person, and no device was isolated.
    for (const a of held) expect((await q.http.get(`/api/v1/actions/${a.id}`).set(reader).expect(200)).body.status).toBe('pending');
    for (const host of hosts) expect(await isolated(host)).toBe(false);

    const live = await q.http.get('/api/v1/automation').set(reader).expect(200);
    const missing = await q.http.post('/api/v1/automation/shadow/promote').set(admin).send({}).expect(428);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    await q.http.post('/api/v1/automation/shadow/promote').set(admin).set('If-Match', '"automation-1"').send({}).expect(412);
    await q.http.post('/api/v1/automation/shadow/promote').set(admin).set('If-Match', live.headers.etag).send({ extra: 1 }).expect(400);
    // Nothing promoted yet: the live settings and the shadow stand.
    const unchanged = await q.http.get('/api/v1/automation').set(reader).expect(200);
    expect(unchanged.headers.etag).toBe(live.headers.etag);
    expect(unchanged.body.settings.deviceGroups[group]).toBe('semi_all');
    await q.http.get('/api/v1/automation/shadow').set(reader).expect(200);

    const promoted = await q.http
      .post('/api/v1/automation/shadow/promote')
      .set(admin)
      .set('If-Match', live.headers.etag)
      .send({ comment: 'two weeks of shadow' })
      .expect(200);
    expect(promoted.headers.etag).not.toBe(live.headers.etag);
    expect(promoted.body).toMatchObject({
      automation: { settings: { deviceGroups: { [group]: 'full' } }, updatedBy: 'test-admin' },
      shadow: { id: started.body.id, outcome: 'promoted', endedBy: 'test-admin' },
      report: { shadowId: started.body.id, changed: 2 },
    });
    await q.http.get('/api/v1/automation/shadow').set(reader).expect(404);
    const [row] = await q.db.query('SELECT outcome, ended_by, report FROM automation_shadows WHERE id = $1', [started.body.id]);
    expect(row).toMatchObject({ outcome: 'promoted', ended_by: 'test-admin', report: { changed: 2, proposals: 3 } });
    const [audit] = await q.db.query(`SELECT actor_name, after FROM audit_log WHERE action = 'automation.shadow_promoted'`);
    expect(audit).toMatchObject({
      actor_name: 'test-admin',
      after: { comment: 'two weeks of shadow', report: { changes: ['2 isolate_device would have run without approval'] } },
    });
    await q.http.post('/api/v1/automation/shadow/promote').set(admin).set('If-Match', promoted.headers.etag).send({}).expect(404);

    const next = await addLabDevice(q.db, { group });
    const ran = await isolate(next);
    expect(ran.status).not.toBe('pending');
    await eventually(async () =>
      (await q.http.get(`/api/v1/actions/${ran.id}`).set(reader)).body.status === 'succeeded' ? true : undefined,
    );
    expect(await isolated(next)).toBe(true);
    // With no shadow, proposals record no shadow decision.
    const [{ n }] = await q.db.query('SELECT count(*)::int AS n FROM automation_shadow_decisions WHERE action_id = $1', [ran.id]);
    expect(n).toBe(0);
  });

  it('replaces a running shadow with a new candidate and ends one on DELETE, audited', async () => {
    const first = (await q.http.put('/api/v1/automation/shadow').set(admin).send({ defaultLevel: 'none' }).expect(200)).body;
    const second = (await q.http.put('/api/v1/automation/shadow').set(admin).send({ defaultLevel: 'semi_all' }).expect(200)).body;
    expect(second.id).not.toBe(first.id);
    expect((await q.http.get('/api/v1/automation/shadow').set(reader).expect(200)).body.settings.defaultLevel).toBe('semi_all');
    const [replaced] = await q.db.query('SELECT outcome FROM automation_shadows WHERE id = $1', [first.id]);
    expect(replaced.outcome).toBe('replaced');

    // A change in approvals needed is a change too: under the candidate, a scan on the default group waits.
    const scan = (
      await q.http
        .post('/api/v1/actions')
        .set(analyst)
        .send({ type: 'run_av_scan', target: { type: 'device', hostname: await addLabDevice(q.db) }, reason: 'shadow test' })
        .expect(201)
    ).body;
    const report = (await q.http.get('/api/v1/automation/shadow/report').set(admin).expect(200)).body;
    expect(report.changes).toEqual([
      expect.objectContaining({
        actionType: 'run_av_scan',
        deviceGroup: 'Default',
        live: 'automatic',
        shadow: 'approval',
        summary: '1 run_av_scan would have waited for approval',
        actionIds: [scan.id],
      }),
    ]);

    const ended = await q.http.delete('/api/v1/automation/shadow').set(admin).expect(200);
    expect(ended.body).toMatchObject({ id: second.id, outcome: 'ended', endedBy: 'test-admin' });
    await q.http.get('/api/v1/automation/shadow').set(reader).expect(404);
    const actions = (await q.db.query(`SELECT action FROM audit_log WHERE action LIKE 'automation.shadow_%' ORDER BY seq`)).map(
      (r: { action: string }) => r.action,
    );
    expect(actions).toEqual([
      'automation.shadow_started',
      'automation.shadow_promoted',
      'automation.shadow_started',
      'automation.shadow_started',
      'automation.shadow_ended',
    ]);
  });
});
