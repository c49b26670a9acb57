import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { DB_TRANSACTION, HANDOFF } from './activity-options.js';

export interface AlertWorkflowInput {
  alertId: string;
}

const { correlateAlert } = proxyActivities<Activities>(DB_TRANSACTION);
const { handOffToInvestigation } = proxyLocalActivities<Activities>(HANDOFF);

/**
 * One per alert (id `alert-<alertId>`): correlate it into an incident (one transaction) and learn
 * whether it gets an automated investigation, then hand it to that incident's investigation with
 * signal-with-start.
 */
export async function alertWorkflow(input: AlertWorkflowInput) {
  const correlation = await correlateAlert(input.alertId);
  const investigation = correlation.noInvestigation
    ? { state: correlation.noInvestigation }
    : await handOffToInvestigation({ alertId: input.alertId, incidentId: correlation.incidentId });
  return { ...correlation, investigation };
}
