import { type Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import { investigationWorkflowId } from '../../workflows/ids.js';
import type { QuellConfig } from '../config/config.js';

/**
 * Hands alerts of one incident to its investigation with signal-with-start: they join the running
 * investigation, or start one, in one atomic step. One alert goes as `alertAdded`, several (a
 * batch of a storm) as one `alertsAdded`.
 */
export async function joinInvestigation(
  client: Client,
  config: QuellConfig,
  input: { incidentId: number; alertIds: string[]; startedBy?: string },
): Promise<string> {
  const workflowId = investigationWorkflowId(input.incidentId);
  const [first, ...rest] = input.alertIds;
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
    ...(rest.length
      ? { signal: 'alertsAdded', signalArgs: [{ alertIds: input.alertIds }] }
      : { signal: 'alertAdded', signalArgs: [{ alertId: first }] }),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  return workflowId;
}
