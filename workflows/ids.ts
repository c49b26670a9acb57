/** Workflow ids are business keys, shared by the API (which starts them) and the workflows. */
export const alertWorkflowId = (alertId: string) => `alert-${alertId}`;
/** One per batch of a backlog's alerts correlated together; the key is derived from the batch's alert ids (see the dispatcher). */
export const alertBatchWorkflowId = (batchKey: string) => `alert-batch-${batchKey}`;
/** One per stored revision of an alert its detector updated. */
export const alertUpdateWorkflowId = (alertId: string, revision: number) => `alert-${alertId}-update-${revision}`;
export const investigationWorkflowId = (incidentId: number) => `investigation-${incidentId}`;
export const actionWorkflowId = (actionId: string) => `action-${actionId}`;
export const undoWorkflowId = (actionId: string) => `undo-${actionId}`;
/** One per confirmed rollback of an incident's automated actions. */
export const rollbackWorkflowId = (incidentId: number, n: number) => `rollback-${incidentId}-${n}`;
export const retryWorkflowId = (actionId: string, attempt: number) => `retry-${actionId}-${attempt}`;
/** One per analyst change of an incident (its version after the change) that is written back to the vendor. */
export const writebackWorkflowId = (incidentId: number, version: number) => `writeback-${incidentId}-${version}`;
export const sourceWorkflowId = (sourceName: string) => `source-${sourceName}`;
/** One per shadow version and live alert. */
export const shadowWorkflowId = (versionId: string, alertId: string) => `shadow-${versionId}-${alertId}`;
export const backtestWorkflowId = (backtestId: string) => `backtest-${backtestId}`;
