import { executeChild, ParentClosePolicy, setHandler, WorkflowIdReusePolicy } from '@temporalio/workflow';
import type { RollbackInput, RollbackState } from '../src/domain/actions.js';
import { undoWorkflowId } from './ids.js';
import { rollbackProgress } from './messages.js';
import { undoActionWorkflow } from './undo.workflow.js';

/**
 * Undoes an incident's automated actions (id `rollback-<incidentId>-<n>`), one at a time in the
 * order given, each through the one undo workflow it can have (`undo-<actionId>`), so an action
 * already undone by hand or by its containment timer is not undone twice.
 */
export async function rollbackWorkflow(input: RollbackInput): Promise<RollbackState> {
  const state: RollbackState = { status: 'running', results: input.actionIds.map((actionId) => ({ actionId, result: 'pending' })) };
  setHandler(rollbackProgress, () => state);
  for (const entry of state.results) {
    try {
      const status = await executeChild(undoActionWorkflow, {
        workflowId: undoWorkflowId(entry.actionId),
        args: [{ actionId: entry.actionId, by: input.by, mode: 'undo' }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      entry.result = status === 'undone' ? 'undone' : 'failed';
      if (status !== 'undone') entry.detail = `the action is ${status}`;
    } catch (err) {
      if ((err as Error).name === 'WorkflowExecutionAlreadyStartedError') entry.result = 'already_undone';
      else {
        entry.result = 'failed';
        let cause = err as Error;
        while (cause.cause instanceof Error) cause = cause.cause;
        entry.detail = cause.message;
      }
    }
  }
  state.status = state.results.every((r) => r.result !== 'failed') ? 'completed' : 'partially_completed';
  return state;
}
