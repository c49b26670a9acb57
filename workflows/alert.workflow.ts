import { proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { DB_NOW, HANDOFF } from './activity-options.js';

export interface AlertWorkflowInput {
  alertId: string;
}

// Both steps are short (one transaction; one call to the Temporal server) and idempotent, so they
// run as local activities: the alert is correlated inside the workflow's first task, without an
// activity task round trip through the server. The workflow takes no signals, so a replayed task
// cannot take another path.
const { correlateAlert } = proxyLocalActivities<Activities>(DB_NOW);
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
