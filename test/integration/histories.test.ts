import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/paths.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';
import { addIndicator, addLabDevice } from '../support/lab.js';
import { actionWorkflowId, alertWorkflowId, investigationWorkflowId, undoWorkflowId } from '../../workflows/ids.js';

/**
 * Records one history of every workflow type into test/histories/ for the replay test. Runs only
 * with RECORD_HISTORIES=1: do it when a workflow changes on purpose, and commit the files.
 */
const record = process.env.RECORD_HISTORIES === '1';

(record ? describe : describe.skip)('recording workflow histories', () => {
  let q: TestQuell;
  beforeAll(async () => {
    q = await startQuell();
  });
  afterAll(() => q.close());

  /** The CLI writes the same JSON that `temporal workflow show --output json` gives anyone. */
  async function save(type: string, workflowId: string) {
    const json = execFileSync(
      join(projectRoot, '.quell', 'bin', 'temporal'),
      [
        'workflow',
        'show',
        '--workflow-id',
        workflowId,
        '--namespace',
        q.config.temporal.namespace,
        '--address',
        q.config.temporal.address!,
        '--output',
        'json',
      ],
      { encoding: 'utf8' },
    );
    writeFileSync(join(projectRoot, 'test', 'histories', `${type}.json`), json);
  }

  it('records every workflow type', async () => {
    const admin = await q.auth('admin');
    await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
    const host = 'ws-history';
    await addLabDevice(q.db, { host });
    const sha256 = 'ab'.repeat(32);
    await q.db.query(
      `INSERT INTO lab_files (device_id, sha256, path, name, quarantined) VALUES ($1, $2, 'C:\\Temp\\x.exe', 'x.exe', false)`,
      [`dev-${host}`, sha256],
    );
    await addIndicator(q.db, sha256, 'malicious');
    const res = await q.http
      .post('/api/v1/alerts')
      .set(admin)
      .send({
        externalId: 'history-1',
        source: 'endpoint',
        type: 'malware_detected',
        title: 'Malware detected',
        severity: 'high',
        entities: [
          { type: 'device', hostname: host },
          { type: 'file', sha256, name: 'x.exe', path: 'C:\\Temp\\x.exe' },
        ],
      })
      .expect(202);
    const alertId = res.body.results[0].id;
    const out = await q.client.workflow.getHandle(alertWorkflowId(alertId)).result();
    const pending = await eventually(async () => {
      const r = await q.http.get(`/api/v1/actions?status=pending&incidentId=${out.incidentId}`).set(admin);
      return r.body.items.length === 2 ? r.body.items : undefined;
    });
    for (const a of pending) await q.http.post(`/api/v1/actions/${a.id}/approve`).set(admin).send({}).expect(200);
    const isolate = pending.find((a: { type: string }) => a.type === 'isolate_device');
    await q.http.post(`/api/v1/actions/${isolate.id}/undo`).set(admin).expect(200);
    await q.client.workflow.getHandle(investigationWorkflowId(out.incidentId)).result();
    const benchId = `bench-history-${Date.now()}`;
    await q.client.workflow.execute('benchBaselineWorkflow', { workflowId: benchId, taskQueue: q.config.temporal.taskQueue, args: [2] });
    await save('benchBaselineWorkflow', benchId);
    const waiting = await q.client.workflow.start('benchWaitingWorkflow', {
      workflowId: `${benchId}-waiting`,
      taskQueue: q.config.temporal.taskQueue,
    });
    await waiting.executeUpdate('benchPing');
    await waiting.result();
    await save('benchWaitingWorkflow', waiting.workflowId);
    await save('alertWorkflow', alertWorkflowId(alertId));
    await save('investigationWorkflow', investigationWorkflowId(out.incidentId));
    await save('actionWorkflow', actionWorkflowId(isolate.id));
    await save('undoActionWorkflow', undoWorkflowId(isolate.id));
  });
});
