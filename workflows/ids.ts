/** Workflow ids are business keys, shared by the API (which starts them) and the workflows. */
export const alertWorkflowId = (alertId: string) => `alert-${alertId}`;
export const investigationWorkflowId = (incidentId: number) => `investigation-${incidentId}`;
export const actionWorkflowId = (actionId: string) => `action-${actionId}`;
export const undoWorkflowId = (actionId: string) => `undo-${actionId}`;
export const retryWorkflowId = (actionId: string, attempt: number) => `retry-${actionId}-${attempt}`;
export const sourceWorkflowId = (sourceName: string) => `source-${sourceName}`;
