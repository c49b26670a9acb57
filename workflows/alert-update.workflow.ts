import { proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { DB_NOW } from './activity-options.js';

export interface AlertUpdateWorkflowInput {
  alertId: string;
  revision: number;
}

// One short, idempotent transaction: a local activity, like the alert workflow's correlation.
const { recorrelateAlert } = proxyLocalActivities<Activities>(DB_NOW);

/**
 * One per stored revision of an alert its detector updated (id `alert-<alertId>-update-<revision>`):
 * the alert goes through correlation again, which may merge incidents, recomputes its incident's
 * severity, and resolves the incident when the detector has resolved all of it.
 */
export async function alertUpdateWorkflow(input: AlertUpdateWorkflowInput) {
  return recorrelateAlert(input);
}
