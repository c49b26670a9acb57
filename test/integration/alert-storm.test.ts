import { randomBytes } from 'node:crypto';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { AlertIngestion } from '../../src/alerts/alert-ingestion.js';
import { nativeAlertSchema } from '../../src/domain/alert.js';
import { alertWorkflowId } from '../../workflows/ids.js';
import { createTestDatabase, eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';

/**
 * Accept = commit: the API process only commits; workers started apart dispatch. One database and
 * one task queue shared by an API-only application and worker-only applications.
 */
describe('alert storms: accept = commit, dispatch in the workers, backpressure', () => {
  const queue = `storm-${randomBytes(4).toString('hex')}`;
  const tag = randomBytes(3).toString('hex');
  let n = 0;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: TestQuell;
  const workers: TestQuell[] = [];
  let ingest: { Authorization: string };
  let reader: { Authorization: string };

  const alert = (host = `storm-${tag}-${++n}`) => ({
    externalId: `storm-${tag}-${++n}`,
    source: 'endpoint',
    title: 'Storm alert',
    severity: 'low',
    entities: [{ type: 'device', hostname: host }],
  });
  const startWorker = async () => {
    const w = await startQuell({ databaseUrl: db.url, env: { QUELL_ROLE: 'worker', TEMPORAL_TASK_QUEUE: queue } });
    workers.push(w);
    return w;
  };
  const count = async (sql: string) => Number((await api.db.query(sql))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startQuell({
      databaseUrl: db.url,
      env: { QUELL_ROLE: 'api', TEMPORAL_TASK_QUEUE: queue, ALERT_BACKLOG_LIMIT: '3', INGEST_RATE_LIMIT: '0' },
    });
    [ingest, reader] = await Promise.all([api.auth('ingest'), api.auth('reader')]);
    await api.http
      .put('/api/v1/automation')
      .set(await api.auth('admin'))
      .send({ defaultLevel: 'none' })
      .expect(200);
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await api.close();
    await db.drop();
  });

  it('accepts with no worker running: the alert is committed and no workflow is started on the request path', async () => {
    const res = await api.http.post('/api/v1/alerts').set(ingest).send(alert()).expect(202);
    const id = res.body.results[0].id;
    const [row] = await api.db.query('SELECT dispatched_at, correlated_at FROM alerts WHERE id = $1', [id]);
    expect(row).toEqual({ dispatched_at: null, correlated_at: null });
    await expect(api.client.workflow.getHandle(alertWorkflowId(id)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('past the backlog limit answers 429 with Retry-After, stores nothing, and leaves the rest of the API alone', async () => {
    // One alert waits already; three more make four, past the limit of three.
    await api.http.post('/api/v1/alerts').set(ingest).send([alert(), alert(), alert()]).expect(202);
    const before = await count('SELECT count(*) AS n FROM alerts');
    const refused = await api.http
      .post('/api/v1/alerts')
      .set(ingest)
      .send([alert(), alert()])
      .expect(429)
      .expect('Content-Type', /application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({ status: 429, detail: expect.stringContaining('backlog limit of 3') });
    expect(await count('SELECT count(*) AS n FROM alerts')).toBe(before);
    await api.http.get('/api/v1/incidents').set(reader).expect(200);
    await api.http.get('/api/v1/alerts').set(reader).expect(200);
    // Invalid input is still a 400, not a 429.
    await api.http.post('/api/v1/alerts').set(ingest).send({ title: 'no source' }).expect(400);
  });

  it('a worker started later drains what was committed, and alerts are accepted again', async () => {
    const waiting: { id: string }[] = await api.db.query('SELECT id FROM alerts WHERE correlated_at IS NULL');
    expect(waiting).toHaveLength(4);
    const worker = await startWorker();
    for (const { id } of waiting) {
      expect(await workflowResult(worker.client, alertWorkflowId(id))).toMatchObject({ incidentId: expect.any(Number) });
    }
    expect(await count('SELECT count(*) AS n FROM alerts WHERE dispatched_at IS NULL OR correlated_at IS NULL')).toBe(0);
    // The API's count is at most a second old: accepted again once it sees the backlog drained.
    await eventually(
      async () => ((await api.http.post('/api/v1/alerts').set(ingest).send(alert())).status === 202 ? true : undefined),
      30_000,
      'alerts accepted again',
    );
  });

  it('two dispatchers on one database dispatch each alert exactly once, alone or in a batch', async () => {
    await startWorker();
    const started: string[] = [];
    for (const w of workers) {
      const workflow = w.app.get(Client).workflow;
      const start = workflow.start.bind(workflow);
      workflow.start = ((type: string, opts: Parameters<typeof start>[1]) => {
        const input = (opts.args as { alertId?: string; alertIds?: string[] }[])[0];
        if (type === 'alertWorkflow') started.push(input.alertId!);
        if (type === 'alertBatchWorkflow') started.push(...input.alertIds!);
        return start(type, opts);
      }) as typeof workflow.start;
    }
    // Three commits at once through the ingestion path the pull sources use (no backlog limit there),
    // so both dispatchers are woken together and claim from the same rows.
    const batches = [0, 1, 2].map(() => Array.from({ length: 50 }, () => nativeAlertSchema.parse(alert())));
    const results = await Promise.all(batches.map((b) => api.app.get(AlertIngestion).ingest(b, 'native')));
    const ids = results.flat().map((r) => r.id);
    expect(ids).toHaveLength(150);
    await eventually(
      async () => ((await count(`SELECT count(*) AS n FROM alerts WHERE correlated_at IS NULL`)) === 0 ? true : undefined),
      60_000,
      'all correlated',
    );
    expect(started.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
  });

  it('reports the backlog, its age and the correlated alerts in /metrics', async () => {
    const metrics = await api.http.get('/metrics').set(reader).expect(200);
    expect(metrics.text).toMatch(/^quell_alert_backlog \d+$/m);
    expect(metrics.text).toMatch(/^quell_alert_backlog_age_seconds [\d.e+-]+$/m);
    const correlated = /^quell_alerts_correlated_total (\d+)$/m.exec(metrics.text);
    expect(Number(correlated?.[1])).toBeGreaterThanOrEqual(155);
  });
});
