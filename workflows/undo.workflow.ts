import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { DB_TRANSACTION, REMEDIATION } from './activity-options.js';
import { followUntilSettled } from './follow.js';

const { undoAction, executeAction, followAction } = proxyActivities<Activities>(REMEDIATION);
const { abandonAction } = proxyActivities<Activities>(DB_TRANSACTION);

/**
 * Runs the inverse of a succeeded action (id `undo-<actionId>`), or retries a failed one (`retry-…`),
 * following either until the product reports the outcome.
 */
export async function undoActionWorkflow(input: { actionId: string; by: string; mode: 'undo' | 'retry' }): Promise<string> {
  if (input.mode === 'retry') {
    return followUntilSettled(
      await executeAction(input.actionId),
      () => followAction(input.actionId),
      (reason) => abandonAction({ actionId: input.actionId, reason }),
    );
  }
  const undo = () => undoAction({ actionId: input.actionId, by: input.by });
  return followUntilSettled(await undo(), undo, (reason) =>
    Promise.reject(ApplicationFailure.nonRetryable(`the undo of action ${input.actionId} did not settle: ${reason}`)),
  );
}
