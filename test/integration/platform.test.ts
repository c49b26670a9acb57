import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../src/db/data-source.js';
import { createTestDatabase, eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { alertWorkflowId } from '../../workflows/ids.js';

describe('API platform', () => {
  let q: TestQuell;
  beforeAll(async () => {
    q = await startQuell({ env: { BODY_LIMIT: '64kb' } });
  });
  afterAll(() => q.close());

  it('answers liveness without a key and readiness with both backends up', async () => {
    await q.http.get('/healthz').expect(200, { status: 'ok' });
    const ready = await q.http.get('/readyz').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { database: { ok: true }, temporal: { ok: true } } });
  });

  it('refuses /api/v1 without a key, with a bad key, and with the wrong role', async () => {
    const none = await q.http.get('/api/v1/keys').expect(401);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    await q.http.get('/api/v1/keys').set('Authorization', 'Bearer qk_nope').expect(401);
    await q.http.get('/api/v1/keys').set('Authorization', 'Basic abc').expect(401);
    const reader = await q.http
      .get('/api/v1/keys')
      .set(await q.auth('reader'))
      .expect(403);
    expect(reader.body.detail).toContain("needs the role 'admin'");
    await q.http
      .get('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .expect(403);
    await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('reader'))
      .send({})
      .expect(403);
  });

  it('creates, lists and revokes keys; a revoked key stops working', async () => {
    const admin = await q.auth('admin');
    const created = await q.http.post('/api/v1/keys').set(admin).send({ name: 'alice', role: 'analyst' }).expect(201);
    expect(created.body.key).toMatch(/^qk_[A-Za-z0-9_-]{43}$/);
    const list = await q.http.get('/api/v1/keys').set(admin).expect(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(listed).toMatchObject({ name: 'alice', role: 'analyst' });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    const [row] = await q.db.query('SELECT key_hash FROM api_keys WHERE id = $1', [created.body.id]);
    expect(row.key_hash).not.toContain(created.body.key);

    const alice = { Authorization: `Bearer ${created.body.key}` };
    await q.http.get('/api/v1/alerts').set(alice).expect(200);
    await q.http.delete(`/api/v1/keys/${created.body.id}`).set(admin).expect(200);
    await eventually(async () => ((await q.http.get('/api/v1/alerts').set(alice)).status === 401 ? true : undefined), 10_000, 'revocation');
    await q.http.delete('/api/v1/keys/00000000-0000-0000-0000-000000000000').set(admin).expect(404);
    await q.http.delete('/api/v1/keys/not-a-uuid').set(admin).expect(400);
  });

  it('renders validation errors as problem+json with paths', async () => {
    const res = await q.http
      .post('/api/v1/keys')
      .set(await q.auth('admin'))
      .send({ name: '', role: 'god', extra: 1 })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.stringContaining('validation'), status: 400 });
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['name', 'role']));
    expect(res.body.errors.some((e: { message: string }) => /extra/.test(e.message))).toBe(true);
  });

  it('answers unknown routes, oversized bodies, malformed JSON and wrong content types with problems', async () => {
    const missing = await q.http
      .get('/api/v1/nothing-here')
      .set(await q.auth('admin'))
      .expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    const admin = await q.auth('admin');
    const big = await q.http
      .post('/api/v1/keys')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(70_000), role: 'reader' }))
      .expect(413);
    expect(big.body).toMatchObject({ status: 413 });
    const bad = await q.http.post('/api/v1/keys').set(admin).set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(bad.body.type).toContain('malformed-json');
    const xml = await q.http.post('/api/v1/keys').set(admin).set('Content-Type', 'text/xml').send('<key/>').expect(415);
    expect(xml.body).toMatchObject({ status: 415 });
  });

  it('serves the OpenAPI document, Swagger UI and Prometheus metrics', async () => {
    const doc = await q.http.get('/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/keys', '/api/v1/alerts', '/api/v1/incidents/{id}']));
    expect(doc.body.paths['/api/v1/keys'].post.requestBody.content['application/json'].schema.properties.role.enum).toContain('approver');
    await q.http.get('/docs/').expect(200).expect('Content-Type', /html/);
    await q.http.get('/healthz');
    const metrics = await q.http
      .get('/metrics')
      .set(await q.auth('reader'))
      .expect(200);
    expect(metrics.text).toMatch(/quell_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(metrics.text).toContain('quell_process_cpu_seconds_total');
  });

  it('runs an alert workflow end to end through the worker the app started', async () => {
    const res = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .send({
        externalId: 'e2e-1',
        source: 'endpoint',
        title: 'Test alert',
        severity: 'low',
        entities: [{ type: 'device', hostname: 'ws-e2e' }],
      })
      .expect(202);
    const id = res.body.results[0].id;
    const result = await workflowResult(q.client, alertWorkflowId(id));
    expect(result).toMatchObject({ decision: 'new' });
    const alert = await q.http
      .get(`/api/v1/alerts/${id}`)
      .set(await q.auth('reader'))
      .expect(200);
    expect(alert.body.incidentId).toBe(result.incidentId);
  });
});

describe('readiness without a database', () => {
  it('reports 503 when PostgreSQL is unreachable', async () => {
    const db = await createTestDatabase();
    const q = await startQuell({ databaseUrl: db.url });
    try {
      await q.http.get('/readyz').expect(200);
      await db.drop();
      const res = await q.http.get('/readyz').expect(503);
      expect(res.body).toMatchObject({ status: 'not_ready', checks: { database: { ok: false }, temporal: { ok: true } } });
    } finally {
      await q.close().catch(() => undefined);
    }
  });
});

describe('migrations', () => {
  it('build the whole schema on an empty database and are a no-op the second time', async () => {
    const db = await createTestDatabase();
    try {
      const applied = await runMigrations(db.url);
      expect(applied.length).toBeGreaterThanOrEqual(2);
      expect(await runMigrations(db.url)).toEqual([]);
      const ds = new DataSource(dataSourceOptions(db.url, 1));
      await ds.initialize();
      const tables: { table_name: string }[] = await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      );
      await ds.destroy();
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['alerts', 'api_keys', 'incidents', 'incident_keys', 'alert_keys', 'incident_activity', 'quell_migrations']),
      );
    } finally {
      await db.drop();
    }
  });
});
