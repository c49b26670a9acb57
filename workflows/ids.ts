/** Workflow ids are business keys, shared by the API (which starts them) and the workflows. */
export const alertWorkflowId = (alertId: string) => `alert-${alertId}`;
