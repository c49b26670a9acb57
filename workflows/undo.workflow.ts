import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { REMEDIATION } from './activity-options.js';

const { undoAction, executeAction } = proxyActivities<Activities>(REMEDIATION);

/** Runs the inverse of a succeeded action (id `undo-<actionId>`), or retries a failed one (`retry-…`). */
export async function undoActionWorkflow(input: { actionId: string; by: string; mode: 'undo' | 'retry' }): Promise<string> {
  if (input.mode === 'retry') return (await executeAction(input.actionId)).status;
  return (await undoAction({ actionId: input.actionId, by: input.by })).status;
}
