import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { AlertIngestion } from '../../src/alerts/alert-ingestion.js';
import { nativeAlertSchema } from '../../src/domain/alert.js';
import type { AlertBatchResult } from '../../workflows/alert-batch.workflow.js';
import { alertBatchWorkflowId, alertWorkflowId, investigationWorkflowId } from '../../workflows/ids.js';
import { createTestDatabase, eventually, startQuell, type TestQuell } from '../support/harness.js';

/**
 * A backlog is correlated in batch workflows: an API-only application commits alerts while no
 * worker runs, then a worker finds them all at once and starts batches instead of a workflow per alert.
 */
describe('a backlog correlated in batches', () => {
  const queue = `batches-${randomBytes(4).toString('hex')}`;
  const tag = randomBytes(3).toString('hex');
  const GROUPS = 6;
  const PER_GROUP = 4;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: TestQuell;
  let worker: TestQuell | undefined;
  let ids: string[] = [];

  // Four alerts per host: each host's alerts belong in one incident, whichever batches they fall in.
  const alert = (i: number) =>
    nativeAlertSchema.parse({
      externalId: `batch-${tag}-${i}`,
      source: 'endpoint',
      title: 'Batched alert',
      severity: 'low',
      entities: [{ type: 'device', hostname: `batch-${tag}-host-${i % GROUPS}` }],
    });
  const batchRuns = async (): Promise<AlertBatchResult[]> => {
    const runs: AlertBatchResult[] = [];
    for await (const w of api.client.workflow.list({ query: `WorkflowType = 'alertBatchWorkflow' AND TaskQueue = '${queue}'` }))
      runs.push(await api.client.workflow.getHandle(w.workflowId).result());
    return runs;
  };
  const incidentsOf = async () =>
    new Map<string, string>(
      (await api.db.query(`SELECT id::text, incident_id::text FROM alerts WHERE id = ANY($1)`, [ids])).map(
        (r: { id: string; incident_id: string }) => [r.id, r.incident_id],
      ),
    );

  // What a failed wait reports: each alert still outside an investigation, and its incident's investigation workflow.
  const waiting = async () =>
    Promise.all(
      (
        await api.db.query(
          `SELECT id, incident_id AS "incidentId", investigation_state AS state FROM alerts WHERE id = ANY($1) AND investigation_id IS NULL`,
          [ids],
        )
      ).map(async (a: { id: string; incidentId: number; state: string | null }) => {
        const d = await api.client.workflow
          .getHandle(investigationWorkflowId(a.incidentId))
          .describe()
          .catch((e: Error) => ({ status: { name: e.name }, raw: { pendingActivities: [] } }));
        return { ...a, workflow: d.status.name, pendingActivities: d.raw.pendingActivities?.length ?? 0 };
      }),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startQuell({ databaseUrl: db.url, env: { QUELL_ROLE: 'api', TEMPORAL_TASK_QUEUE: queue } });
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
    await db.drop();
  });

  it('correlates a backlog in batch workflows: each alert once, into the same incidents as one by one, handed off per incident', async () => {
    const stored = await api.app.get(AlertIngestion).ingest(
      Array.from({ length: GROUPS * PER_GROUP }, (_, i) => alert(i)),
      'native',
    );
    ids = stored.map((r) => r.id);
    worker = await startQuell({
      databaseUrl: db.url,
      env: { QUELL_ROLE: 'worker', TEMPORAL_TASK_QUEUE: queue, ALERT_BATCH_FROM: '10', ALERT_BATCH_SIZE: '5' },
    });
    await eventually(
      async () => {
        const [r] = await api.db.query(`SELECT count(*)::int AS n FROM alerts WHERE id = ANY($1) AND correlated_at IS NOT NULL`, [ids]);
        return r.n === ids.length ? true : undefined;
      },
      120_000,
      'the backlog correlated',
    );

    // One incident per host, holding its four alerts.
    const incidents = await incidentsOf();
    const byHost = new Map<number, Set<string>>();
    ids.forEach((id, i) => byHost.set(i % GROUPS, (byHost.get(i % GROUPS) ?? new Set()).add(incidents.get(id)!)));
    expect([...byHost.values()].map((s) => s.size)).toEqual(Array(GROUPS).fill(1));
    expect(new Set(incidents.values()).size).toBe(GROUPS);
    const counts = await api.db.query(`SELECT alert_count AS n FROM incidents WHERE id = ANY($1::bigint[])`, [
      [...new Set(incidents.values())],
    ]);
    expect(counts.map((c: { n: number }) => Number(c.n))).toEqual(Array(GROUPS).fill(PER_GROUP));

    // Batches of at most five, and no workflow per alert.
    const runs = await eventually(
      async () => {
        const r = await batchRuns();
        return r.reduce((n, b) => n + b.correlated, 0) === ids.length ? r : undefined;
      },
      30_000,
      'the batch workflows listed',
    );
    expect(runs.length).toBeGreaterThanOrEqual(Math.ceil(ids.length / 5));
    expect(runs.every((b) => b.missing === 0 && b.correlated <= 5)).toBe(true);
    for (const id of ids.slice(0, 5))
      await expect(api.client.workflow.getHandle(alertWorkflowId(id)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // Every alert went to its incident's investigation.
    const investigated = await eventually(
      async () => {
        const rows = await api.db.query(`SELECT incident_id::text, investigation_id FROM alerts WHERE id = ANY($1)`, [ids]);
        return rows.every((r: { investigation_id: string | null }) => r.investigation_id) ? rows : undefined;
      },
      180_000,
      'every alert in an investigation',
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}; still outside one: ${JSON.stringify(await waiting())}`);
    });
    // Each investigation is of one incident. (An incident's investigation that closed before a later
    // batch handed it more alerts is followed by a next one, so there may be more than one per incident.)
    const incidentOf = new Map<string, Set<string>>();
    for (const r of investigated as { incident_id: string; investigation_id: string }[])
      incidentOf.set(r.investigation_id, (incidentOf.get(r.investigation_id) ?? new Set()).add(r.incident_id));
    expect([...incidentOf.values()].every((s) => s.size === 1)).toBe(true);
    expect(incidentOf.size).toBeGreaterThanOrEqual(GROUPS);
    expect(runs.reduce((n, b) => n + b.investigated, 0)).toBe(ids.length);
  }, 360_000);

  it('a batch started again with the alerts grouped otherwise (a re-claim after a crash) changes nothing', async () => {
    const before = await incidentsOf();
    const [r] = await api.db.query(`SELECT count(*)::int AS n FROM incidents`);
    const again = [...ids].reverse().slice(0, 12);
    const result: AlertBatchResult = await api.client.workflow.execute('alertBatchWorkflow', {
      workflowId: alertBatchWorkflowId(`again-${tag}`),
      taskQueue: queue,
      args: [{ alertIds: [...again, '00000000-0000-4000-8000-000000000000'] }],
    });
    expect(result).toMatchObject({ correlated: 12, missing: 1 });
    expect(await incidentsOf()).toEqual(before);
    const [after] = await api.db.query(`SELECT count(*)::int AS n FROM incidents`);
    expect(after.n).toBe(r.n);
  }, 240_000);

  it("keeps no more than ALERT_DISPATCH_AHEAD alerts in the workers' hands; alerts dispatched long ago and never correlated hold no place", async () => {
    await worker?.close();
    worker = undefined;
    const more = (
      await api.app.get(AlertIngestion).ingest(
        Array.from({ length: 400 }, (_, i) => alert(1000 + i)),
        'native',
      )
    ).map((r) => r.id);
    // A hundred whose workflows ended without correlating them, ten minutes ago.
    const stale = more.slice(0, 100);
    await api.db.query(`UPDATE alerts SET dispatched_at = now() - interval '10 minutes' WHERE id = ANY($1)`, [stale]);
    const rest = more.slice(100);
    worker = await startQuell({
      databaseUrl: db.url,
      env: {
        QUELL_ROLE: 'worker',
        TEMPORAL_TASK_QUEUE: queue,
        ALERT_BATCH_FROM: '10',
        ALERT_BATCH_SIZE: '25',
        ALERT_DISPATCH_AHEAD: '100',
      },
    });
    let most = 0;
    await eventually(
      async () => {
        const [r] = await api.db.query(
          `SELECT count(*) FILTER (WHERE dispatched_at IS NOT NULL AND correlated_at IS NULL)::int AS in_hand,
                  count(*) FILTER (WHERE correlated_at IS NOT NULL)::int AS done
           FROM alerts WHERE id = ANY($1)`,
          [rest],
        );
        most = Math.max(most, r.in_hand);
        return r.done === rest.length ? true : undefined;
      },
      180_000,
      'the 300 correlated',
    );
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(100);
  }, 240_000);
});
