import { condition, getExternalWorkflowHandle, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { approverOf, DECISIONS } from '../src/domain/actions.js';
import type { ActionOutcome, ActionWorkflowInput } from '../src/domain/remediation.js';
import { DB_TRANSACTION, REMEDIATION, REMEDIATION_NOW } from './activity-options.js';
import { holdContainment } from './containment.js';
import { followUntilSettled } from './follow.js';
import { actionSettled, decideAction, type DecisionInput, withdrawAction } from './messages.js';

const db = proxyActivities<Activities>(DB_TRANSACTION);
const { executeAction, followAction } = proxyActivities<Activities>(REMEDIATION);
// A decision is answered to a waiting person: record it and run the action in the workflow task
// that received it, as one local activity, without activity task round trips through the server.
const { decideAndExecute } = proxyLocalActivities<Activities>(REMEDIATION_NOW);

/**
 * One remediation action (id `action-<actionId>`): wait for the decisions it needs (Temporal
 * updates, validated before anything is written), or its expiry, then execute it exactly once, and
 * follow it until the product reports the outcome.
 */
export async function actionWorkflow(input: ActionWorkflowInput): Promise<string> {
  let status = input.requiresApproval ? 'pending' : 'approved';
  // What the execution answered: set with `checkAgainInMs` while the product has not finished.
  let executed: ActionOutcome | undefined;
  const approvers: string[] = [];
  let busy = false;
  // Set once an expiry or a withdrawal has begun to close the action: from then on it takes no decision.
  let closing = false;

  setHandler(
    decideAction,
    async (d: DecisionInput) => {
      busy = true;
      try {
        const r = await decideAndExecute({
          actionId: input.actionId,
          decision: d.decision,
          by: d.by,
          subject: d.subject,
          comment: d.comment,
          audit: d.audit,
        });
        if (d.decision === 'approve') approvers.push(approverOf(d));
        status = r.status;
        executed = r;
        return { status, approvals: r.approvals, requiredApprovals: input.requiredApprovals };
      } finally {
        busy = false;
      }
    },
    {
      validator: (d: DecisionInput) => {
        if (busy) throw new Error('another decision on this action is being recorded; try again');
        if (closing || status !== 'pending') throw new Error(`the action is ${closing ? 'closing' : status}, not pending`);
        if (!DECISIONS.includes(d.decision)) throw new Error(`decision must be ${DECISIONS.join(' or ')}`);
        const requester = approverOf({ by: input.requestedBy, subject: input.requestedBySubject });
        if (d.decision === 'approve' && !input.allowSelfApproval && approverOf(d) === requester) {
          throw new Error('whoever requested an action cannot approve it');
        }
        if (d.decision === 'approve' && approvers.includes(approverOf(d)))
          throw new Error(`${d.by} has already approved this action (as one person, whichever key or session)`);
      },
    },
  );
  let withdrawal: string | undefined;
  setHandler(withdrawAction, ({ reason }) => {
    withdrawal ??= reason;
  });

  if (status === 'approved') {
    executed = await executeAction(input.actionId);
    status = executed.status;
  } else {
    const settled = () => !busy && (status !== 'pending' || withdrawal !== undefined);
    const decided =
      input.expiresAt !== undefined
        ? await condition(settled, Math.max(1, input.expiresAt - Date.now()))
        : (await condition(settled), true);
    if (!busy && status === 'pending') {
      // Closed to decisions before anything is written, so an approval cannot race the expiry.
      closing = true;
      status = decided
        ? (await db.withdrawAction({ actionId: input.actionId, reason: withdrawal! })).status
        : (await db.expireAction({ actionId: input.actionId })).status;
    }
    await condition(() => !busy);
  }
  if (executed?.checkAgainInMs !== undefined) {
    status = await followUntilSettled(
      executed,
      () => followAction(input.actionId),
      (reason) => db.abandonAction({ actionId: input.actionId, reason }),
    );
  }

  if (input.parentWorkflowId) {
    try {
      await getExternalWorkflowHandle(input.parentWorkflowId).signal(actionSettled, { actionId: input.actionId, status });
    } catch {
      // The investigation has already finished; the action's outcome is in the database either way.
    }
  }
  // Only inputs that carry a duration take this path, so earlier histories replay unchanged.
  if (input.containmentSeconds !== undefined && status === 'succeeded')
    status = await holdContainment(input.actionId, input.containmentSeconds);
  return status;
}
