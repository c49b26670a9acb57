import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { DB_TRANSACTION, HANDOFF } from './activity-options.js';

export interface AlertWorkflowInput {
  alertId: string;
}

const { correlateAlert } = proxyActivities<Activities>(DB_TRANSACTION);
const { handOffToInvestigation } = proxyActivities<Activities>(HANDOFF);

/**
 * One per alert (id `alert-<alertId>`): correlate it into an incident (one transaction), then hand
 * it to that incident's investigation with signal-with-start — or record why it gets none.
 */
export async function alertWorkflow(input: AlertWorkflowInput) {
  const correlation = await correlateAlert(input.alertId);
  const investigation = await handOffToInvestigation({ alertId: input.alertId, incidentId: correlation.incidentId });
  return { ...correlation, investigation };
}
