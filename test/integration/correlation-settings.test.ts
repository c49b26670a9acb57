import { alertWorkflowId } from '../../workflows/ids.js';
import { startQuell, type TestQuell, workflowResult } from '../support/harness.js';

let seq = 0;
const T0 = Date.parse('2026-04-01T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const uniq = () => Math.random().toString(36).slice(2, 8);

describe('correlation settings and analyst feedback through the API', () => {
  let q: TestQuell;
  let admin: { Authorization: string };
  let analyst: { Authorization: string };
  let reader: { Authorization: string };

  beforeAll(async () => {
    q = await startQuell({ env: { CORRELATION_WINDOW_HOURS: '6', CORRELATION_IGNORE: 'ip:192.0.2.1' } });
    admin = await q.auth('admin');
    analyst = await q.auth('analyst');
    reader = await q.auth('reader');
  });
  afterAll(() => q.close());

  /** Sends one alert and waits for its correlation; returns the stored alert. */
  async function send(entities: unknown[], minutes = 0) {
    seq += 1;
    const res = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .send({
        externalId: `cs-${seq}-${uniq()}`,
        source: 'endpoint',
        title: `Alert ${seq}`,
        severity: 'low',
        firstActivityAt: at(minutes),
        entities,
      })
      .expect(202);
    const id = res.body.results[0].id as string;
    await workflowResult(q.client, alertWorkflowId(id));
    return (await q.http.get(`/api/v1/alerts/${id}`).set(reader).expect(200)).body;
  }

  const settings = () => q.http.get('/api/v1/correlation/settings').set(reader).expect(200);

  it("shows the environment's settings until an admin saves some", async () => {
    const res = await settings();
    expect(res.headers.etag).toBe('"correlation-0"');
    expect(res.body.version).toBe(0);
    expect(res.body.settings).toEqual(res.body.defaults);
    expect(res.body.settings).toMatchObject({ windowHours: 6, ignoreKeys: ['ip:192.0.2.1'], ignore: {}, disabledKeyTypes: [] });
  });

  it('refuses bad settings with a problem naming each field, and changes nothing', async () => {
    const res = await q.http
      .put('/api/v1/correlation/settings')
      .set(admin)
      .send({ windowHours: -1, ignore: { ip: { values: ['not-an-ip'] }, gadget: {} }, disabledKeyTypes: ['user:nickname'], extra: 1 })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['windowHours', 'disabledKeyTypes[0]']));
    expect(paths.some((p) => p.startsWith('ignore'))).toBe(true);
    expect((await settings()).body.version).toBe(0);
  });

  it('lets only admins change the settings', async () => {
    await q.http.put('/api/v1/correlation/settings').set(analyst).send({}).expect(403);
    await q.http
      .get('/api/v1/correlation/settings')
      .set(await q.auth('ingest'))
      .expect(403);
  });

  it('applies an ignore entry saved through the API to the next alert, without a restart, and records the change', async () => {
    const ip = `198.51.100.${10 + (seq % 200)}`;
    const first = await send([{ type: 'ip', address: ip }]);
    const second = await send([{ type: 'ip', address: ip }], 5);
    expect(second.incidentId).toBe(first.incidentId);

    const read = await settings();
    const put = await q.http
      .put('/api/v1/correlation/settings')
      .set(admin)
      .set('If-Match', read.headers.etag)
      .send({ ...read.body.settings, ignore: { ip: { values: [ip], patterns: [] } } })
      .expect(200);
    expect(put.headers.etag).toBe(`"correlation-${read.body.version + 1}"`);
    expect(put.body.settings.ignore.ip.values).toEqual([ip]);

    const third = await send([{ type: 'ip', address: ip }], 10);
    expect(third.incidentId).not.toBe(first.incidentId);
    expect(third.correlation.skippedKeys).toEqual([{ key: `ip:${ip}`, reason: 'on the ignore list of its entity type' }]);

    const history = await q.http.get('/api/v1/correlation/settings/history').set(reader).expect(200);
    expect(history.body.items[0]).toMatchObject({
      version: read.body.version + 1,
      before: { ignore: {} },
      after: { ignore: { ip: { values: [ip] } } },
      proposalId: null,
    });
    expect(history.body.items[0].changedBy).toEqual(expect.any(String));
  });

  it('switches a key type off and matches ignore patterns', async () => {
    const host = `evil-${uniq()}.example`;
    const a = await send([{ type: 'url', url: `https://a.${host}/x` }], 20);
    const b = await send([{ type: 'url', url: `https://b.${host}/y` }], 21);
    expect(b.incidentId).toBe(a.incidentId);
    const read = await settings();
    await q.http
      .put('/api/v1/correlation/settings')
      .set(admin)
      .set('If-Match', read.headers.etag)
      .send({
        ...read.body.settings,
        disabledKeyTypes: ['domain'],
        ignore: { ...read.body.settings.ignore, url: { values: [], patterns: ['*.zz-*'] } },
      })
      .expect(200);
    const c = await send(
      [
        { type: 'url', url: `https://c.${host}/z` },
        { type: 'url', url: 'https://q.zz-shared.example/' },
      ],
      22,
    );
    expect(c.incidentId).not.toBe(a.incidentId);
    expect(c.correlation.skippedKeys).toEqual(
      expect.arrayContaining([
        { key: `domain:${host}`, reason: 'key type domain is switched off' },
        { key: 'host:q.zz-shared.example', reason: 'matches the ignore pattern *.zz-*' },
      ]),
    );
  });

  it('refuses a stale write with 412 and keeps the newer settings', async () => {
    const read = await settings();
    await q.http
      .put('/api/v1/correlation/settings')
      .set(admin)
      .set('If-Match', read.headers.etag)
      .send({ ...read.body.settings, prevalenceLimit: 7 })
      .expect(200);
    const stale = await q.http
      .put('/api/v1/correlation/settings')
      .set(admin)
      .set('If-Match', read.headers.etag)
      .send({ ...read.body.settings, prevalenceLimit: 9 })
      .expect(412);
    expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
    await q.http.put('/api/v1/correlation/settings').set(admin).set('If-Match', 'W/"something-else"').send({}).expect(412);
    expect((await settings()).body.settings.prevalenceLimit).toBe(7);
  });

  const proposals = async (status = 'open') =>
    (await q.http.get(`/api/v1/correlation/proposals?status=${status}`).set(reader).expect(200)).body.items as {
      id: string;
      kind: string;
      target: string;
      status: string;
      summary: string;
      evidence: {
        count: number;
        items: { alertId: string | null; incidentIds: number[]; keys: string[]; reason: string; actor: string }[];
      };
    }[];

  it('turns an alert moved out of its incident into a proposal to ignore the key that linked it; accepting applies it', async () => {
    const ip = `203.0.113.${10 + (seq % 200)}`;
    const a = await send([{ type: 'ip', address: ip }], 30);
    const b = await send([{ type: 'ip', address: ip }], 31);
    expect(b.incidentId).toBe(a.incidentId);
    await q.http.post(`/api/v1/alerts/${b.id}/move`).set(analyst).send({ reason: 'unrelated: shared proxy' }).expect(200);

    const p = (await proposals()).find((x) => x.kind === 'ignore_key' && x.target === `ip:${ip}`);
    expect(p).toBeDefined();
    expect(p!.summary).toBe(`ignore ip:${ip}: it linked alerts an analyst separated once`);
    expect(p!.evidence.count).toBe(1);
    expect(p!.evidence.items[0]).toMatchObject({ alertId: b.id, incidentIds: [a.incidentId], keys: [`ip:${ip}`] });
    expect(p!.evidence.items[0].reason).toContain(`shares ip:${ip} with incident ${a.incidentId}`);
    expect(p!.evidence.items[0].reason).toContain('unrelated: shared proxy');

    await q.http.post(`/api/v1/correlation/proposals/${p!.id}/accept`).set(analyst).expect(403);
    const accepted = await q.http.post(`/api/v1/correlation/proposals/${p!.id}/accept`).set(admin).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', decidedBy: expect.any(String) });
    await q.http.post(`/api/v1/correlation/proposals/${p!.id}/accept`).set(admin).expect(409);

    expect((await settings()).body.settings.ignoreKeys).toContain(`ip:${ip}`);
    const history = await q.http.get('/api/v1/correlation/settings/history').set(reader).expect(200);
    expect(history.body.items[0]).toMatchObject({ proposalId: p!.id, after: { ignoreKeys: expect.arrayContaining([`ip:${ip}`]) } });

    const c = await send([{ type: 'ip', address: ip }], 32);
    expect([a.incidentId, b.incidentId]).not.toContain(c.incidentId);
    expect(c.correlation.skippedKeys).toEqual([{ key: `ip:${ip}`, reason: 'on the configured ignore list' }]);
  });

  it('turns incidents merged by hand over an ignored key into a proposal to stop ignoring it; dismissing keeps the settings', async () => {
    const d = await send([{ type: 'ip', address: '192.0.2.1' }], 40);
    const e = await send([{ type: 'ip', address: '192.0.2.1' }], 41);
    expect(e.incidentId).not.toBe(d.incidentId);
    await q.http
      .post(`/api/v1/incidents/${d.incidentId}/merge`)
      .set(analyst)
      .send({ sourceIds: [e.incidentId], reason: 'same campaign' })
      .expect(200);
    const p = (await proposals()).find((x) => x.kind === 'stop_ignoring_key' && x.target === 'ip:192.0.2.1');
    expect(p).toBeDefined();
    expect(p!.evidence.items[0]).toMatchObject({ alertId: null, incidentIds: [d.incidentId, e.incidentId].sort((x, y) => x - y) });
    expect(p!.evidence.items[0].reason).toContain('ip:192.0.2.1: on the configured ignore list');

    await q.http.post(`/api/v1/correlation/proposals/${p!.id}/dismiss`).set(analyst).expect(403);
    const before = (await settings()).body.version;
    await q.http.post(`/api/v1/correlation/proposals/${p!.id}/dismiss`).set(admin).expect(200);
    expect((await settings()).body).toMatchObject({ version: before, settings: { ignoreKeys: expect.arrayContaining(['ip:192.0.2.1']) } });
    expect((await proposals('dismissed')).map((x) => x.id)).toContain(p!.id);
    await q.http.post('/api/v1/correlation/proposals/prop-000000000000000000000000/accept').set(admin).expect(404);
    await q.http.post('/api/v1/correlation/proposals/nope/accept').set(admin).expect(400);
  });
});
