import { proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { DB_BATCH, HANDOFF_BATCH } from './activity-options.js';

export interface AlertBatchWorkflowInput {
  alertIds: string[];
}

export interface AlertBatchResult {
  correlated: number;
  /** Alerts that were gone when the batch ran. */
  missing: number;
  /** Alerts handed to an investigation, and the investigations (incidents) they went to. */
  investigated: number;
  investigations: number;
}

// Like the alert workflow: two local activities in the first workflow task, no signals taken.
const { correlateAlerts } = proxyLocalActivities<Activities>(DB_BATCH);
const { handOffBatchToInvestigations } = proxyLocalActivities<Activities>(HANDOFF_BATCH);

/**
 * A batch of a backlog's alerts (id `alert-batch-<key>`, started by the dispatcher when it finds a
 * backlog): the alert workflow's two steps for many alerts in one workflow — each alert correlated,
 * then one hand-off per incident with every alert of the batch that goes to it. Its history keeps
 * counts, not the alerts' decisions, which are stored on the alerts.
 */
export async function alertBatchWorkflow(input: AlertBatchWorkflowInput): Promise<AlertBatchResult> {
  const outcomes = await correlateAlerts(input.alertIds);
  const byIncident = new Map<number, string[]>();
  outcomes.forEach((o, i) => {
    if (!o || o.noInvestigation) return;
    byIncident.set(o.incidentId, [...(byIncident.get(o.incidentId) ?? []), input.alertIds[i]]);
  });
  const incidents = [...byIncident].map(([incidentId, alertIds]) => ({ incidentId, alertIds }));
  if (incidents.length) await handOffBatchToInvestigations(incidents);
  const missing = outcomes.filter((o) => !o).length;
  return {
    correlated: outcomes.length - missing,
    missing,
    investigated: incidents.reduce((n, i) => n + i.alertIds.length, 0),
    investigations: incidents.length,
  };
}
