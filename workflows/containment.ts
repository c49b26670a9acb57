import { condition, executeChild, ParentClosePolicy, proxyActivities, setHandler, WorkflowIdReusePolicy } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { CONTAINMENT_MAX_SECONDS, CONTAINMENT_MIN_SECONDS, CONTAINMENT_TIMER } from '../src/domain/remediation.js';
import { DB_TRANSACTION } from './activity-options.js';
import { undoWorkflowId } from './ids.js';
import { renewContainment, type RenewalInput } from './messages.js';
import { undoActionWorkflow } from './undo.workflow.js';

const db = proxyActivities<Activities>(DB_TRANSACTION);

/**
 * Holds a succeeded time-boxed action until its time is up — renewals (Temporal updates) move the
 * end — then runs the same undo as `POST /actions/:id/undo`: the child workflow `undo-<actionId>`,
 * which exists at most once, so an action someone undid by hand meanwhile is not undone again.
 */
export async function holdContainment(actionId: string, seconds: number): Promise<string> {
  let until = Date.now() + seconds * 1000;
  await db.scheduleContainmentEnd({ actionId, until });
  let renewing = false;
  let ended = false;
  setHandler(
    renewContainment,
    async (r: RenewalInput) => {
      renewing = true;
      try {
        const next = Date.now() + r.durationSeconds * 1000;
        await db.renewContainment({ actionId, until: next, by: r.by, comment: r.comment, audit: r.audit });
        until = next;
        return { containmentUntil: new Date(until).toISOString() };
      } finally {
        renewing = false;
      }
    },
    {
      validator: (r: RenewalInput) => {
        if (ended) throw new Error('the containment has ended');
        if (renewing) throw new Error('another renewal of this action is being recorded; try again');
        if (
          !Number.isInteger(r.durationSeconds) ||
          r.durationSeconds < CONTAINMENT_MIN_SECONDS ||
          r.durationSeconds > CONTAINMENT_MAX_SECONDS
        )
          throw new Error(`durationSeconds must be an integer from ${CONTAINMENT_MIN_SECONDS} to ${CONTAINMENT_MAX_SECONDS}`);
      },
    },
  );
  for (;;) {
    const deadline = until;
    const moved = await condition(() => renewing || until !== deadline, Math.max(1, deadline - Date.now()));
    if (!moved) break;
    await condition(() => !renewing);
  }
  ended = true;
  try {
    return await executeChild(undoActionWorkflow, {
      workflowId: undoWorkflowId(actionId),
      args: [{ actionId, by: CONTAINMENT_TIMER, mode: 'undo' }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    // Undone (or being undone) by hand already: the one undo there is stands.
    if ((err as Error).name === 'WorkflowExecutionAlreadyStartedError') return 'undone';
    // The product refused the undo: the action stays contained, its history says why.
    return 'succeeded';
  }
}
