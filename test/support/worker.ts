import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/paths.js';
import type { TestQuell } from './harness.js';

/** A worker process of its own, as a deployment runs it, for the Quell `q` (same database, server and queue). */
export function workerFor(q: TestQuell, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [join(projectRoot, 'dist', 'src', 'main.js')], {
    env: {
      ...process.env,
      QUELL_ROLE: 'worker',
      DATABASE_URL: q.config.database.url ?? '',
      TEMPORAL_ADDRESS: q.config.temporal.address ?? '',
      TEMPORAL_NAMESPACE: q.config.temporal.namespace,
      TEMPORAL_TASK_QUEUE: q.config.temporal.taskQueue,
      QUELL_WORKFLOW_BUNDLE: q.config.temporal.workflowBundlePath ?? '',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: 'ignore',
  });
}
