import { startMetricsServer } from '../../src/http/metrics.js';
import { startQuell, type TestQuell } from '../support/harness.js';

const alerts = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ externalId: `${tag}-${i}`, source: 'endpoint', title: 'Storm', severity: 'low', entities: [] }));

describe('abuse limits', () => {
  let q: TestQuell;
  // API only: the refused and admitted batches are what is measured, not their workflows.
  beforeAll(async () => {
    q = await startQuell({ env: { QUELL_ROLE: 'api', AUTH_FAILURE_LIMIT: '5', INGEST_RATE_LIMIT: '1', TRUST_PROXY: 'true' } });
  });
  afterAll(() => q.close());
  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const forged = { Authorization: 'Bearer qk_forgedforgedforgedforgedforgedforgedforged' };

  it('backs off an address after repeated failed authentication, with 429 and Retry-After', async () => {
    for (let i = 0; i < 6; i++) await q.http.get('/api/v1/alerts').set(from('198.51.100.7')).set(forged).expect(401);
    const blocked = await q.http.get('/api/v1/alerts').set(from('198.51.100.7')).set(forged).expect(429);
    expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(29);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(30);
    // Other guesses from that address wait too; a valid key never does, so failing from (or
    // spoofing) someone's address cannot lock them out.
    await q.http.get('/api/v1/alerts').set(from('198.51.100.7')).set({ Authorization: 'Bearer qk_another-guess' }).expect(429);
    await q.http
      .get('/api/v1/alerts')
      .set(from('198.51.100.7'))
      .set(await q.auth('reader'))
      .expect(200);
    // The same forged key from a fresh address is blocked as a key.
    await q.http.get('/api/v1/alerts').set(from('198.51.100.9')).set(forged).expect(429);
    // Public probes are never throttled.
    await q.http.get('/healthz').set(from('198.51.100.7')).expect(200);
  });

  it('limits alerts per ingest key, refusing a whole batch that does not fit and storing nothing of it', async () => {
    const first = await q.key('ingest');
    const second = (
      await q.http
        .post('/api/v1/keys')
        .set(await q.auth('admin'))
        .send({ name: 'second-detector', role: 'ingest' })
        .expect(201)
    ).body.key;
    // One alert per second per key: ten in any ten seconds.
    await q.http
      .post('/api/v1/alerts')
      .set({ Authorization: `Bearer ${first}` })
      .send(alerts(8, 'a'))
      .expect(202);
    const refused = await q.http
      .post('/api/v1/alerts')
      .set({ Authorization: `Bearer ${first}` })
      .send(alerts(3, 'b'))
      .expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body.detail).toContain("'test-ingest'");
    const [{ n }] = await q.db.query(`SELECT count(*)::int AS n FROM alerts WHERE external_id LIKE 'b-%'`);
    expect(n).toBe(0);
    await q.http
      .post('/api/v1/alerts')
      .set({ Authorization: `Bearer ${second}` })
      .send(alerts(3, 'c'))
      .expect(202);
    const oversized = await q.http
      .post('/api/v1/alerts')
      .set({ Authorization: `Bearer ${second}` })
      .send(alerts(11, 'd'))
      .expect(400);
    expect(oversized.body.errors[0].message).toContain('split the batch');
  });

  it('sends security headers on every answer, errors and docs included', async () => {
    for (const res of [await q.http.get('/healthz'), await q.http.get('/api/v1/keys'), await q.http.get('/docs/')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('serves metrics behind a key on the API port, and without one on a listener of its own', async () => {
    await q.http.get('/metrics').expect(401);
    await q.http
      .get('/metrics')
      .set(await q.auth('reader'))
      .expect(200);
    const own = await startMetricsServer('127.0.0.1', 0);
    try {
      const res = await fetch(own.url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('quell_http_requests_total');
      expect((await fetch(own.url.replace('/metrics', '/api/v1/keys'))).status).toBe(404);
    } finally {
      await own.close();
    }
  });
});
