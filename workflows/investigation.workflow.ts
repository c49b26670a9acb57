import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { actionWorkflow } from './action.workflow.js';
import { DB_NOW, DB_TRANSACTION, ENRICHMENT, enrichmentOptions } from './activity-options.js';
import { actionWorkflowId } from './ids.js';
import { containmentSeconds } from '../src/domain/remediation.js';
import { actionSettled, alertAdded, alertsAdded, cancelInvestigation, withdrawAction } from './messages.js';
import { type PlaybookRuntime, runPlaybook } from './playbook-interpreter.js';

export interface InvestigationInput {
  incidentId: number;
  /** Carried over `continueAsNew`: */
  investigationId?: string;
  queue?: string[];
  pending?: string[];
  startedBy?: string;
  /** Continue as new after this many history events (Temporal also suggests it on its own). */
  maxHistoryEvents?: number;
}

// The investigation's own bookkeeping (plan, verdicts, proposals, run records) is short database
// work: local activities run it inside the workflow task, without a round trip through the server
// per write. Enrichment goes through the connectors and stays a regular activity. So does closing:
// a local activity's result is only kept when its workflow task completes, and a task that tries
// to complete the workflow while an alert arrives is rejected and replayed — taking the new alert
// instead, after the investigation had already been closed in the database.
const db = proxyLocalActivities<Activities>(DB_NOW);
const { closeInvestigation } = proxyActivities<Activities>(DB_TRANSACTION);
const enrich = proxyActivities<Activities>(ENRICHMENT);

/**
 * One investigation per incident at a time (id `investigation-<incidentId>`). Alerts arrive by
 * signal — the alert workflow signals-with-start, so joining a running investigation or starting
 * a new one is one atomic step. Each alert runs its matching playbooks; remediation proposals
 * become action workflows, and the investigation ends when every action has settled.
 */
export async function investigationWorkflow(input: InvestigationInput): Promise<string> {
  const investigationId = input.investigationId ?? uuid4();
  const queue: string[] = [...(input.queue ?? [])];
  const pending = new Set<string>(input.pending ?? []);
  let cancelledBy: string | undefined;

  const enqueue = (alertId: string) => {
    if (!queue.includes(alertId)) queue.push(alertId);
  };
  setHandler(alertAdded, ({ alertId }) => enqueue(alertId));
  setHandler(alertsAdded, ({ alertIds }) => alertIds.forEach(enqueue));
  setHandler(actionSettled, ({ actionId }) => {
    pending.delete(actionId);
  });
  setHandler(cancelInvestigation, async ({ by, reason }) => {
    if (cancelledBy) return { state: 'terminated_by_user' };
    cancelledBy = by;
    queue.length = 0;
    for (const id of pending)
      await getExternalWorkflowHandle(actionWorkflowId(id)).signal(withdrawAction, {
        reason: reason ?? `investigation cancelled by ${by}`,
      });
    return { state: 'terminated_by_user' };
  });

  if (!input.investigationId)
    await db.openInvestigation({
      investigationId,
      incidentId: input.incidentId,
      workflowId: workflowInfo().workflowId,
      startedBy: input.startedBy ?? 'system',
    });

  const runtimeFor = (alertId: string, incidentId: number): PlaybookRuntime => ({
    now: () => Date.now(),
    call: async (_step, fn, args, opts) => {
      const act = opts.timeout || opts.retry ? proxyActivities<Activities>(enrichmentOptions(opts)) : enrich;
      return act.runCatalogFunction({ fn, args });
    },
    verdict: (step, entity, verdict, reason) => db.recordVerdict({ investigationId, alertId, step, entity, verdict, reason }),
    remediate: async (step, action, target, reason, params, containment) => {
      if (cancelledBy !== undefined) return { skipped: 'investigation cancelled' };
      const proposal = await db.proposeAction({
        investigationId,
        incidentId,
        alertId,
        step,
        action,
        target,
        reason,
        params,
        ...(containment === undefined ? {} : { containmentSeconds: containmentSeconds(containment) }),
      });
      if (proposal.settled) return proposal;
      pending.add(proposal.actionId);
      try {
        await startChild(actionWorkflow, {
          workflowId: actionWorkflowId(proposal.actionId),
          args: [{ ...proposal.workflow, parentWorkflowId: workflowInfo().workflowId }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
      } catch (err) {
        // Proposed by an earlier run of this investigation: that action workflow still reports here.
        if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
      }
      return proposal;
    },
  });

  const maxEvents = input.maxHistoryEvents ?? 5000;
  for (;;) {
    if (queue.length === 0 && pending.size > 0) await db.setInvestigationState({ investigationId, state: 'pending_approval' });
    await condition(() => queue.length > 0 || pending.size === 0 || cancelledBy !== undefined);
    if (cancelledBy !== undefined || queue.length === 0) break;
    const alertId = queue.shift()!;
    const plan = await db.planAlert({ investigationId, alertId });
    for (const playbook of plan.playbooks) {
      if (cancelledBy !== undefined) break;
      const result = await runPlaybook(playbook, { alert: plan.alert, incident: plan.incident }, runtimeFor(alertId, plan.incident.id));
      await db.recordPlaybookRun({ investigationId, alertId, result });
    }
    await db.finishAlert({ investigationId, alertId, outcome: plan.skip ?? 'investigated' });
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxEvents) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof investigationWorkflow>({ ...input, investigationId, queue, pending: [...pending] });
    }
  }
  // Withdrawn actions report back before the investigation closes, so its record is final.
  if (cancelledBy !== undefined) await condition(() => pending.size === 0, 60_000);
  await condition(allHandlersFinished);
  const { state } = await closeInvestigation({ investigationId, cancelledBy });
  if (queue.length > 0 && cancelledBy === undefined) {
    // Alerts that arrived while this investigation was closing start the next one.
    await continueAsNew<typeof investigationWorkflow>({ incidentId: input.incidentId, queue, maxHistoryEvents: input.maxHistoryEvents });
  }
  return state;
}
