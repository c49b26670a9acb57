import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { signature } from '../../src/webhooks/webhook-relay.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';
import { addLabDevice } from '../support/lab.js';

const hex = (n: number) => randomBytes(n).toString('hex');

describe('the action center', () => {
  let q: TestQuell;
  let analyst: { Authorization: string };
  let approver: { Authorization: string };
  let admin: { Authorization: string };
  let second: { Authorization: string };

  beforeAll(async () => {
    q = await startQuell();
    [analyst, approver, admin] = await Promise.all([q.auth('analyst'), q.auth('approver'), q.auth('admin')]);
    const created = await q.http.post('/api/v1/keys').set(admin).send({ name: 'second-approver', role: 'approver' }).expect(201);
    second = { Authorization: `Bearer ${created.body.key}` };
  });
  afterAll(() => q.close());

  async function labUser() {
    const upn = `u-${hex(3)}@contoso.com`;
    await q.db.query(
      `INSERT INTO lab_users (upn, display_name, enabled, is_admin, groups, risk, compromised) VALUES ($1, 'Test User', true, false, '{}', 'low', false)`,
      [upn],
    );
    return upn;
  }
  const labDevice = () => addLabDevice(q.db);
  const get = async (id: string) => (await q.http.get(`/api/v1/actions/${id}`).set(analyst).expect(200)).body;

  it('needs two different approvers to disable a user, and refuses self-approval', async () => {
    const upn = await labUser();
    const created = await q.http
      .post('/api/v1/actions')
      .set(admin)
      .send({ type: 'disable_user', target: { type: 'user', upn }, reason: 'account takeover' })
      .expect(201);
    expect(created.body).toMatchObject({ status: 'pending', source: 'manual', requestedBy: 'test-admin', requiredApprovals: 2 });
    expect(created.body.policyReason).toBe('waiting: identity actions need approval');
    const self = await q.http.post(`/api/v1/actions/${created.body.id}/approve`).set(admin).send({}).expect(409);
    expect(self.body.detail).toContain('cannot approve');
    const one = await q.http.post(`/api/v1/actions/${created.body.id}/approve`).set(approver).send({ comment: 'ok' }).expect(200);
    expect(one.body).toMatchObject({ status: 'pending', decision: { approvals: 1, requiredApprovals: 2 } });
    await q.http.post(`/api/v1/actions/${created.body.id}/approve`).set(approver).send({}).expect(409);
    const two = await q.http.post(`/api/v1/actions/${created.body.id}/approve`).set(second).send({}).expect(200);
    expect(two.body.status).toBe('succeeded');
    const [user] = await q.db.query('SELECT enabled FROM lab_users WHERE upn = $1', [upn]);
    expect(user.enabled).toBe(false);

    const undone = await q.http.post(`/api/v1/actions/${created.body.id}/undo`).set(approver).expect(200);
    expect(undone.body.status).toBe('undone');
    const [after] = await q.db.query('SELECT enabled FROM lab_users WHERE upn = $1', [upn]);
    expect(after.enabled).toBe(true);
    await q.http.post(`/api/v1/actions/${created.body.id}/undo`).set(approver).expect(409);
  });

  it('refuses to undo an irreversible action, rejects bad requests, and 404s unknown actions', async () => {
    const host = await labDevice();
    const scan = await q.http
      .post('/api/v1/actions')
      .set(analyst)
      .send({ type: 'run_av_scan', target: { type: 'device', hostname: host }, reason: 'check' })
      .expect(201);
    await eventually(async () => ((await get(scan.body.id)).status === 'succeeded' ? true : undefined));
    const res = await q.http.post(`/api/v1/actions/${scan.body.id}/undo`).set(approver).expect(409);
    expect(res.body.detail).toContain('no inverse');
    const bad = await q.http
      .post('/api/v1/actions')
      .set(analyst)
      .send({ type: 'isolate_device', target: { type: 'user', upn: 'x@y.com' }, reason: 'x' })
      .expect(400);
    expect(bad.body.errors[0].message).toContain('needs a device target');
    await q.http
      .post('/api/v1/actions')
      .set(analyst)
      .send({ type: 'release_device', target: { type: 'device', hostname: host }, reason: 'x' })
      .expect(400);
    await q.http.post('/api/v1/actions/act-000000000000000000000000/approve').set(approver).send({}).expect(404);
    await q.http.post('/api/v1/actions/nope/approve').set(approver).send({}).expect(400);
    await q.http
      .post('/api/v1/actions')
      .set(approver)
      .send({ type: 'run_av_scan', target: { type: 'device', hostname: host }, reason: 'x' })
      .expect(403);
  });

  it('marks an action on a target the connector does not know as failed, and retries it once the target exists', async () => {
    const host = `ghost-${hex(3)}`;
    const created = await q.http
      .post('/api/v1/actions')
      .set(analyst)
      .send({ type: 'collect_investigation_package', target: { type: 'device', hostname: host }, reason: 'forensics' })
      .expect(201);
    const failed = await eventually(async () => {
      const a = await get(created.body.id);
      return a.status === 'failed' ? a : undefined;
    });
    expect(failed.error).toBeTruthy();
    await q.http.post(`/api/v1/actions/${created.body.id}/undo`).set(approver).expect(409);
    await addLabDevice(q.db, { host });
    const retried = await q.http.post(`/api/v1/actions/${created.body.id}/retry`).set(approver).expect(200);
    expect(retried.body.status).toBe('succeeded');
    await q.http.post(`/api/v1/actions/${created.body.id}/retry`).set(approver).expect(409);
  });

  it('refuses a stale automation write with 412 when If-Match names a version someone else replaced', async () => {
    const read = await q.http.get('/api/v1/automation').set(analyst).expect(200);
    const first: string = read.headers.etag;
    expect(first).toMatch(/^"automation-/);
    try {
      const saved = await q.http.put('/api/v1/automation').set(admin).set('If-Match', first).send({ bulkDeviceThreshold: 20 }).expect(200);
      const second: string = saved.headers.etag;
      expect(second).not.toBe(first);
      expect(saved.body.settings.bulkDeviceThreshold).toBe(20);
      expect((await q.http.get('/api/v1/automation').set(analyst)).headers.etag).toBe(second);

      for (const stale of [first, '"something-else"']) {
        const refused = await q.http
          .put('/api/v1/automation')
          .set(admin)
          .set('If-Match', stale)
          .send({ bulkDeviceThreshold: 30 })
          .expect(412);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(refused.body.detail).toContain(second);
      }
      // Two admins saving the same version at once: one wins, the other is told.
      const both = await Promise.all(
        [40, 50].map((n) => q.http.put('/api/v1/automation').set(admin).set('If-Match', second).send({ bulkDeviceThreshold: n })),
      );
      expect(both.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = both.find((r) => r.status === 200)!.body.settings.bulkDeviceThreshold;
      expect((await q.http.get('/api/v1/automation').set(analyst)).body.settings.bulkDeviceThreshold).toBe(winner);
      await q.http.put('/api/v1/automation').set(admin).set('If-Match', '*').send({ bulkDeviceThreshold: 60 }).expect(200);
    } finally {
      await q.http.put('/api/v1/automation').set(admin).send({}).expect(200);
    }
  });

  it('decides many actions of one type at once, and filters the action center', async () => {
    await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
    try {
      const hosts = [await labDevice(), await labDevice()];
      const ids: string[] = [];
      for (const host of hosts) {
        const r = await q.http
          .post('/api/v1/actions')
          .set(analyst)
          .send({ type: 'isolate_device', target: { type: 'device', hostname: host }, reason: 'bulk' })
          .expect(201);
        expect(r.body.status).toBe('pending');
        ids.push(r.body.id);
      }
      const scan = await q.http
        .post('/api/v1/actions')
        .set(analyst)
        .send({ type: 'run_av_scan', target: { type: 'device', hostname: hosts[0] }, reason: 'bulk' })
        .expect(201);
      await q.http
        .post('/api/v1/actions/decide')
        .set(approver)
        .send({ ids: [...ids, scan.body.id], decision: 'approve' })
        .expect(400);
      const res = await q.http.post('/api/v1/actions/decide').set(approver).send({ ids, decision: 'approve' }).expect(200);
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['succeeded', 'succeeded']);
      const list = await q.http
        .get(`/api/v1/actions?type=isolate_device&status=succeeded&decidedBy=test-approver&source=manual`)
        .set(analyst)
        .expect(200);
      expect(list.body.items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(ids));
      await q.http.get('/api/v1/actions?status=bogus').set(analyst).expect(400);
    } finally {
      await q.http.put('/api/v1/automation').set(admin).send({}).expect(200);
    }
  });

  it('signs webhook deliveries and retries them until the receiver accepts', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    let failFirst = true;
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(failFirst ? 500 : 204).end();
        failFirst = false;
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
      const hook = await q.http
        .post('/api/v1/webhooks')
        .set(admin)
        .send({ url, events: ['action.pending'] })
        .expect(201);
      expect(hook.body.secret).toMatch(/^whsec_/);
      const listed = await q.http.get('/api/v1/webhooks').set(admin).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(hook.body.secret);
      await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
      const host = await labDevice();
      const action = await q.http
        .post('/api/v1/actions')
        .set(analyst)
        .send({ type: 'isolate_device', target: { type: 'device', hostname: host }, reason: 'hook' })
        .expect(201);
      await eventually(async () => (received.length >= 2 ? true : undefined), 15_000, 'a retried delivery');
      const [first, retry] = received;
      expect(retry.body).toBe(first.body);
      expect(retry.headers['x-quell-delivery']).toBe(first.headers['x-quell-delivery']);
      const payload = JSON.parse(retry.body);
      expect(payload).toMatchObject({ event: 'action.pending', data: { action: { id: action.body.id } } });
      expect(retry.headers['x-quell-signature']).toBe(signature(hook.body.secret, String(retry.headers['x-quell-timestamp']), retry.body));
      // The receiver answers before the relay commits what it heard: wait for the record.
      const delivery = await eventually(
        async () => {
          const deliveries = await q.http.get(`/api/v1/webhooks/${hook.body.id}/deliveries`).set(admin).expect(200);
          return deliveries.body.items[0]?.attempts >= 2 ? deliveries.body.items[0] : undefined;
        },
        10_000,
        'the retried delivery recorded',
      );
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
      await q.http.delete(`/api/v1/webhooks/${hook.body.id}`).set(admin).expect(204);
    } finally {
      await q.http.put('/api/v1/automation').set(admin).send({}).expect(200);
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('holds no lock on a delivery while its receiver takes its time, and records the answer when it comes', async () => {
    let answer: (() => void) | undefined;
    const server: Server = createServer((req, res) => {
      req.resume();
      answer = () => res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slow`;
      const hook = await q.http
        .post('/api/v1/webhooks')
        .set(admin)
        .send({ url, events: ['action.pending'] })
        .expect(201);
      await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
      await q.http
        .post('/api/v1/actions')
        .set(analyst)
        .send({ type: 'isolate_device', target: { type: 'device', hostname: await labDevice() }, reason: 'slow hook' })
        .expect(201);
      await eventually(async () => answer, 15_000, 'the receiver to be called');
      // Claimed with a lease: still pending, its next attempt pushed past the delivery timeout, and not locked.
      const [claimed] = await q.db.transaction(async (m) =>
        m.query(
          `SELECT status, attempts, next_attempt_at > now() + interval '15 seconds' AS leased FROM webhook_deliveries WHERE webhook_id = $1 FOR UPDATE NOWAIT`,
          [hook.body.id],
        ),
      );
      expect(claimed).toMatchObject({ status: 'pending', attempts: 0, leased: true });
      answer!();
      const delivery = await eventually(
        async () => {
          const r = await q.http.get(`/api/v1/webhooks/${hook.body.id}/deliveries`).set(admin).expect(200);
          return r.body.items[0]?.status === 'delivered' ? r.body.items[0] : undefined;
        },
        10_000,
        'the delivery recorded',
      );
      expect(delivery).toMatchObject({ attempts: 1 });
      await q.http.delete(`/api/v1/webhooks/${hook.body.id}`).set(admin).expect(204);
    } finally {
      await q.http.put('/api/v1/automation').set(admin).send({}).expect(200);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('exports action metrics for Prometheus', async () => {
    const metrics = await q.http
      .get('/metrics')
      .set(await q.auth('reader'))
      .expect(200);
    expect(metrics.text).toMatch(/quell_actions\{type="disable_user",status="undone"\} 1/);
    expect(metrics.text).toContain('quell_actions_pending');
    expect(metrics.text).toContain('quell_action_decision_latency_seconds_bucket');
  });
});
