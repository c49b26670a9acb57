import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { DB_TRANSACTION } from './activity-options.js';

export interface AlertWorkflowInput {
  alertId: string;
}

const { correlateAlert } = proxyActivities<Activities>(DB_TRANSACTION);

/** One per alert (id `alert-<alertId>`): correlate it into an incident. */
export async function alertWorkflow(input: AlertWorkflowInput) {
  return correlateAlert(input.alertId);
}
