import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { FakeGraphSecurity, securityAlert } from '../support/fake-graph-security.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';
import { workerFor } from '../support/worker.js';

const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-pull', clientSecret: 'graph-pull-secret-value' };

/** SOURCES_CONFIG for one Graph alerts source on the fake, its secret in GRAPH_SOURCE_SECRET. */
function sourceEnv(fake: FakeGraphSecurity, source: Record<string, unknown> = {}): Record<string, string> {
  return {
    GRAPH_SOURCE_SECRET: credentials.clientSecret,
    SOURCES_CONFIG: JSON.stringify({
      sources: [
        {
          name: 'graph',
          kind: 'graph_alerts',
          tenantId: credentials.tenantId,
          clientId: credentials.clientId,
          clientSecretVar: 'GRAPH_SOURCE_SECRET',
          apiUrl: fake.url,
          loginUrl: fake.url,
          allowInsecureHttp: true,
          intervalSeconds: 1,
          overlapSeconds: 0,
          startAt: '2026-01-01T00:00:00Z',
          ...source,
        },
      ],
    }),
  };
}

const at = (minute: number, ms = 0) => new Date(Date.UTC(2026, 0, 10, 8, minute, 0, ms)).toISOString().replace('Z', '0000Z');

async function storedIds(q: TestQuell): Promise<string[]> {
  const rows: { external_id: string }[] = await q.db.query(`SELECT external_id FROM alerts ORDER BY external_id`);
  return rows.map((r) => r.external_id);
}

async function status(q: TestQuell) {
  const res = await q.http
    .get('/api/v1/sources')
    .set(await q.auth('reader'))
    .expect(200);
  return res.body.items[0];
}

describe('pulling Microsoft Graph security alerts (alerts_v2)', () => {
  let fake: FakeGraphSecurity;
  let q: TestQuell;

  beforeAll(async () => {
    fake = await FakeGraphSecurity.start(credentials);
    // Pages of two: equal update times straddle a page boundary.
    fake.securityAlerts.push(
      securityAlert('a1', at(1), 'ws-1'),
      securityAlert('a2', at(2), 'ws-2'),
      securityAlert('a3', at(3), 'ws-3'),
      securityAlert('a4', at(3), 'ws-4'),
      securityAlert('a5', at(3), 'ws-5'),
    );
    q = await startQuell({ env: sourceEnv(fake, { pageSize: 2 }) });
  });
  afterAll(async () => {
    await q.close();
    await fake.close();
  });

  it('pulls every alert once through next links, filtered and ordered by update time, and keeps the cursor', async () => {
    await eventually(async () => ((await storedIds(q)).length === 5 ? true : undefined), 30_000, 'five alerts stored');
    const s = await eventually(async () => {
      const x = await status(q);
      return x.caughtUpAt && x.counts.pulled >= 5 ? x : undefined;
    });
    expect(await storedIds(q)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(s).toMatchObject({ name: 'graph', kind: 'graph_alerts', state: 'active', cursor: '2026-01-10T08:03:00.000Z', sweep: null });
    expect(s.counts.outcomes.created).toBe(5);
    const first = fake.served[0].path;
    expect(decodeURIComponent(first)).toContain('$filter=lastUpdateDateTime ge 2026-01-01T00:00:00.000Z');
    expect(decodeURIComponent(first)).toContain('$orderby=lastUpdateDateTime asc');
    expect(first).toContain('$top=2');
    expect(fake.served.slice(0, 3).map((p) => p.ids)).toEqual([['a1', 'a2'], ['a3', 'a4'], ['a5']]);
    expect(fake.requests.some((r) => r.path.includes('$skip='))).toBe(false);
    // Every alert went on to correlation, as a pushed one does.
    await eventually(async () => {
      const [r] = await q.db.query(`SELECT count(*)::int AS n FROM alerts WHERE correlated_at IS NOT NULL`);
      return r.n === 5 ? true : undefined;
    });
  });

  it('pulls an alert indexed late with the cursor’s own update time, and an alert the vendor updated between polls', async () => {
    const polls = fake.served.length;
    fake.securityAlerts.push(securityAlert('a6', at(3), 'ws-6'));
    const a2 = fake.securityAlerts.find((a) => a.id === 'a2')!;
    Object.assign(a2, { lastUpdateDateTime: at(4), status: 'inProgress' });
    await eventually(async () => ((await storedIds(q)).includes('a6') ? true : undefined), 20_000, 'the late alert');
    await eventually(async () => (fake.served.slice(polls).some((p) => p.ids.includes('a2')) ? true : undefined), 20_000, 'the update');
    const s = await eventually(async () => {
      const x = await status(q);
      return x.cursor === '2026-01-10T08:04:00.000Z' ? x : undefined;
    });
    expect(await storedIds(q)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
    expect(s.counts.outcomes.created).toBe(6);
    // The vendor's update is applied in place: the stored alert carries the new update time and a revision.
    expect(s.counts.outcomes.updated).toBeGreaterThanOrEqual(1);
    const [a2Stored] = await q.db.query(`SELECT vendor_updated_at, revision FROM alerts WHERE external_id = 'a2'`);
    expect(new Date(a2Stored.vendor_updated_at).toISOString()).toBe(new Date(at(4)).toISOString());
    expect(a2Stored.revision).toBeGreaterThanOrEqual(1);
  });

  it('waits out a 429 with Retry-After and renews an expired token', async () => {
    const tokens = fake.counts.tokenRequests;
    fake.revokeTokens();
    fake.inject({ match: /^GET \/v1\.0\/security\/alerts_v2$/, status: 429, retryAfter: '1' });
    fake.securityAlerts.push(securityAlert('a7', at(5), 'ws-7'));
    await eventually(async () => ((await storedIds(q)).includes('a7') ? true : undefined), 20_000, 'the alert after a 429');
    expect(fake.counts.unauthorized).toBeGreaterThanOrEqual(1);
    expect(fake.counts.tokenRequests).toBeGreaterThan(tokens);
    expect((await status(q)).lastError).toBeNull();
  });

  it('records a refusal as the last error, without the secret, and goes on once it is lifted', async () => {
    fake.denied.push(/security\/alerts_v2/);
    const s = await eventually(async () => {
      const x = await status(q);
      return x.lastError ? x : undefined;
    });
    expect(s.lastError).toMatch(/403.*Authorization_RequestDenied/);
    expect(s.counts.errors).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(s)).not.toContain(credentials.clientSecret);
    fake.denied.length = 0;
    fake.securityAlerts.push(securityAlert('a8', at(6), 'ws-8'));
    await eventually(async () => ((await storedIds(q)).includes('a8') ? true : undefined), 90_000, 'polling again after the refusal');
  }, 120_000);

  it('pauses, resumes and backfills through the API, storing nothing twice', async () => {
    const admin = await q.auth('admin');
    const paused = await q.http.post('/api/v1/sources/graph/pause').set(admin).expect(200);
    expect(paused.body.state).toBe('paused');
    fake.securityAlerts.push(securityAlert('a9', at(7), 'ws-9'));
    await new Promise((r) => setTimeout(r, 2500));
    expect(await storedIds(q)).not.toContain('a9');
    await q.http.post('/api/v1/sources/graph/resume').set(admin).expect(200);
    await eventually(async () => ((await storedIds(q)).includes('a9') ? true : undefined), 20_000, 'polling after resume');

    const before = (await status(q)).counts.outcomes.unchanged ?? 0;
    const polls = fake.served.length;
    const res = await q.http.post('/api/v1/sources/graph/backfill').set(admin).send({ from: '2026-01-10T08:00:00Z' }).expect(200);
    expect(res.body.cursor).toBe('2026-01-10T08:00:00.000Z');
    await eventually(async () => {
      const x = await status(q);
      return x.caughtUpAt && (x.counts.outcomes.unchanged ?? 0) >= before + 9 ? x : undefined;
    });
    expect(fake.served.slice(polls).flatMap((p) => p.ids)).toEqual(expect.arrayContaining(['a1', 'a5', 'a9']));
    expect(await storedIds(q)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9']);
  });

  it('answers bad requests with problems and shows the source in /metrics', async () => {
    const admin = await q.auth('admin');
    const bad = await q.http.post('/api/v1/sources/graph/backfill').set(admin).send({ from: 'yesterday' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors[0].path).toBe('from');
    await q.http.post('/api/v1/sources/graph/backfill').set(admin).send({ from: '2999-01-01T00:00:00Z' }).expect(400);
    await q.http.post('/api/v1/sources/nope/pause').set(admin).expect(404);
    await q.http.post('/api/v1/sources/Not%20A%20Name/pause').set(admin).expect(400);
    await q.http
      .post('/api/v1/sources/graph/pause')
      .set(await q.auth('analyst'))
      .expect(403);
    const metrics = await q.http
      .get('/metrics')
      .set(await q.auth('reader'))
      .expect(200);
    expect(metrics.text).toMatch(/quell_source_lag_seconds\{source="graph"\} \d/);
    expect(metrics.text).toMatch(/quell_source_alerts_pulled_total\{source="graph"\} \d/);
    expect(metrics.text).toMatch(/quell_source_alerts_ingested_total\{source="graph",outcome="created"\} 9/);
    expect(metrics.text).toMatch(/quell_source_errors_total\{source="graph"\} [1-9]/);
  });
});

/**
 * The worker dies after a page's alerts were stored and before the page's cursor was: the page is
 * pulled again on the next worker, and every alert is stored exactly once.
 */
describe('a worker killed in the middle of a page', () => {
  let fake: FakeGraphSecurity;
  let q: TestQuell;
  let worker: ChildProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await FakeGraphSecurity.start(credentials);
    for (let i = 0; i < 30; i++) fake.securityAlerts.push(securityAlert(`k${String(i).padStart(2, '0')}`, at(10, i * 10), `kill-${i}`));
    env = sourceEnv(fake, { pageSize: 10 });
    q = await startQuell({ env: { QUELL_ROLE: 'api', ...env } });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await q.close();
    await fake.close();
  });

  it('pulls the page again after a restart and stores every alert once', async () => {
    let release = () => {};
    fake.holds.push({ offset: 10, until: new Promise<void>((r) => (release = r)) });
    const holder = new pg.Client({ connectionString: q.config.database.url });
    await holder.connect();
    try {
      worker = workerFor(q, env);
      await eventually(async () => ((await storedIds(q)).length === 10 ? true : undefined), 60_000, 'the first page');
      await eventually(async () => (fake.holds.length === 0 ? true : undefined), 20_000, 'the second page asked for');
      // Hold the source's row: the page's alerts are stored, its cursor cannot be.
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM sources WHERE name = 'graph' FOR UPDATE`);
      release();
      await eventually(async () => ((await storedIds(q)).length === 20 ? true : undefined), 20_000, 'the second page ingested');
      // (Read from another connection: a transaction sees one snapshot of pg_stat_activity.)
      const blocked = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE sources%'`;
      await eventually(async () => ((await q.db.query(blocked)).length ? true : undefined), 20_000, 'the cursor write blocked');
      worker.kill('SIGKILL');
      await new Promise((r) => worker!.once('exit', r));
      // The dead worker's statement never commits.
      for (const { pid } of await q.db.query(blocked)) await q.db.query('SELECT pg_terminate_backend($1)', [pid]);
      await holder.query('ROLLBACK');
      worker = workerFor(q, env);
      const s = await eventually(
        async () => {
          const x = await status(q);
          return x.caughtUpAt && (await storedIds(q)).length === 30 ? x : undefined;
        },
        90_000,
        'the sweep finished on the new worker',
      );
      const [{ n, distinct }] = await q.db.query(`SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS distinct FROM alerts`);
      expect([n, distinct]).toEqual([30, 30]);
      const secondPage = fake.served.filter((p) => p.ids[0] === 'k10');
      expect(secondPage.length).toBe(2);
      // Counts are stored with their page: the first pull of the second page died with it, its second pull found ten unchanged.
      expect(s.counts.outcomes).toMatchObject({ created: 20, unchanged: 10 });
      expect(s.cursor).toBe(new Date(at(10, 290).replace('0000Z', 'Z')).toISOString());
      await eventually(async () => {
        const [r] = await q.db.query(`SELECT count(*)::int AS n FROM alerts WHERE correlated_at IS NOT NULL`);
        return r.n === 30 ? true : undefined;
      }, 30_000);
    } finally {
      await holder.end().catch(() => undefined);
    }
  }, 180_000);
});
