import { type Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import { investigationWorkflowId } from '../../workflows/ids.js';
import type { QuellConfig } from '../config/config.js';

/**
 * Hands an alert to its incident's investigation with signal-with-start: it joins the running
 * investigation, or starts one, in one atomic step.
 */
export async function joinInvestigation(
  client: Client,
  config: QuellConfig,
  input: { incidentId: number; alertId: string; startedBy?: string },
): Promise<string> {
  const workflowId = investigationWorkflowId(input.incidentId);
  await client.workflow.signalWithStart('investigationWorkflow', {
    workflowId,
    taskQueue: config.temporal.taskQueue,
    args: [
      {
        incidentId: input.incidentId,
        maxHistoryEvents: config.investigation.maxHistoryEvents,
        ...(input.startedBy ? { startedBy: input.startedBy } : {}),
      },
    ],
    signal: 'alertAdded',
    signalArgs: [{ alertId: input.alertId }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  return workflowId;
}
