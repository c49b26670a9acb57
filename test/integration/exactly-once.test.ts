import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../src/infra/paths.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';
import { addLabDevice } from '../support/lab.js';

/**
 * A worker process is killed after the connector has committed an action's effect but before the
 * activity reported back. Temporal retries the activity on a new worker; the connector sees the
 * action id in its ledger and does nothing again. Exactly one effect.
 */
describe('exactly-once remediation under a killed worker', () => {
  let q: TestQuell;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    q = await startQuell({ env: { QUELL_ROLE: 'api' } });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await q.close();
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, [join(projectRoot, 'dist', 'src', 'main.js')], {
      env: {
        ...process.env,
        QUELL_ROLE: 'worker',
        DATABASE_URL: q.config.database.url ?? '',
        TEMPORAL_ADDRESS: q.config.temporal.address ?? '',
        TEMPORAL_NAMESPACE: q.config.temporal.namespace,
        TEMPORAL_TASK_QUEUE: q.config.temporal.taskQueue,
        QUELL_WORKFLOW_BUNDLE: q.config.temporal.workflowBundlePath ?? '',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    return child;
  }

  // Automatic execution runs as a regular activity; an approval runs the action as a local activity
  // inside the workflow task that delivered the decision. Both must survive the worker dying.
  it.each([
    ['an automatic action', false],
    ['an approved action', true],
  ])(
    'produces one effect for %s when the worker dies between the effect and the acknowledgement',
    async (_label, approval) => {
      const host = `ws-${randomBytes(3).toString('hex')}`;
      await addLabDevice(q.db, { host });
      const admin = await q.auth('admin');
      const holdDevice = new pg.Client({ connectionString: q.config.database.url });
      const holdAction = new pg.Client({ connectionString: q.config.database.url });
      await Promise.all([holdDevice.connect(), holdAction.connect()]);
      try {
        if (approval) await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
        // 1. Hold the device row: the connector's transaction will wait on it.
        await holdDevice.query('BEGIN');
        await holdDevice.query('SELECT 1 FROM lab_devices WHERE hostname = $1 FOR UPDATE', [host]);
        worker = startWorker();
        const created = await q.http
          .post('/api/v1/actions')
          .set(await q.auth('analyst'))
          .send({ type: 'run_av_scan', target: { type: 'device', hostname: host }, reason: 'exactly once' })
          .expect(201);
        const id: string = created.body.id;
        // Sent now (`then` sends it); it can only answer after the worker has died and come back.
        const approved = approval
          ? q.http
              .post(`/api/v1/actions/${id}/approve`)
              .set(admin)
              .send({})
              .then((res) => res)
          : undefined;
        await eventually(
          async () => ((await q.db.query('SELECT status FROM actions WHERE id = $1', [id]))[0].status === 'running' ? true : undefined),
          30_000,
          'execution started',
        );
        // 2. Hold the action row, then let the connector commit: the activity cannot record the result.
        await holdAction.query('BEGIN');
        await holdAction.query('SELECT 1 FROM actions WHERE id = $1 FOR UPDATE', [id]);
        await holdDevice.query('COMMIT');
        await eventually(
          async () => ((await q.db.query('SELECT 1 FROM lab_effects WHERE action_id = $1', [id])).length ? true : undefined),
          10_000,
          'effect committed',
        );
        // 3. Kill the worker with the effect committed and the activity unacknowledged.
        worker.kill('SIGKILL');
        await new Promise((r) => worker!.once('exit', r));
        await holdAction.query('ROLLBACK');
        worker = startWorker();
        await eventually(
          async () => {
            const [a] = await q.db.query('SELECT status FROM actions WHERE id = $1', [id]);
            return a.status === 'succeeded' ? a : undefined;
          },
          60_000,
          'the retried execution',
        );
        // The approver's call answers with the outcome once the decision's task has run again.
        if (approved) expect((await approved).body).toMatchObject({ status: 'succeeded' });
        const [device] = await q.db.query('SELECT av_scans FROM lab_devices WHERE hostname = $1', [host]);
        expect(device.av_scans).toBe(1);
        const effects = await q.db.query('SELECT operation FROM lab_effects WHERE action_id = $1', [id]);
        expect(effects).toHaveLength(1);
        const history = await q.db.query(`SELECT kind, details FROM action_history WHERE action_id = $1 ORDER BY id`, [id]);
        expect(history.filter((h: { kind: string }) => h.kind === 'execution_started').length).toBeGreaterThanOrEqual(2);
        expect(history.filter((h: { kind: string }) => h.kind === 'approved')).toHaveLength(approval ? 1 : 0);
        expect(history.find((h: { kind: string }) => h.kind === 'succeeded').details.replayed).toBe(true);
      } finally {
        worker?.kill('SIGKILL');
        if (approval) await q.http.put('/api/v1/automation').set(admin).send({}).expect(200);
        await holdDevice.end().catch(() => undefined);
        await holdAction.end().catch(() => undefined);
      }
    },
    120_000,
  );
});
